package io.kaskade.deploy.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kaskade.deploy.TestRuns;
import io.kaskade.deploy.deployer.DeployErrors;
import io.kaskade.deploy.deployer.DeployException;
import io.kaskade.deploy.deployer.Deployment;
import io.kaskade.deploy.k8s.TestCluster;
import io.kaskade.model.event.DeployedResource;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes status check against the real cluster: each kind it checks becomes ready or fails
 * with the cluster's reason, pod failures fail fast (or, tolerated, at the deadline) and name the
 * pod, the container and its last log lines.
 */
class KubernetesStatusCheckTest {

    private static final String IMAGE = "127.0.0.1:5000/kaskade/busybox:stable";
    /** Long enough never to be reached by a check that must fail fast. */
    private static final Duration LONG = Duration.ofSeconds(300);

    private static final String ARTIFACT = "127.0.0.1:5000/status/app";

    private KubernetesClient client;
    private KubernetesStatusCheck check;
    private String namespace;

    @BeforeEach
    void setUp() {
        client = TestCluster.client(TestCluster.requireKubeconfig());
        check = new KubernetesStatusCheck(() -> client);
        namespace = TestCluster.createNamespace(client, "status");
    }

    @AfterEach
    void tearDown() {
        if (client != null) {
            if (namespace != null) {
                TestCluster.deleteNamespace(client, namespace);
            }
            client.close();
        }
    }

    @Test
    void aDeploymentIsReadyOnlyOnceItsNewGenerationRolledOut() {
        Deployment first = apply(deployment("web", 2, "sleep 3600", "v1", "") + """
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: settings}
                data: {a: b}
                """);
        assertThat(first.resources()).extracting(DeployedResource::kind).containsExactly("Deployment", "ConfigMap");

        check.awaitReady(first, LONG);
        assertRolledOut("web", 1, 2);

        Deployment second = apply(deployment("web", 2, "sleep 3600", "v2", ""));
        assertThat(second.resources().get(0).generation()).isEqualTo(2L);
        check.awaitReady(second, LONG);
        assertRolledOut("web", 2, 2);
    }

    @Test
    void aCrashLoopFailsFastWithTheContainersLastLogLines() {
        Deployment deployment = apply(deployment("crash", 1, "echo boom-from-crash; exit 1", "v1", ""));

        assertFails(deployment, LONG, false, e -> {
            assertThat(e.getMessage())
                    .startsWith("Deployment/" + namespace + "/crash (artifact " + ARTIFACT + "): pod crash-")
                    .contains("container app: CrashLoopBackOff")
                    .contains("last exit code 1")
                    .contains("last log lines: boom-from-crash")
                    .as("failed fast, not at the deadline")
                    .doesNotContain("not ready within");
            assertThat(e.logTail()).contains("boom-from-crash");
        });
    }

    @Test
    void anImageThatCannotBePulledIsReported() {
        Deployment deployment = apply(deployment("missing", 1, "sleep 3600", "v1", "")
                .replace(IMAGE, "127.0.0.1:5000/status/does-not-exist:none"));

        assertFails(
                deployment,
                LONG,
                false,
                e -> assertThat(e.getMessage())
                        .startsWith("Deployment/" + namespace + "/missing")
                        .containsPattern("container app: (ErrImagePull|ImagePullBackOff)")
                        .contains("127.0.0.1:5000/status/does-not-exist:none")
                        .doesNotContain("not ready within"));
    }

    @Test
    void anUnschedulablePodIsReportedWithTheSchedulersMessage() {
        Deployment deployment = apply(deployment("picky", 1, "sleep 3600", "v1", """
                      nodeSelector: {kaskade.io/no-such-node: "true"}
                """));

        assertFails(
                deployment,
                LONG,
                false,
                e -> assertThat(e.getMessage())
                        .startsWith("Deployment/" + namespace + "/picky")
                        .contains(": Unschedulable: ")
                        .containsPattern("nodes are available: 1 node\\(s\\) didn't match"));
    }

    @Test
    void aDeploymentsShorterProgressDeadlineWins() {
        Deployment deployment = apply(deployment("unready", 1, "sleep 3600", "v1", """
                        readinessProbe:
                          exec: {command: ["false"]}
                          periodSeconds: 1
                """)
                .replace("  replicas: 1\n", "  replicas: 1\n  progressDeadlineSeconds: 10\n"));

        assertFails(
                deployment,
                LONG,
                false,
                e -> assertThat(e.getMessage())
                        .startsWith("Deployment/" + namespace + "/unready")
                        .contains("ProgressDeadlineExceeded")
                        .contains("container app is running but not ready"));
    }

    @Test
    void toleratedFailuresWaitForTheDeadlineAndNameTheLastOne() {
        Deployment deployment = apply(deployment("flaky", 1, "echo boom-tolerated; exit 1", "v1", ""));

        assertFails(deployment, Duration.ofSeconds(40), true, e -> {
            assertThat(e.getMessage())
                    .startsWith("Deployment/" + namespace + "/flaky")
                    .contains("not ready within 40 s")
                    .contains("last failure: pod flaky-")
                    .contains("CrashLoopBackOff")
                    .contains("boom-tolerated");
        });
    }

    @Test
    void aStatefulSetIsReadyWhenItsUpdateRevisionIsCurrent() {
        Deployment deployment = apply("""
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: db}
                spec:
                  serviceName: db
                  replicas: 2
                  selector: {matchLabels: {app: db}}
                  template:
                    metadata: {labels: {app: db}}
                    spec:
                      terminationGracePeriodSeconds: 1
                      containers:
                      - {name: db, image: "%s", command: [sh, -c, "sleep 3600"]}
                """.formatted(IMAGE));

        check.awaitReady(deployment, LONG);

        StatefulSet live = client.apps()
                .statefulSets()
                .inNamespace(namespace)
                .withName("db")
                .get();
        assertThat(live.getStatus().getReadyReplicas()).isEqualTo(2);
        assertThat(live.getStatus().getCurrentRevision())
                .isEqualTo(live.getStatus().getUpdateRevision());
    }

    @Test
    void aDaemonSetIsReadyWhenEveryNodeRunsItsCurrentPod() {
        Deployment deployment = apply("""
                apiVersion: apps/v1
                kind: DaemonSet
                metadata: {name: agent}
                spec:
                  selector: {matchLabels: {app: agent}}
                  template:
                    metadata: {labels: {app: agent}}
                    spec:
                      terminationGracePeriodSeconds: 1
                      containers:
                      - {name: agent, image: "%s", command: [sh, -c, "sleep 3600"]}
                """.formatted(IMAGE));

        check.awaitReady(deployment, LONG);

        DaemonSet live = client.apps()
                .daemonSets()
                .inNamespace(namespace)
                .withName("agent")
                .get();
        assertThat(live.getStatus().getDesiredNumberScheduled()).isPositive();
        assertThat(live.getStatus().getNumberAvailable())
                .isEqualTo(live.getStatus().getDesiredNumberScheduled());
    }

    @Test
    void aJobIsReadyWhenItCompleted() {
        Deployment deployment = apply(job("migrate", "echo migrated"));

        check.awaitReady(deployment, LONG);

        Job live = client.batch()
                .v1()
                .jobs()
                .inNamespace(namespace)
                .withName("migrate")
                .get();
        assertThat(live.getStatus().getConditions())
                .anySatisfy(c -> assertThat(c).extracting("type", "status").containsExactly("Complete", "True"));
    }

    @Test
    void aFailedJobNamesTheReasonAndItsPodsLog() {
        Deployment deployment = apply(job("broken", "echo job-broke-here; exit 3"));

        assertFails(deployment, LONG, false, e -> {
            assertThat(e.getMessage())
                    .startsWith("Job/" + namespace + "/broken")
                    .contains("BackoffLimitExceeded")
                    .contains("container job terminated: Error, exit code 3")
                    .contains("last log lines: job-broke-here");
            assertThat(e.logTail()).contains("job-broke-here");
        });
    }

    @Test
    void aStandalonePodIsReadyWhenItsReadyConditionIs() {
        Deployment deployment = apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: solo}
                spec:
                  terminationGracePeriodSeconds: 1
                  containers:
                  - name: solo
                    image: %s
                    command: [sh, -c, "touch /tmp/ready; sleep 3600"]
                    readinessProbe:
                      exec: {command: [cat, /tmp/ready]}
                      periodSeconds: 1
                """.formatted(IMAGE));

        check.awaitReady(deployment, LONG);

        Pod live = client.pods().inNamespace(namespace).withName("solo").get();
        assertThat(live.getStatus().getConditions())
                .anySatisfy(c -> assertThat(c).extracting("type", "status").containsExactly("Ready", "True"));
    }

    private void assertFails(
            Deployment deployment, Duration deadline, boolean tolerate, Consumer<DeployException> details) {
        assertThatThrownBy(() -> check.awaitReady(deployment, deadline, tolerate))
                .isInstanceOfSatisfying(DeployException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(DeployErrors.STATUS_CHECK_FAILED);
                    details.accept(e);
                });
    }

    private void assertRolledOut(String name, long generation, int replicas) {
        var live = client.apps()
                .deployments()
                .inNamespace(namespace)
                .withName(name)
                .get();
        assertThat(live.getStatus().getObservedGeneration()).isEqualTo(generation);
        assertThat(live.getStatus().getUpdatedReplicas()).isEqualTo(replicas);
        assertThat(live.getStatus().getAvailableReplicas()).isEqualTo(replicas);
        assertThat(live.getStatus().getReplicas()).as("no old replica left").isEqualTo(replicas);
    }

    /** A Deployment of busybox running {@code script}; {@code podSpecExtra} is indented for the container or pod spec. */
    private static String deployment(String name, int replicas, String script, String version, String podSpecExtra) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: %1$s}
                spec:
                  replicas: %2$d
                  selector: {matchLabels: {app: %1$s}}
                  template:
                    metadata: {labels: {app: %1$s}}
                    spec:
                      terminationGracePeriodSeconds: 1
                      containers:
                      - name: app
                        image: %3$s
                        command: [sh, -c, "%4$s"]
                        env: [{name: VERSION, value: %5$s}]
                """.formatted(name, replicas, IMAGE, script, version) + podSpecExtra;
    }

    private static String job(String name, String script) {
        return """
                apiVersion: batch/v1
                kind: Job
                metadata: {name: %s}
                spec:
                  backoffLimit: 0
                  template:
                    spec:
                      restartPolicy: Never
                      terminationGracePeriodSeconds: 1
                      containers:
                      - {name: job, image: "%s", command: [sh, -c, "%s"]}
                """.formatted(name, IMAGE, script);
    }

    /** Applies the objects as the kubectl deployer does and lists them as it reports them. */
    private Deployment apply(String yaml) {
        List<DeployedResource> resources = new ArrayList<>();
        for (HasMetadata object : client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
                .items()) {
            HasMetadata applied = client.resource(object)
                    .inNamespace(namespace)
                    .fieldManager("status-test")
                    .forceConflicts()
                    .serverSideApply();
            resources.add(new DeployedResource(
                    applied.getKind(),
                    namespace,
                    applied.getMetadata().getName(),
                    applied.getMetadata().getUid(),
                    applied.getMetadata().getGeneration()));
        }
        Map<String, String> artifacts = new java.util.HashMap<>();
        resources.forEach(r -> artifacts.put(r.name(), ARTIFACT));
        return new Deployment(
                "kubectl", TestRuns.run("status-test", Instant.now()), Map.of(ARTIFACT, IMAGE), resources, artifacts);
    }
}
