package dev.twinstack.toolkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** Rendered manifests read as objects, and the environment a container gets from them. */
class KubernetesManifestsTest {

    private static final String RENDERED = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: twinstack-config-7k2f9
            data:
              QUARKUS_DATASOURCE_JDBC_MAX_SIZE: "8"
              QUARKUS_DATASOURCE_JDBC_URL: jdbc:postgresql://db:5432/twinstack
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: tuning
            data:
              GC: serial
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: twinstack
            spec:
              template:
                spec:
                  containers:
                    - name: app
                      image: twinstack:1
                      envFrom:
                        - configMapRef:
                            name: twinstack-config-7k2f9
                        - prefix: JAVA_
                          configMapRef:
                            name: tuning
                      env:
                        - name: QUARKUS_DATASOURCE_JDBC_MAX_SIZE
                          value: "4"
                        - name: QUARKUS_DATASOURCE_PASSWORD
                          valueFrom:
                            secretKeyRef:
                              name: db
                              key: password
                        - name: COLLECTOR
                          valueFrom:
                            configMapKeyRef:
                              name: tuning
                              key: GC
            ---
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata:
              name: twinstack
            spec:
              maxReplicas: 6
              scaleTargetRef:
                apiVersion: apps/v1
                kind: Deployment
                name: twinstack
            """;

    private final KubernetesManifests manifests = KubernetesManifests.parse(RENDERED);

    @Test
    void readsEveryDocumentAsItsKind() {
        assertEquals(4, manifests.all().size());
        assertEquals(2, manifests.all(ConfigMap.class).size());
        assertEquals(
                6,
                manifests
                        .one(HorizontalPodAutoscaler.class, "twinstack")
                        .getSpec()
                        .getMaxReplicas());
    }

    @Test
    void findsGeneratedNamesByTheirPrefix() {
        assertEquals(
                "twinstack-config-7k2f9",
                manifests
                        .oneNamed(ConfigMap.class, "twinstack-config")
                        .getMetadata()
                        .getName());
        assertThrows(NoSuchElementException.class, () -> manifests.one(ConfigMap.class, "twinstack-config"));
    }

    @Test
    void givesAContainerItsConfigMapsThenItsOwnEnvWithoutSecrets() {
        var app = manifests
                .one(Deployment.class, "twinstack")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);

        assertEquals(
                Map.of(
                        "QUARKUS_DATASOURCE_JDBC_MAX_SIZE", "4",
                        "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://db:5432/twinstack",
                        "JAVA_GC", "serial",
                        "COLLECTOR", "serial"),
                manifests.environment(app));
    }

    private static final String LOCKED_DOWN_JOB = """
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: load
            spec:
              template:
                spec:
                  automountServiceAccountToken: false
                  securityContext:
                    runAsNonRoot: true
                    runAsUser: 10001
                    seccompProfile:
                      type: RuntimeDefault
                  containers:
                    - name: generator
                      image: load:1
                      resources:
                        requests: {cpu: "1", memory: 768Mi, ephemeral-storage: 256Mi}
                        limits: {cpu: "1", memory: 768Mi, ephemeral-storage: 512Mi}
                      securityContext:
                        allowPrivilegeEscalation: false
                        readOnlyRootFilesystem: true
                        capabilities:
                          drop: [ALL]
            """;

    @Test
    void aLockedDownPodHasNoPodSecurityProblem() {
        assertEquals(List.of(), KubernetesManifests.parse(LOCKED_DOWN_JOB).podSecurityProblems());
    }

    @Test
    void namesEveryPodSecurityProblemWithItsPodAndContainer() {
        String loose = LOCKED_DOWN_JOB
                .replace("automountServiceAccountToken: false", "hostNetwork: true")
                .replace("runAsUser: 10001", "runAsUser: 0")
                .replace("allowPrivilegeEscalation: false", "privileged: true")
                .replace("readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false")
                .replace("drop: [ALL]", "add: [NET_ADMIN]")
                .replace(", ephemeral-storage: 512Mi", "");

        assertEquals(
                List.of(
                        "Job load: runs as user 0",
                        "Job load: shares a host namespace",
                        "Job load: mounts a service account token",
                        "Job load, container generator: allowPrivilegeEscalation is not false",
                        "Job load, container generator: privileged",
                        "Job load, container generator: does not drop ALL capabilities",
                        "Job load, container generator: root file system is writable",
                        "Job load, container generator: no ephemeral-storage limit"),
                KubernetesManifests.parse(loose).podSecurityProblems());
    }
}
