package io.kaskade.deploy.deployer.helm;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code deploy.helm.releases[]} entry resolved for a run: where the chart comes from, the values
 * files, the {@code --set} values with every template expanded and the {@code --set-file} files.
 *
 * @param name the release name
 * @param namespace the namespace the release lives in
 * @param chart the chart: a directory of the run's checkout or a remote reference
 * @param version the chart version constraint, or null
 * @param valuesFiles values files, in order (later ones win)
 * @param values {@code --set} values, in order (later ones win)
 * @param setFiles {@code --set-file} values: key to a file of the run's checkout
 * @param createNamespace whether Helm creates the namespace when it is missing
 * @param waitReady whether Helm itself waits for the release's resources ({@code deploy.helm.releases[].wait})
 * @param upgradeOnChange false when an existing release is never upgraded
 */
record ReleaseSpec(
        String name,
        String namespace,
        ChartSource chart,
        String version,
        List<Path> valuesFiles,
        Map<String, String> values,
        Map<String, Path> setFiles,
        boolean createNamespace,
        boolean waitReady,
        boolean upgradeOnChange) {

    ReleaseSpec {
        valuesFiles = List.copyOf(valuesFiles);
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        setFiles = Collections.unmodifiableMap(new LinkedHashMap<>(setFiles));
    }
}
