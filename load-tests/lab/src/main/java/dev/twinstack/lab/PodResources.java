package dev.twinstack.lab;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinstack.toolkit.Cgroups;
import dev.twinstack.toolkit.KubernetesManifests;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a replica's container gets from the deploy files: the Deployment's CPU and memory limits, enforced with a
 * control group per container where this machine lets the lab create them (the same detection and fallback as
 * lambda-local's environments, {@link Cgroups}), and the JVM as the image starts it (the ENTRYPOINT's options, the
 * container's JVM variables such as {@code JAVA_TOOL_OPTIONS}), so that it sizes its heap and its threads from the
 * limits as it would in the container. Where no group can be created the replicas run unlimited, the JVM is told the
 * limits instead ({@code -XX:MaxRAM}, {@code -XX:ActiveProcessorCount}) so that at least it sizes itself the same, and
 * the run says so.
 *
 * @param cpuLimit the container's CPU limit in cores (null: none)
 * @param memoryLimitBytes the container's memory limit (null: none)
 * @param jvmOptions the JVM options the image's entrypoint (or the container's command) passes before {@code -jar}
 * @param jvmEnvironment the container's variables the JVM reads itself ({@code JAVA_TOOL_OPTIONS} and the like)
 * @param source where these came from, for the run's description
 */
record PodResources(
        Double cpuLimit,
        Long memoryLimitBytes,
        List<String> jvmOptions,
        Map<String, String> jvmEnvironment,
        String source) {

    /** Variables the JVM's launcher reads by itself. */
    static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

    private static final AtomicInteger GROUPS = new AtomicInteger();

    /** The first container of Deployment {@code name} and the default target of the image recipe. */
    static PodResources read(KubernetesManifests manifests, String name, Path dockerfile) throws IOException {
        Deployment deployment = manifests.one(Deployment.class, name);
        Container app =
                deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, Quantity> limits =
                app.getResources() == null || app.getResources().getLimits() == null
                        ? Map.of()
                        : app.getResources().getLimits();
        Double cpu = limits.containsKey("cpu")
                ? limits.get("cpu").getNumericalAmount().doubleValue()
                : null;
        Long memory = limits.containsKey("memory")
                ? limits.get("memory").getNumericalAmount().longValueExact()
                : null;
        List<String> command =
                app.getCommand() == null || app.getCommand().isEmpty() ? entrypoint(dockerfile) : app.getCommand();
        Map<String, String> environment = new LinkedHashMap<>();
        for (EnvVar variable : app.getEnv()) {
            if (JVM_VARIABLES.contains(variable.getName()) && variable.getValue() != null) {
                environment.put(variable.getName(), variable.getValue());
            }
        }
        return new PodResources(
                cpu,
                memory,
                jvmOptions(command),
                environment,
                "Deployment " + name + "'s container " + app.getName() + ", "
                        + (app.getCommand() == null || app.getCommand().isEmpty()
                                ? "the ENTRYPOINT of " + dockerfile.getFileName()
                                : "its command"));
    }

    /** The options between {@code java} and {@code -jar} (or the main class). */
    static List<String> jvmOptions(List<String> command) {
        if (command.isEmpty() || !command.get(0).endsWith("java")) {
            throw new IllegalArgumentException("the container does not start java: " + command);
        }
        List<String> options = new ArrayList<>();
        for (String argument : command.subList(1, command.size())) {
            if (argument.equals("-jar") || !argument.startsWith("-")) {
                break;
            }
            options.add(argument);
        }
        return List.copyOf(options);
    }

    /** The exec-form ENTRYPOINT of a Dockerfile's last stage (its default target). */
    static List<String> entrypoint(Path dockerfile) throws IOException {
        String joined = Files.readString(dockerfile).replaceAll("\\\\\\n", " ");
        String entrypoint = null;
        for (String line : joined.split("\n")) {
            String text = line.strip();
            String upper = text.toUpperCase(Locale.ROOT);
            if (upper.startsWith("FROM ")) {
                entrypoint = null;
            } else if (upper.startsWith("ENTRYPOINT ")) {
                entrypoint = text.substring("ENTRYPOINT ".length()).strip();
            }
        }
        if (entrypoint == null || !entrypoint.startsWith("[")) {
            throw new IllegalArgumentException(
                    dockerfile + ": the last stage has no exec-form ENTRYPOINT (a JSON array): " + entrypoint);
        }
        List<String> arguments = new ArrayList<>();
        new ObjectMapper().readTree(entrypoint).forEach(a -> arguments.add(a.asText()));
        return arguments;
    }

    /** The limits as a control group takes them. */
    Cgroups.Limits limits() {
        return new Cgroups.Limits(cpuLimit, memoryLimitBytes);
    }

    boolean limited() {
        return cpuLimit != null || memoryLimitBytes != null;
    }

    /**
     * The JVM's options for a replica: the image's, and, when the limits are not enforced here, the limits themselves,
     * so that the JVM sizes itself as it would in the container.
     */
    List<String> jvmOptions(boolean enforced) {
        List<String> options = new ArrayList<>(jvmOptions);
        if (!enforced) {
            if (memoryLimitBytes != null) {
                options.add("-XX:MaxRAM=" + memoryLimitBytes);
            }
            if (cpuLimit != null) {
                options.add("-XX:ActiveProcessorCount=" + (int) Math.ceil(cpuLimit));
            }
        }
        return options;
    }

    /** What each replica gets, and whether it is enforced, for the terminal and the run's caveats. */
    String describe(Cgroups.Availability cgroups) {
        String asked = String.format(
                Locale.ROOT,
                "%s CPU and %s memory",
                cpuLimit == null ? "no" : String.format(Locale.ROOT, "%.2f", cpuLimit),
                memoryLimitBytes == null ? "no" : (memoryLimitBytes >> 20) + " MiB");
        return cgroups.available()
                ? "each replica runs under its Deployment's limits, " + asked + " (" + cgroups.description() + ")"
                : "replicas run unlimited, not at their Deployment's " + asked + ": " + cgroups.description()
                        + "; the JVM is given the limits as flags ("
                        + String.join(
                                " ",
                                jvmOptions(false)
                                        .subList(
                                                jvmOptions.size(),
                                                jvmOptions(false).size()))
                        + ") so it sizes itself as in the container";
    }

    /** A new group for one container of one replica, or empty when replicas run unlimited. */
    Optional<Cgroups.Group> group(Cgroups.Availability cgroups, int replica) {
        if (!cgroups.available() || !limited()) {
            return Optional.empty();
        }
        return Optional.of(cgroups.cgroups()
                .orElseThrow()
                .create(
                        "twinstack-k8s-" + ProcessHandle.current().pid() + "-" + replica + "-"
                                + GROUPS.incrementAndGet(),
                        limits()));
    }
}
