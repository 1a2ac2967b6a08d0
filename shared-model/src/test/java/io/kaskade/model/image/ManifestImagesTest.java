package io.kaskade.model.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaskade.model.config.ResourceFilter;
import io.kaskade.model.config.ResourceSelectorConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yaml.snakeyaml.Yaml;

/** Skaffold's documented image replacement in manifests, case by case. */
class ManifestImagesTest {

    private static final Map<String, String> BUILDS = Map.of(
            "app", "127.0.0.1:5000/app:v1",
            "gcr.io/k8s-skaffold/web", "gcr.io/k8s-skaffold/web:abc",
            "ko://example.com/cmd/tool", "127.0.0.1:5000/tool:t");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            pod container                | v1 | Pod | spec.containers[0].image: app | 127.0.0.1:5000/app:v1
            deployment template          | apps/v1 | Deployment | spec.template.spec.containers[0].image: app | 127.0.0.1:5000/app:v1
            init container               | apps/v1 | StatefulSet | spec.template.spec.initContainers[0].image: app | 127.0.0.1:5000/app:v1
            job                          | batch/v1 | Job | spec.template.spec.containers[0].image: app | 127.0.0.1:5000/app:v1
            cronjob                      | batch/v1 | CronJob | spec.jobTemplate.spec.template.spec.containers[0].image: app | 127.0.0.1:5000/app:v1
            existing tag replaced        | v1 | Pod | spec.containers[0].image: app:latest | 127.0.0.1:5000/app:v1
            digest left alone            | v1 | Pod | spec.containers[0].image: app@sha256:81daf011d63b68cfa514ddab7741a1adddd59d3264118dfb0fd9266328bb8883 | app@sha256:81daf011d63b68cfa514ddab7741a1adddd59d3264118dfb0fd9266328bb8883
            no docker.io normalisation   | v1 | Pod | spec.containers[0].image: docker.io/library/app | docker.io/library/app
            other image untouched        | v1 | Pod | spec.containers[0].image: nginx | nginx
            fully qualified name         | v1 | Pod | spec.containers[0].image: gcr.io/k8s-skaffold/web:1 | gcr.io/k8s-skaffold/web:abc
            ko prefix in artifact        | v1 | Pod | spec.containers[0].image: example.com/cmd/tool | 127.0.0.1:5000/tool:t
            unknown kind untouched       | example.com/v1 | Widget | spec.image: app | app
            configmap untouched          | v1 | ConfigMap | data.image: app | app
            knative service              | serving.knative.dev/v1 | Service | spec.template.spec.containers[0].image: app | 127.0.0.1:5000/app:v1
            strimzi listed path          | kafka.strimzi.io/v1beta2 | KafkaConnect | spec.image: app | 127.0.0.1:5000/app:v1
            config connector image       | compute.cnrm.cloud.google.com/v1 | ComputeInstance | spec.image: app | 127.0.0.1:5000/app:v1
            allowed by resourceSelector  | example.com/v1 | Widget | spec.template.image: app | 127.0.0.1:5000/app:v1
            denied by resourceSelector   | apps/v1 | DaemonSet | spec.template.spec.containers[0].image: app | app
            """)
    void replaces(String description, String apiVersion, String kind, String field, String expected) {
        String[] kv = field.split(": ", 2);
        Map<String, Object> manifest = manifest(apiVersion, kind, kv[0].trim(), kv[1].trim());
        ResourceSelectorConfig selector = new ResourceSelectorConfig(
                List.of(new ResourceFilter("Widget.example.com", List.of(".spec.template.image"), null, null)),
                List.of(new ResourceFilter("DaemonSet.apps", List.of(".*"), null, null)));
        new ManifestImages(BUILDS, selector).replace(manifest);
        assertThat(valueAt(manifest, kv[0].trim())).as(description).isEqualTo(expected.trim());
    }

    @org.junit.jupiter.api.Test
    void namesTheArtifactsItPutIn() {
        Map<String, Object> pod = manifest("v1", "Pod", "spec.containers[0].image", "example.com/cmd/tool:old");
        assertThat(new ManifestImages(BUILDS, null).replaceArtifacts(pod)).containsExactly("ko://example.com/cmd/tool");
        Map<String, Object> pinned = manifest(
                "v1",
                "Pod",
                "spec.containers[0].image",
                "app@sha256:81daf011d63b68cfa514ddab7741a1adddd59d3264118dfb0fd9266328bb8883");
        assertThat(new ManifestImages(BUILDS, null).replaceArtifacts(pinned))
                .as("a digest is left alone")
                .isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> manifest(String apiVersion, String kind, String path, String value) {
        StringBuilder yaml = new StringBuilder("apiVersion: " + apiVersion.trim() + "\nkind: " + kind.trim() + "\n");
        String indent = "";
        String[] parts = path.split("\\.");
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            boolean list = p.endsWith("[0]");
            String key = list ? p.substring(0, p.length() - 3) : p;
            yaml.append(indent).append(key).append(":");
            if (i == parts.length - 1) {
                yaml.append(" ").append(value).append("\n");
            } else {
                yaml.append("\n");
                indent += "  ";
                if (list) {
                    yaml.append(indent).append("- name: c\n");
                    indent += "  ";
                }
            }
        }
        return (Map<String, Object>) new Yaml().load(yaml.toString());
    }

    @SuppressWarnings("unchecked")
    private static Object valueAt(Map<String, Object> manifest, String path) {
        Object node = manifest;
        for (String p : path.split("\\.")) {
            boolean list = p.endsWith("[0]");
            node = ((Map<String, Object>) node).get(list ? p.substring(0, p.length() - 3) : p);
            if (list) {
                node = ((List<Object>) node).get(0);
            }
        }
        return node;
    }
}
