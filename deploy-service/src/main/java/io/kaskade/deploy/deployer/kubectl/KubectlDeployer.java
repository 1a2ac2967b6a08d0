package io.kaskade.deploy.deployer.kubectl;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.kaskade.deploy.deployer.DeployErrors;
import io.kaskade.deploy.deployer.DeployException;
import io.kaskade.deploy.deployer.DeployOrdering;
import io.kaskade.deploy.deployer.DeployRequest;
import io.kaskade.deploy.deployer.Deployer;
import io.kaskade.deploy.deployer.Deployment;
import io.kaskade.deploy.deployer.KubernetesErrors;
import io.kaskade.deploy.deployer.RunStamp;
import io.kaskade.deploy.deployer.StatusCheck;
import io.kaskade.deploy.deployer.kustomize.KustomizeRenderer;
import io.kaskade.deploy.status.KubernetesStatusCheck;
import io.kaskade.model.config.KubectlDeploy;
import io.kaskade.model.config.Kustomize;
import io.kaskade.model.config.ManifestsConfig;
import io.kaskade.model.event.DeployedResource;
import io.kaskade.model.event.RunRef;
import io.kaskade.model.image.ManifestImages;
import io.kaskade.service.source.GitSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Skaffold's {@code deploy.kubectl} with {@code manifests.rawYaml} and/or {@code manifests.kustomize}:
 * renders the manifests of the run's commit, points their images at the tested digests, labels every object with the run, and applies
 * them with server-side apply under one field manager, so a repeated deploy changes nothing and a
 * newer run takes over the fields an older one set.
 *
 * <p>Which run owns a live object is read back from its annotations, so ordering survives restarts
 * of this service.
 */
@ApplicationScoped
public class KubectlDeployer implements Deployer {

    private static final ObjectMapper TREES = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MANIFEST = new TypeReference<>() {};

    private final KubernetesAccess access;
    private final StatusCheck statusCheck;
    private final KustomizeRenderer kustomize;

    public KubectlDeployer(KubernetesAccess access, KustomizeRenderer kustomize) {
        this.access = access;
        this.statusCheck = new KubernetesStatusCheck(access::client);
        this.kustomize = kustomize;
    }

    @Override
    public String name() {
        return "kubectl";
    }

    @Override
    public StatusCheck statusCheck() {
        return statusCheck;
    }

    @Override
    public Deployment deploy(DeployRequest request) {
        RunRef run = request.run();
        KubernetesClient client = access.client();
        KubectlDeploy spec = request.config().deploy() == null
                ? null
                : request.config().deploy().kubectl();
        ApplyFlags flags = ApplyFlags.of(spec == null ? null : spec.flags());
        String namespace = flags.namespace() != null ? flags.namespace() : defaultNamespace(request, client);
        String fieldManager = flags.fieldManager() != null ? flags.fieldManager() : access.fieldManager();
        List<Rendered> rendered = render(request, client.getKubernetesSerialization());
        RunStamp candidate = new RunStamp(run.runId(), run.runCreated());
        List<RunStamp> liveRuns = new ArrayList<>();
        for (Rendered object : rendered) {
            HasMetadata live = get(client, object.object(), namespace);
            RunStamp owner = live == null ? null : ownerOf(live, run);
            if (owner != null) {
                liveRuns.add(owner);
            }
        }
        DeployOrdering.Decision decision = DeployOrdering.decide(candidate, liveRuns);
        if (decision.action() == DeployOrdering.Action.SUPERSEDED) {
            throw new DeployException(
                    DeployErrors.SUPERSEDED,
                    null,
                    decision.supersededMessage(candidate, run.repository(), run.ref()),
                    "nothing to do: the newer run's deployment stays; re-run this commit to deploy it again",
                    List.of(),
                    null);
        }
        List<DeployedResource> resources = new ArrayList<>();
        Map<String, String> artifacts = new LinkedHashMap<>();
        for (Rendered object : rendered) {
            HasMetadata applied = apply(client, object.object(), namespace, fieldManager);
            resources.add(new DeployedResource(
                    applied.getKind(),
                    applied.getMetadata().getNamespace(),
                    applied.getMetadata().getName(),
                    applied.getMetadata().getUid(),
                    applied.getMetadata().getGeneration()));
            if (object.artifacts().size() == 1) {
                artifacts.put(
                        applied.getMetadata().getName(),
                        object.artifacts().iterator().next());
            }
        }
        return new Deployment(name(), run, request.images(), resources, artifacts);
    }

    /** One manifest object ready to apply, and the artifacts whose images it runs. */
    private record Rendered(HasMetadata object, Set<String> artifacts) {}

    private static String defaultNamespace(DeployRequest request, KubernetesClient client) {
        KubectlDeploy spec = request.config().deploy() == null
                ? null
                : request.config().deploy().kubectl();
        if (spec != null
                && spec.defaultNamespace() != null
                && !spec.defaultNamespace().isBlank()) {
            return spec.defaultNamespace();
        }
        String fromKubeconfig = client.getConfiguration().getNamespace();
        return fromKubeconfig == null ? "default" : fromKubeconfig;
    }

    private List<Rendered> render(DeployRequest request, KubernetesSerialization serialization) {
        ManifestsConfig manifests = request.config().manifests();
        List<String> patterns = manifests == null ? List.of() : manifests.rawYaml();
        Kustomize kustomization = manifests == null ? null : manifests.kustomize();
        if (patterns.isEmpty() && kustomization == null) {
            throw new DeployException(
                    KubernetesErrors.MANIFEST_INVALID,
                    "deploy.kubectl needs manifests, but the config sets neither manifests.rawYaml nor manifests.kustomize",
                    "list the Kubernetes manifests under manifests.rawYaml, e.g. [k8s/*.yaml], or a kustomization under "
                            + "manifests.kustomize.paths");
        }
        RunRef run = request.run();
        Path workspace = null;
        try {
            workspace = Files.createTempDirectory("kaskade-kubectl-");
            Path tree = GitSource.checkout(run.repository(), run.commit(), workspace.resolve("src"));
            List<Path> rawYaml = patterns.isEmpty() ? List.of() : expand(tree, patterns);
            ManifestConfinement.check(tree, rawYaml, kustomization);
            List<Rendered> result = new ArrayList<>();
            for (Path file : rawYaml) {
                for (HasMetadata object :
                        load(Files.readString(file), tree.relativize(file).toString())) {
                    result.add(stamp(object, request, serialization));
                }
            }
            if (kustomization != null) {
                List<String> paths = kustomization.paths().isEmpty() ? List.of(".") : kustomization.paths();
                for (String path : paths) {
                    String yaml = kustomize.render(tree, path, kustomization.buildArgs());
                    for (HasMetadata object : load(yaml, "the output of kubectl kustomize " + path)) {
                        result.add(stamp(object, request, serialization));
                    }
                }
            }
            return result;
        } catch (IOException e) {
            throw new DeployException(
                    KubernetesErrors.MANIFEST_INVALID,
                    null,
                    "could not read the manifests of " + run.repository() + " at " + run.commit() + ": "
                            + e.getMessage(),
                    "check that manifests.rawYaml names files committed in the repository",
                    List.of(),
                    e);
        } catch (DeployException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DeployException(
                    KubernetesErrors.MANIFEST_INVALID,
                    null,
                    "could not check out " + run.repository() + " at " + run.commit() + ": " + e.getMessage(),
                    "check that the repository and commit of the run still exist",
                    List.of(),
                    e);
        } finally {
            if (workspace != null) {
                GitSource.deleteRecursively(workspace);
            }
        }
    }

    /** The files {@code patterns} name under {@code tree}, in pattern order then path order. */
    static List<Path> expand(Path tree, List<String> patterns) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String pattern : patterns) {
            List<Path> matches;
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
            try (Stream<Path> walk = Files.walk(tree)) {
                matches = walk.filter(Files::isRegularFile)
                        .filter(p -> !tree.relativize(p).startsWith(".git"))
                        .filter(p -> matcher.matches(tree.relativize(p)))
                        .sorted()
                        .toList();
            }
            if (matches.isEmpty()) {
                throw new DeployException(
                        KubernetesErrors.MANIFEST_INVALID,
                        "manifests.rawYaml entry '" + pattern + "' matches no file in the repository",
                        "fix the path or glob (relative to the repository root) or commit the manifest");
            }
            matches.stream().filter(p -> !files.contains(p)).forEach(files::add);
        }
        return files;
    }

    private List<HasMetadata> load(String yaml, String source) {
        try (InputStream in = new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))) {
            List<HasMetadata> objects = access.client().load(in).items();
            for (HasMetadata object : objects) {
                if (object.getMetadata() == null || object.getMetadata().getName() == null) {
                    throw new IllegalArgumentException(
                            "an object of kind " + object.getKind() + " has no metadata.name");
                }
            }
            return objects;
        } catch (IOException | RuntimeException e) {
            throw new DeployException(
                    KubernetesErrors.MANIFEST_INVALID,
                    null,
                    "manifest " + source + " is not valid Kubernetes YAML: " + e.getMessage(),
                    "fix the manifest; every document needs apiVersion, kind and metadata.name",
                    List.of(),
                    e);
        }
    }

    /** The object with tested images, the run's labels and annotations. */
    private static Rendered stamp(HasMetadata object, DeployRequest request, KubernetesSerialization serialization) {
        // Skaffold's replacement rule works on the plain YAML tree, as the CLI's render and the helm deployer use it.
        Map<String, Object> manifest =
                TREES.convertValue(serialization.convertValue(object, ObjectNode.class), MANIFEST);
        Set<String> used =
                new ManifestImages(request.images(), request.config().resourceSelector()).replaceArtifacts(manifest);
        ListMapDefaults.apply(manifest);
        ObjectNode tree = TREES.valueToTree(manifest);
        ObjectNode metadata = (ObjectNode) tree.get("metadata");
        ObjectNode labels = metadata.has("labels") ? (ObjectNode) metadata.get("labels") : metadata.putObject("labels");
        ObjectNode annotations = metadata.has("annotations")
                ? (ObjectNode) metadata.get("annotations")
                : metadata.putObject("annotations");
        RunRef run = request.run();
        labels.put(KubernetesLabels.MANAGED_BY, KubernetesLabels.MANAGED_BY_VALUE);
        labels.put(KubernetesLabels.RUN_ID, KubernetesLabels.labelValue(run.runId()));
        labels.put(KubernetesLabels.COMMIT, KubernetesLabels.labelValue(run.commit()));
        if (used.size() == 1) {
            labels.put(
                    KubernetesLabels.ARTIFACT,
                    KubernetesLabels.labelValue(used.iterator().next()));
        }
        annotations.put(KubernetesLabels.RUN_ID, run.runId());
        annotations.put(KubernetesLabels.RUN_CREATED, run.runCreated().toString());
        annotations.put(KubernetesLabels.REPOSITORY, run.repository());
        annotations.put(KubernetesLabels.REF, run.ref());
        if (!used.isEmpty()) {
            annotations.put(KubernetesLabels.ARTIFACTS, String.join(",", used));
        }
        HasMetadata stamped = serialization.unmarshal(serialization.asJson(tree));
        return new Rendered(stamped, used);
    }

    /** The run that last applied {@code live}, when it was this repository and ref. */
    private static RunStamp ownerOf(HasMetadata live, RunRef run) {
        Map<String, String> annotations = live.getMetadata().getAnnotations();
        if (annotations == null
                || !run.repository().equals(annotations.get(KubernetesLabels.REPOSITORY))
                || !run.ref().equals(annotations.get(KubernetesLabels.REF))) {
            return null;
        }
        String runId = annotations.get(KubernetesLabels.RUN_ID);
        String created = annotations.get(KubernetesLabels.RUN_CREATED);
        if (runId == null || created == null) {
            return null;
        }
        try {
            return new RunStamp(runId, Instant.parse(created));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Resource<HasMetadata> resource(KubernetesClient client, HasMetadata object, String namespace) {
        boolean namespaced = object instanceof Namespaced;
        if (namespaced && object.getMetadata().getNamespace() == null) {
            return client.resource(object).inNamespace(namespace);
        }
        return client.resource(object);
    }

    private static HasMetadata get(KubernetesClient client, HasMetadata object, String namespace) {
        try {
            return resource(client, object, namespace).get();
        } catch (KubernetesClientException e) {
            throw failure("could not read the live " + describe(object), e);
        }
    }

    private HasMetadata apply(KubernetesClient client, HasMetadata object, String namespace, String fieldManager) {
        try {
            return resource(client, object, namespace)
                    .fieldManager(fieldManager)
                    .forceConflicts()
                    .serverSideApply();
        } catch (KubernetesClientException e) {
            throw failure("the API server refused " + describe(object), e);
        }
    }

    private static String describe(HasMetadata object) {
        String namespace = object.getMetadata().getNamespace();
        return object.getKind() + " " + (namespace == null ? "" : namespace + "/")
                + object.getMetadata().getName();
    }

    private static DeployException failure(String what, KubernetesClientException e) {
        String reason = e.getStatus() != null && e.getStatus().getMessage() != null
                ? e.getStatus().getMessage()
                : e.getMessage();
        return new DeployException(
                KubernetesErrors.KUBERNETES_FAILED,
                null,
                what + ": " + reason,
                e.getCode() == 0
                        ? "check that the cluster is reachable (scripts/cluster.sh status for the local one)"
                        : "fix the manifest so the API server accepts it (the API server's message above names the field)",
                List.of(),
                e);
    }
}
