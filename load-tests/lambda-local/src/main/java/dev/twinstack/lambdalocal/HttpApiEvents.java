package dev.twinstack.lambdalocal;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Payload format 2.0 both ways, with AWS's own event classes: an HTTP request becomes an {@link APIGatewayV2HTTPEvent}
 * as HTTP API builds it (lower-case headers, repeated values joined by commas, cookies apart, binary bodies in base64),
 * and the function's {@link APIGatewayV2HTTPResponse} becomes the HTTP response.
 */
final class HttpApiEvents {

    static final String API_ID = "local";
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

    private HttpApiEvents() {}

    static String apiRequestId() {
        var random = ThreadLocalRandom.current();
        var id = new StringBuilder();
        for (int i = 0; i < 14; i++) {
            id.append("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".charAt(random.nextInt(62)));
        }
        return id.append('=').toString();
    }

    static byte[] toEvent(
            HttpExchange exchange, byte[] body, String apiRequestId, Instant now, JwtAuthorizer.Claims claims) {
        return toEvent(exchange, body, apiRequestId, now, claims, "$default", Map.of(), Map.of());
    }

    /**
     * The event for a request that matched {@code routeKey}, its path variables in {@code pathParameters} (as HTTP API
     * fills them), with {@code added} headers (lower-case names) set over the client's.
     */
    static byte[] toEvent(
            HttpExchange exchange,
            byte[] body,
            String apiRequestId,
            Instant now,
            JwtAuthorizer.Claims claims,
            String routeKey,
            Map<String, String> pathParameters,
            Map<String, String> added) {
        var headers = new LinkedHashMap<String, String>();
        List<String> cookies = null;
        for (var header : exchange.getRequestHeaders().entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if ("cookie".equals(name)) {
                cookies = new ArrayList<>();
                for (String value : header.getValue()) {
                    for (String cookie : value.split(";")) {
                        if (!cookie.isBlank()) {
                            cookies.add(cookie.trim());
                        }
                    }
                }
            } else {
                headers.put(name, String.join(",", header.getValue()));
            }
        }
        headers.putAll(added);
        // Headers HTTP API adds on its way to the function; the scheme is this front's own, plain HTTP.
        String sourceIp = exchange.getRemoteAddress().getAddress().getHostAddress();
        headers.merge("x-forwarded-for", sourceIp, (earlier, ip) -> earlier + ", " + ip);
        headers.put(
                "x-forwarded-port", Integer.toString(exchange.getLocalAddress().getPort()));
        headers.put("x-forwarded-proto", "http");
        headers.putIfAbsent("x-amzn-trace-id", "Root=1-" + Long.toHexString(now.getEpochSecond()) + "-" + hex(24));
        String host = headers.getOrDefault("host", "127.0.0.1");
        String rawQuery = exchange.getRequestURI().getRawQuery();
        String contentType = headers.get("content-type");
        boolean binary = body.length > 0 && !isText(contentType);
        var event = APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(routeKey)
                .withPathParameters(pathParameters.isEmpty() ? null : pathParameters)
                .withRawPath(exchange.getRequestURI().getRawPath())
                .withRawQueryString(rawQuery == null ? "" : rawQuery)
                .withCookies(cookies)
                .withHeaders(headers)
                .withQueryStringParameters(queryParameters(rawQuery))
                .withBody(
                        body.length == 0
                                ? null
                                : binary
                                        ? Base64.getEncoder().encodeToString(body)
                                        : new String(body, StandardCharsets.UTF_8))
                .withIsBase64Encoded(binary)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withAccountId(ManagedJavaRuntime.ACCOUNT)
                        .withApiId(API_ID)
                        .withDomainName(host)
                        .withDomainPrefix(host.split("[.:]")[0])
                        .withRequestId(apiRequestId)
                        .withRouteKey(routeKey)
                        .withStage("$default")
                        .withTime(REQUEST_TIME.format(now))
                        .withTimeEpoch(now.toEpochMilli())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(exchange.getRequestMethod())
                                .withPath(exchange.getRequestURI().getPath())
                                .withProtocol(exchange.getProtocol())
                                .withSourceIp(
                                        exchange.getRemoteAddress().getAddress().getHostAddress())
                                .withUserAgent(headers.getOrDefault("user-agent", ""))
                                .build())
                        .withAuthorizer(
                                claims == null
                                        ? null
                                        : APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                                                .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT
                                                        .builder()
                                                        .withClaims(claims.claims())
                                                        .withScopes(claims.scopes())
                                                        .build())
                                                .build())
                        .build())
                .build();
        try {
            return Json.MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the function's answer; returns the status, or -1 when the answer is no valid proxy response (the caller
     * then answers 500 as HTTP API does). An answer without statusCode is taken as HTTP API infers it: 200, JSON.
     */
    static int writeResponse(HttpExchange exchange, byte[] payload, String apiRequestId) throws IOException {
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(payload);
        } catch (IOException e) {
            return -1;
        }
        if (tree == null) {
            return -1;
        }
        if (!tree.isObject() || !tree.has("statusCode")) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            return send(exchange, 200, payload, apiRequestId);
        }
        APIGatewayV2HTTPResponse response;
        try {
            response = Json.MAPPER.treeToValue(tree, APIGatewayV2HTTPResponse.class);
        } catch (IOException e) {
            return -1;
        }
        var headers = exchange.getResponseHeaders();
        if (response.getHeaders() != null) {
            response.getHeaders().forEach(headers::set);
        }
        if (response.getMultiValueHeaders() != null) {
            response.getMultiValueHeaders().forEach(headers::put);
        }
        if (response.getCookies() != null) {
            response.getCookies().forEach(cookie -> headers.add("Set-Cookie", cookie));
        }
        String body = response.getBody();
        byte[] bytes = body == null
                ? new byte[0]
                : response.getIsBase64Encoded()
                        ? Base64.getDecoder().decode(body)
                        : body.getBytes(StandardCharsets.UTF_8);
        return send(exchange, response.getStatusCode(), bytes, apiRequestId);
    }

    static int writeError(HttpExchange exchange, int status, String json, String apiRequestId) {
        try {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            return send(exchange, status, json.getBytes(StandardCharsets.UTF_8), apiRequestId);
        } catch (IOException e) {
            return status;
        }
    }

    private static int send(HttpExchange exchange, int status, byte[] body, String apiRequestId) throws IOException {
        exchange.getResponseHeaders().set("Apigw-Requestid", apiRequestId);
        boolean noBody = body.length == 0 || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            exchange.getResponseBody().write(body);
        }
        return status;
    }

    private static String hex(int digits) {
        var random = ThreadLocalRandom.current();
        var hex = new StringBuilder();
        for (int i = 0; i < digits; i++) {
            hex.append(Character.forDigit(random.nextInt(16), 16));
        }
        return hex.toString();
    }

    private static Map<String, String> queryParameters(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        var parameters = new LinkedHashMap<String, String>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.merge(name, value, (a, b) -> a + "," + b);
        }
        return parameters;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static boolean isText(String contentType) {
        if (contentType == null) {
            return true;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("text/")
                || type.contains("json")
                || type.contains("xml")
                || type.contains("javascript")
                || type.startsWith("application/x-www-form-urlencoded");
    }
}
