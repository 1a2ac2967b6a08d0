package io.kaskade.deploy.deployer.kubectl;

import java.util.List;
import java.util.Map;

/**
 * Fills in the list-map keys the API server would default, before a server-side apply.
 *
 * <p>Why: a Service's {@code spec.ports} is a list-map keyed by {@code port} and {@code protocol}, a
 * container's {@code ports} one keyed by {@code containerPort} and {@code protocol}. Server-side
 * apply on Kubernetes before 1.23 (kubernetes#103544) builds the field set from the applied object
 * before defaulting, so a port without {@code protocol} has an incomplete key and the whole object is
 * refused ({@code .spec.ports: element 0: associative list with keys has an element that omits key
 * field "protocol"}). Almost every real manifest omits it; {@code kubectl apply} (client-side) never
 * noticed. Setting {@code TCP}, the value the API server defaults to anyway, changes nothing in the
 * stored object and lets every cluster version accept the manifest as written.
 *
 * <p>Only absent keys are filled; a protocol the manifest names is kept.
 */
final class ListMapDefaults {

    static final String DEFAULT_PROTOCOL = "TCP";

    private static final List<String> CONTAINER_LISTS = List.of("containers", "initContainers", "ephemeralContainers");

    private ListMapDefaults() {}

    /** Defaults the list-map keys of {@code manifest} (a plain YAML tree of one object) in place. */
    static void apply(Map<String, Object> manifest) {
        Object kind = manifest.get("kind");
        Map<String, Object> spec = map(manifest.get("spec"));
        if (spec == null) {
            return;
        }
        if ("Service".equals(kind)) {
            defaultProtocols(spec.get("ports"));
        }
        if ("Pod".equals(kind)) {
            defaultPodSpec(spec);
        }
        // Every workload kind (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, and custom ones
        // built the same way) carries its pods under spec.template.spec; a CronJob one level deeper.
        defaultPodSpec(path(spec, "template", "spec"));
        defaultPodSpec(path(spec, "jobTemplate", "spec", "template", "spec"));
    }

    private static void defaultPodSpec(Map<String, Object> podSpec) {
        if (podSpec == null) {
            return;
        }
        for (String list : CONTAINER_LISTS) {
            if (podSpec.get(list) instanceof List<?> containers) {
                for (Object container : containers) {
                    Map<String, Object> c = map(container);
                    if (c != null) {
                        defaultProtocols(c.get("ports"));
                    }
                }
            }
        }
    }

    private static void defaultProtocols(Object ports) {
        if (ports instanceof List<?> list) {
            for (Object port : list) {
                Map<String, Object> p = map(port);
                if (p != null && p.get("protocol") == null) {
                    p.put("protocol", DEFAULT_PROTOCOL);
                }
            }
        }
    }

    private static Map<String, Object> path(Map<String, Object> from, String... keys) {
        Map<String, Object> current = from;
        for (String key : keys) {
            if (current == null) {
                return null;
            }
            current = map(current.get(key));
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }
}
