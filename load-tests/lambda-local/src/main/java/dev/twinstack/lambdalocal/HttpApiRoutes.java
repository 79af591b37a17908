package dev.twinstack.lambdalocal;

import dev.twinstack.toolkit.CloudFormationTemplate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The route table of an HTTP API as the SAM template declares it ({@code AWS::ApiGatewayV2::Route} and
 * {@code AWS::ApiGatewayV2::Integration} resources, with the template's conditions evaluated for the deployment's
 * parameters), so that the lab's gateway routes as the deployed API does and no second copy of the table exists.
 * Matching follows HTTP API's rule: the most specific route wins (a route without a greedy {@code {proxy+}} before one
 * with it, a longer literal prefix before a shorter one, a method before {@code ANY}); no match and no
 * {@code $default} route is 404 {@code {"message":"Not Found"}}.
 *
 * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html">Working with
 *     routes for HTTP APIs: route evaluation</a>
 * @see <a
 *     href="https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-parameter-mapping.html">Transforming
 *     API requests and responses (parameter mapping)</a>
 */
public final class HttpApiRoutes {

    static final String NOT_FOUND = "{\"message\":\"Not Found\"}";

    /** How an integration reaches its backend. */
    public enum Kind {
        /** {@code AWS_PROXY}: the function, with a payload format 2.0 event. */
        FUNCTION,
        /** {@code HTTP_PROXY} (through a VPC link in the template): the request passed on over HTTP. */
        HTTP
    }

    /**
     * One integration.
     *
     * @param id its logical ID in the template
     * @param requestParameters the parameter mapping ({@code overwrite:header.x-twinstack-subject} →
     *     {@code $context.authorizer.claims.sub}), in template order
     */
    public record Integration(String id, Kind kind, Map<String, String> requestParameters) {

        public Integration {
            requestParameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requestParameters));
        }
    }

    /**
     * One route.
     *
     * @param key the route key as written ({@code ANY /api/{proxy+}}, {@code $default})
     * @param jwt whether the route's {@code AuthorizationType} is {@code JWT}
     */
    public record Route(String key, Integration integration, boolean jwt) {

        String method() {
            return key.equals("$default") ? "ANY" : key.substring(0, key.indexOf(' '));
        }

        List<String> segments() {
            return key.equals("$default") ? List.of() : segmentsOf(key.substring(key.indexOf(' ') + 1));
        }

        boolean greedy() {
            List<String> segments = segments();
            return !segments.isEmpty() && segments.get(segments.size() - 1).endsWith("+}");
        }
    }

    /** A request's route, and the path parameters the route's variables took. */
    public record Match(Route route, Map<String, String> pathParameters) {}

    private final List<Route> routes;

    HttpApiRoutes(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    /** The routes of the template's HTTP API as deployed with the template's parameters (given or default). */
    public static HttpApiRoutes of(CloudFormationTemplate template) {
        Map<String, Object> resources = template.resources();
        Conditions conditions = new Conditions(template);
        List<Route> routes = new ArrayList<>();
        for (String id : template.resourcesOfType("AWS::ApiGatewayV2::Route")) {
            if (!conditions.holds(resourceCondition(resources, id))) {
                continue;
            }
            Map<String, Object> properties = template.properties(id);
            String key = template.resolve(properties.get("RouteKey"))
                    .orElseThrow(() -> new IllegalArgumentException(id + ": RouteKey is not a literal"));
            Object target = conditions.choose(properties.get("Target"));
            String integrationId = integrationOf(id, target);
            if (!conditions.holds(resourceCondition(resources, integrationId))) {
                throw new IllegalArgumentException(
                        id + " targets " + integrationId + ", which this deployment's conditions leave out");
            }
            boolean jwt = "JWT"
                    .equals(template.resolve(properties.get("AuthorizationType"))
                            .orElse("NONE"));
            routes.add(new Route(key, integration(template, conditions, integrationId), jwt));
        }
        if (routes.isEmpty()) {
            throw new IllegalArgumentException("the template declares no AWS::ApiGatewayV2::Route");
        }
        return new HttpApiRoutes(routes);
    }

    public List<Route> routes() {
        return routes;
    }

    /** The route a request takes, or empty (404) when none matches. */
    public Optional<Match> match(String method, String path) {
        List<String> request = segmentsOf(path);
        Optional<Match> best = routes.stream()
                .filter(r -> !r.key().equals("$default"))
                .filter(r -> r.method().equals("ANY") || r.method().equalsIgnoreCase(method))
                .map(r -> bind(r, request))
                .flatMap(Optional::stream)
                .min(Comparator.<Match, Boolean>comparing(m -> m.route().greedy())
                        .thenComparing(m -> -literalPrefix(m.route()))
                        .thenComparing(m -> m.route().method().equals("ANY")));
        return best.or(() -> routes.stream()
                .filter(r -> r.key().equals("$default"))
                .findFirst()
                .map(r -> new Match(r, Map.of())));
    }

    private static Optional<Match> bind(Route route, List<String> request) {
        List<String> segments = route.segments();
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            if (segment.startsWith("{") && segment.endsWith("+}")) {
                // A greedy variable takes one segment or more: the rest of the path.
                if (request.size() <= i) {
                    return Optional.empty();
                }
                parameters.put(
                        segment.substring(1, segment.length() - 2),
                        String.join("/", request.subList(i, request.size())));
                return Optional.of(new Match(route, parameters));
            }
            if (request.size() <= i) {
                return Optional.empty();
            }
            if (segment.startsWith("{") && segment.endsWith("}")) {
                parameters.put(segment.substring(1, segment.length() - 1), request.get(i));
            } else if (!segment.equals(request.get(i))) {
                return Optional.empty();
            }
        }
        return request.size() == segments.size() ? Optional.of(new Match(route, parameters)) : Optional.empty();
    }

    private static int literalPrefix(Route route) {
        int literal = 0;
        for (String segment : route.segments()) {
            if (segment.startsWith("{")) {
                break;
            }
            literal++;
        }
        return literal;
    }

    private static List<String> segmentsOf(String path) {
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(segment);
            }
        }
        return segments;
    }

    private static String resourceCondition(Map<String, Object> resources, String id) {
        Object resource = resources.get(id);
        if (!(resource instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("the template has no resource " + id);
        }
        Object condition = map.get("Condition");
        return condition == null ? null : String.valueOf(condition);
    }

    /** {@code integrations/${X}} (a Sub) or {@code integrations/X}: the integration's logical ID. */
    private static String integrationOf(String route, Object target) {
        String text = target instanceof Map<?, ?> sub && sub.get("Fn::Sub") instanceof String s
                ? s
                : target instanceof String s ? s : null;
        if (text == null || !text.startsWith("integrations/")) {
            throw new IllegalArgumentException(route + ": a Target of integrations/${Integration} expected: " + target);
        }
        return text.substring("integrations/".length()).replace("${", "").replace("}", "");
    }

    private static Integration integration(CloudFormationTemplate template, Conditions conditions, String id) {
        Map<String, Object> properties = template.properties(id);
        String type = template.resolve(properties.get("IntegrationType")).orElse("");
        Kind kind = switch (type) {
            case "AWS_PROXY" -> Kind.FUNCTION;
            case "HTTP_PROXY" -> Kind.HTTP;
            default -> throw new IllegalArgumentException(id + ": integration type " + type + " not modelled");
        };
        Map<String, String> parameters = new LinkedHashMap<>();
        if (conditions.choose(properties.get("RequestParameters")) instanceof Map<?, ?> mapping) {
            mapping.forEach((name, value) -> parameters.put(
                    String.valueOf(name).toLowerCase(Locale.ROOT),
                    template.resolve(conditions.choose(value))
                            .orElseThrow(() ->
                                    new IllegalArgumentException(id + ": mapping " + name + " is not a literal"))));
        }
        return new Integration(id, kind, parameters);
    }

    /** The template's {@code Conditions}, evaluated for the deployment's parameters. */
    private static final class Conditions {

        private final CloudFormationTemplate template;
        private final Map<String, Object> declared;

        @SuppressWarnings("unchecked")
        Conditions(CloudFormationTemplate template) {
            this.template = template;
            Object section = template.document().get("Conditions");
            this.declared = section == null ? Map.of() : (Map<String, Object>) section;
        }

        boolean holds(String name) {
            if (name == null) {
                return true;
            }
            Object condition = declared.get(name);
            if (condition == null) {
                throw new IllegalArgumentException("the template declares no condition " + name);
            }
            return evaluate(condition);
        }

        /** A value with its {@code Fn::If}s taken as the conditions say. */
        Object choose(Object value) {
            if (value instanceof Map<?, ?> map && map.size() == 1 && map.get("Fn::If") instanceof List<?> branches) {
                return choose(holds(String.valueOf(branches.get(0))) ? branches.get(1) : branches.get(2));
            }
            return value;
        }

        private boolean evaluate(Object condition) {
            if (!(condition instanceof Map<?, ?> function) || function.size() != 1) {
                throw new IllegalArgumentException("not a condition function: " + condition);
            }
            var entry = function.entrySet().iterator().next();
            String name = String.valueOf(entry.getKey());
            Object argument = entry.getValue();
            return switch (name) {
                case "Condition" -> holds(String.valueOf(argument));
                case "Fn::Equals" -> {
                    List<?> pair = (List<?>) argument;
                    yield value(pair.get(0)).equals(value(pair.get(1)));
                }
                case "Fn::Not" -> !evaluate(((List<?>) argument).get(0));
                case "Fn::And" -> ((List<?>) argument).stream().allMatch(this::evaluate);
                case "Fn::Or" -> ((List<?>) argument).stream().anyMatch(this::evaluate);
                default -> throw new IllegalArgumentException("condition function " + name + " not modelled");
            };
        }

        private String value(Object node) {
            return template.resolve(node)
                    .orElseThrow(() -> new IllegalArgumentException("cannot evaluate " + node + " before deployment"));
        }
    }
}
