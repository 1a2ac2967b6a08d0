package io.kaskade.build.builder.kaniko;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.kaskade.core.gocompat.GoDuration;
import io.kaskade.model.config.ClusterDetails;
import io.kaskade.model.config.KanikoArtifact;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KanikoPodTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KanikoImages IMAGES = new KanikoImages("registry.local/kaniko:1", "registry.local/busybox:1");

    static KanikoArtifact artifact(String json) throws Exception {
        return JSON.readValue(json, KanikoArtifact.class);
    }

    static ClusterDetails cluster(String json) throws Exception {
        return JSON.readValue(json, ClusterDetails.class);
    }

    @Test
    void minimalPodIsSkaffoldsLayoutOnTheHostNetwork() throws Exception {
        Pod pod = KanikoPod.spec(
                artifact("{}"),
                cluster("{}"),
                "builds",
                "Dockerfile",
                "127.0.0.1:5000/app:v1",
                Map.of(),
                List.of(),
                IMAGES);

        assertThat(pod.getMetadata().getNamespace()).isEqualTo("builds");
        assertThat(pod.getMetadata().getGenerateName()).isEqualTo("kaniko-");
        assertThat(pod.getMetadata().getLabels()).containsEntry("kaskade-kaniko", "true");
        assertThat(pod.getSpec().getHostNetwork()).isTrue();
        assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
        Container init = pod.getSpec().getInitContainers().get(0);
        assertThat(init.getName()).isEqualTo("kaniko-init-container");
        assertThat(init.getImage()).isEqualTo("registry.local/busybox:1");
        assertThat(init.getCommand()).containsExactly("sh", "-c", "while [ ! -f /tmp/complete ]; do sleep 1; done");
        assertThat(init.getVolumeMounts())
                .extracting(VolumeMount::getMountPath)
                .containsExactly("/kaniko/buildcontext");
        Container kaniko = pod.getSpec().getContainers().get(0);
        assertThat(kaniko.getName()).isEqualTo("kaniko");
        assertThat(kaniko.getImage()).isEqualTo("registry.local/kaniko:1");
        assertThat(kaniko.getArgs())
                .containsExactly(
                        "--dockerfile", "/kaniko/buildcontext/Dockerfile",
                        "--context", "dir:///kaniko/buildcontext",
                        "--destination", "127.0.0.1:5000/app:v1",
                        "--digest-file", "/dev/termination-log");
        assertThat(kaniko.getTerminationMessagePath()).isEqualTo("/dev/termination-log");
        assertThat(pod.getSpec().getVolumes()).extracting(Volume::getName).containsExactly("kaniko-emptydir");
        assertThat(pod.getSpec().getServiceAccountName()).isNull();
    }

    @Test
    void clusterDetailsReachThePod() throws Exception {
        ClusterDetails cluster = cluster("""
                {"pullSecretName": "gcp-key", "dockerConfig": {"secretName": "regcred"}, "serviceAccount": "builder",
                 "runAsUser": 1000, "nodeSelector": {"disk": "ssd"}, "labels": {"team": "a"}, "annotations": {"note": "x"},
                 "tolerations": [{"key": "dedicated", "operator": "Equal", "value": "builds", "effect": "NoSchedule"}],
                 "resources": {"requests": {"cpu": "500m", "memory": "1Gi"}, "limits": {"memory": "2Gi", "ephemeralStorage": "5Gi"}},
                 "volumes": [{"name": "extra", "emptyDir": {}}], "HTTP_PROXY": "http://127.0.0.1:3128"}
                """);
        KanikoArtifact artifact = artifact("""
                {"image": "mirror/kaniko:2", "initImage": "mirror/busybox:2", "imagePullSecret": "pull",
                 "env": [{"name": "A", "value": "1"}], "volumeMounts": [{"name": "extra", "mountPath": "/extra"}]}
                """);
        Pod pod = KanikoPod.spec(artifact, cluster, "builds", "Dockerfile", "r/app:v1", Map.of(), List.of(), IMAGES);

        Container kaniko = pod.getSpec().getContainers().get(0);
        Container init = pod.getSpec().getInitContainers().get(0);
        assertThat(kaniko.getImage()).isEqualTo("mirror/kaniko:2");
        assertThat(init.getImage()).isEqualTo("mirror/busybox:2");
        assertThat(pod.getSpec().getImagePullSecrets())
                .extracting(r -> r.getName())
                .containsExactly("pull");
        assertThat(pod.getSpec().getServiceAccountName()).isEqualTo("builder");
        assertThat(pod.getSpec().getSecurityContext().getRunAsUser()).isEqualTo(1000L);
        assertThat(pod.getSpec().getNodeSelector()).containsExactly(Map.entry("disk", "ssd"));
        assertThat(pod.getMetadata().getLabels()).containsEntry("team", "a").containsEntry("kaskade-kaniko", "true");
        assertThat(pod.getMetadata().getAnnotations()).containsEntry("note", "x");
        assertThat(pod.getSpec().getTolerations()).singleElement().satisfies(t -> {
            assertThat(t.getKey()).isEqualTo("dedicated");
            assertThat(t.getValue()).isEqualTo("builds");
            assertThat(t.getEffect()).isEqualTo("NoSchedule");
        });
        assertThat(kaniko.getResources().getRequests())
                .containsEntry("cpu", new Quantity("500m"))
                .containsEntry("memory", new Quantity("1Gi"));
        assertThat(kaniko.getResources().getLimits())
                .containsEntry("memory", new Quantity("2Gi"))
                .containsEntry("ephemeral-storage", new Quantity("5Gi"));
        assertThat(init.getResources()).isEqualTo(kaniko.getResources());
        assertThat(pod.getSpec().getVolumes())
                .extracting(Volume::getName)
                .containsExactly("kaniko-emptydir", "kaniko-secret", "docker-cfg", "extra");
        assertThat(pod.getSpec().getVolumes().get(1).getSecret().getSecretName())
                .isEqualTo("gcp-key");
        assertThat(pod.getSpec().getVolumes().get(2).getSecret().getSecretName())
                .isEqualTo("regcred");
        assertThat(kaniko.getVolumeMounts())
                .extracting(VolumeMount::getMountPath)
                .containsExactly("/kaniko/buildcontext", "/secret", "/kaniko/.docker", "/extra");
        assertThat(init.getVolumeMounts())
                .extracting(VolumeMount::getMountPath)
                .containsExactly("/kaniko/buildcontext", "/extra");
        assertThat(kaniko.getEnv())
                .extracting(e -> e.getName() + "=" + e.getValue())
                .containsExactly(
                        "GOOGLE_APPLICATION_CREDENTIALS=/secret/kaniko-secret",
                        "A=1",
                        "HTTP_PROXY=http://127.0.0.1:3128");
    }

    @Test
    void kanikoFlagsFollowTheArtifact() throws Exception {
        KanikoArtifact artifact = artifact("""
                {"target": "runtime", "contextSubPath": "app", "destination": ["r/app:latest"], "reproducible": true,
                 "insecure": true, "cache": {"repo": "r/cache", "hostPath": "/var/cache/kaniko", "ttl": "6h"},
                 "label": {"b": "2", "a": "1"}, "insecureRegistry": ["127.0.0.1:5000"], "verbosity": "debug"}
                """);
        Pod pod = KanikoPod.spec(
                artifact,
                cluster("{}"),
                "ns",
                "build/Dockerfile",
                "r/app:v1",
                Map.of("Z", "last", "A", "first"),
                List.of("127.0.0.1:5000", "127.0.0.2:5000"),
                IMAGES);

        assertThat(pod.getSpec().getContainers().get(0).getArgs())
                .containsExactly(
                        "--dockerfile",
                        "/kaniko/buildcontext/app/build/Dockerfile",
                        "--context",
                        "dir:///kaniko/buildcontext/app",
                        "--destination",
                        "r/app:v1",
                        "--destination",
                        "r/app:latest",
                        "--digest-file",
                        "/dev/termination-log",
                        "--build-arg",
                        "A=first",
                        "--build-arg",
                        "Z=last",
                        "--target",
                        "runtime",
                        "--cache=true",
                        "--cache-repo",
                        "r/cache",
                        "--cache-dir",
                        "/cache",
                        "--cache-ttl",
                        "6h",
                        "--insecure",
                        "--reproducible",
                        "--verbosity",
                        "debug",
                        "--insecure-registry",
                        "127.0.0.1:5000",
                        "--insecure-registry",
                        "127.0.0.2:5000",
                        "--label",
                        "a=1",
                        "--label",
                        "b=2");
        assertThat(pod.getSpec().getVolumes())
                .filteredOn(v -> v.getHostPath() != null)
                .singleElement()
                .satisfies(v -> assertThat(v.getHostPath().getPath()).isEqualTo("/var/cache/kaniko"));
    }

    @Test
    void badSettingsAreNamed() throws Exception {
        assertThatThrownBy(() -> KanikoPod.spec(
                        artifact("{}"),
                        cluster("{\"resources\": {\"limits\": {\"cpu\": \"lots\"}}}"),
                        "ns",
                        "Dockerfile",
                        "r/app:v1",
                        Map.of(),
                        List.of(),
                        IMAGES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("build.cluster.resources.limits.cpu 'lots'");
        assertThatThrownBy(() -> KanikoPod.spec(
                        artifact("{}"),
                        cluster("{\"tolerations\": [{\"tolerationSeconds\": \"soon\"}]}"),
                        "ns",
                        "Dockerfile",
                        "r/app:v1",
                        Map.of(),
                        List.of(),
                        IMAGES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("build.cluster.tolerations");
    }

    @ParameterizedTest
    @CsvSource({"20m, PT20M", "1h30m, PT1H30M", "90s, PT1M30S", "500ms, PT0.5S", "1.5h, PT1H30M"})
    void timeoutsAreGoDurations(String text, String expected) {
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @CsvSource({"20", "m", "-5m", "0s", "ten minutes"})
    void badTimeoutsAreRefused(String text) {
        assertThatThrownBy(() -> GoDuration.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
