package dev.twinstack.toolkit;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Kubernetes manifests as {@code kubectl kustomize} renders them, read as the fabric8 model's objects, with what a
 * container's process would see of them: its environment, from its ConfigMaps and its own {@code env}.
 */
public final class KubernetesManifests {

    private final List<HasMetadata> objects;

    private KubernetesManifests(List<HasMetadata> objects) {
        this.objects = List.copyOf(objects);
    }

    /** Renders a kustomization ({@link Kustomize}) and reads the result. */
    public static KubernetesManifests render(Path kustomization) {
        return parse(Kustomize.render(kustomization));
    }

    /** A YAML stream of one or more documents (or a {@code List}). */
    public static KubernetesManifests parse(String yaml) {
        Object parsed = new KubernetesSerialization().unmarshal(yaml);
        if (parsed instanceof KubernetesList list) {
            return new KubernetesManifests(list.getItems());
        }
        if (parsed instanceof List<?> list) {
            return new KubernetesManifests(list.stream()
                    .filter(Objects::nonNull)
                    .map(HasMetadata.class::cast)
                    .toList());
        }
        return new KubernetesManifests(parsed == null ? List.of() : List.of((HasMetadata) parsed));
    }

    public List<HasMetadata> all() {
        return objects;
    }

    public <T extends HasMetadata> List<T> all(Class<T> kind) {
        return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    /** The one object of this kind with this name. */
    public <T extends HasMetadata> T one(Class<T> kind, String name) {
        return oneMatching(kind, name, name::equals);
    }

    /**
     * The one object of this kind whose name is {@code prefix-<suffix>}: a generated ConfigMap (hashed suffix) or an
     * object named per release.
     */
    public <T extends HasMetadata> T oneNamed(Class<T> kind, String prefix) {
        return oneMatching(kind, prefix + "-*", name -> name.startsWith(prefix + "-"));
    }

    /**
     * The environment the container's process starts with, as the kubelet builds it: every ConfigMap in
     * {@code envFrom} (with its prefix), then {@code env}, later entries winning. Values from Secrets, the downward API
     * or resources are not in the manifests and are left out.
     */
    public Map<String, String> environment(Container container) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (EnvFromSource from : container.getEnvFrom()) {
            if (from.getConfigMapRef() == null) {
                continue;
            }
            String prefix = from.getPrefix() == null ? "" : from.getPrefix();
            ConfigMap map = configMap(from.getConfigMapRef().getName());
            if (map == null && !Boolean.TRUE.equals(from.getConfigMapRef().getOptional())) {
                throw new NoSuchElementException("container " + container.getName() + " loads ConfigMap "
                        + from.getConfigMapRef().getName() + ", which the manifests do not hold");
            }
            if (map != null && map.getData() != null) {
                map.getData().forEach((key, value) -> environment.put(prefix + key, value));
            }
        }
        for (EnvVar variable : container.getEnv()) {
            if (variable.getValue() != null) {
                environment.put(variable.getName(), variable.getValue());
            } else if (variable.getValueFrom() != null
                    && variable.getValueFrom().getConfigMapKeyRef() != null) {
                var ref = variable.getValueFrom().getConfigMapKeyRef();
                ConfigMap map = configMap(ref.getName());
                if (map != null && map.getData() != null && map.getData().containsKey(ref.getKey())) {
                    environment.put(variable.getName(), map.getData().get(ref.getKey()));
                }
            } else if (variable.getValueFrom() == null) {
                environment.put(variable.getName(), "");
            }
        }
        return environment;
    }

    /**
     * What keeps the pods of these manifests (every Deployment's, StatefulSet's, DaemonSet's and Job's template) from
     * the restricted Pod Security Standard, and from this project's own hardening on top of it: a read-only root file
     * system, no service account token, and requests and limits of CPU, memory and ephemeral storage on every
     * container. Empty when none; each problem names the pod and the container.
     *
     * @see <a href="https://kubernetes.io/docs/concepts/security/pod-security-standards/">Pod Security Standards</a>
     */
    public List<String> podSecurityProblems() {
        Map<String, PodSpec> pods = new LinkedHashMap<>();
        all(Deployment.class)
                .forEach(d -> pods.put(
                        "Deployment " + name(d), d.getSpec().getTemplate().getSpec()));
        all(StatefulSet.class)
                .forEach(d -> pods.put(
                        "StatefulSet " + name(d), d.getSpec().getTemplate().getSpec()));
        all(DaemonSet.class)
                .forEach(d -> pods.put(
                        "DaemonSet " + name(d), d.getSpec().getTemplate().getSpec()));
        all(Job.class)
                .forEach(j ->
                        pods.put("Job " + name(j), j.getSpec().getTemplate().getSpec()));
        List<String> problems = new ArrayList<>();
        pods.forEach((pod, spec) -> {
            PodSecurityContext podSecurity = spec.getSecurityContext();
            boolean podNonRoot = podSecurity != null && Boolean.TRUE.equals(podSecurity.getRunAsNonRoot());
            String podSeccomp = podSecurity == null || podSecurity.getSeccompProfile() == null
                    ? null
                    : podSecurity.getSeccompProfile().getType();
            if (podSecurity != null && Long.valueOf(0).equals(podSecurity.getRunAsUser())) {
                problems.add(pod + ": runs as user 0");
            }
            if (Boolean.TRUE.equals(spec.getHostNetwork())
                    || Boolean.TRUE.equals(spec.getHostPID())
                    || Boolean.TRUE.equals(spec.getHostIPC())) {
                problems.add(pod + ": shares a host namespace");
            }
            spec.getVolumes().stream()
                    .filter(v -> v.getHostPath() != null)
                    .forEach(v -> problems.add(pod + ": hostPath volume " + v.getName()));
            if (!Boolean.FALSE.equals(spec.getAutomountServiceAccountToken())) {
                problems.add(pod + ": mounts a service account token");
            }
            List<Container> containers = new ArrayList<>(spec.getContainers());
            containers.addAll(spec.getInitContainers());
            for (Container c : containers) {
                String where = pod + ", container " + c.getName();
                SecurityContext security = c.getSecurityContext();
                if (security == null) {
                    problems.add(where + ": no securityContext");
                    continue;
                }
                if (!podNonRoot && !Boolean.TRUE.equals(security.getRunAsNonRoot())) {
                    problems.add(where + ": runAsNonRoot is not true");
                }
                if (Long.valueOf(0).equals(security.getRunAsUser())) {
                    problems.add(where + ": runs as user 0");
                }
                String seccomp = security.getSeccompProfile() == null
                        ? podSeccomp
                        : security.getSeccompProfile().getType();
                if (!"RuntimeDefault".equals(seccomp) && !"Localhost".equals(seccomp)) {
                    problems.add(where + ": seccomp profile " + seccomp + ", not RuntimeDefault or Localhost");
                }
                if (!Boolean.FALSE.equals(security.getAllowPrivilegeEscalation())) {
                    problems.add(where + ": allowPrivilegeEscalation is not false");
                }
                if (Boolean.TRUE.equals(security.getPrivileged())) {
                    problems.add(where + ": privileged");
                }
                Capabilities capabilities = security.getCapabilities();
                if (capabilities == null || !capabilities.getDrop().contains("ALL")) {
                    problems.add(where + ": does not drop ALL capabilities");
                } else if (capabilities.getAdd().stream().anyMatch(a -> !a.equals("NET_BIND_SERVICE"))) {
                    problems.add(where + ": adds capabilities " + capabilities.getAdd());
                }
                if (!Boolean.TRUE.equals(security.getReadOnlyRootFilesystem())) {
                    problems.add(where + ": root file system is writable");
                }
                for (String resource : List.of("cpu", "memory", "ephemeral-storage")) {
                    if (c.getResources() == null
                            || c.getResources().getRequests() == null
                            || !c.getResources().getRequests().containsKey(resource)) {
                        problems.add(where + ": no " + resource + " request");
                    }
                    if (c.getResources() == null
                            || c.getResources().getLimits() == null
                            || !c.getResources().getLimits().containsKey(resource)) {
                        problems.add(where + ": no " + resource + " limit");
                    }
                }
            }
        });
        return problems;
    }

    private static String name(HasMetadata object) {
        return object.getMetadata().getName();
    }

    private ConfigMap configMap(String name) {
        return all(ConfigMap.class).stream()
                .filter(m -> m.getMetadata().getName().equals(name))
                .findFirst()
                .orElse(null);
    }

    private <T extends HasMetadata> T oneMatching(Class<T> kind, String what, Predicate<String> names) {
        List<T> found = all(kind).stream()
                .filter(o -> names.test(o.getMetadata().getName()))
                .toList();
        if (found.size() != 1) {
            throw new NoSuchElementException(
                    "expected exactly one " + kind.getSimpleName() + " " + what + ", found " + found.size());
        }
        return found.get(0);
    }
}
