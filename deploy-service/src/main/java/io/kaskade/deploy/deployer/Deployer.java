package io.kaskade.deploy.deployer;

/**
 * Puts a run's tested images somewhere they run: one implementation per tool (Docker engine,
 * kubectl, kustomize, Helm), picked by {@link DeployerChooser}.
 *
 * <p>Contract every implementation keeps:
 * <ul>
 *   <li><b>By digest.</b> It deploys the exact images of {@link DeployRequest#images()}
 *       ({@code repo:tag@sha256:...}), never a mutable tag.</li>
 *   <li><b>Newest run wins.</b> Deployments of the same repository and ref are ordered by
 *       {@link io.kaskade.model.event.RunRef#runCreated()}: a newer run replaces an older run's
 *       deployment, and an older run never replaces a newer one; it throws
 *       {@link DeployException} with {@link DeployErrors#SUPERSEDED} instead. {@link DeployOrdering}
 *       holds the rule; the deployer only has to read which runs are live from its own labels or
 *       annotations.</li>
 *   <li><b>Idempotent.</b> Deploying a run that is already deployed changes nothing and returns the
 *       same {@link Deployment}; delivery is at least once, and a crash may repeat a deploy.</li>
 *   <li><b>Failures are values.</b> Every failure is a {@link DeployException} carrying a stable
 *       error code, a message naming the object that failed, a suggestion and the tool's last log
 *       lines. Vendor types and exceptions never leave the implementation.</li>
 * </ul>
 *
 * <p>The caller serialises deploys of the same repository and ref, so an implementation does not
 * need its own locking between reading the live state and changing it.
 */
public interface Deployer {

    /** The deployer's name as reported in {@code Deployed.deployer}, e.g. {@code docker} or {@code helm}. */
    String name();

    /**
     * Deploys every image of the request and returns what now runs. It returns once the tool has
     * accepted the change; whether the workload becomes healthy is {@link #statusCheck()}'s job.
     *
     * @throws DeployException on any failure, including {@link DeployErrors#SUPERSEDED}
     */
    Deployment deploy(DeployRequest request);

    /** Checks that what {@link #deploy} created becomes ready; kept apart so it can be skipped or shared. */
    StatusCheck statusCheck();
}
