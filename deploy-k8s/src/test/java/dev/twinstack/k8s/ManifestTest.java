package dev.twinstack.k8s;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.twinstack.toolkit.EffectiveConfig;
import dev.twinstack.toolkit.KubernetesManifests;
import dev.twinstack.toolkit.Kustomize;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every overlay, rendered by {@code kubectl kustomize} and read as Kubernetes objects, agrees with the application it
 * deploys: the probes hit health endpoints this build serves, ports line up, containers are locked down, the collector
 * runs as a native sidecar, and the shutdown fits the grace period. (The connection budget is load-tests/analysis's,
 * checked there on every overlay.) Needs kubectl: runs under {@code -Pfull} only, and then fails if kubectl is missing.
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "twinstack-full", matches = "true", disabledReason = "needs kubectl: run with -Pfull")
class ManifestTest {

    /** Time the kubelet needs beyond the app's own shutdown (signal delivery, JVM exit, sidecar stop). */
    private static final Duration SHUTDOWN_MARGIN = Duration.ofSeconds(5);

    private static final Map<String, String> PROBES = Map.of(
            "startup", "/q/health/started",
            "liveness", "/q/health/live",
            "readiness", "/q/health/ready");

    /** Quarkus's HTTP port when no configuration sets another. */
    private static final int QUARKUS_DEFAULT_HTTP_PORT = 8080;

    /** Quarkus's management interface port when no configuration sets another. */
    private static final int QUARKUS_DEFAULT_MANAGEMENT_PORT = 9000;

    private static final String MONITORING_NAMESPACE = "monitoring";

    /** The hybrid overlay's Service for the HTTP API's VPC link, and the AWS Load Balancer Controller's annotations. */
    private static final String VPC_LINK_SERVICE = "twinstack-vpc-link";

    private static final String LOAD_BALANCER = "service.beta.kubernetes.io/";

    /** The management interface of this test run (health, metrics and OpenAPI are not on the API port). */
    @TestHTTPResource(value = "/", management = true)
    URL management;

    /** The running application's configuration: what exists, where each value comes from. */
    private final Config config = ConfigProvider.getConfig();

    /**
     * Build-time settings this project sets. Quarkus shows build-time settings it re-checks at run time under a
     * "BuildTime" source; these it does not read at run time at all, so an environment variable would be ignored.
     */
    /**
     * Settings an extension reads at run time that no source of this test run sets, so the configuration does not list
     * them: MicroProfile JWT's verification keys and audiences (auth mode jwt, docs/security.md).
     */
    /** The key of the ConfigMap twinstack-jwt-keys that holds the issuer's keys (deploy-k8s README, prod). */
    private static final String JWT_KEYS = "keys.json";

    private static final List<String> READ_WITHOUT_DEFAULT =
            List.of("mp.jwt.verify.publickey.location", "mp.jwt.verify.audiences");

    private static final List<String> BUILD_TIME_ONLY = List.of("quarkus.package.", "quarkus.shutdown.delay-enabled");

    /**
     * The configuration the image runs with, before the pod's environment: every application.properties on the class
     * path (app's and this module's, each with its ordinal) in the prod profile, without the test run's overrides.
     */
    private final EffectiveConfig production =
            EffectiveConfig.ofClassLoader(Thread.currentThread().getContextClassLoader());

    private static final Path OVERLAYS = ModuleFiles.OVERLAYS;

    /** Every overlay, so a new overlay is checked without touching the tests. */
    static List<String> overlays() {
        return Kustomize.kustomizations(OVERLAYS);
    }

    private static KubernetesManifests render(String overlay) {
        return KubernetesManifests.render(OVERLAYS.resolve(overlay));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void probesHitHealthEndpointsThisBuildServes(String overlay) throws Exception {
        Container app = app(render(overlay));
        Map<String, Probe> probes = Map.of(
                "startup", app.getStartupProbe(),
                "liveness", app.getLivenessProbe(),
                "readiness", app.getReadinessProbe());

        assertAll(probes.entrySet().stream().map(e -> () -> {
            HTTPGetAction get = e.getValue().getHttpGet();
            assertEquals(PROBES.get(e.getKey()), get.getPath(), e.getKey());
            assertEquals(managementPort(), containerPort(app, get.getPort().getStrVal()), e.getKey() + " port");
            given().port(management.getPort()).get(get.getPath()).then().statusCode(200);
        }));
        assertTrue(
                app.getReadinessProbe().getTimeoutSeconds() > seconds("twinstack.readiness.timeout"),
                "the probe waits longer than the readiness check's own database timeout");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void serviceRoutesToTheAppsPort(String overlay) throws Exception {
        KubernetesManifests rendered = render(overlay);
        Service service = rendered.one(Service.class, "twinstack");
        String target = service.getSpec().getPorts().get(0).getTargetPort().getStrVal();

        assertEquals(httpPort(), containerPort(app(rendered), target));
        assertEquals(
                deployment(rendered).getSpec().getSelector().getMatchLabels(),
                service.getSpec().getSelector(),
                "the Service selects the server pods, not the migration Job's");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyContainerIsLockedDown(String overlay) throws Exception {
        KubernetesManifests rendered = render(overlay);
        List<PodSpec> pods = new ArrayList<>();
        rendered.all(Deployment.class)
                .forEach(d -> pods.add(d.getSpec().getTemplate().getSpec()));
        rendered.all(Job.class).forEach(j -> pods.add(j.getSpec().getTemplate().getSpec()));

        assertAll(pods.stream().flatMap(pod -> {
            List<Container> containers = new ArrayList<>(pod.getContainers());
            containers.addAll(pod.getInitContainers());
            return Stream.concat(
                    Stream.of(
                            () -> assertEquals(
                                    "RuntimeDefault",
                                    pod.getSecurityContext().getSeccompProfile().getType()),
                            () -> assertEquals(
                                    Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot()),
                            () -> assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken())),
                    containers.stream().map(c -> () -> {
                        var security = c.getSecurityContext();
                        assertEquals(Boolean.TRUE, security.getReadOnlyRootFilesystem(), c.getName());
                        assertEquals(Boolean.FALSE, security.getAllowPrivilegeEscalation(), c.getName());
                        assertEquals(List.of("ALL"), security.getCapabilities().getDrop(), c.getName());
                        assertNull(security.getPrivileged(), c.getName());
                        for (String resource : List.of("cpu", "memory", "ephemeral-storage")) {
                            assertNotNull(c.getResources().getRequests().get(resource), c.getName() + " request");
                            assertNotNull(c.getResources().getLimits().get(resource), c.getName() + " limit");
                        }
                    }));
        }));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void collectorRunsAsNativeSidecarReceivingOnTheAppsEndpoint(String overlay) throws Exception {
        KubernetesManifests rendered = render(overlay);
        PodSpec pod = deployment(rendered).getSpec().getTemplate().getSpec();
        Container collector = pod.getInitContainers().stream()
                .filter(c -> c.getName().equals("otel-collector"))
                .findFirst()
                .orElseThrow();
        String configMap = pod.getVolumes().stream()
                .filter(v -> v.getConfigMap() != null)
                .map(v -> v.getConfigMap().getName())
                .filter(n -> n.startsWith("otel-collector"))
                .findFirst()
                .orElseThrow();
        JsonNode collectorConfig = new ObjectMapper(new YAMLFactory())
                .readTree(rendered.one(ConfigMap.class, configMap).getData().get("collector.yaml"));
        JsonNode traces = collectorConfig.at("/service/pipelines/traces");

        assertEquals("Always", collector.getRestartPolicy(), "an init container with restartPolicy Always");
        assertNotNull(collector.getStartupProbe());
        assertNotNull(collector.getLivenessProbe());
        assertNotNull(collector.getReadinessProbe());
        assertEquals(
                java.net
                        .URI
                        .create(config.getValue("quarkus.otel.exporter.otlp.endpoint", String.class))
                        .getPort(),
                Integer.parseInt(collectorConfig
                        .at("/receivers/otlp/protocols/grpc/endpoint")
                        .asText()
                        .replaceAll(".*:", "")),
                "the collector listens where the app exports");
        assertTrue(traces.get("receivers").toString().contains("otlp"));
        assertTrue(traces.get("processors").toString().contains("batch"));
        for (JsonNode exporter : traces.get("exporters")) {
            assertTrue(collectorConfig.at("/exporters").has(exporter.asText()), "exporter " + exporter + " defined");
        }
    }

    /** One delay (the app's, no preStop hook) + the drain timeout + a margin fit the grace period. */
    @ParameterizedTest
    @MethodSource("overlays")
    void shutdownFitsTheGracePeriod(String overlay) throws Exception {
        KubernetesManifests rendered = render(overlay);
        Container app = app(rendered);
        PodSpec pod = deployment(rendered).getSpec().getTemplate().getSpec();
        EffectiveConfig running = production.withEnvironment(rendered.environment(app));
        Duration delay = running.duration("quarkus.shutdown.delay");
        Duration timeout = running.duration("quarkus.shutdown.timeout");
        Duration grace = Duration.ofSeconds(pod.getTerminationGracePeriodSeconds());

        assertEquals("kubernetes", production.require("twinstack.target"), "this module's settings win");
        assertEquals("true", production.require("quarkus.shutdown.delay-enabled"));
        assertTrue(
                app.getLifecycle() == null || app.getLifecycle().getPreStop() == null,
                "the delay is the app's; a preStop sleep would count it twice");
        assertTrue(delay.toSeconds() >= 1, "a delay long enough for endpoints to update");
        assertTrue(
                delay.plus(timeout).plus(SHUTDOWN_MARGIN).compareTo(grace) <= 0,
                "%s + %s + %s margin must fit in terminationGracePeriodSeconds %s"
                        .formatted(delay, timeout, SHUTDOWN_MARGIN, grace));
    }

    /**
     * Auth is on in every overlay (docs/security.md): jwt names an issuer and keys the pod can read without network
     * access, gateway trusts the identity headers its gateway writes.
     */
    @ParameterizedTest
    @MethodSource("overlays")
    void runsWithAuthOn(String overlay) throws Exception {
        KubernetesManifests rendered = render(overlay);
        Container app = app(rendered);
        EffectiveConfig running = production.withEnvironment(rendered.environment(app));
        String mode = running.require("twinstack.auth.mode");

        assertEquals("none", production.require("twinstack.auth.mode"), "the image alone: local runs, the lab");
        switch (mode) {
            case "jwt" -> {
                assertTrue(running.value("mp.jwt.verify.issuer").isPresent(), "the issuer tokens must name");
                assertTrue(running.value("mp.jwt.verify.audiences").isPresent(), "the audience tokens must name");
                String keys = running.require("mp.jwt.verify.publickey.location");
                assertTrue(keys.endsWith("/" + JWT_KEYS), "the key of the ConfigMap the READMEs name: " + keys);
                assertTrue(
                        app.getVolumeMounts().stream().anyMatch(m -> keys.startsWith(m.getMountPath() + "/")),
                        "the keys " + keys + " are a file mounted into the container");
                assertEquals("false", running.require("twinstack.auth.trust-identity-headers"));
            }
            case "gateway" ->
                assertEquals(
                        "true",
                        running.require("twinstack.auth.trust-identity-headers"),
                        "behind the gateway that writes the identity headers");
            default -> throw new AssertionError(overlay + " runs in auth mode " + mode + ", not jwt or gateway");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void configMapCarriesOnlyRuntimeSettingsAndNoSecrets(String overlay) throws Exception {
        KubernetesManifests rendered = render(overlay);
        Map<String, String> settings =
                rendered.oneNamed(ConfigMap.class, "twinstack-config").getData();

        assertAll(settings.keySet().stream().map(key -> () -> {
            String property = propertyOf(key)
                    .orElseThrow(() -> new AssertionError(key + " is not a setting of this application"));
            String source = config.getConfigValue(property).getSourceName();
            assertFalse(
                    (source != null && source.contains("BuildTime"))
                            || BUILD_TIME_ONLY.stream().anyMatch(property::startsWith),
                    key + " is fixed at build time: it belongs in application.properties");
            assertFalse(key.contains("PASSWORD"), key + " belongs in a Secret");
        }));
        assertAll(containers(rendered)
                .flatMap(c -> c.getEnv().stream())
                .filter(e -> e.getName().contains("PASSWORD") || e.getName().contains("USERNAME"))
                .map(e ->
                        () -> assertNotNull(e.getValueFrom().getSecretKeyRef(), e.getName() + " comes from a Secret")));
        if (overlay.equals("prod")) {
            assertEquals(List.of(), rendered.all(Secret.class), "prod only references Secrets");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void migrationJobRunsTheMigrateModeOncePerRelease(String overlay) throws Exception {
        KubernetesManifests rendered = render(overlay);
        Job job = rendered.oneNamed(Job.class, "twinstack-migrate");
        Container migrate =
                job.getSpec().getTemplate().getSpec().getContainers().get(0);
        String image = app(rendered).getImage();

        assertEquals(image, migrate.getImage(), "the Job migrates with the release's own image");
        assertEquals(
                "twinstack-migrate-" + image.substring(image.lastIndexOf(':') + 1),
                job.getMetadata().getName());
        assertTrue(job.getMetadata().getName().matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?"), "a valid Job name");
        assertEquals("migrate", env(migrate, "QUARKUS_PROFILE").orElseThrow());
        assertNotNull(job.getSpec().getTtlSecondsAfterFinished());
        assertEquals("Never", job.getSpec().getTemplate().getSpec().getRestartPolicy());
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void networkIsClosedButForIngressDatabaseDnsAndTelemetry(String overlay) throws Exception {
        KubernetesManifests rendered = render(overlay);
        List<NetworkPolicy> policies = rendered.all(NetworkPolicy.class);
        List<Integer> egressPorts = policies.stream()
                .flatMap(p -> p.getSpec().getEgress().stream())
                .flatMap(rule -> rule.getPorts().stream())
                .map(NetworkPolicyPort::getPort)
                .map(port -> port.getIntVal())
                .distinct()
                .sorted()
                .toList();
        NetworkPolicy main = rendered.one(NetworkPolicy.class, "twinstack");

        assertEquals(List.of("Ingress", "Egress"), main.getSpec().getPolicyTypes());
        assertEquals(1, main.getSpec().getIngress().size());
        assertEquals(
                httpPort(),
                main.getSpec().getIngress().get(0).getPorts().get(0).getPort().getIntVal());
        assertTrue(
                List.of(53, 4317, 5432).containsAll(egressPorts) && egressPorts.containsAll(List.of(53, 5432)),
                "egress only to DNS, the database and the telemetry backend: " + egressPorts);
        assertNotNull(
                rendered.one(PodDisruptionBudget.class, "twinstack").getSpec().getMaxUnavailable());
    }

    /**
     * Health, metrics and OpenAPI are on the management port, which no policy opens but to the monitoring namespace:
     * an Ingress rule for {@code /} cannot make them public. No ingress rule leaves its ports open.
     */
    @ParameterizedTest
    @MethodSource("overlays")
    void managementPortIsOpenOnlyToTheMonitoringNamespace(String overlay) throws Exception {
        KubernetesManifests rendered = render(overlay);
        int management = managementPort();
        Container app = app(rendered);

        assertEquals("true", production.require("quarkus.management.enabled"), "a management interface of its own");
        assertTrue(management != httpPort(), "the management port is not the API port");
        assertAll(rendered.all(NetworkPolicy.class).stream()
                .flatMap(policy -> policy.getSpec().getIngress().stream().map(rule -> () -> {
                    String name = policy.getMetadata().getName();
                    assertFalse(rule.getPorts().isEmpty(), name + ": an ingress rule open on every port");
                    boolean opensManagement = rule.getPorts().stream()
                            .map(NetworkPolicyPort::getPort)
                            .anyMatch(port -> port.getStrVal() != null
                                    ? containerPort(app, port.getStrVal()) == management
                                    : port.getIntVal() == management);
                    if (opensManagement) {
                        assertFalse(rule.getFrom().isEmpty(), name + ": the management port open to everyone");
                        rule.getFrom()
                                .forEach(peer -> assertEquals(
                                        MONITORING_NAMESPACE,
                                        peer.getNamespaceSelector() == null
                                                ? null
                                                : peer.getNamespaceSelector()
                                                        .getMatchLabels()
                                                        .get("kubernetes.io/metadata.name"),
                                        name + ": the management port open beyond the monitoring namespace"));
                    }
                })));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/q/health/ready", "/q/metrics", "/q/openapi"})
    void managementEndpointsAreNotOnTheApiPort(String path) {
        given().get(path).then().statusCode(404);
        given().port(management.getPort()).get(path).then().statusCode(200);
    }

    /** The server runs as a role that cannot change the schema: the migration Job's credentials are not its own. */
    @ParameterizedTest
    @MethodSource("overlays")
    void migrationAndRuntimeConnectAsDifferentRolesWithRequiredPasswords(String overlay) throws Exception {
        KubernetesManifests rendered = render(overlay);
        Container migrate = rendered.oneNamed(Job.class, "twinstack-migrate")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);

        String runtime = secretOf(app(rendered), "QUARKUS_DATASOURCE_USERNAME");
        String migration = secretOf(migrate, "QUARKUS_DATASOURCE_USERNAME");

        assertFalse(runtime.equals(migration), "the server and the migration Job share the Secret " + runtime);
        assertEquals(runtime, secretOf(app(rendered), "QUARKUS_DATASOURCE_PASSWORD"));
        assertEquals(migration, secretOf(migrate, "QUARKUS_DATASOURCE_PASSWORD"));
        assertAll(Stream.of(app(rendered), migrate)
                .flatMap(c -> c.getEnv().stream())
                .filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                .map(e -> () -> assertNotEquals(
                        Boolean.TRUE, e.getValueFrom().getSecretKeyRef().getOptional(), e.getName() + " optional")));
    }

    private static String secretOf(Container container, String variable) {
        return container.getEnv().stream()
                .filter(e -> e.getName().equals(variable))
                .findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " has no " + variable))
                .getValueFrom()
                .getSecretKeyRef()
                .getName();
    }

    /** Every namespace an overlay creates enforces the restricted Pod Security Standard; prod creates its own. */
    @ParameterizedTest
    @MethodSource("overlays")
    void namespacesEnforceTheRestrictedPodSecurityStandard(String overlay) throws Exception {
        List<Namespace> namespaces = render(overlay).all(Namespace.class);

        assertFalse(namespaces.isEmpty(), overlay + " creates its namespace");
        assertAll(namespaces.stream().map(n -> () -> {
            assertEquals("restricted", n.getMetadata().getLabels().get("pod-security.kubernetes.io/enforce"));
            assertEquals("restricted", n.getMetadata().getLabels().get("pod-security.kubernetes.io/warn"));
        }));
    }

    /** Egress by address goes to the database's subnets, not to a whole VPC. */
    @ParameterizedTest
    @MethodSource("overlays")
    void egressByAddressIsNarrow(String overlay) throws Exception {
        assertAll(render(overlay).all(NetworkPolicy.class).stream()
                .flatMap(p -> p.getSpec().getEgress().stream())
                .flatMap(rule -> rule.getTo().stream())
                .filter(peer -> peer.getIpBlock() != null)
                .map(peer -> () -> {
                    String cidr = peer.getIpBlock().getCidr();
                    assertTrue(Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1)) >= 24, cidr + " is too wide");
                }));
    }

    /** Every pod of every overlay passes the restricted Pod Security Standard and this project's hardening on top. */
    @ParameterizedTest
    @MethodSource("overlays")
    void everyPodPassesThePodSecurityChecks(String overlay) throws Exception {
        assertEquals(List.of(), render(overlay).podSecurityProblems());
    }

    /**
     * Hybrid: only the HTTP API's VPC link reaches the service (deploy-lambda/template.yaml, Topology=hybrid), through an
     * internal Network Load Balancer of the AWS Load Balancer Controller that sends to the pods' addresses with its own
     * as the source; no Ingress, no node port, and the NetworkPolicy admits the API port from the load balancer's fixed
     * addresses alone. There, and only there, the service trusts the identity headers the API overwrites.
     */
    @Test
    void hybridIsReachedThroughTheVpcLinksLoadBalancerOnly() throws Exception {
        KubernetesManifests rendered = render("hybrid");
        Container app = app(rendered);
        Service link = rendered.one(Service.class, VPC_LINK_SERVICE);
        Map<String, String> annotations = link.getMetadata().getAnnotations();
        List<String> subnets = annotationList(annotations, "aws-load-balancer-subnets");
        List<String> sources = annotationList(annotations, "aws-load-balancer-private-ipv4-addresses").stream()
                .map(address -> address + "/32")
                .toList();
        List<NetworkPolicyPeer> admitted = rendered.all(NetworkPolicy.class).stream()
                .flatMap(policy -> policy.getSpec().getIngress().stream())
                .filter(rule -> rule.getPorts().stream()
                        .map(NetworkPolicyPort::getPort)
                        .anyMatch(port -> port.getStrVal() != null
                                ? containerPort(app, port.getStrVal()) == httpPort()
                                : port.getIntVal() == httpPort()))
                .flatMap(rule -> rule.getFrom().stream())
                .toList();
        EffectiveConfig running = production.withEnvironment(rendered.environment(app));

        assertEquals("LoadBalancer", link.getSpec().getType());
        assertEquals(
                "external", annotations.get(LOAD_BALANCER + "aws-load-balancer-type"), "the controller's, not in-tree");
        assertEquals("ip", annotations.get(LOAD_BALANCER + "aws-load-balancer-nlb-target-type"));
        assertEquals("internal", annotations.get(LOAD_BALANCER + "aws-load-balancer-scheme"));
        assertTrue(
                annotations
                        .getOrDefault(LOAD_BALANCER + "aws-load-balancer-target-group-attributes", "")
                        .contains("preserve_client_ip.enabled=false"),
                "the pods see the load balancer's address, which the NetworkPolicy admits");
        assertFalse(
                annotationList(annotations, "aws-load-balancer-security-groups").isEmpty());
        assertEquals(subnets.size(), sources.size(), "one fixed address per subnet");
        assertEquals(Boolean.FALSE, link.getSpec().getAllocateLoadBalancerNodePorts(), "no node port");
        assertEquals(
                httpPort(),
                containerPort(
                        app, link.getSpec().getPorts().get(0).getTargetPort().getStrVal()));
        assertEquals(
                deployment(rendered).getSpec().getSelector().getMatchLabels(),
                link.getSpec().getSelector(),
                "the server pods");
        assertEquals(
                List.of(VPC_LINK_SERVICE),
                rendered.all(Service.class).stream()
                        .filter(s -> !"ClusterIP"
                                .equals(Optional.ofNullable(s.getSpec().getType())
                                        .orElse("ClusterIP")))
                        .map(s -> s.getMetadata().getName())
                        .toList(),
                "the only Service reachable from outside the cluster");
        assertEquals(List.of(), rendered.all(Ingress.class));
        assertFalse(admitted.isEmpty());
        assertAll(admitted.stream().map(peer -> () -> {
            assertNull(peer.getNamespaceSelector(), "the API port admits a namespace: " + peer);
            assertNull(peer.getPodSelector(), "the API port admits pods: " + peer);
            assertTrue(sources.contains(peer.getIpBlock().getCidr()), "not the load balancer: " + peer);
        }));
        assertEquals(
                sources.stream().sorted().toList(),
                admitted.stream().map(p -> p.getIpBlock().getCidr()).sorted().toList());
        assertEquals("gateway", running.require("twinstack.auth.mode"));
        assertEquals("true", running.require("twinstack.auth.trust-identity-headers"));
    }

    private static List<String> annotationList(Map<String, String> annotations, String name) {
        String value = annotations.get(LOAD_BALANCER + name);
        return value == null
                ? List.of()
                : Stream.of(value.split(","))
                        .map(String::strip)
                        .filter(v -> !v.isEmpty())
                        .toList();
    }

    /** Production verifies whom it talks to: the database's certificate and host name, the telemetry gateway's. */
    @Test
    void prodVerifiesTheDatabaseAndTheTelemetryGateway() throws Exception {
        KubernetesManifests rendered = render("prod");
        String url =
                rendered.oneNamed(ConfigMap.class, "twinstack-config").getData().get("QUARKUS_DATASOURCE_JDBC_URL");
        java.util.regex.Matcher rootCert =
                java.util.regex.Pattern.compile("[?&]sslrootcert=([^&]+)").matcher(url);
        Container migrate = rendered.oneNamed(Job.class, "twinstack-migrate")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
        JsonNode collector = new ObjectMapper(new YAMLFactory())
                .readTree(rendered.oneNamed(ConfigMap.class, "otel-collector")
                        .getData()
                        .get("collector.yaml"));

        assertTrue(url.contains("sslmode=verify-full"), url);
        assertTrue(rootCert.find(), "the CA bundle is named: " + url);
        for (Container container : List.of(app(rendered), migrate)) {
            assertTrue(
                    container.getVolumeMounts().stream()
                            .anyMatch(m -> rootCert.group(1).startsWith(m.getMountPath() + "/")),
                    container.getName() + " mounts " + rootCert.group(1));
        }
        collector.at("/exporters").forEach(exporter -> {
            assertFalse(exporter.at("/tls/insecure").asBoolean(false), "an exporter without TLS: " + exporter);
            assertFalse(exporter.at("/tls/insecure_skip_verify").asBoolean(false), "TLS unverified: " + exporter);
        });
    }

    /** Cost allocation: the keys of the AWS tags on every object, and on every pod (templates). */
    @ParameterizedTest
    @MethodSource("overlays")
    void everyObjectAndPodCarriesTheCostAllocationLabels(String overlay) throws Exception {
        KubernetesManifests rendered = render(overlay);
        List<Map.Entry<String, Map<String, String>>> labelled = new ArrayList<>();
        rendered.all()
                .forEach(o -> labelled.add(Map.entry(
                        o.getKind() + " " + o.getMetadata().getName(),
                        o.getMetadata().getLabels())));
        rendered.all(Deployment.class)
                .forEach(d -> labelled.add(Map.entry(
                        "pods of " + d.getMetadata().getName(),
                        d.getSpec().getTemplate().getMetadata().getLabels())));
        rendered.all(Job.class)
                .forEach(j -> labelled.add(Map.entry(
                        "pods of " + j.getMetadata().getName(),
                        j.getSpec().getTemplate().getMetadata().getLabels())));

        assertAll(labelled.stream().map(e -> () -> {
            assertEquals("twinstack", e.getValue().get("service"), e.getKey());
            assertNotNull(e.getValue().get("environment"), e.getKey() + " environment");
            assertTrue(
                    List.of("api", "compute", "data", "observability", "identity")
                            .contains(e.getValue().get("tier")),
                    e.getKey() + " tier " + e.getValue().get("tier"));
        }));
    }

    private static Deployment deployment(KubernetesManifests rendered) {
        return rendered.one(Deployment.class, "twinstack");
    }

    private static Container app(KubernetesManifests rendered) {
        return deployment(rendered).getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals("app"))
                .findFirst()
                .orElseThrow();
    }

    private static Stream<Container> containers(KubernetesManifests rendered) {
        return Stream.concat(
                        rendered.all(Deployment.class).stream()
                                .map(d -> d.getSpec().getTemplate().getSpec()),
                        rendered.all(Job.class).stream()
                                .map(j -> j.getSpec().getTemplate().getSpec()))
                .flatMap(p -> Stream.concat(p.getContainers().stream(), p.getInitContainers().stream()));
    }

    private static Optional<String> env(Container container, String name) {
        return container.getEnv().stream()
                .filter(e -> e.getName().equals(name) && e.getValue() != null)
                .map(EnvVar::getValue)
                .findFirst();
    }

    private Optional<String> propertyOf(String envKey) {
        for (String name : READ_WITHOUT_DEFAULT) {
            if (EffectiveConfig.environmentName(name).equals(envKey)) {
                return Optional.of(name);
            }
        }
        for (String name : config.getPropertyNames()) {
            if (EffectiveConfig.environmentName(name).equals(envKey)) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    private int httpPort() {
        return production.value("quarkus.http.port").map(Integer::parseInt).orElse(QUARKUS_DEFAULT_HTTP_PORT);
    }

    private int managementPort() {
        return production
                .value("quarkus.management.port")
                .map(Integer::parseInt)
                .orElse(QUARKUS_DEFAULT_MANAGEMENT_PORT);
    }

    private long seconds(String property) {
        return config.getValue(property, Duration.class).toSeconds();
    }

    private static int containerPort(Container container, String name) {
        return container.getPorts().stream()
                .filter(p -> name.equals(p.getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + name))
                .getContainerPort();
    }
}
