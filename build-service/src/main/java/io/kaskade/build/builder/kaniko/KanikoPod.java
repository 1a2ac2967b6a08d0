package io.kaskade.build.builder.kaniko;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kaskade.model.config.ClusterDetails;
import io.kaskade.model.config.KanikoArtifact;
import io.kaskade.model.config.KanikoCache;
import io.kaskade.model.config.ResourceRequirement;
import io.kaskade.model.config.ResourceRequirements;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The build pod of one kaniko artifact, laid out as Skaffold's cluster builder does it
 * ({@code build/cluster/pod.go}): an init container that waits until the build context has been
 * copied into a shared {@code emptyDir} and {@value #COMPLETE_MARKER} exists, then the kaniko
 * executor building from {@code dir://}{@value #CONTEXT_DIR}.
 *
 * <p>Two deliberate differences from Skaffold:
 * <ul>
 * <li>The pod uses the node's network ({@code hostNetwork: true}). Kaskade's registry and cluster
 * run on loopback; only a host-network pod sees {@code 127.0.0.1:5000}. On a cluster with pod
 * networking this costs isolation, not function.
 * <li>kaniko writes the pushed digest to {@code --digest-file} {@value #DIGEST_FILE}, the container's
 * termination message, so the digest survives the container and is read from the pod's status
 * (Skaffold asks the registry instead; Kaskade does both and compares).
 * </ul>
 */
final class KanikoPod {

    static final String INIT_CONTAINER = "kaniko-init-container";
    static final String KANIKO_CONTAINER = "kaniko";
    static final String CONTEXT_VOLUME = "kaniko-emptydir";
    static final String CONTEXT_DIR = "/kaniko/buildcontext";
    static final String COMPLETE_MARKER = "/tmp/complete";
    static final String DIGEST_FILE = "/dev/termination-log";
    static final String PULL_SECRET_VOLUME = "kaniko-secret";
    static final String DEFAULT_PULL_SECRET_MOUNT_PATH = "/secret";
    static final String DOCKER_CONFIG_VOLUME = "docker-cfg";
    static final String DOCKER_CONFIG_PATH = "/kaniko/.docker";
    static final String CACHE_VOLUME = "kaniko-cache";
    static final String CACHE_DIR = "/cache";
    static final String LABEL = "kaskade-kaniko";

    private KanikoPod() {}

    /**
     * @param dockerfile the Dockerfile's path relative to the context
     * @param destination the image reference to push, {@code image:tag}
     * @param buildArgs resolved {@code --build-arg}s
     * @param insecureRegistries the run's {@code build.insecureRegistries}, passed as {@code --insecure-registry}
     * @param images the executor and init images to use when the artifact names none
     * @throws IllegalArgumentException for a setting the pod cannot express (bad quantity, toleration, volume)
     */
    static Pod spec(
            KanikoArtifact artifact,
            ClusterDetails cluster,
            String namespace,
            String dockerfile,
            String destination,
            Map<String, String> buildArgs,
            List<String> insecureRegistries,
            KanikoImages images) {
        Mounts mounts = mounts(artifact, cluster);
        io.fabric8.kubernetes.api.model.ResourceRequirements resources = resources(cluster.resources());
        Container init = new ContainerBuilder()
                .withName(INIT_CONTAINER)
                .withImage(notBlank(artifact.initImage()) ? artifact.initImage() : images.initImage())
                .withImagePullPolicy("IfNotPresent")
                .withCommand("sh", "-c", "while [ ! -f " + COMPLETE_MARKER + " ]; do sleep 1; done")
                .withVolumeMounts(mounts.context())
                .withResources(resources)
                .build();
        Container kaniko = new ContainerBuilder()
                .withName(KANIKO_CONTAINER)
                .withImage(notBlank(artifact.image()) ? artifact.image() : images.executorImage())
                .withImagePullPolicy("IfNotPresent")
                .withArgs(args(artifact, dockerfile, destination, buildArgs, insecureRegistries))
                .withEnv(env(artifact, cluster, mounts))
                .withVolumeMounts(mounts.kaniko())
                .withResources(resources)
                .withTerminationMessagePath(DIGEST_FILE)
                .withTerminationMessagePolicy("File")
                .build();
        return pod(cluster, namespace, init, kaniko, mounts.volumes(), artifact.imagePullSecret());
    }

    /** The pod's volumes; the init container mounts {@code context}, kaniko also the secrets and cache; pull secret path or null. */
    private record Mounts(
            List<Volume> volumes, List<VolumeMount> context, List<VolumeMount> kaniko, String pullSecretPath) {}

    private static Mounts mounts(KanikoArtifact artifact, ClusterDetails cluster) {
        List<VolumeMount> contextMounts = new ArrayList<>();
        contextMounts.add(mount(CONTEXT_VOLUME, CONTEXT_DIR));
        List<VolumeMount> kanikoMounts = new ArrayList<>(contextMounts);
        List<Volume> volumes = new ArrayList<>();
        volumes.add(new VolumeBuilder()
                .withName(CONTEXT_VOLUME)
                .withNewEmptyDir()
                .endEmptyDir()
                .build());
        String pullSecretPath = null;
        if (notBlank(cluster.pullSecretName())) {
            pullSecretPath = notBlank(cluster.pullSecretMountPath())
                    ? cluster.pullSecretMountPath()
                    : DEFAULT_PULL_SECRET_MOUNT_PATH;
            volumes.add(new VolumeBuilder()
                    .withName(PULL_SECRET_VOLUME)
                    .withNewSecret()
                    .withSecretName(cluster.pullSecretName())
                    .endSecret()
                    .build());
            kanikoMounts.add(mount(PULL_SECRET_VOLUME, pullSecretPath));
        }
        if (cluster.dockerConfig() != null && notBlank(cluster.dockerConfig().secretName())) {
            volumes.add(new VolumeBuilder()
                    .withName(DOCKER_CONFIG_VOLUME)
                    .withNewSecret()
                    .withSecretName(cluster.dockerConfig().secretName())
                    .endSecret()
                    .build());
            kanikoMounts.add(mount(DOCKER_CONFIG_VOLUME, DOCKER_CONFIG_PATH));
        }
        KanikoCache cache = artifact.cache();
        if (cache != null && notBlank(cache.hostPath())) {
            volumes.add(new VolumeBuilder()
                    .withName(CACHE_VOLUME)
                    .withNewHostPath()
                    .withPath(cache.hostPath())
                    .endHostPath()
                    .build());
            kanikoMounts.add(mount(CACHE_VOLUME, CACHE_DIR));
        }
        for (JsonNode volume : cluster.volumes()) {
            volumes.add(convert(volume, Volume.class, "build.cluster.volumes"));
        }
        for (JsonNode mount : artifact.volumeMounts()) {
            VolumeMount converted = convert(mount, VolumeMount.class, "kaniko.volumeMounts");
            contextMounts.add(converted);
            kanikoMounts.add(converted);
        }
        return new Mounts(volumes, contextMounts, kanikoMounts, pullSecretPath);
    }

    /** kaniko's environment: the pull secret's credentials, the artifact's variables, the cluster's proxies. */
    private static List<EnvVar> env(KanikoArtifact artifact, ClusterDetails cluster, Mounts mounts) {
        List<EnvVar> env = new ArrayList<>();
        if (mounts.pullSecretPath() != null) {
            env.add(new EnvVar("GOOGLE_APPLICATION_CREDENTIALS", mounts.pullSecretPath() + "/kaniko-secret", null));
        }
        for (JsonNode variable : artifact.env()) {
            EnvVar converted = convert(variable, EnvVar.class, "kaniko.env");
            if (notBlank(converted.getName()) && notBlank(converted.getValue())) {
                env.add(converted);
            }
        }
        if (notBlank(cluster.HTTP_PROXY())) {
            env.add(new EnvVar("HTTP_PROXY", cluster.HTTP_PROXY(), null));
        }
        if (notBlank(cluster.HTTPS_PROXY())) {
            env.add(new EnvVar("HTTPS_PROXY", cluster.HTTPS_PROXY(), null));
        }
        return env;
    }

    /** The pod around the two containers, with what {@code build.cluster} says about where and as whom it runs. */
    private static Pod pod(
            ClusterDetails cluster,
            String namespace,
            Container init,
            Container kaniko,
            List<Volume> volumes,
            String imagePullSecret) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (cluster.labels() != null) {
            labels.putAll(cluster.labels());
        }
        labels.put(LABEL, "true");
        List<Toleration> tolerations = new ArrayList<>();
        for (JsonNode toleration : cluster.tolerations()) {
            tolerations.add(convert(toleration, Toleration.class, "build.cluster.tolerations"));
        }
        PodBuilder pod = new PodBuilder()
                .withNewMetadata()
                .withGenerateName("kaniko-")
                .withNamespace(namespace)
                .withLabels(labels)
                .withAnnotations(cluster.annotations() == null ? Map.of() : cluster.annotations())
                .endMetadata()
                .withNewSpec()
                .withHostNetwork(true)
                .withDnsPolicy("ClusterFirstWithHostNet")
                .withRestartPolicy("Never")
                .withInitContainers(init)
                .withContainers(kaniko)
                .withVolumes(volumes)
                .withTolerations(tolerations)
                .withNodeSelector(cluster.nodeSelector() == null ? Map.of() : cluster.nodeSelector())
                .endSpec();
        if (notBlank(cluster.serviceAccount())) {
            pod.editSpec().withServiceAccountName(cluster.serviceAccount()).endSpec();
        }
        if (cluster.runAsUser() != null) {
            pod.editSpec()
                    .withNewSecurityContext()
                    .withRunAsUser(cluster.runAsUser().longValue())
                    .endSecurityContext()
                    .endSpec();
        }
        if (notBlank(imagePullSecret)) {
            pod.editSpec()
                    .withImagePullSecrets(new LocalObjectReference(imagePullSecret))
                    .endSpec();
        }
        return pod.build();
    }

    /** kaniko's command line, Skaffold's {@code kanikoArgs} plus the flags of the schema that map one to one. */
    static List<String> args(
            KanikoArtifact artifact,
            String dockerfile,
            String destination,
            Map<String, String> buildArgs,
            List<String> insecureRegistries) {
        String context = CONTEXT_DIR;
        if (notBlank(artifact.contextSubPath())) {
            context = context + "/" + artifact.contextSubPath();
        }
        List<String> args = new ArrayList<>(List.of(
                "--dockerfile", context + "/" + dockerfile,
                "--context", "dir://" + context,
                "--destination", destination));
        for (String extra : artifact.destination()) {
            args.add("--destination");
            args.add(extra);
        }
        args.add("--digest-file");
        args.add(DIGEST_FILE);
        new TreeMap<>(buildArgs).forEach((key, value) -> {
            args.add("--build-arg");
            args.add(key + "=" + value);
        });
        option(args, "--target", artifact.target());
        cacheArgs(args, artifact.cache());
        schemaFlags(args, artifact);
        for (String registry : new LinkedHashSet<>(concat(insecureRegistries, artifact.insecureRegistry()))) {
            option(args, "--insecure-registry", registry);
        }
        for (String registry : artifact.skipTLSVerifyRegistry()) {
            option(args, "--skip-tls-verify-registry", registry);
        }
        if (artifact.label() != null) {
            new TreeMap<>(artifact.label()).forEach((key, value) -> option(args, "--label", key + "=" + value));
        }
        for (String path : artifact.ignorePaths()) {
            option(args, "--ignore-path", path);
        }
        return args;
    }

    /** {@code kaniko.cache}: on with {@code --cache=true}, then its repo, host path, TTL and layer choices. */
    private static void cacheArgs(List<String> args, KanikoCache cache) {
        if (cache == null) {
            return;
        }
        args.add("--cache=true");
        option(args, "--cache-repo", cache.repo());
        if (notBlank(cache.hostPath())) {
            args.add("--cache-dir");
            args.add(CACHE_DIR);
        }
        option(args, "--cache-ttl", cache.ttl());
        flag(args, "--cache-copy-layers", cache.cacheCopyLayers());
        flag(args, "--cache-run-layers", cache.cacheRunLayers());
    }

    /** The artifact's fields that are kaniko flags of the same meaning, in Skaffold's order. */
    private static void schemaFlags(List<String> args, KanikoArtifact artifact) {
        flag(args, "--cleanup", artifact.cleanup());
        flag(args, "--insecure", artifact.insecure());
        flag(args, "--insecure-pull", artifact.insecurePull());
        flag(args, "--force", artifact.force());
        flag(args, "--log-timestamp", artifact.logTimestamp());
        flag(args, "--reproducible", artifact.reproducible());
        flag(args, "--single-snapshot", artifact.singleSnapshot());
        flag(args, "--skip-tls-verify", artifact.skipTLS());
        flag(args, "--skip-tls-verify-pull", artifact.skipTLSVerifyPull());
        flag(args, "--skip-unused-stages", artifact.skipUnusedStages());
        flag(args, "--use-new-run", artifact.useNewRun());
        option(args, "--image-fs-extract-retry", artifact.imageFSExtractRetry());
        option(args, "--image-name-with-digest-file", artifact.imageNameWithDigestFile());
        option(args, "--log-format", artifact.logFormat());
        option(args, "--oci-layout-path", artifact.ociLayoutPath());
        option(args, "--registry-mirror", artifact.registryMirror());
        option(args, "--snapshot-mode", artifact.snapshotMode());
        option(args, "--push-retry", artifact.pushRetry());
        option(args, "--tar-path", artifact.tarPath());
        option(args, "--verbosity", artifact.verbosity());
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static io.fabric8.kubernetes.api.model.ResourceRequirements resources(ResourceRequirements requirements) {
        ResourceRequirementsBuilder resources = new ResourceRequirementsBuilder();
        if (requirements != null) {
            if (requirements.limits() != null) {
                resources.withLimits(quantities(requirements.limits(), "limits"));
            }
            if (requirements.requests() != null) {
                resources.withRequests(quantities(requirements.requests(), "requests"));
            }
        }
        return resources.build();
    }

    private static Map<String, Quantity> quantities(ResourceRequirement requirement, String what) {
        Map<String, Quantity> quantities = new LinkedHashMap<>();
        quantity(quantities, "cpu", requirement.cpu(), what);
        quantity(quantities, "memory", requirement.memory(), what);
        quantity(quantities, "ephemeral-storage", requirement.ephemeralStorage(), what);
        quantity(quantities, "storage", requirement.resourceStorage(), what);
        return quantities;
    }

    private static void quantity(Map<String, Quantity> quantities, String name, String value, String what) {
        if (!notBlank(value)) {
            return;
        }
        try {
            Quantity quantity = new Quantity(value);
            Quantity.getAmountInBytes(quantity);
            quantities.put(name, quantity);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException(
                    "build.cluster.resources." + what + "." + name + " '" + value + "' is not a quantity");
        }
    }

    private static VolumeMount mount(String volume, String path) {
        return new VolumeMountBuilder().withName(volume).withMountPath(path).build();
    }

    private static <T> T convert(JsonNode node, Class<T> type, String where) {
        try {
            return Serialization.unmarshal(node.toString(), type);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(where + " entry " + node + " is not a valid " + type.getSimpleName());
        }
    }

    private static void option(List<String> args, String name, String value) {
        if (notBlank(value)) {
            args.add(name);
            args.add(value);
        }
    }

    private static void flag(List<String> args, String name, Boolean value) {
        if (Boolean.TRUE.equals(value)) {
            args.add(name);
        }
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }
}
