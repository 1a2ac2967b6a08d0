package io.kaskade.deploy.deployer;

/**
 * Error codes of the Kubernetes deployers (kubectl, kustomize), beside {@link DeployErrors} so the
 * tool packages share them without depending on each other; like those they are part of the event contract.
 */
public final class KubernetesErrors {

    /** The API server refused or failed an apply, or could not be reached. */
    public static final String KUBERNETES_FAILED = "DEPLOY_KUBERNETES_FAILED";
    /** A manifest the config names is missing or is not valid Kubernetes YAML. */
    public static final String MANIFEST_INVALID = "DEPLOY_MANIFEST_INVALID";
    /** {@code deploy.kubectl.flags} has a flag without a meaning for a server-side apply. */
    public static final String FLAGS_UNSUPPORTED = "DEPLOY_KUBECTL_FLAG_UNSUPPORTED";

    private KubernetesErrors() {}
}
