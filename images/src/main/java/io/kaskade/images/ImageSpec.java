package io.kaskade.images;

import com.google.cloud.tools.jib.api.JibContainerBuilder;
import java.io.IOException;

/**
 * One image Kaskade builds for itself: where it goes and how its layers are laid out on the base.
 * Implementations only describe the container; {@link ImageBuilder} does the pushing.
 */
public interface ImageSpec {

    /** Short name, as on the command line and in {@code docker-compose.yml}: {@code build-service}, {@code kafka}. */
    String name();

    /** The repository under the registry, without registry or tag: {@code kaskade/build-service}. */
    String repository();

    /** The tag: the project version for services, the Kafka version for the broker. */
    String tag();

    /** The base image reference the layers go on. */
    String baseImage();

    /** Adds this image's layers, entrypoint, environment and labels to a builder started from {@link #baseImage()}. */
    void configure(JibContainerBuilder builder) throws IOException;
}
