package dev.twinstack.auth;

import static dev.twinstack.testing.Api.json;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.builder.ResponseBuilder;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.http.ContentType;
import io.restassured.http.Header;
import io.restassured.http.Headers;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Auth mode gateway on Lambda, as template.yaml deploys it: the caller is what HTTP API's JWT authorizer verified,
 * from the event's {@code requestContext.authorizer.jwt.claims}. Each request is turned into the payload 2.0 event API
 * Gateway would send after its authorizer passed ({@link AuthorizerEvent}) and posted to the mock event server; a
 * request without a caller goes through the server's own event, which carries no authorizer.
 */
@QuarkusTest
@TestProfile(LambdaGatewayAuthTest.GatewayMode.class)
class LambdaGatewayAuthTest extends AuthSpec {

    public static class GatewayMode implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("twinstack.auth.mode", "gateway");
        }
    }

    @Override
    protected RequestSpecification as(String subject, String scope) {
        return json().filter(new AuthorizerEvent(subject, scope));
    }

    @Test
    void refusesAnIdentityHeaderAClientSent() {
        String caller = newSubject();
        userFor(caller);

        as(caller)
                .header("X-Twinstack-Subject", newSubject())
                .get("/api/orders")
                .then()
                .statusCode(401)
                .contentType(PROBLEM)
                .body("status", equalTo(401));
    }

    /** Sends the request as the event API Gateway hands the function once the JWT authorizer accepted the token. */
    static final class AuthorizerEvent implements Filter {

        private static final ObjectMapper JSON = new ObjectMapper();
        private final String subject;
        private final String scope;

        AuthorizerEvent(String subject, String scope) {
            this.subject = subject;
            this.scope = scope;
        }

        @Override
        public Response filter(
                FilterableRequestSpecification request,
                FilterableResponseSpecification response,
                FilterContext context) {
            URI uri = URI.create(request.getURI());
            ObjectNode event = JSON.createObjectNode()
                    .put("version", "2.0")
                    .put("routeKey", "ANY /api/{proxy+}")
                    .put("rawPath", uri.getRawPath())
                    .put("rawQueryString", uri.getRawQuery() == null ? "" : uri.getRawQuery())
                    .put("isBase64Encoded", false);
            ObjectNode headers = event.putObject("headers");
            for (Header header : request.getHeaders()) {
                headers.put(header.getName().toLowerCase(), header.getValue());
            }
            if (request.getBody() != null) {
                event.put("body", request.<Object>getBody().toString());
            }
            ObjectNode requestContext = event.putObject("requestContext")
                    .put("requestId", UUID.randomUUID().toString())
                    .put("routeKey", "ANY /api/{proxy+}")
                    .put("stage", "$default");
            requestContext
                    .putObject("http")
                    .put("method", request.getMethod())
                    .put("path", uri.getRawPath())
                    .put("protocol", "HTTP/1.1")
                    .put("sourceIp", "192.0.2.10");
            ObjectNode jwt = requestContext.putObject("authorizer").putObject("jwt");
            ObjectNode claims = jwt.putObject("claims").put("sub", subject).put("iss", "https://issuer.example.com/");
            if (scope != null) {
                claims.put("scope", scope);
                jwt.putArray("scopes").add(scope);
            }
            String raw = given().contentType(ContentType.JSON)
                    .body(event.toString())
                    .post("/_lambda_")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            return toResponse(raw);
        }

        private static Response toResponse(String raw) {
            try {
                JsonNode answer = JSON.readTree(raw);
                List<Header> headers = new ArrayList<>();
                answer.path("headers")
                        .fields()
                        .forEachRemaining(h ->
                                headers.add(new Header(h.getKey(), h.getValue().asText())));
                String contentType = headers.stream()
                        .filter(h -> h.getName().equalsIgnoreCase("content-type"))
                        .map(Header::getValue)
                        .findFirst()
                        .orElse(null);
                ResponseBuilder builder = new ResponseBuilder()
                        .setStatusCode(answer.get("statusCode").asInt())
                        .setHeaders(new Headers(headers))
                        .setBody(answer.path("body").asText(""));
                if (contentType != null) {
                    builder.setContentType(contentType);
                }
                return builder.build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
