package dev.twinstack.analysis;

import dev.twinstack.toolkit.CloudFormationTemplate;
import dev.twinstack.toolkit.EffectiveConfig;
import dev.twinstack.toolkit.KubernetesManifests;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Reads the budget's inputs from what is deployed: the SAM template (parameters resolved as at deploy time), the
 * rendered Kubernetes manifests, and each deployable's effective configuration under the environment its template or
 * pod gives it. The pool of each target is read here, from its configuration, and nowhere else.
 */
public final class DeployFiles {

    /** The pool's upper bound: the connections one instance of a deployable can hold. */
    public static final String POOL_MAX = "quarkus.datasource.jdbc.max-size";

    static final String SHARE_ANNOTATION = "twinstack.dev/database-connection-share";
    /** What Kubernetes assumes when a Deployment's rolling update sets no maxSurge. */
    private static final String DEFAULT_MAX_SURGE = "25%";
    /** What Kubernetes assumes when a Deployment's rolling update sets no maxUnavailable. */
    private static final String DEFAULT_MAX_UNAVAILABLE = "25%";

    /**
     * How a Deployment replaces and probes its pods, for a given number of replicas: what a rolling restart and the
     * kubelet do with the first container.
     *
     * @param maxSurge pods above the replicas during a rollout (a percentage rounded up, as Kubernetes does)
     * @param maxUnavailable ready pods below the replicas allowed during a rollout (a percentage rounded down)
     * @param readinessPeriodSeconds the readiness probe's period (10 when unset)
     * @param readinessFailureThreshold failed probes in a row before the pod is unready (3 when unset)
     * @param readinessTimeoutSeconds the readiness probe's timeout (1 when unset)
     * @param startupPeriodSeconds the startup probe's period (the readiness probe's when there is none)
     * @param terminationGraceSeconds from SIGTERM to SIGKILL (30 when unset)
     */
    public record Rollout(
            int maxSurge,
            int maxUnavailable,
            int readinessPeriodSeconds,
            int readinessFailureThreshold,
            int readinessTimeoutSeconds,
            int startupPeriodSeconds,
            int terminationGraceSeconds) {}

    /**
     * The rolling update and the probes of the Deployment {@code name}, with {@code replicas} pods. Both bounds zero
     * is refused, as the API server refuses it.
     */
    public static Rollout rollout(KubernetesManifests manifests, String name, int replicas) {
        Deployment deployment = manifests.one(Deployment.class, name);
        var strategy = deployment.getSpec().getStrategy();
        var rollingUpdate = strategy == null ? null : strategy.getRollingUpdate();
        int surge = scaled(
                rollingUpdate == null || rollingUpdate.getMaxSurge() == null
                        ? new IntOrString(DEFAULT_MAX_SURGE)
                        : rollingUpdate.getMaxSurge(),
                replicas,
                true);
        int unavailable = scaled(
                rollingUpdate == null || rollingUpdate.getMaxUnavailable() == null
                        ? new IntOrString(DEFAULT_MAX_UNAVAILABLE)
                        : rollingUpdate.getMaxUnavailable(),
                replicas,
                false);
        if (surge == 0 && unavailable == 0) {
            throw new IllegalArgumentException(
                    "Deployment " + name + ": maxSurge and maxUnavailable are both 0 for " + replicas + " replicas");
        }
        var pod = deployment.getSpec().getTemplate().getSpec();
        Container app = pod.getContainers().get(0);
        var readiness = app.getReadinessProbe();
        var startup = app.getStartupProbe();
        int readinessPeriod =
                readiness == null || readiness.getPeriodSeconds() == null ? 10 : readiness.getPeriodSeconds();
        return new Rollout(
                surge,
                unavailable,
                readinessPeriod,
                readiness == null || readiness.getFailureThreshold() == null ? 3 : readiness.getFailureThreshold(),
                readiness == null || readiness.getTimeoutSeconds() == null ? 1 : readiness.getTimeoutSeconds(),
                startup == null || startup.getPeriodSeconds() == null ? readinessPeriod : startup.getPeriodSeconds(),
                pod.getTerminationGracePeriodSeconds() == null
                        ? 30
                        : Math.toIntExact(pod.getTerminationGracePeriodSeconds()));
    }

    /** An absolute number, or a percentage of {@code replicas} rounded up (surge) or down (unavailable). */
    static int scaled(IntOrString value, int replicas, boolean roundUp) {
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        double exact = replicas * Integer.parseInt(value.getStrVal().trim().replace("%", "")) / 100.0;
        return (int) (roundUp ? Math.ceil(exact) : Math.floor(exact));
    }

    /**
     * The function as the template deploys it, for the lab and the cost projection.
     *
     * @param memoryMb {@code MemorySize}
     * @param architecture the first of {@code Architectures} ({@code x86_64} when unset, as on AWS)
     * @param runtime {@code Runtime}
     * @param snapStart whether {@code SnapStart} applies to published versions
     * @param timeoutSeconds {@code Timeout} (3 when unset, as on AWS)
     */
    public record LambdaFunction(
            int memoryMb, String architecture, String runtime, boolean snapStart, int timeoutSeconds) {

        public boolean arm64() {
            return architecture.equals("arm64");
        }
    }

    private DeployFiles() {}

    /**
     * The template's one function as deployed with its parameters: memory, architecture, runtime, SnapStart, timeout.
     * A condition ({@code !If}) is evaluated where it compares parameters ({@code !Equals}, {@code !Not}), so the
     * values are those of the packaging the parameters choose.
     */
    public static LambdaFunction lambdaFunction(CloudFormationTemplate template) {
        List<String> functions = template.resourcesOfType("AWS::Serverless::Function");
        if (functions.size() != 1) {
            throw new IllegalArgumentException(
                    "the template should have one AWS::Serverless::Function, not " + functions.size());
        }
        Map<String, Object> properties = template.properties(functions.get(0));
        int memory = template.resolveInt(chosen(template, properties.get("MemorySize")))
                .orElse(128);
        Object architectures = chosen(template, properties.get("Architectures"));
        String architecture = architectures instanceof List<?> list && !list.isEmpty()
                ? template.resolve(chosen(template, list.get(0))).orElse("x86_64")
                : "x86_64";
        String runtime = template.resolve(chosen(template, properties.get("Runtime")))
                .orElseThrow(() -> new IllegalArgumentException("the function's Runtime cannot be resolved"));
        Object snapStart = chosen(template, properties.get("SnapStart"));
        boolean snapStartOn = snapStart instanceof Map<?, ?> m && "PublishedVersions".equals(m.get("ApplyOn"));
        int timeout =
                template.resolveInt(chosen(template, properties.get("Timeout"))).orElse(3);
        return new LambdaFunction(memory, architecture, runtime, snapStartOn, timeout);
    }

    /** RDS Proxy's {@code ConnectionBorrowTimeout} when the template leaves it unset, in seconds (AWS's default). */
    static final int DEFAULT_BORROW_TIMEOUT_SECONDS = 120;

    /**
     * The proxy's {@code ConnectionBorrowTimeout}: how long a client waits for a database connection from the proxy's
     * pool before the proxy answers it with an error ({@value #DEFAULT_BORROW_TIMEOUT_SECONDS} s when unset, as on
     * AWS). Empty when the template has no proxy.
     */
    public static OptionalInt proxyBorrowTimeoutSeconds(CloudFormationTemplate template) {
        List<String> targetGroups = template.resourcesOfType("AWS::RDS::DBProxyTargetGroup");
        if (targetGroups.isEmpty()) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(
                template.resolveInt(map(template.properties(targetGroups.get(0)).get("ConnectionPoolConfigurationInfo"))
                                .get("ConnectionBorrowTimeout"))
                        .orElse(DEFAULT_BORROW_TIMEOUT_SECONDS));
    }

    /** RDS Proxy's {@code MaxConnectionsPercent} when the template leaves it unset (AWS's default but for SQL Server). */
    static final int DEFAULT_MAX_CONNECTIONS_PERCENT = 100;

    /**
     * The share of the proxy's own connections that it keeps open while idle: {@code MaxIdleConnectionsPercent} over
     * {@code MaxConnectionsPercent}, both percentages of the database's max_connections (the idle one at most the
     * other; unset, half of it, as on AWS). A low value makes the proxy close more of its idle connections. Empty when
     * the template has no proxy.
     */
    public static OptionalDouble proxyIdleShare(CloudFormationTemplate template) {
        List<String> targetGroups = template.resourcesOfType("AWS::RDS::DBProxyTargetGroup");
        if (targetGroups.isEmpty()) {
            return OptionalDouble.empty();
        }
        Map<String, Object> pool = map(template.properties(targetGroups.get(0)).get("ConnectionPoolConfigurationInfo"));
        int max = template.resolveInt(pool.get("MaxConnectionsPercent")).orElse(DEFAULT_MAX_CONNECTIONS_PERCENT);
        double idle = template.resolveInt(pool.get("MaxIdleConnectionsPercent"))
                .map(Integer::doubleValue)
                .orElse(max / 2.0);
        return OptionalDouble.of(Math.min(1.0, idle / max));
    }

    /**
     * Whether the template, deployed with its parameters, sends routes through a VPC link: an
     * {@code AWS::ApiGatewayV2::Integration} with {@code ConnectionType: VPC_LINK} whose {@code Condition} holds (the
     * hybrid topology). The cluster behind it then serves those routes on the database the function's proxy fronts.
     */
    public static boolean routesToCluster(CloudFormationTemplate template) {
        for (String id : template.resourcesOfType("AWS::ApiGatewayV2::Integration")) {
            Object condition = map(template.resources().get(id)).get("Condition");
            if (condition != null && !condition(template, Map.of("Condition", condition))) {
                continue;
            }
            Object connection = chosen(template, template.properties(id).get("ConnectionType"));
            if (template.resolve(connection).filter("VPC_LINK"::equals).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /** The template's parameters for the hybrid topology (README of deploy-lambda, "Hybrid"). */
    public static final Map<String, String> HYBRID_TOPOLOGY = Map.of("Topology", "hybrid");

    /**
     * The route table as deployed with the template's parameters: each {@code AWS::ApiGatewayV2::Route}'s key (e.g.
     * {@code ANY /api/users/{proxy+}}) and whether its integration goes through a VPC link to the cluster (true) or to
     * the function (false), its {@code Fn::If} on the topology evaluated.
     */
    public static Map<String, Boolean> routes(CloudFormationTemplate template) {
        Map<String, Boolean> routes = new LinkedHashMap<>();
        for (String id : template.resourcesOfType("AWS::ApiGatewayV2::Route")) {
            Map<String, Object> properties = template.properties(id);
            String key = template.resolve(properties.get("RouteKey"))
                    .orElseThrow(() -> new IllegalArgumentException("route " + id + " has no RouteKey"));
            Object target = chosen(template, properties.get("Target"));
            String integration = target instanceof Map<?, ?> sub && sub.get("Fn::Sub") instanceof String text
                    ? text.replaceAll(".*\\$\\{([A-Za-z0-9]+)}.*", "$1")
                    : null;
            if (integration == null || !template.resources().containsKey(integration)) {
                throw new IllegalArgumentException(
                        "route " + id + " targets no integration of the template: " + target);
            }
            Object connection = template.properties(integration).get("ConnectionType");
            routes.put(
                    key, template.resolve(connection).filter("VPC_LINK"::equals).isPresent());
        }
        return routes;
    }

    /**
     * Which route of the table serves a request path, as HTTP API chooses: a route without a greedy path variable that
     * matches the path exactly, else the greedy route ({@code /{proxy+}}) with the longest matching prefix.
     */
    public static String route(Map<String, Boolean> routes, String path) {
        String best = null;
        int bestPrefix = -1;
        for (String key : routes.keySet()) {
            String routePath = key.substring(key.indexOf(' ') + 1);
            if (routePath.equals(path)) {
                return key;
            }
            if (routePath.endsWith("/{proxy+}")) {
                String prefix = routePath.substring(0, routePath.length() - "{proxy+}".length());
                if (path.startsWith(prefix) && path.length() > prefix.length() && prefix.length() > bestPrefix) {
                    best = key;
                    bestPrefix = prefix.length();
                }
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("no route of the table serves " + path + ": " + routes.keySet());
        }
        return best;
    }

    /**
     * The share of requests the route table sends to the function, for a mix of request paths and their weights (e.g.
     * {@code /api/users=1, /api/orders=3}: a quarter).
     */
    public static double lambdaShare(Map<String, Boolean> routes, Map<String, Double> mix) {
        double total = 0;
        double onLambda = 0;
        for (var entry : mix.entrySet()) {
            if (entry.getValue() < 0) {
                throw new IllegalArgumentException("a weight is not negative: " + entry);
            }
            total += entry.getValue();
            if (!routes.get(route(routes, entry.getKey()))) {
                onLambda += entry.getValue();
            }
        }
        if (total <= 0) {
            throw new IllegalArgumentException("the mix weighs nothing: " + mix);
        }
        return onLambda / total;
    }

    /** The branch an {@code Fn::If} takes in this deployment; {@code AWS::NoValue} is null; anything else as it is. */
    private static Object chosen(CloudFormationTemplate template, Object node) {
        if (node instanceof Map<?, ?> function && function.size() == 1) {
            if (function.get("Fn::If") instanceof List<?> branches && branches.size() == 3) {
                boolean holds = condition(
                        template, map(template.document().get("Conditions")).get(branches.get(0)));
                return chosen(template, branches.get(holds ? 1 : 2));
            }
            if ("AWS::NoValue".equals(function.get("Ref"))) {
                return null;
            }
        }
        return node;
    }

    private static boolean condition(CloudFormationTemplate template, Object node) {
        if (node instanceof Map<?, ?> function && function.size() == 1) {
            if (function.get("Fn::Equals") instanceof List<?> sides && sides.size() == 2) {
                return template.resolve(sides.get(0)).equals(template.resolve(sides.get(1)));
            }
            if (function.get("Fn::Not") instanceof List<?> negated && negated.size() == 1) {
                return !condition(template, negated.get(0));
            }
            if (function.get("Condition") instanceof String name) {
                return condition(
                        template, map(template.document().get("Conditions")).get(name));
            }
        }
        throw new IllegalArgumentException("a condition only CloudFormation can evaluate: " + node);
    }

    /**
     * What the HorizontalPodAutoscaler scales and against what: the pod its Deployment runs (the requests of every
     * container and sidecar added up, as both the HPA's CPU utilisation and Fargate's pod sizing take them) and its
     * bounds.
     *
     * @param minReplicas {@code minReplicas} (1 when unset, as Kubernetes defaults it)
     * @param maxReplicas {@code maxReplicas}
     * @param targetCpuUtilization the CPU metric's {@code averageUtilization}, as a fraction of the requests
     * @param cpuRequestVcpu the pod's CPU requests, in vCPU
     * @param memoryRequestGib the pod's memory requests, in GiB
     * @param containers how many containers (sidecars included) those requests add up
     */
    public record KubernetesPods(
            int minReplicas,
            int maxReplicas,
            double targetCpuUtilization,
            double cpuRequestVcpu,
            double memoryRequestGib,
            int containers) {}

    /**
     * The pods of a Deployment file's folder as kustomize's base declares them: the Deployment with the
     * HorizontalPodAutoscaler beside it ({@code hpa.yaml}), read without rendering an overlay.
     */
    public static KubernetesPods kubernetesPods(java.nio.file.Path deploymentFile) {
        try {
            return kubernetesPods(KubernetesManifests.parse(java.nio.file.Files.readString(deploymentFile) + "\n---\n"
                    + java.nio.file.Files.readString(deploymentFile.resolveSibling("hpa.yaml"))));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The pods of the one HorizontalPodAutoscaler's Deployment, with its CPU target; refused when the HPA does not
     * scale on CPU utilisation (the projection sizes pods from CPU only).
     */
    public static KubernetesPods kubernetesPods(KubernetesManifests manifests) {
        List<HorizontalPodAutoscaler> autoscalers = manifests.all(HorizontalPodAutoscaler.class);
        if (autoscalers.size() != 1) {
            throw new IllegalArgumentException(
                    "the manifests should have one HorizontalPodAutoscaler, not " + autoscalers.size());
        }
        var hpa = autoscalers.get(0).getSpec();
        Integer utilization = hpa.getMetrics() == null
                ? null
                : hpa.getMetrics().stream()
                        .filter(m -> "Resource".equals(m.getType())
                                && m.getResource() != null
                                && "cpu".equals(m.getResource().getName())
                                && m.getResource().getTarget() != null)
                        .map(m -> m.getResource().getTarget().getAverageUtilization())
                        .filter(java.util.Objects::nonNull)
                        .findFirst()
                        .orElse(null);
        if (utilization == null) {
            throw new IllegalArgumentException("the HorizontalPodAutoscaler has no CPU averageUtilization target");
        }
        Deployment deployment =
                manifests.one(Deployment.class, hpa.getScaleTargetRef().getName());
        double cpu = 0;
        double memory = 0;
        var podSpec = deployment.getSpec().getTemplate().getSpec();
        // Sidecars (init containers that restart: Kubernetes' native sidecars) run as long as the pod, so their
        // requests count beside the containers', as the scheduler counts them.
        List<Container> containers = new java.util.ArrayList<>(podSpec.getContainers());
        if (podSpec.getInitContainers() != null) {
            podSpec.getInitContainers().stream()
                    .filter(c -> "Always".equals(c.getRestartPolicy()))
                    .forEach(containers::add);
        }
        for (Container c : containers) {
            var requests = c.getResources() == null ? null : c.getResources().getRequests();
            if (requests != null && requests.get("cpu") != null) {
                cpu += requests.get("cpu").getNumericalAmount().doubleValue();
            }
            if (requests != null && requests.get("memory") != null) {
                memory += requests.get("memory").getNumericalAmount().doubleValue() / (1024.0 * 1024 * 1024);
            }
        }
        return new KubernetesPods(
                hpa.getMinReplicas() == null ? 1 : hpa.getMinReplicas(),
                hpa.getMaxReplicas(),
                utilization / 100.0,
                cpu,
                memory,
                containers.size());
    }

    /** The pool's upper bound in this configuration. */
    public static int poolMax(EffectiveConfig config) {
        return config.intValue(POOL_MAX);
    }

    /**
     * The Lambda side: reserved concurrency from the function (or SAM's Globals), the pool per environment from the
     * function's configuration under the environment the template gives it, and the proxy's MaxConnectionsPercent (100
     * when unset, as on AWS).
     */
    public static ConnectionBudget.LambdaInputs lambda(CloudFormationTemplate template, EffectiveConfig function) {
        List<String> functions = template.resourcesOfType("AWS::Serverless::Function");
        if (functions.size() != 1) {
            throw new IllegalArgumentException(
                    "the budget reads a template with one AWS::Serverless::Function, not " + functions.size());
        }
        Map<String, Object> properties = template.properties(functions.get(0));
        int reserved = template.resolveInt(properties.get("ReservedConcurrentExecutions"))
                .orElseThrow(() -> new IllegalArgumentException(
                        "the function has no ReservedConcurrentExecutions: without it, its connections are bounded"
                                + " only by the account's concurrency"));
        int pool = poolMax(function.withEnvironment(environment(template, properties)));
        List<String> targetGroups = template.resourcesOfType("AWS::RDS::DBProxyTargetGroup");
        int percent = targetGroups.isEmpty()
                ? 100
                : template.resolveInt(
                                map(template.properties(targetGroups.get(0)).get("ConnectionPoolConfigurationInfo"))
                                        .get("MaxConnectionsPercent"))
                        .orElse(100);
        return new ConnectionBudget.LambdaInputs(reserved, pool, percent);
    }

    /**
     * The Kubernetes side: the HorizontalPodAutoscaler's maxReplicas, the maxSurge of the Deployment it scales (a
     * percentage is taken of maxReplicas, rounded up, as Kubernetes does; 25 % when unset), the pool of that
     * Deployment's first container under the environment the manifests give it, every Job's pool (the Job runs the
     * same image), and the Deployment's share annotation.
     */
    public static ConnectionBudget.KubernetesInputs kubernetes(KubernetesManifests manifests, EffectiveConfig server) {
        List<HorizontalPodAutoscaler> autoscalers = manifests.all(HorizontalPodAutoscaler.class);
        if (autoscalers.size() != 1) {
            throw new IllegalArgumentException(
                    "the budget reads manifests with one HorizontalPodAutoscaler, not " + autoscalers.size());
        }
        var hpa = autoscalers.get(0).getSpec();
        Deployment deployment =
                manifests.one(Deployment.class, hpa.getScaleTargetRef().getName());
        int maxReplicas = hpa.getMaxReplicas();
        var rollingUpdate = deployment.getSpec().getStrategy() == null
                ? null
                : deployment.getSpec().getStrategy().getRollingUpdate();
        IntOrString surge = rollingUpdate == null || rollingUpdate.getMaxSurge() == null
                ? new IntOrString(DEFAULT_MAX_SURGE)
                : rollingUpdate.getMaxSurge();
        int maxSurge = surge.getIntVal() != null
                ? surge.getIntVal()
                : (int) Math.ceil(
                        maxReplicas * Integer.parseInt(surge.getStrVal().replace("%", "")) / 100.0);
        Container app =
                deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        int pool = poolMax(server.withEnvironment(manifests.environment(app)));
        int jobConnections = 0;
        for (Job job : manifests.all(Job.class)) {
            Container migrate =
                    job.getSpec().getTemplate().getSpec().getContainers().get(0);
            jobConnections += poolMax(server.withEnvironment(manifests.environment(migrate)));
        }
        String share = deployment.getMetadata().getAnnotations() == null
                ? null
                : deployment.getMetadata().getAnnotations().get(SHARE_ANNOTATION);
        return new ConnectionBudget.KubernetesInputs(
                maxReplicas,
                maxSurge,
                pool,
                ConnectionBudget.READINESS_CONNECTIONS_PER_POD,
                jobConnections,
                share == null ? null : Integer.valueOf(share.trim()));
    }

    /**
     * The function's environment variables as deployed; values only CloudFormation knows (an endpoint, a condition)
     * are left out, unless the pool depends on one.
     */
    private static Map<String, String> environment(CloudFormationTemplate template, Map<String, Object> function) {
        Map<String, String> environment = new LinkedHashMap<>();
        Object environmentSection = function.get("Environment");
        Object variables =
                environmentSection == null ? null : map(environmentSection).get("Variables");
        if (variables == null) {
            return environment;
        }
        map(variables)
                .forEach((name, value) -> template.resolve(value)
                        .ifPresentOrElse(text -> environment.put(name, text), () -> {
                            if (name.equals(EffectiveConfig.environmentName(POOL_MAX))) {
                                throw new IllegalArgumentException(
                                        name + " is set by an expression only CloudFormation can resolve: " + value);
                            }
                        }));
        return environment;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }
}
