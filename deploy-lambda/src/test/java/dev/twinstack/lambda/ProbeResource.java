package dev.twinstack.lambda;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

/**
 * Test-only endpoints for what the API itself never does (read cookies, set one, answer bytes, tell the caller's address), so the event tests can
 * check how the Lambda adapter maps them. Exists only in this module's test build.
 */
@Path("/probe")
public class ProbeResource {

    static final byte[] BYTES = {0, 1, 2, (byte) 0xfe, (byte) 0xff};

    @GET
    @Path("cookies")
    @Produces(MediaType.TEXT_PLAIN)
    public Response cookies(@CookieParam("session") String session, @CookieParam("theme") String theme) {
        return Response.ok("session=" + session + ";theme=" + theme)
                .cookie(new NewCookie.Builder("probe").value("1").path("/").build())
                .build();
    }

    /** The client address and scheme as the application sees them. */
    @GET
    @Path("caller")
    @Produces(MediaType.TEXT_PLAIN)
    public String caller(@Context HttpServerRequest request) {
        return request.remoteAddress().hostAddress() + " " + request.scheme();
    }

    @GET
    @Path("bytes")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public byte[] bytes() {
        return BYTES;
    }
}
