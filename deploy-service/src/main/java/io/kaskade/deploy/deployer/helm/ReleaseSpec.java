package io.kaskade.deploy.deployer.helm;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One {@code deploy.helm.releases[]} entry resolved for a run: the chart directory inside the run's
 * checkout, the values files and the {@code --set} values with every template expanded.
 *
 * @param name the release name
 * @param namespace the namespace the release lives in
 * @param chart the chart directory
 * @param version the chart version constraint, or null
 * @param valuesFiles values files, in order (later ones win)
 * @param values {@code --set} values, in order (later ones win)
 * @param createNamespace whether Helm creates the namespace when it is missing
 * @param waitReady whether Helm itself waits for the release's resources ({@code deploy.helm.releases[].wait})
 * @param upgradeOnChange false when an existing release is never upgraded
 */
record ReleaseSpec(String name, String namespace, Path chart, String version, List<Path> valuesFiles,
        Map<String, String> values, boolean createNamespace, boolean waitReady, boolean upgradeOnChange) {

    ReleaseSpec {
        valuesFiles = List.copyOf(valuesFiles);
        values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
    }
}
