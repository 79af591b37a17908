package dev.twinstack.orders;

import dev.twinstack.orders.OrderApi.OrderRequest;
import dev.twinstack.orders.OrderApi.OrderResponse;
import dev.twinstack.platform.ApiDocs;
import dev.twinstack.platform.CurrentCaller;
import dev.twinstack.platform.Locations;
import dev.twinstack.platform.Page;
import dev.twinstack.platform.Params;
import dev.twinstack.platform.Problem;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/orders")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "orders")
public class OrderResource {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";
    private static final int MAX_KEY_LENGTH = 255;

    private final OrderService service;
    private final TwinstackConfig config;
    private final Locations locations;
    private final CurrentCaller caller;

    OrderResource(OrderService service, TwinstackConfig config, Locations locations, CurrentCaller caller) {
        this.service = service;
        this.config = config;
        this.locations = locations;
        this.caller = caller;
    }

    /**
     * Places an order: 201 with the new order. With an {@code Idempotency-Key}, a retry with the same key and body
     * returns the original order with 200 and {@code Idempotent-Replayed: true}; the same key with another body is
     * 422.
     */
    @POST
    @Operation(
            operationId = "placeOrder",
            summary = "Place an order",
            description =
                    "422 when the user does not exist, or the Idempotency-Key was used with another body. With auth"
                            + " on, only for the caller's own user (403 otherwise), and Idempotency-Keys are the caller's own.")
    @APIResponse(
            responseCode = "201",
            description = "Placed",
            headers =
                    @Header(
                            name = "Location",
                            description =
                                    "The new order's URL: relative, or absolute on the configured public base URL",
                            schema = @Schema(type = SchemaType.STRING, format = "uri-reference")),
            content = @Content(schema = @Schema(implementation = OrderResponse.class)))
    @APIResponse(
            responseCode = "200",
            description = "A retry with the same Idempotency-Key and body: the order the first request placed",
            headers =
                    @Header(
                            name = REPLAYED,
                            description = "Always true: nothing new was placed",
                            required = true,
                            schema = @Schema(type = SchemaType.STRING, enumeration = "true")),
            content = @Content(schema = @Schema(implementation = OrderResponse.class)))
    @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
    @APIResponse(
            responseCode = "409",
            description = "An earlier request with this Idempotency-Key is still being processed: nothing was placed by"
                    + " this one; retry with the same key after Retry-After seconds.",
            headers = @Header(name = ApiDocs.RETRY_AFTER, ref = ApiDocs.RETRY_AFTER),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    @APIResponse(responseCode = "413", ref = ApiDocs.CONTENT_TOO_LARGE)
    @APIResponse(responseCode = "415", ref = ApiDocs.UNSUPPORTED_MEDIA_TYPE)
    @APIResponse(responseCode = "422", ref = ApiDocs.UNPROCESSABLE_CONTENT)
    public Response place(
            @NotNull @Valid OrderRequest body,
            @HeaderParam(IDEMPOTENCY_KEY)
                    @Parameter(
                            description =
                                    "Makes retries safe: a retry with the same key and body within the retention (24 h by default) returns the original order",
                            schema =
                                    @Schema(
                                            type = SchemaType.STRING,
                                            minLength = 1,
                                            maxLength = MAX_KEY_LENGTH,
                                            pattern = "^[\\x21-\\x7E]+$"))
                    String key,
            @Context UriInfo uri) {
        OrderService.Placed placed = service.place(body, validKey(key), caller.get());
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
    @Operation(
            operationId = "getOrder",
            summary = "Get an order",
            description = "With auth on, another caller's order is 404, as if it did not exist.")
    @APIResponse(responseCode = "200", description = "The order")
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    public OrderResponse get(@PathParam("id") long id) {
        return service.get(id, caller.get());
    }

    /** A user's orders, newest first ({@code after}: the previous page's {@code next}). */
    @GET
    @Operation(
            operationId = "listOrders",
            summary = "List a user's orders, newest first",
            description = "With auth on, the caller's own orders: userId may be left out, and another user's is 403.")
    @APIResponse(responseCode = "200", description = "A page of orders")
    @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    public Page<OrderResponse> list(
            @QueryParam("userId")
                    @Parameter(
                            description = "Required without auth; with auth the caller's own user",
                            schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "1"))
                    String userId,
            @QueryParam("after")
                    @Parameter(
                            description = "The previous page's next",
                            schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "1"))
                    String after,
            @QueryParam("limit")
                    @Parameter(
                            description = "Page size (default 20)",
                            schema =
                                    @Schema(
                                            type = SchemaType.INTEGER,
                                            format = "int32",
                                            minimum = "1",
                                            maximum = "100"))
                    String limit) {
        return service.listForUser(
                userId == null || userId.isEmpty()
                        ? Optional.empty()
                        : Optional.of(Params.requiredId("userId", userId)),
                Params.cursor("after", after),
                Params.limit(
                        limit,
                        config.pagination().defaultLimit(),
                        config.pagination().maxLimit()),
                caller.get());
    }

    @POST
    @Path("{id}/cancel")
    @Operation(
            operationId = "cancelOrder",
            summary = "Cancel an order",
            description =
                    "Idempotent: cancelling a cancelled order returns it unchanged. 409 when the order changed concurrently."
                            + " With auth on, another caller's order is 404.")
    @APIResponse(responseCode = "200", description = "The cancelled order")
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiDocs.CONFLICT)
    public OrderResponse cancel(@PathParam("id") long id) {
        return service.cancel(id, caller.get());
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
