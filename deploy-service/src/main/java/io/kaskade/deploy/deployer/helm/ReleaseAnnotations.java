package io.kaskade.deploy.deployer.helm;

/**
 * The annotations the helm deployer puts on the Secret of each release revision it deploys. They
 * are how a later deploy finds which run owns a release (so an older run never rolls it back) and
 * whether its inputs changed, with no state of the service's own.
 */
final class ReleaseAnnotations {

    static final String MANAGED_LABEL = "kaskade.managed";
    static final String RUN_ID = "kaskade.run-id";
    /** ISO-8601 instant; orders the runs of one repository and ref. */
    static final String RUN_CREATED = "kaskade.run-created";

    static final String REPOSITORY = "kaskade.repository";
    static final String REF = "kaskade.ref";
    static final String COMMIT = "kaskade.commit";
    /** SHA-256 of the rendered manifest and the values given to Helm; equal means a redeploy changes nothing. */
    static final String INPUTS = "kaskade.helm-inputs";

    private ReleaseAnnotations() {}
}
