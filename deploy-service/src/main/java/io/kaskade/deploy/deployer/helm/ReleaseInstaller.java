package io.kaskade.deploy.deployer.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kaskade.model.config.ResourceSelectorConfig;
import io.kaskade.model.event.DeployedResource;
import io.kaskade.model.event.RunRef;
import io.kaskade.service.source.GitSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Puts one release in place for a run: renders it, puts the run's images into what the chart writes
 * literally, and upgrades (or installs) it with Helm, unless the deployed revision already holds the
 * same manifest from the same inputs. A redeploy that changes nothing calls no Helm at all, so it
 * adds no revision (Skaffold's issue 9222: every {@code skaffold run} used to add one).
 */
final class ReleaseInstaller {

    private static final Logger LOG = Logger.getLogger(ReleaseInstaller.class);
    private static final YAMLMapper YAML = new YAMLMapper();

    private final HelmTool helm;
    private final ReleaseSecrets secrets;
    private final KubernetesClient client;
    private final Duration waitTimeout;

    ReleaseInstaller(HelmTool helm, ReleaseSecrets secrets, KubernetesClient client, Duration waitTimeout) {
        this.helm = helm;
        this.secrets = secrets;
        this.client = client;
        this.waitTimeout = waitTimeout;
    }

    /**
     * Deploys the release and returns it and every object it holds, adding to {@code artifacts} the
     * artifact each object runs.
     *
     * @param live the release's newest revision before this deploy, if any
     */
    List<DeployedResource> install(
            RunRef run,
            ReleaseSpec spec,
            Optional<StoredRelease> live,
            Map<String, String> images,
            Map<String, String> artifacts,
            ResourceSelectorConfig selector) {
        HelmManifest templated = manifest(helm.template(spec), "helm template of release " + spec.name());
        Optional<HelmManifest> postRendered = templated.withImages(images, selector);
        HelmManifest rendered = postRendered.orElse(templated);
        HelmManifest applied = rendered.withoutHooks();
        String inputs = inputsDigest(rendered, spec);
        Optional<StoredRelease> deployed = live.filter(s -> "deployed".equals(s.status()));
        boolean unchanged = deployed.isPresent()
                && inputs.equals(deployed.get().annotations().get(ReleaseAnnotations.INPUTS))
                && sameManifest(deployed.get(), applied);
        long revision;
        if (deployed.isPresent() && (unchanged || !spec.upgradeOnChange())) {
            revision = deployed.get().revision();
            LOG.infof(
                    "release %s/%s revision %d %s; not upgrading it for run %s",
                    spec.namespace(),
                    spec.name(),
                    revision,
                    unchanged ? "is unchanged" : "exists and upgradeOnChange is false",
                    run.runId());
        } else {
            String description = "kaskade run " + run.runId() + " commit " + run.commit();
            revision = postRendered.isPresent()
                    ? upgradePostRendered(spec, rendered, description)
                    : helm.upgradeInstall(spec, null, description, waitTimeout);
            LOG.infof(
                    "release %s/%s is at revision %d for run %s", spec.namespace(), spec.name(), revision, run.runId());
        }
        secrets.annotate(run, spec, revision, inputs);
        List<DeployedResource> resources = new ArrayList<>();
        resources.add(new DeployedResource(
                "HelmRelease", spec.namespace(), spec.name(), spec.namespace() + "/" + spec.name(), revision));
        resources.addAll(objects(applied, spec.namespace(), images, artifacts));
        return resources;
    }

    private static HelmManifest manifest(String yaml, String source) {
        try {
            return HelmManifest.parse(yaml);
        } catch (IllegalArgumentException e) {
            throw HelmFailure.of(
                    source + " gave a manifest that is not YAML: " + e.getMessage(),
                    "check the chart's templates, e.g. with `helm template`",
                    e);
        }
    }

    /** Whether the deployed revision holds {@code applied}; a stored manifest that does not read counts as different. */
    private static boolean sameManifest(StoredRelease deployed, HelmManifest applied) {
        try {
            return HelmManifest.parse(deployed.manifest()).sameAs(applied);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Installs {@code rendered} as the release through a {@link PostRenderedChart} of the original chart's identity. */
    private long upgradePostRendered(ReleaseSpec spec, HelmManifest rendered, String description) {
        Path directory = null;
        try {
            JsonNode chart = YAML.readTree(helm.chartYaml(spec));
            directory = Files.createTempDirectory("kaskade-postrendered-");
            PostRenderedChart.write(
                    directory,
                    chart.path("name").asText(spec.name()),
                    chart.path("version").asText("0.0.0"),
                    chart.path("appVersion").isMissingNode()
                            ? null
                            : chart.path("appVersion").asText(),
                    rendered.yamlDocuments());
            return helm.upgradeInstall(spec, directory, description, waitTimeout);
        } catch (IOException e) {
            throw HelmFailure.of(
                    "cannot write the post-rendered chart of release " + spec.name() + ": " + e.getMessage(),
                    "check the temporary directory of the deploy service",
                    e);
        } finally {
            if (directory != null) {
                GitSource.deleteRecursively(directory);
            }
        }
    }

    /**
     * Every object of the release as the cluster holds it (uid, generation), for the {@code Deployed}
     * event and the status check, with the artifact each runs.
     */
    private List<DeployedResource> objects(
            HelmManifest manifest, String namespace, Map<String, String> images, Map<String, String> artifacts) {
        List<DeployedResource> objects = new ArrayList<>();
        for (ObjectNode doc : manifest.documents()) {
            if (doc.path("kind").asText("").isEmpty()
                    || doc.path("metadata").path("name").asText("").isEmpty()) {
                continue;
            }
            DeployedResource object = ReleaseObjects.live(client, doc, namespace);
            objects.add(object);
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
                artifacts.put(object.name(), runs.get(0));
            }
        }
        return objects;
    }

    /** SHA-256 over the rendered manifest and everything given to Helm besides the chart. */
    private static String inputsDigest(HelmManifest rendered, ReleaseSpec spec) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(String.join("\n---\n", rendered.canonical()).getBytes(StandardCharsets.UTF_8));
            digest.update(("\0version=" + spec.version() + "\0").getBytes(StandardCharsets.UTF_8));
            for (Path file : spec.valuesFiles()) {
                digest.update(Files.readAllBytes(file));
                digest.update((byte) 0);
            }
            spec.values().forEach((k, v) -> digest.update((k + "=" + v + "\0").getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException | IOException e) {
            throw HelmFailure.of(
                    "cannot fingerprint release " + spec.name() + ": " + e.getMessage(),
                    "check the checkout of the run's repository",
                    e);
        }
    }
}
