package dev.twinstack.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Reads the budget's inputs from the project's own deploy files: the SAM template (CloudFormation tags such as
 * {@code !Ref} read as their plain value, then resolved against the template's parameter defaults or given
 * overrides), the rendered Kubernetes manifests, and each target's application.properties for pool sizes not set
 * in the deploy files.
 */
public final class DeployFiles {

    private static final String POOL_ENV = "QUARKUS_DATASOURCE_JDBC_MAX_SIZE";
    private static final String POOL_PROPERTY = "quarkus.datasource.jdbc.max-size";
    /** Each server pod also holds the readiness check's own connection (app: platform/DatabaseReadiness). */
    private static final int READINESS_CONNECTIONS = 1;

    private DeployFiles() {}

    /**
     * The Lambda side: reserved concurrency from the function (or its parameter), the pool per environment from the
     * function's environment or the Lambda build's properties, and the proxy's MaxConnectionsPercent (100 when unset,
     * as on AWS).
     */
    public static ConnectionBudget.LambdaInputs lambda(Path template, Path properties, Map<String, String> parameters)
            throws IOException {
        JsonNode root = new YAMLMapper().readTree(Files.readString(template));
        Resolver resolver = new Resolver(root.path("Parameters"), parameters);
        JsonNode function = firstOfType(root, "AWS::Serverless::Function");
        if (function == null) {
            throw new IllegalArgumentException(template + " has no AWS::Serverless::Function");
        }
        JsonNode props = function.path("Properties");
        Integer reserved = resolver.integer(props.path("ReservedConcurrentExecutions"));
        if (reserved == null) {
            reserved = resolver.integer(root.path("Globals").path("Function").path("ReservedConcurrentExecutions"));
        }
        if (reserved == null) {
            throw new IllegalArgumentException(
                    "the function has no ReservedConcurrentExecutions: without it, its connections are bounded only by"
                            + " the account's concurrency");
        }
        Integer pool =
                resolver.integer(props.path("Environment").path("Variables").path(POOL_ENV));
        if (pool == null) {
            pool = resolver.integer(root.path("Globals")
                    .path("Function")
                    .path("Environment")
                    .path("Variables")
                    .path(POOL_ENV));
        }
        if (pool == null) {
            pool = propertyInt(properties, POOL_PROPERTY);
        }
        JsonNode targetGroup = firstOfType(root, "AWS::RDS::DBProxyTargetGroup");
        Integer percent = targetGroup == null
                ? null
                : resolver.integer(targetGroup
                        .path("Properties")
                        .path("ConnectionPoolConfigurationInfo")
                        .path("MaxConnectionsPercent"));
        return new ConnectionBudget.LambdaInputs(reserved, pool, percent == null ? 100 : percent);
    }

    /**
     * The Kubernetes side, from {@code kubectl kustomize} output: HPA maxReplicas, the Deployment's maxSurge (a
     * percentage is taken of maxReplicas, rounded up, as Kubernetes does), the pool from the pod's environment (env or
     * ConfigMap) or the server build's properties, the migration Job's pool, and the share annotation.
     */
    public static ConnectionBudget.KubernetesInputs kubernetes(String renderedManifests, Path properties)
            throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try (var parser = yaml.getFactory().createParser(new StringReader(renderedManifests))) {
            var it = yaml.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull()) {
                    docs.add(doc);
                }
            }
        }
        JsonNode hpa = firstKind(docs, "HorizontalPodAutoscaler");
        JsonNode deployment = firstKind(docs, "Deployment");
        if (hpa == null || deployment == null) {
            throw new IllegalArgumentException("the manifests need a Deployment and a HorizontalPodAutoscaler");
        }
        int maxReplicas = hpa.path("spec").path("maxReplicas").asInt();
        JsonNode surge =
                deployment.path("spec").path("strategy").path("rollingUpdate").path("maxSurge");
        int maxSurge = surge.isMissingNode() || surge.isNull()
                ? (int) Math.ceil(maxReplicas * 0.25)
                : surge.isTextual() && surge.asText().endsWith("%")
                        ? (int) Math.ceil(
                                maxReplicas * Integer.parseInt(surge.asText().replace("%", "")) / 100.0)
                        : surge.asInt();
        int fallback = propertyInt(properties, POOL_PROPERTY);
        Integer pool = podPool(deployment.path("spec").path("template").path("spec"), docs);
        int jobConnections = 0;
        for (JsonNode doc : docs) {
            if ("Job".equals(doc.path("kind").asText())) {
                Integer jobPool = podPool(doc.path("spec").path("template").path("spec"), docs);
                jobConnections += jobPool == null ? (pool == null ? fallback : pool) : jobPool;
            }
        }
        JsonNode share =
                deployment.path("metadata").path("annotations").path("twinstack.dev/database-connection-share");
        return new ConnectionBudget.KubernetesInputs(
                maxReplicas,
                maxSurge,
                pool == null ? fallback : pool,
                READINESS_CONNECTIONS,
                jobConnections,
                share.isMissingNode() ? null : Integer.valueOf(share.asText()));
    }

    /** The pool size a pod's first container gets from its env (plain or from a ConfigMap), or null. */
    private static Integer podPool(JsonNode podSpec, List<JsonNode> docs) {
        JsonNode container = podSpec.path("containers").path(0);
        for (JsonNode env : container.path("env")) {
            if (POOL_ENV.equals(env.path("name").asText()) && env.has("value")) {
                return Integer.valueOf(env.path("value").asText());
            }
        }
        for (JsonNode from : container.path("envFrom")) {
            String name = from.path("configMapRef").path("name").asText(null);
            for (JsonNode doc : docs) {
                if ("ConfigMap".equals(doc.path("kind").asText())
                        && doc.path("metadata").path("name").asText().equals(name)
                        && doc.path("data").has(POOL_ENV)) {
                    return Integer.valueOf(doc.path("data").path(POOL_ENV).asText());
                }
            }
        }
        return null;
    }

    private static int propertyInt(Path properties, String key) throws IOException {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(properties)) {
            p.load(in);
        }
        String value = p.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException(properties + " does not set " + key);
        }
        return Integer.parseInt(value.trim());
    }

    private static JsonNode firstOfType(JsonNode template, String type) {
        for (JsonNode resource : template.path("Resources")) {
            if (type.equals(resource.path("Type").asText())) {
                return resource;
            }
        }
        return null;
    }

    private static JsonNode firstKind(List<JsonNode> docs, String kind) {
        return docs.stream()
                .filter(d -> kind.equals(d.path("kind").asText()))
                .findFirst()
                .orElse(null);
    }

    /** Resolves a literal, or a parameter named by {@code !Ref}, to a number. */
    private record Resolver(JsonNode parameters, Map<String, String> overrides) {

        Integer integer(JsonNode node) {
            if (node == null || node.isMissingNode() || node.isNull()) {
                return null;
            }
            if (node.isNumber()) {
                return node.asInt();
            }
            JsonNode ref = node.isObject() ? node.path("Ref") : node;
            String text = ref.asText();
            if (text.matches("-?\\d+")) {
                return Integer.valueOf(text);
            }
            if (overrides.containsKey(text)) {
                return Integer.valueOf(overrides.get(text));
            }
            JsonNode parameter = parameters.path(text);
            if (parameter instanceof MissingNode) {
                throw new IllegalArgumentException("'" + text + "' is neither a number nor a template parameter");
            }
            JsonNode fallback = parameter.path("Default");
            if (fallback.isMissingNode()) {
                throw new IllegalArgumentException("parameter " + text + " has no Default: pass it as " + text + "=N");
            }
            return Integer.valueOf(fallback.asText());
        }
    }
}
