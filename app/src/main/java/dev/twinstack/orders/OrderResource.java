package dev.twinstack.orders;

import dev.twinstack.orders.OrderApi.OrderRequest;
import dev.twinstack.orders.OrderApi.OrderResponse;
import dev.twinstack.platform.Locations;
import dev.twinstack.platform.Page;
import dev.twinstack.platform.Params;
import dev.twinstack.platform.ProblemException;
import dev.twinstack.platform.TwinstackConfig;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Optional;

@Path("/api/orders")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OrderResource {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";
    private static final int MAX_KEY_LENGTH = 255;

    private final OrderService service;
    private final TwinstackConfig config;
    private final Locations locations;

    OrderResource(OrderService service, TwinstackConfig config, Locations locations) {
        this.service = service;
        this.config = config;
        this.locations = locations;
    }

    /**
     * Places an order: 201 with the new order. With an {@code Idempotency-Key}, a retry with the same key and body
     * returns the original order with 200 and {@code Idempotent-Replayed: true}; the same key with another body is
     * 422.
     */
    @POST
    public Response place(
            @NotNull @Valid OrderRequest body, @HeaderParam(IDEMPOTENCY_KEY) String key, @Context UriInfo uri) {
        OrderService.Placed placed = service.place(body, validKey(key));
        OrderResponse order = placed.order();
        if (!placed.created()) {
            return Response.ok(order).header(REPLAYED, "true").build();
        }
        return Response.status(Response.Status.CREATED)
                .header(HttpHeaders.LOCATION, locations.created(uri, order.id()))
                .entity(order)
                .build();
    }

    @GET
    @Path("{id}")
    public OrderResponse get(@PathParam("id") long id) {
        return service.get(id);
    }

    /** A user's orders, newest first ({@code after}: the previous page's {@code next}). */
    @GET
    public Page<OrderResponse> list(
            @QueryParam("userId") String userId, @QueryParam("after") String after, @QueryParam("limit") String limit) {
        return service.listForUser(
                Params.requiredId("userId", userId),
                Params.cursor("after", after),
                Params.limit(
                        limit,
                        config.pagination().defaultLimit(),
                        config.pagination().maxLimit()));
    }

    @POST
    @Path("{id}/cancel")
    public OrderResponse cancel(@PathParam("id") long id) {
        return service.cancel(id);
    }

    private static Optional<String> validKey(String key) {
        if (key == null) {
            return Optional.empty();
        }
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw ProblemException.badParameter(
                    IDEMPOTENCY_KEY, "must be 1 to " + MAX_KEY_LENGTH + " visible ASCII characters");
        }
        return Optional.of(key);
    }
}
