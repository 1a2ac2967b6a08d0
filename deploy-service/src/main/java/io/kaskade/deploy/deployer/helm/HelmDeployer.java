package io.kaskade.deploy.deployer.helm;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kaskade.deploy.deployer.DeployErrors;
import io.kaskade.deploy.deployer.DeployException;
import io.kaskade.deploy.deployer.DeployOrdering;
import io.kaskade.deploy.deployer.DeployRequest;
import io.kaskade.deploy.deployer.Deployer;
import io.kaskade.deploy.deployer.Deployment;
import io.kaskade.deploy.deployer.RunStamp;
import io.kaskade.deploy.deployer.StatusCheck;
import io.kaskade.deploy.status.KubernetesStatusCheck;
import io.kaskade.model.config.HelmRelease;
import io.kaskade.model.config.LegacyHelmDeploy;
import io.kaskade.model.config.ResourceSelectorConfig;
import io.kaskade.model.event.DeployedResource;
import io.kaskade.model.event.RunRef;
import io.kaskade.model.image.ManifestImages;
import io.kaskade.service.confine.ConfinementException;
import io.kaskade.service.confine.PathGuard;
import io.kaskade.service.source.GitSource;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Skaffold's {@code deploy.helm}: each release's chart, from the run's own commit, is installed or
 * upgraded with Helm, its images set through {@code setValueTemplates} to the tested digests.
 *
 * <p>A redeploy whose rendered manifest and values equal the deployed revision's does not call
 * Helm at all, so it creates no new revision (Skaffold's issue 9222: every {@code skaffold run}
 * used to add one). Which run owns a release is kept in annotations on Helm's release Secret, so an
 * older run's late deploy is refused ({@code DEPLOY_SUPERSEDED}) instead of rolling back a newer one.
 */
@ApplicationScoped
public class HelmDeployer implements Deployer {

    private static final Logger LOG = Logger.getLogger(HelmDeployer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final Path helmHome;
    private final Duration waitTimeout;
    private final Path kubeconfigOverride;
    private volatile KubeApi kube;
    private volatile HelmTool helm;
    private volatile KubernetesClient client;
    private volatile StatusCheck statusCheck;

    @Inject
    public HelmDeployer(
            @ConfigProperty(name = "kaskade.deploy.helm.home", defaultValue = "${java.io.tmpdir}/kaskade-helm") Path helmHome,
            @ConfigProperty(name = "kaskade.deploy.helm.wait-timeout", defaultValue = "600s") Duration waitTimeout,
            @ConfigProperty(name = "kaskade.deploy.helm.kubeconfig") Optional<Path> kubeconfig) {
        this.helmHome = helmHome;
        this.waitTimeout = waitTimeout;
        this.kubeconfigOverride = kubeconfig.orElse(null);
    }

    @Override
    public String name() {
        return "helm";
    }

    @Override
    public StatusCheck statusCheck() {
        connect();
        return statusCheck;
    }

    @Override
    public Deployment deploy(DeployRequest request) {
        RunRef run = request.run();
        LegacyHelmDeploy section = request.config().deploy() == null ? null : request.config().deploy().helm();
        if (section == null || section.releases().isEmpty()) {
            throw failure(null, "deploy.helm lists no releases", "add deploy.helm.releases with a name and a chartPath", null);
        }
        connect();
        Path checkout = null;
        try {
            checkout = Files.createTempDirectory("kaskade-helm-");
            Files.delete(checkout);
            try {
                GitSource.checkout(run.repository(), run.commit(), checkout);
            } catch (RuntimeException e) {
                throw failure(null, "cannot check out " + run.repository() + " at " + run.commit() + " for its charts: "
                        + e.getMessage(), "check that the repository is reachable from the deploy service", e);
            }
            Map<String, String> variables = ImageTemplateValues.variables(request.images());
            List<ReleaseSpec> specs = new ArrayList<>();
            List<String> insecureRegistries = request.config().build() == null ? List.of()
                    : request.config().build().insecureRegistries();
            for (HelmRelease release : section.releases()) {
                specs.add(spec(release, checkout, variables, insecureRegistries));
            }
            Map<ReleaseSpec, Optional<StoredRelease>> live = new LinkedHashMap<>();
            for (ReleaseSpec spec : specs) {
                live.put(spec, latest(spec));
            }
            refuseIfSuperseded(run, live.values());
            List<DeployedResource> resources = new ArrayList<>();
            Map<String, String> artifacts = new LinkedHashMap<>();
            for (ReleaseSpec spec : specs) {
                resources.addAll(deployRelease(run, spec, live.get(spec), request.images(), artifacts,
                        request.config().resourceSelector()));
            }
            return new Deployment(name(), run, request.images(), resources, artifacts);
        } catch (IOException e) {
            throw failure(null, "cannot prepare a checkout directory: " + e.getMessage(), "check the disk of the deploy service", e);
        } catch (KubeApi.KubeException | HelmTool.HelmException e) {
            throw failure(null, e.getMessage(), "check the release's chart and values and the cluster; the message is Helm's own", e);
        } finally {
            if (checkout != null && Files.exists(checkout)) {
                GitSource.deleteRecursively(checkout);
            }
        }
    }

    /** The Kubernetes connection, made on first use so a service without Helm releases never needs a kubeconfig. */
    private synchronized void connect() {
        if (kube != null) {
            return;
        }
        Path kubeconfig = kubeconfigOverride != null ? kubeconfigOverride : defaultKubeconfig();
        if (kubeconfig == null || !Files.isRegularFile(kubeconfig)) {
            throw new DeployException(DeployErrors.HELM_FAILED, null,
                    "no kubeconfig for the helm deployer: " + (kubeconfig == null ? "KUBECONFIG is not set and ~/.kube/config does not exist"
                            : kubeconfig + " does not exist"),
                    "set KUBECONFIG (or kaskade.deploy.helm.kubeconfig) to the cluster's kubeconfig", List.of(), null);
        }
        try {
            KubeApi api = KubeApi.fromKubeconfig(kubeconfig);
            this.helm = new HelmTool(kubeconfig, helmHome);
            // The status check watches through fabric8, on the same kubeconfig Helm deploys with.
            KubernetesClient fabric8 = new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build();
            this.client = fabric8;
            this.statusCheck = new KubernetesStatusCheck(() -> fabric8);
            this.kube = api;
        } catch (KubeApi.KubeException | HelmTool.HelmException | KubernetesClientException | IOException e) {
            throw failure(null, e.getMessage(), "fix the kubeconfig at " + kubeconfig, e);
        }
    }

    @PreDestroy
    synchronized void close() {
        if (client != null) {
            client.close();
        }
    }

    private static Path defaultKubeconfig() {
        String env = System.getenv("KUBECONFIG");
        if (env != null && !env.isBlank()) {
            for (String part : env.split(":")) {
                if (!part.isBlank() && Files.isRegularFile(Path.of(part))) {
                    return Path.of(part);
                }
            }
            return Path.of(env.split(":")[0]);
        }
        Path home = Path.of(System.getProperty("user.home"), ".kube", "config");
        return Files.isRegularFile(home) ? home : null;
    }

    private ReleaseSpec spec(HelmRelease release, Path checkout, Map<String, String> variables, List<String> insecureRegistries) {
        String name = release.name();
        ChartSource chart;
        if (release.chartPath() != null) {
            Path directory = inside(checkout, release.chartPath(), name, "chartPath", true);
            if (!Files.isRegularFile(directory.resolve("Chart.yaml"))) {
                throw failure(null, "release " + name + ": chartPath " + release.chartPath() + " has no Chart.yaml at the run's commit",
                        "point chartPath at the chart directory, relative to the repository root", null);
            }
            chart = ChartSource.local(directory);
        } else if (release.remoteChart() != null && !release.remoteChart().isBlank()) {
            chart = ChartSource.remote(release.remoteChart(), blankToNull(release.repo()),
                    plainHttpRegistry(release.remoteChart(), insecureRegistries));
        } else {
            throw failure(null, "release " + name + " names no chart",
                    "set chartPath (a chart in the repository) or remoteChart (with repo, or an oci:// reference)", null);
        }
        List<Path> valuesFiles = new ArrayList<>();
        for (String file : release.valuesFiles()) {
            Path path = inside(checkout, file, name, "valuesFiles", false);
            if (!Files.isRegularFile(path)) {
                throw failure(null, "release " + name + ": values file " + file + " does not exist at the run's commit",
                        "list values files relative to the repository root", null);
            }
            valuesFiles.add(path);
        }
        Map<String, String> values = new LinkedHashMap<>();
        flatten("", release.setValues(), values);
        Map<String, String> templates = new LinkedHashMap<>();
        flatten("", release.setValueTemplates(), templates);
        for (Map.Entry<String, String> template : templates.entrySet()) {
            try {
                values.put(template.getKey(), ImageTemplateValues.expand(template.getValue(), variables));
            } catch (IllegalArgumentException e) {
                throw failure(null, "release " + name + ": setValueTemplates." + template.getKey() + ": " + e.getMessage(),
                        "use the variables Skaffold defines per artifact, e.g. {{.IMAGE_FULLY_QUALIFIED_<image>}}", e);
            }
        }
        String namespace = release.namespace() == null || release.namespace().isBlank() ? kube.defaultNamespace()
                : release.namespace();
        Map<String, Path> setFiles = new LinkedHashMap<>();
        if (release.setFiles() != null) {
            for (Map.Entry<String, String> file : release.setFiles().entrySet()) {
                Path path = inside(checkout, file.getValue(), name, "setFiles." + file.getKey(), false);
                if (!Files.isRegularFile(path)) {
                    throw failure(null, "release " + name + ": setFiles." + file.getKey() + " names " + file.getValue()
                            + ", which does not exist at the run's commit", "list files relative to the repository root", null);
                }
                setFiles.put(file.getKey(), path);
            }
        }
        return new ReleaseSpec(name, namespace, chart, release.version(), valuesFiles, values, setFiles,
                Boolean.TRUE.equals(release.createNamespace()), Boolean.TRUE.equals(release.waitValue()),
                release.upgradeOnChange() == null || release.upgradeOnChange());
    }

    /**
     * A path of the config, resolved in the checkout; one that leaves it, lexically or through a
     * symbolic link, is refused as {@link DeployErrors#CONFIG_INVALID} before Helm reads anything.
     *
     * @param tree whether Helm reads the whole folder (a chart), so every link under it is checked too
     */
    private Path inside(Path checkout, String relative, String release, String field, boolean tree) {
        String what = "release " + release + ": " + field;
        try {
            PathGuard guard = PathGuard.of(checkout);
            return tree ? guard.resolveTree(what, relative) : guard.resolve(what, relative);
        } catch (ConfinementException e) {
            throw new DeployException(DeployErrors.CONFIG_INVALID, null, e.getMessage(), e.suggestion(), List.of(), null);
        } catch (IOException e) {
            throw failure(null, "the run's checkout " + checkout + " is gone: " + e.getMessage(), "check the disk of the deploy service", e);
        }
    }

    /**
     * Whether an {@code oci://} chart registry is spoken to over plain HTTP: when it is on loopback
     * (the local registry has no TLS) or listed in {@code build.insecureRegistries}, the same rule
     * the builders follow for images.
     */
    static boolean plainHttpRegistry(String remoteChart, List<String> insecureRegistries) {
        if (!remoteChart.startsWith("oci://")) {
            return false;
        }
        String rest = remoteChart.substring("oci://".length());
        String host = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
        String hostname = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1)
                : host.contains(":") ? host.substring(0, host.indexOf(':')) : host;
        return insecureRegistries.contains(host) || hostname.equals("localhost") || hostname.startsWith("127.")
                || hostname.equals("[::1]");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** {@code setValues}-style nested maps as Helm's dotted {@code --set} keys. */
    private static void flatten(String prefix, JsonNode node, Map<String, String> into) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return;
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), into);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(prefix + "[" + i + "]", node.get(i), into);
            }
        } else {
            into.put(prefix, node.asText());
        }
    }

    /** The newest revision of the release, whatever its status. */
    private Optional<StoredRelease> latest(ReleaseSpec spec) {
        JsonNode secrets = kube.list("/api/v1/namespaces/" + spec.namespace() + "/secrets", "owner=helm,name=" + spec.name());
        StoredRelease newest = null;
        for (JsonNode secret : secrets) {
            StoredRelease stored = StoredRelease.of(secret);
            if (newest == null || stored.revision() > newest.revision()) {
                newest = stored;
            }
        }
        return Optional.ofNullable(newest);
    }

    private void refuseIfSuperseded(RunRef run, Iterable<Optional<StoredRelease>> live) {
        RunStamp candidate = new RunStamp(run.runId(), run.runCreated());
        Map<String, RunStamp> stamps = new TreeMap<>();
        for (Optional<StoredRelease> stored : live) {
            stored.flatMap(s -> stampOf(s, run)).ifPresent(s -> stamps.put(s.runId(), s));
        }
        DeployOrdering.Decision decision = DeployOrdering.decide(candidate, stamps.values());
        if (decision.action() == DeployOrdering.Action.SUPERSEDED) {
            throw new DeployException(DeployErrors.SUPERSEDED, null,
                    decision.supersededMessage(candidate, run.repository(), run.ref()),
                    "nothing to do: the newer run's release stays; re-run this commit to deploy it again", List.of(), null);
        }
    }

    /**
     * The run that deployed a revision, when it was a run of the same repository and ref. A
     * run-created annotation that does not parse counts as the oldest possible.
     */
    private static Optional<RunStamp> stampOf(StoredRelease stored, RunRef run) {
        Map<String, String> annotations = stored.annotations();
        String runId = annotations.get(ReleaseAnnotations.RUN_ID);
        if (runId == null || !run.repository().equals(annotations.get(ReleaseAnnotations.REPOSITORY))
                || !run.ref().equals(annotations.get(ReleaseAnnotations.REF))) {
            return Optional.empty();
        }
        Instant created;
        try {
            created = Instant.parse(annotations.getOrDefault(ReleaseAnnotations.RUN_CREATED, ""));
        } catch (DateTimeParseException e) {
            created = Instant.EPOCH;
        }
        return Optional.of(new RunStamp(runId, created));
    }

    private List<DeployedResource> deployRelease(RunRef run, ReleaseSpec spec, Optional<StoredRelease> live,
            Map<String, String> images, Map<String, String> artifacts, ResourceSelectorConfig selector) {
        String templated = helm.template(spec);
        String rendered = postRender(templated, images, selector);
        boolean replaced = !rendered.equals(templated);
        String inputs = inputsDigest(rendered, spec);
        long revision;
        Optional<StoredRelease> deployed = live.filter(s -> "deployed".equals(s.status()));
        boolean unchanged = deployed.isPresent() && inputs.equals(deployed.get().annotations().get(ReleaseAnnotations.INPUTS))
                && normalize(deployed.get().manifest()).equals(normalize(withoutHooks(rendered)));
        if (deployed.isPresent() && (unchanged || !spec.upgradeOnChange())) {
            revision = deployed.get().revision();
            LOG.infof("release %s/%s revision %d %s; not upgrading it for run %s", spec.namespace(), spec.name(), revision,
                    unchanged ? "is unchanged" : "exists and upgradeOnChange is false", run.runId());
        } else {
            String description = "kaskade run " + run.runId() + " commit " + run.commit();
            if (replaced) {
                revision = upgradePostRendered(spec, rendered, description);
            } else {
                revision = helm.upgradeInstall(spec, null, description, waitTimeout);
            }
            LOG.infof("release %s/%s is at revision %d for run %s", spec.namespace(), spec.name(), revision, run.runId());
        }
        annotate(run, spec, revision, inputs);
        List<DeployedResource> resources = new ArrayList<>();
        resources.add(new DeployedResource("HelmRelease", spec.namespace(), spec.name(),
                spec.namespace() + "/" + spec.name(), revision));
        resources.addAll(objects(withoutHooks(rendered), spec.namespace(), images, artifacts));
        return resources;
    }

    /**
     * The rendered manifest with the run's images put in by Skaffold's rule (its Helm post-renderer
     * does the same), for charts that write an artifact's image literally. Returns {@code templated}
     * itself when nothing needed replacing, which is the case for charts that template their images
     * from {@code setValueTemplates}: those already carry the digests.
     */
    private static String postRender(String templated, Map<String, String> images, ResourceSelectorConfig selector) {
        ManifestImages replacer = new ManifestImages(images, selector);
        List<String> out = new ArrayList<>();
        boolean changed = false;
        for (String doc : splitDocuments(templated)) {
            Map<String, Object> tree;
            try {
                tree = YAML.readValue(doc, MAP);
            } catch (IOException e) {
                out.add(doc);
                continue;
            }
            if (tree == null || replacer.replace(tree).isEmpty()) {
                out.add(doc);
                continue;
            }
            changed = true;
            try {
                out.add("\n" + YAML.writeValueAsString(tree).replaceFirst("^---\\s*\n", ""));
            } catch (IOException e) {
                throw failure(null, "cannot write the post-rendered manifest: " + e.getMessage(), "report this as a bug", e);
            }
        }
        if (!changed) {
            return templated;
        }
        StringBuilder result = new StringBuilder();
        for (String doc : out) {
            result.append("---").append(doc.startsWith("\n") ? "" : "\n").append(doc);
            if (!doc.endsWith("\n")) {
                result.append('\n');
            }
        }
        return result.toString();
    }

    /** Installs {@code rendered} as the release through a {@link PostRenderedChart} of the original chart's identity. */
    private long upgradePostRendered(ReleaseSpec spec, String rendered, String description) {
        Path directory = null;
        try {
            JsonNode chart = YAML.readTree(helm.chartYaml(spec));
            directory = Files.createTempDirectory("kaskade-postrendered-");
            List<String> documents = splitDocuments(rendered).stream().filter(doc -> !doc.isBlank()).toList();
            PostRenderedChart.write(directory, chart.path("name").asText(spec.name()), chart.path("version").asText("0.0.0"),
                    chart.path("appVersion").isMissingNode() ? null : chart.path("appVersion").asText(), documents);
            return helm.upgradeInstall(spec, directory, description, waitTimeout);
        } catch (IOException e) {
            throw failure(null, "cannot write the post-rendered chart of release " + spec.name() + ": " + e.getMessage(),
                    "check the temporary directory of the deploy service", e);
        } finally {
            if (directory != null) {
                GitSource.deleteRecursively(directory);
            }
        }
    }

    /** Records the run on the revision's Secret; a repeated deploy of the same run writes the same values. */
    private void annotate(RunRef run, ReleaseSpec spec, long revision, String inputs) {
        ObjectNode patch = JSON.createObjectNode();
        ObjectNode metadata = patch.putObject("metadata");
        metadata.putObject("labels").put(ReleaseAnnotations.MANAGED_LABEL, "true");
        ObjectNode annotations = metadata.putObject("annotations");
        annotations.put(ReleaseAnnotations.RUN_ID, run.runId());
        annotations.put(ReleaseAnnotations.RUN_CREATED, run.runCreated().toString());
        annotations.put(ReleaseAnnotations.REPOSITORY, run.repository());
        annotations.put(ReleaseAnnotations.REF, run.ref());
        annotations.put(ReleaseAnnotations.COMMIT, run.commit());
        annotations.put(ReleaseAnnotations.INPUTS, inputs);
        kube.mergePatch("/api/v1/namespaces/" + spec.namespace() + "/secrets/" + StoredRelease.secretName(spec.name(), revision),
                patch);
    }

    /**
     * Every object of the release as the cluster holds it (uid, generation), for the {@code Deployed}
     * event and the status check, with the artifact each runs.
     */
    private List<DeployedResource> objects(String manifest, String namespace, Map<String, String> images,
            Map<String, String> artifacts) {
        List<DeployedResource> objects = new ArrayList<>();
        for (JsonNode doc : documents(manifest)) {
            if (doc.path("kind").asText("").isEmpty() || doc.path("metadata").path("name").asText("").isEmpty()) {
                continue;
            }
            DeployedResource object = ReleaseObjects.live(client, doc, namespace);
            objects.add(object);
            String name = object.name();
            List<String> runs = new ArrayList<>();
            JsonNode podSpec = doc.path("spec").path("template").path("spec");
            for (JsonNode container : (podSpec.isMissingNode() ? doc.path("spec") : podSpec).path("containers")) {
                String image = container.path("image").asText("");
                images.forEach((artifact, tested) -> {
                    if (tested.equals(image) && !runs.contains(artifact)) {
                        runs.add(artifact);
                    }
                });
            }
            if (runs.size() == 1) {
                artifacts.put(name, runs.get(0));
            }
        }
        return objects;
    }

    private static List<JsonNode> documents(String manifest) {
        List<JsonNode> docs = new ArrayList<>();
        for (String doc : splitDocuments(manifest)) {
            try {
                JsonNode node = YAML.readTree(doc);
                if (node != null && node.isObject()) {
                    docs.add(node);
                }
            } catch (IOException e) {
                // Helm rendered it, so it is YAML; a document that still does not parse has nothing to check.
            }
        }
        return docs;
    }

    private static List<String> splitDocuments(String manifest) {
        List<String> docs = new ArrayList<>();
        for (String doc : manifest.split("(?m)^---\\s*$")) {
            if (!doc.isBlank()) {
                docs.add(doc);
            }
        }
        return docs;
    }

    /** The rendered manifest without hook documents; Helm stores hooks apart from the release manifest. */
    private static String withoutHooks(String rendered) {
        StringBuilder result = new StringBuilder();
        for (String doc : splitDocuments(rendered)) {
            if (!doc.contains("helm.sh/hook")) {
                result.append("---").append(doc.startsWith("\n") ? "" : "\n").append(doc);
            }
        }
        return result.toString();
    }

    /** Documents with comments and surrounding blank lines removed, sorted: the order of documents does not matter. */
    private static List<String> normalize(String manifest) {
        List<String> docs = new ArrayList<>();
        for (String doc : splitDocuments(manifest)) {
            String body = doc.lines().filter(line -> !line.startsWith("#")).map(String::stripTrailing)
                    .filter(line -> !line.isEmpty()).reduce((a, b) -> a + "\n" + b).orElse("");
            if (!body.isEmpty()) {
                docs.add(body);
            }
        }
        docs.sort(null);
        return docs;
    }

    /** SHA-256 over the rendered manifest and everything given to Helm besides the chart. */
    private static String inputsDigest(String rendered, ReleaseSpec spec) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(String.join("\n---\n", normalize(rendered)).getBytes(StandardCharsets.UTF_8));
            digest.update(("\0version=" + spec.version() + "\0").getBytes(StandardCharsets.UTF_8));
            for (Path file : spec.valuesFiles()) {
                digest.update(Files.readAllBytes(file));
                digest.update((byte) 0);
            }
            spec.values().forEach((k, v) -> digest.update((k + "=" + v + "\0").getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException | IOException e) {
            throw failure(null, "cannot fingerprint release " + spec.name() + ": " + e.getMessage(),
                    "check the checkout of the run's repository", e);
        }
    }

    private static DeployException failure(String artifact, String message, String suggestion, Throwable cause) {
        return new DeployException(DeployErrors.HELM_FAILED, artifact, message, suggestion, List.of(), cause);
    }
}
