package io.kaskade.deploy.deployer.helm;

import java.nio.file.Path;

/**
 * Where a release's chart comes from: a directory in the run's checkout ({@code chartPath}) or a
 * remote reference ({@code remoteChart}, optionally with {@code repo}).
 *
 * @param directory the chart directory, for a local chart; null for a remote one
 * @param reference what Helm resolves for a remote chart: {@code oci://host/path/chart}, a chart URL, or
 *     {@code <repo-name>/<chart>} once {@link #repoUrl()} is added as a repository; null for a local chart
 * @param repoUrl the {@code repo} of the release, added to Helm's repositories before use; may be null
 * @param plainHttp whether an {@code oci://} registry is spoken to over plain HTTP (a loopback or insecure
 *     registry, like the local one on 127.0.0.1:5000)
 */
record ChartSource(Path directory, String reference, String repoUrl, boolean plainHttp) {

    static ChartSource local(Path directory) {
        return new ChartSource(directory, null, null, false);
    }

    static ChartSource remote(String reference, String repoUrl, boolean plainHttp) {
        return new ChartSource(null, reference, repoUrl, plainHttp);
    }

    boolean isLocal() {
        return directory != null;
    }

    /** The chart as a person would name it in a message. */
    String describe() {
        if (isLocal()) {
            return "chartPath " + directory.getFileName();
        }
        return "remoteChart " + reference + (repoUrl == null ? "" : " from " + repoUrl);
    }
}
