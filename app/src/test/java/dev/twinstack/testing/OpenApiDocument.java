package dev.twinstack.testing;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The operations of the service's OpenAPI document as it is served ({@code /q/openapi}), with their answers. */
public final class OpenApiDocument {

    public static final String PATH = "/q/openapi";

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final Pattern TEMPLATE_PARAMETER = Pattern.compile("\\{[^/}]+}");

    /** One documented answer of an operation: the headers and media types it lists (refs resolved). */
    public record Answer(Set<String> headers, Set<String> mediaTypes) {}

    /** One operation: {@code path} is the template (e.g. {@code /api/users/{id}}); answers by status. */
    public record Operation(String id, String method, String path, boolean takesBody, Map<Integer, Answer> answers) {

        public boolean matches(String method, String rawPath) {
            // JAX-RS matches a path with or without a trailing slash: /api/users/ is the list, as /api/users is.
            String resource = rawPath.length() > 1 && rawPath.endsWith("/")
                    ? rawPath.substring(0, rawPath.length() - 1)
                    : rawPath;
            return this.method.equalsIgnoreCase(method)
                    && pattern(path).matcher(resource).matches();
        }

        /** The path with every template parameter replaced by {@code value}. */
        public String pathWith(String value) {
            return TEMPLATE_PARAMETER.matcher(path).replaceAll(Matcher.quoteReplacement(value));
        }

        @Override
        public String toString() {
            return id + " (" + method + " " + path + ")";
        }
    }

    private final List<Operation> operations;

    private OpenApiDocument(List<Operation> operations) {
        this.operations = List.copyOf(operations);
    }

    /** Reads the document from the running service, through the tests' RestAssured configuration. */
    public static OpenApiDocument fetch() {
        return parse(given().accept("application/json")
                .queryParam("format", "json")
                .get(PATH)
                .then()
                .statusCode(200)
                .extract()
                .asString());
    }

    public static OpenApiDocument parse(String json) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("the OpenAPI document is not JSON", e);
        }
        List<Operation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = root.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (!METHODS.contains(op.getKey())) {
                    continue;
                }
                Map<Integer, Answer> answers = new TreeMap<>();
                op.getValue().path("responses").fields().forEachRemaining(response -> {
                    JsonNode resolved = resolve(root, response.getValue());
                    answers.put(
                            Integer.valueOf(response.getKey()),
                            new Answer(names(resolved.path("headers")), names(resolved.path("content"))));
                });
                operations.add(new Operation(
                        op.getValue().path("operationId").asText(op.getKey() + " " + path.getKey()),
                        op.getKey().toUpperCase(),
                        path.getKey(),
                        op.getValue().has("requestBody"),
                        answers));
            }
        }
        return new OpenApiDocument(operations);
    }

    public List<Operation> operations() {
        return operations;
    }

    public Optional<Operation> operationFor(String method, String rawPath) {
        return operations.stream().filter(o -> o.matches(method, rawPath)).findFirst();
    }

    /** Follows a local {@code $ref} ({@code #/components/responses/NotFound}) to the object it names. */
    private static JsonNode resolve(JsonNode root, JsonNode node) {
        if (!node.has("$ref")) {
            return node;
        }
        String ref = node.get("$ref").asText();
        if (!ref.startsWith("#/")) {
            throw new IllegalArgumentException("only local references are expected: " + ref);
        }
        JsonNode target = root.at(ref.substring(1));
        if (target.isMissingNode()) {
            throw new IllegalArgumentException("dangling reference " + ref);
        }
        return resolve(root, target);
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Pattern pattern(String template) {
        StringBuilder regex = new StringBuilder();
        Matcher parameter = TEMPLATE_PARAMETER.matcher(template);
        int last = 0;
        while (parameter.find()) {
            regex.append(Pattern.quote(template.substring(last, parameter.start())))
                    .append("[^/]+");
            last = parameter.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        return Pattern.compile(regex.toString());
    }
}
