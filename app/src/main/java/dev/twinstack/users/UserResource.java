package dev.twinstack.users;

import dev.twinstack.platform.ApiDocs;
import dev.twinstack.platform.Caller;
import dev.twinstack.platform.CurrentCaller;
import dev.twinstack.platform.Locations;
import dev.twinstack.platform.Page;
import dev.twinstack.platform.Params;
import dev.twinstack.platform.ProblemException;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "users")
public class UserResource {

    private final UserService service;
    private final TwinstackConfig config;
    private final Locations locations;
    private final CurrentCaller caller;

    UserResource(UserService service, TwinstackConfig config, Locations locations, CurrentCaller caller) {
        this.service = service;
        this.config = config;
        this.locations = locations;
        this.caller = caller;
    }

    /** With auth on, users are managed by callers with the admin scope only (docs/security.md). */
    private void requireAdmin() {
        Caller current = caller.get();
        if (!current.anonymous() && !current.hasScope(config.auth().adminScope())) {
            throw ProblemException.forbidden(
                    "managing users needs the scope " + config.auth().adminScope());
        }
    }

    @POST
    @Operation(
            operationId = "createUser",
            summary = "Create a user",
            description = "409 when the email exists (case-insensitive).")
    @APIResponse(
            responseCode = "201",
            description = "Created",
            headers =
                    @Header(
                            name = "Location",
                            description = "The new user's URL: relative, or absolute on the configured public base URL",
                            schema = @Schema(type = SchemaType.STRING, format = "uri-reference")),
            content = @Content(schema = @Schema(implementation = UserResponse.class)))
    @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
    @APIResponse(responseCode = "409", ref = ApiDocs.CONFLICT)
    @APIResponse(responseCode = "413", ref = ApiDocs.CONTENT_TOO_LARGE)
    @APIResponse(responseCode = "415", ref = ApiDocs.UNSUPPORTED_MEDIA_TYPE)
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    public Response create(@NotNull @Valid UserRequest body, @Context UriInfo uri) {
        requireAdmin();
        UserResponse user = service.create(body);
        return Response.status(Response.Status.CREATED)
                .header(HttpHeaders.LOCATION, locations.created(uri, user.id()))
                .entity(user)
                .build();
    }

    @GET
    @Path("{id}")
    @Operation(
            operationId = "getUser",
            summary = "Get a user",
            description = "With auth on, a caller without the admin scope sees its own user only: any other is 404.")
    @APIResponse(responseCode = "200", description = "The user")
    @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    public UserResponse get(@PathParam("id") long id) {
        Caller current = caller.get();
        UserResponse user = service.get(id);
        if (!current.anonymous()
                && !current.hasScope(config.auth().adminScope())
                && !current.subject().equals(user.subject())) {
            throw ProblemException.notFound("user", id);
        }
        return user;
    }

    /**
     * Lists users in id order ({@code after}: the previous page's {@code next}); with {@code email}, the page holds the
     * one user with that email (case-insensitive), or none.
     */
    @GET
    @Operation(operationId = "listUsers", summary = "List users, or find one by email")
    @APIResponse(responseCode = "200", description = "A page of users")
    @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    public Page<UserResponse> list(
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
                    String limit,
            @QueryParam("email")
                    @Parameter(
                            description =
                                    "Only the user with this email (case-insensitive); after and limit are ignored")
                    String email) {
        requireAdmin();
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
    @Operation(
            operationId = "updateUser",
            summary = "Replace a user's email and name",
            description = "409 when the email belongs to another user, or the user changed concurrently.")
    @APIResponse(responseCode = "200", description = "The updated user")
    @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiDocs.CONFLICT)
    @APIResponse(responseCode = "413", ref = ApiDocs.CONTENT_TOO_LARGE)
    @APIResponse(responseCode = "415", ref = ApiDocs.UNSUPPORTED_MEDIA_TYPE)
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    public UserResponse update(@PathParam("id") long id, @NotNull @Valid UserRequest body) {
        requireAdmin();
        return service.update(id, body);
    }

    @DELETE
    @Path("{id}")
    @Operation(operationId = "deleteUser", summary = "Delete a user", description = "409 while the user has orders.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiDocs.CONFLICT)
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    public Response delete(@PathParam("id") long id) {
        requireAdmin();
        service.delete(id);
        return Response.noContent().build();
    }
}
