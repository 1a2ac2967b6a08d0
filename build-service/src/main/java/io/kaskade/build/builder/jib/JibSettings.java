package io.kaskade.build.builder.jib;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the jib builder, under {@code kaskade.build.jib}. */
@ConfigMapping(prefix = "kaskade.build.jib")
public interface JibSettings {

    /**
     * The base image of a jib artifact without {@code fromImage}. Jib's own default (a Temurin image
     * on Docker Hub) cannot be pulled where Kaskade runs, so the default is the local Java 17 runtime
     * image that {@code kaskade up} builds with jlink and pushes to the local registry.
     */
    @WithDefault("127.0.0.1:5000/kaskade/jre:17")
    String defaultFromImage();
}
