package dev.twinstack.toolkit;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
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
