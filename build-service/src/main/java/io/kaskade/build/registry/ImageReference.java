package io.kaskade.build.registry;

/**
 * An image name split the way registries address it: {@code host[:port]/path}. Names without a
 * registry host are Docker Hub's ({@code docker.io}, {@code library/} for single names), as in Docker.
 *
 * @param registry the registry host and port, e.g. {@code 127.0.0.1:5000}
 * @param repository the repository path inside it, e.g. {@code team/app}
 */
public record ImageReference(String registry, String repository) {

    /** Splits an image name without tag or digest. */
    public static ImageReference parse(String image) {
        int slash = image.indexOf('/');
        if (slash > 0) {
            String first = image.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                return new ImageReference(first, image.substring(slash + 1));
            }
            return new ImageReference("docker.io", image);
        }
        return new ImageReference("docker.io", "library/" + image);
    }

    /** Whether the registry is on this machine, where Docker allows plain HTTP. */
    public boolean isLoopback() {
        String host = registry.contains(":") ? registry.substring(0, registry.lastIndexOf(':')) : registry;
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
    }
}
