package io.kaskade.build.builder.kaniko;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Settings of the kaniko builder, under {@code kaskade.kaniko}. */
@ConfigMapping(prefix = "kaskade.kaniko")
public interface KanikoSettings {

    /**
     * The kubeconfig of the build cluster. Unset: fabric8's usual lookup ({@code KUBECONFIG}, then
     * {@code ~/.kube/config}, then the in-cluster service account), as kubectl and Skaffold do.
     */
    Optional<String> kubeconfig();

    /**
     * The executor image when an artifact sets no {@code kaniko.image}. Skaffold's default; a cluster
     * that cannot reach gcr.io sets a mirror.
     */
    @WithDefault("gcr.io/kaniko-project/executor:v1.23.2")
    String executorImage();

    /**
     * The init image when an artifact sets no {@code kaniko.initImage}: it needs {@code sh},
     * {@code tar} and {@code touch} to receive the build context.
     */
    @WithDefault("busybox:1.37")
    String initImage();
}
