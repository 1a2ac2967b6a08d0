package io.kaskade.build.builder.kaniko;

/**
 * The images of a kaniko build pod when the artifact names none ({@code kaniko.image},
 * {@code kaniko.initImage}). Skaffold defaults to {@code gcr.io/kaniko-project/executor} and
 * {@code busybox}; a cluster that cannot reach those registries sets its own mirrors.
 *
 * @param executorImage runs {@code /kaniko/executor} with kaniko's flags
 * @param initImage has {@code sh}, {@code tar} and {@code touch}: it receives the build context
 */
public record KanikoImages(String executorImage, String initImage) {

    /** Skaffold's defaults. */
    public static final KanikoImages SKAFFOLD_DEFAULTS =
            new KanikoImages("gcr.io/kaniko-project/executor:v1.23.2", "busybox:1.37");
}
