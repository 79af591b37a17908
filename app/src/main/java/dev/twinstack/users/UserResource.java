package dev.twinstack.users;

import dev.twinstack.platform.Locations;
import dev.twinstack.platform.Page;
import dev.twinstack.platform.Params;
import dev.twinstack.platform.TwinstackConfig;
import dev.twinstack.users.UserApi.UserRequest;
import dev.twinstack.users.UserApi.UserResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

@Path("/api/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class UserResource {

    private final UserService service;
    private final TwinstackConfig config;
    private final Locations locations;

    UserResource(UserService service, TwinstackConfig config, Locations locations) {
        this.service = service;
        this.config = config;
        this.locations = locations;
    }

    @POST
    public Response create(@NotNull @Valid UserRequest body, @Context UriInfo uri) {
        UserResponse user = service.create(body);
        return Response.status(Response.Status.CREATED)
                .header(HttpHeaders.LOCATION, locations.created(uri, user.id()))
                .entity(user)
                .build();
    }

    @GET
    @Path("{id}")
    public UserResponse get(@PathParam("id") long id) {
        return service.get(id);
    }

    /**
     * Lists users in id order ({@code after}: the previous page's {@code next}); with {@code email}, the page holds the
     * one user with that email (case-insensitive), or none.
     */
    @GET
    public Page<UserResponse> list(
            @QueryParam("after") String after, @QueryParam("limit") String limit, @QueryParam("email") String email) {
        if (email != null) {
            return service.findByEmail(Params.text("email", email, UserApi.MAX_EMAIL_LENGTH));
        }
        return service.list(
                Params.cursor("after", after),
                Params.limit(
                        limit,
                        config.pagination().defaultLimit(),
                        config.pagination().maxLimit()));
    }

    @PUT
    @Path("{id}")
    public UserResponse update(@PathParam("id") long id, @NotNull @Valid UserRequest body) {
        return service.update(id, body);
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") long id) {
        service.delete(id);
        return Response.noContent().build();
    }
}
