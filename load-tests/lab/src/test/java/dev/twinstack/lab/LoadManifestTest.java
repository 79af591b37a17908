package dev.twinstack.lab;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.toolkit.KubernetesManifests;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The distributed load's manifests (load-tests/kubernetes), rendered by {@code kubectl kustomize}: the generators are an
 * Indexed Job of one pod per slice, all at once, that runs the scenario and reaches the collector's Service; the
 * collector runs the class that waits for them; every pod passes the restricted Pod Security Standard and the project's
 * hardening; the image is the one the build makes. Needs kubectl: runs under {@code -Pfull} only.
 */
@EnabledIfSystemProperty(named = "twinstack-full", matches = "true", disabledReason = "needs kubectl: run with -Pfull")
class LoadManifestTest {

    private static final Path KUSTOMIZATION = Path.of("../kubernetes");
    private static final Path POM = Path.of("pom.xml");

    private static KubernetesManifests rendered;

    @BeforeAll
    static void render() {
        rendered = KubernetesManifests.render(KUSTOMIZATION);
    }

    @Test
    void everyPodPassesTheRestrictedPodSecurityStandardAndTheProjectsHardening() {
        assertEquals(List.of(), rendered.podSecurityProblems());
    }

    @Test
    void theLoadRunsInANamespaceEnforcingTheRestrictedStandard() {
        Namespace namespace = rendered.one(Namespace.class, "twinstack-load");

        assertEquals("restricted", namespace.getMetadata().getLabels().get("pod-security.kubernetes.io/enforce"));
        assertAll(rendered.all().stream()
                .filter(o -> !(o instanceof Namespace))
                .map(o -> () -> assertEquals("twinstack-load", o.getMetadata().getNamespace(), describe(o))));
    }

    @Test
    void generatorsAreAnIndexedJobOfOnePodPerSliceAllRunningAtOnce() {
        Job job = generators();
        int slices = Integer.parseInt(rendered.environment(generator()).get("LOAD_GENERATORS"));

        assertEquals("Indexed", job.getSpec().getCompletionMode());
        assertEquals(slices, job.getSpec().getCompletions(), "one completion per slice");
        assertEquals(slices, job.getSpec().getParallelism(), "all at once, or the barrier waits for ever");
        assertEquals(0, job.getSpec().getBackoffLimit(), "a slice run twice would count its arrivals twice");
        assertEquals(
                Integer.toString(slices),
                rendered.environment(collectorContainer()).get("LOAD_GENERATORS"),
                "the collector waits for as many generators as the Job runs");
    }

    @Test
    void generatorsRunTheScenarioIntoMountedVolumes() {
        Container generator = generator();
        List<String> args = generator.getArgs();
        String simulation = args.get(args.indexOf("--simulation") + 1);
        String resultsFolder = args.get(args.indexOf("--results-folder") + 1);

        assertDoesNotThrow(() -> Class.forName(simulation));
        assertMounted(generator, resultsFolder);
        assertMounted(generator, rendered.environment(generator).get("REQUEST_LOG"));
    }

    @Test
    void generatorsReadTheirTokensFromAnOptionalSecret() {
        Container generator = generator();
        String tokens = rendered.environment(generator).get("TOKENS");

        assertMounted(generator, tokens);
        var mount = generator.getVolumeMounts().stream()
                .filter(m -> tokens.startsWith(m.getMountPath() + "/"))
                .findFirst()
                .orElseThrow();
        assertTrue(mount.getReadOnly(), "the tokens are mounted read-only");
        var volume = rendered.one(Job.class, "load-generators").getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals(mount.getName()))
                .findFirst()
                .orElseThrow();
        assertEquals("twinstack-load-tokens", volume.getSecret().getSecretName());
        assertTrue(volume.getSecret().getOptional(), "a target without auth needs no Secret");
    }

    @Test
    void generatorsReachTheCollectorThroughItsService() {
        URI collector = URI.create(rendered.environment(generator()).get("LOAD_COLLECTOR"));
        Service service = rendered.one(Service.class, collector.getHost());
        ServicePort port = service.getSpec().getPorts().stream()
                .filter(p -> p.getPort() == collector.getPort())
                .findFirst()
                .orElseThrow(() -> new AssertionError("the Service has no port " + collector.getPort()));
        Deployment deployment = rendered.one(Deployment.class, "load-collector");
        Container container = collectorContainer();
        int containerPort = container.getPorts().stream()
                .filter(p -> p.getName().equals(port.getTargetPort().getStrVal()))
                .findFirst()
                .orElseThrow()
                .getContainerPort();

        assertTrue(
                deployment
                        .getSpec()
                        .getTemplate()
                        .getMetadata()
                        .getLabels()
                        .entrySet()
                        .containsAll(service.getSpec().getSelector().entrySet()),
                "the Service selects the collector's pods");
        assertFalse(
                generators()
                        .getSpec()
                        .getTemplate()
                        .getMetadata()
                        .getLabels()
                        .entrySet()
                        .containsAll(service.getSpec().getSelector().entrySet()),
                "and not the generators'");
        assertEquals(
                Integer.toString(containerPort), rendered.environment(container).get("COLLECTOR_PORT"));
    }

    @Test
    void theCollectorRunsTheClassThatWaitsForTheGeneratorsAndWritesIntoAMountedVolume() {
        Container collector = collectorContainer();
        List<String> command = collector.getCommand();

        assertEquals(ClusterCollector.class.getName(), command.get(command.size() - 1));
        assertTrue(command.contains("@/app/jib-classpath-file"), "the image's own class path: " + command);
        assertMounted(collector, rendered.environment(collector).get("RESULTS_DIR"));
    }

    @Test
    void collectorAndGeneratorsReadTheSameRunSettings() {
        assertEquals(
                generator().getEnvFrom().get(0).getConfigMapRef().getName(),
                collectorContainer().getEnvFrom().get(0).getConfigMapRef().getName());
    }

    @Test
    void theImageIsTheOneTheBuildMakes() throws Exception {
        Matcher jib = Pattern.compile("<jib.to.image>([^:<]+):").matcher(Files.readString(POM));
        assertTrue(jib.find(), "the lab's pom names the image");

        for (Container c : List.of(generator(), collectorContainer())) {
            assertTrue(c.getImage().startsWith(jib.group(1) + ":"), c.getName() + " runs " + c.getImage());
        }
    }

    @Test
    void theImagesUserIsThePodsAndItsWorkingDirectoryIsMounted() throws Exception {
        String pom = Files.readString(POM);
        Matcher user = Pattern.compile("<user>(\\d+):(\\d+)</user>").matcher(pom);
        Matcher workingDirectory =
                Pattern.compile("<workingDirectory>([^<]+)</workingDirectory>").matcher(pom);
        assertTrue(user.find() && workingDirectory.find(), "the lab's pom sets the image's user and directory");

        for (var pod : List.of(
                generators().getSpec().getTemplate().getSpec(),
                rendered.one(Deployment.class, "load-collector")
                        .getSpec()
                        .getTemplate()
                        .getSpec())) {
            assertEquals(Long.parseLong(user.group(1)), pod.getSecurityContext().getRunAsUser());
            assertEquals(Long.parseLong(user.group(2)), pod.getSecurityContext().getRunAsGroup());
        }
        assertMounted(generator(), workingDirectory.group(1));
        assertMounted(collectorContainer(), workingDirectory.group(1));
    }

    @Test
    void everyObjectAndPodCarriesTheCostAllocationLabels() {
        List<Map.Entry<String, Map<String, String>>> labelled = new ArrayList<>();
        rendered.all()
                .forEach(
                        o -> labelled.add(Map.entry(describe(o), o.getMetadata().getLabels())));
        labelled.add(Map.entry(
                "pods of the generators",
                generators().getSpec().getTemplate().getMetadata().getLabels()));
        labelled.add(Map.entry(
                "pods of the collector",
                rendered.one(Deployment.class, "load-collector")
                        .getSpec()
                        .getTemplate()
                        .getMetadata()
                        .getLabels()));

        assertAll(labelled.stream().map(e -> () -> {
            assertEquals("twinstack", e.getValue().get("service"), e.getKey());
            assertNotNull(e.getValue().get("environment"), e.getKey());
            assertNotNull(e.getValue().get("tier"), e.getKey());
        }));
    }

    private static Job generators() {
        return rendered.one(Job.class, "load-generators");
    }

    private static Container generator() {
        return generators().getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static Container collectorContainer() {
        return rendered.one(Deployment.class, "load-collector")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
    }

    /** {@code path} lies on a volume the container mounts: the root file system is read-only. */
    private static void assertMounted(Container container, String path) {
        assertNotNull(path, container.getName() + ": no path");
        assertTrue(
                container.getVolumeMounts().stream()
                        .anyMatch(m -> path.equals(m.getMountPath()) || path.startsWith(m.getMountPath() + "/")),
                container.getName() + " writes " + path + " outside its mounted volumes");
    }

    private static String describe(HasMetadata o) {
        return o.getKind() + " " + o.getMetadata().getName();
    }
}
