package io.kaskade.deploy.k8s;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * KEDA's CRDs (v2.20, stripped of the {@code x-kubernetes-validations} keys Kubernetes 1.20 does not
 * know) installed into the test cluster. KEDA's operator cannot be pulled here, so the CRDs alone let
 * the API server validate ScaledObjects. From {@code KASKADE_KEDA_CRDS}, else the project's shared
 * folder {@code ../shared/crds/keda/for-k8s-1.20} beside the repository.
 */
final class KedaCrds {

    static final String SCALED_OBJECTS = "scaledobjects.keda.sh";

    private KedaCrds() {}

    static Path folder() {
        String configured = System.getenv("KASKADE_KEDA_CRDS");
        Path folder = configured != null && !configured.isBlank()
                ? Path.of(configured)
                : ManifestsDir.repository()
                        .resolve("../shared/crds/keda/for-k8s-1.20")
                        .normalize();
        if (!Files.isDirectory(folder)) {
            throw new AssertionError("KEDA's CRDs are missing at " + folder + ": put KEDA's CRD YAML files there "
                    + "(the for-k8s-1.20 copies) or set KASKADE_KEDA_CRDS to their folder");
        }
        return folder;
    }

    /** Installs (server-side applies) every CRD of the folder and waits until each is Established. */
    static List<String> install(KubernetesClient client) {
        List<Path> files;
        try (Stream<Path> list = Files.list(folder())) {
            files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new AssertionError("cannot list " + folder(), e);
        }
        if (files.isEmpty()) {
            throw new AssertionError("no CRD YAML files in " + folder());
        }
        List<String> names = new java.util.ArrayList<>();
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                CustomResourceDefinition crd = client.apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .load(in)
                        .item();
                // Shared by every test on this cluster and never deleted: re-applying is a no-op.
                client.resource(crd)
                        .fieldManager("kaskade-tests")
                        .forceConflicts()
                        .serverSideApply();
                names.add(crd.getMetadata().getName());
            } catch (IOException e) {
                throw new AssertionError("cannot read " + file, e);
            }
        }
        for (String name : names) {
            await("CRD " + name + " Established")
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> established(client, name));
        }
        return names;
    }

    private static boolean established(KubernetesClient client, String name) {
        CustomResourceDefinition crd = client.apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName(name)
                .get();
        return crd != null
                && crd.getStatus() != null
                && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
