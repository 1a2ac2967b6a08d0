package io.kaskade.build.gc;

/**
 * The labels that mark what Kaskade made on a Docker engine: only what carries them is ever
 * collected. Images built through the engine API carry {@link #BUILT_ARTIFACT}; containers run by
 * the docker deployer carry its labels (deploy-service's {@code ContainerLabels}, repeated here as
 * the services share no code beyond the contract).
 */
public final class EngineLabels {

    /** On images the build-service built: the image name (without tag) they were built for. */
    public static final String BUILT_ARTIFACT = "kaskade.build.artifact";

    static final String MANAGED = "kaskade.managed";
    static final String RUN_ID = "kaskade.run-id";
    static final String RUN_CREATED = "kaskade.run-created";
    static final String REPOSITORY = "kaskade.repository";
    static final String REF = "kaskade.ref";
    static final String ARTIFACT = "kaskade.artifact";

    private EngineLabels() {}
}
