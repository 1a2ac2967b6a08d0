package io.kaskade.model.image;

import io.kaskade.model.config.ResourceFilter;
import io.kaskade.model.config.ResourceSelectorConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Puts built image references into Kubernetes manifests the way Skaffold's {@code ReplaceImages}
 * does. In the kinds Skaffold knows (Pods, workloads, Jobs, CronJobs, Knative, Argo, ...) and the
 * kinds {@code resourceSelector.allow} adds, every string field named {@code image}, at any depth, is
 * checked; other kinds only at the exact paths their filter lists. A reference is replaced when its
 * name without tag equals an artifact's image as written (no {@code docker.io} normalisation); its
 * tag is dropped in favour of the built tag; a reference that already has a digest is left alone.
 *
 * <p>Works on parsed YAML ({@code Map}/{@code List} trees), so it stays free of any Kubernetes client.
 */
public final class ManifestImages {

    /** Group kinds whose {@code image} fields are all replaced ({@code Kind} or {@code Kind.group}). */
    private static final Set<String> ALL_IMAGE_FIELDS = Set.of(
            "Pod",
            "Service",
            "DaemonSet.apps",
            "Deployment.apps",
            "ReplicaSet.apps",
            "StatefulSet.apps",
            "CronJob.batch",
            "Job.batch",
            "DaemonSet.extensions",
            "Deployment.extensions",
            "ReplicaSet.extensions",
            "Service.serving.knative.dev",
            "Fleet.agones.dev",
            "GameServer.agones.dev",
            "Rollout.argoproj.io",
            "Workflow.argoproj.io",
            "CronWorkflow.argoproj.io",
            "WorkflowTemplate.argoproj.io",
            "ClusterWorkflowTemplate.argoproj.io",
            "Job.run.googleapis.com",
            "WorkerPool.run.googleapis.com");

    private static final List<String> CONFLUENT_PATHS = List.of(".spec.image.application", ".spec.image.init");
    private static final Map<String, List<String>> PATHS = Map.ofEntries(
            Map.entry("Connect.platform.confluent.io", CONFLUENT_PATHS),
            Map.entry("ControlCenter.platform.confluent.io", CONFLUENT_PATHS),
            Map.entry("Kafka.platform.confluent.io", CONFLUENT_PATHS),
            Map.entry("KsqlDB.platform.confluent.io", CONFLUENT_PATHS),
            Map.entry("SchemaRegistry.platform.confluent.io", CONFLUENT_PATHS),
            Map.entry("Zookeeper.platform.confluent.io", CONFLUENT_PATHS),
            Map.entry("KafkaConnect.kafka.strimzi.io", List.of(".spec.image")),
            Map.entry(
                    "Kafka.kafka.strimzi.io",
                    List.of(
                            ".spec.kafka.image",
                            ".spec.zookeeper.image",
                            ".spec.entityOperator.topicOperator.image",
                            ".spec.entityOperator.userOperator.image",
                            ".spec.kafkaExporter.image.")));
    private static final Pattern CONFIG_CONNECTOR_GROUP = Pattern.compile("([A-Za-z]+\\.)+cnrm\\.cloud\\.google\\.com");

    private final Map<String, String> tagsByImage;
    /** The artifact image as the caller gave it (with {@code ko://}), by the image matched in manifests. */
    private final Map<String, String> artifactByImage = new LinkedHashMap<>();

    private final Map<String, List<String>> allow = new HashMap<>();
    private final Map<String, List<String>> deny = new HashMap<>();

    /**
     * @param builds artifact image (as in {@code build.artifacts[].image}) to the full reference to put in
     * @param selector the config's {@code resourceSelector}, may be null
     */
    public ManifestImages(Map<String, String> builds, ResourceSelectorConfig selector) {
        this.tagsByImage = new LinkedHashMap<>();
        builds.forEach((image, tag) -> {
            String matched = image.startsWith("ko://") ? image.substring(5) : image;
            tagsByImage.put(matched, tag);
            artifactByImage.put(matched, image);
        });
        ALL_IMAGE_FIELDS.forEach(gk -> allow.put(gk, List.of(".*")));
        allow.putAll(PATHS);
        deny.put("StatefulSet.apps", List.of());
        deny.put("Job.batch", List.of());
        if (selector != null) {
            for (ResourceFilter f : selector.allow()) {
                allow.put(f.groupKind(), f.image());
            }
            for (ResourceFilter f : selector.deny()) {
                deny.put(f.groupKind(), f.image());
            }
        }
    }

    /** Replaces images in one manifest (a parsed YAML document) in place; returns the images replaced. */
    public List<String> replace(Map<String, Object> manifest) {
        return replace(manifest, new LinkedHashSet<>());
    }

    /**
     * Replaces images in one manifest in place, like {@link #replace(Map)}.
     *
     * @return the artifacts (keys of the builds given to the constructor) whose image was put in somewhere
     */
    public Set<String> replaceArtifacts(Map<String, Object> manifest) {
        Set<String> artifacts = new LinkedHashSet<>();
        replace(manifest, artifacts);
        return artifacts;
    }

    private List<String> replace(Map<String, Object> manifest, Set<String> artifacts) {
        List<String> replaced = new ArrayList<>();
        String apiVersion = manifest.get("apiVersion") instanceof String s ? s : null;
        String kind = manifest.get("kind") instanceof String s ? s : null;
        String group =
                apiVersion == null || !apiVersion.contains("/") ? "" : apiVersion.substring(0, apiVersion.indexOf('/'));
        String groupKind = kind == null ? "" : group.isEmpty() ? kind : kind + "." + group;
        boolean recursive = apiVersion != null
                && kind != null
                && (allowedKind(groupKind)
                        || CONFIG_CONNECTOR_GROUP.matcher(group).matches());
        visit(groupKind, group, "", manifest, recursive, replaced, artifacts);
        return replaced;
    }

    private boolean allowedKind(String groupKind) {
        if (!allow.containsKey(groupKind)) {
            return false;
        }
        List<String> denied = deny.get(groupKind);
        return denied == null || !denied.contains(".*");
    }

    private void visit(
            String groupKind,
            String group,
            String path,
            Object node,
            boolean recursive,
            List<String> replaced,
            Set<String> artifacts) {
        if (node instanceof List<?> list) {
            for (Object item : list) {
                visit(groupKind, group, path, item, recursive, replaced, artifacts);
            }
            return;
        }
        if (!(node instanceof Map<?, ?> map)) {
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) map;
        for (Map.Entry<String, Object> e : object.entrySet()) {
            String childPath = path + "." + e.getKey();
            boolean handled = false;
            if (allowedPath(groupKind, group, childPath, e.getKey()) && e.getValue() instanceof String image) {
                String matched = matchedImage(image);
                if (matched != null) {
                    e.setValue(tagsByImage.get(matched));
                    replaced.add(image);
                    artifacts.add(artifactByImage.get(matched));
                }
                handled = true;
            }
            if (recursive && !handled) {
                visit(groupKind, group, childPath, e.getValue(), true, replaced, artifacts);
            }
        }
    }

    private boolean allowedPath(String groupKind, String group, String path, String key) {
        boolean configConnector =
                "image".equals(key) && CONFIG_CONNECTOR_GROUP.matcher(group).matches();
        List<String> denied = deny.get(groupKind);
        if (denied != null && (denied.contains(".*") || denied.contains(path))) {
            return false;
        }
        List<String> allowed = allow.get(groupKind);
        if (allowed != null) {
            for (String p : allowed) {
                if ((".*".equals(p) && "image".equals(key)) || p.equals(path)) {
                    return true;
                }
            }
            return false;
        }
        return configConnector;
    }

    /** The artifact image {@code image} refers to, or null when it is not ours or already pinned by digest. */
    private String matchedImage(String image) {
        ImageReference parsed;
        try {
            parsed = ImageReference.parse(image);
        } catch (IllegalArgumentException e) {
            return null;
        }
        String base = parsed.baseName();
        if (!parsed.domain().isEmpty()
                && parsed.domain().equals(parsed.repo())
                && tagsByImage.containsKey(parsed.repo())) {
            base = parsed.repo();
        }
        if (!parsed.digest().isEmpty()) {
            return null;
        }
        return tagsByImage.containsKey(base) ? base : null;
    }
}
