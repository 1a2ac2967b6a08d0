package io.kaskade.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A plain workload (no hostNetwork) on the local cluster gets a pod network and keeps its pod. Without
 * a CNI the kubelet killed and re-created such sandboxes every few seconds ("Pod sandbox changed, it
 * will be killed and re-created"); scripts/cluster.sh now runs the kubelet with a bridge network.
 * The manifests are written as users write them: ports without {@code protocol}.
 */
class PodNetworkClusterTest {

    private static final String APP = "podnet-web";
    private static final String BUSYBOX = "127.0.0.1:5000/kaskade/busybox:stable";

    private KubernetesClient client;
    private String namespace;

    @BeforeEach
    void setUp() {
        client = TestCluster.client(TestCluster.requireKubeconfig());
        namespace = TestCluster.createNamespace(client, "kaskade-podnet");
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
    void podWithoutHostNetworkGetsAnAddressBecomesReadyAndStaysRunningWithoutRestartsForAMinute() {
        for (HasMetadata object : client.load(
                        new ByteArrayInputStream(manifests().getBytes(StandardCharsets.UTF_8)))
                .items()) {
            client.resource(object).inNamespace(namespace).create();
        }

        // Ready means the kubelet reached the pod's own address through the bridge (HTTP readiness probe).
        Pod pod = await("a Ready pod of " + APP + " (image " + BUSYBOX + ")")
                .atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> readyPods().stream().findFirst().orElse(null), Objects::nonNull);
        String uid = pod.getMetadata().getUid();
        String podIp = pod.getStatus().getPodIP();
        assertThat(pod.getSpec().getHostNetwork()).as("hostNetwork").isNotEqualTo(Boolean.TRUE);
        assertThat(podIp).as("pod IP on the kaskade0 bridge's subnet").startsWith("10.244.0.");

        // The Service finds it: its endpoint is the pod's address and port.
        await("the Service's endpoint " + podIp + ":8080")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> endpointAddresses().contains(podIp + ":8080"));

        // A minute later it is the same pod, still Running and Ready, never restarted.
        await("pod " + uid + " Running and Ready with 0 restarts for 60 s")
                .during(Duration.ofSeconds(60))
                .atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofSeconds(3))
                .until(() -> stillTheSameHealthyPod(uid));
        assertThat(client.v1().events().inNamespace(namespace).list().getItems())
                .as("events of the namespace")
                .noneMatch(e -> "SandboxChanged".equals(e.getReason()));
    }

    private List<Pod> readyPods() {
        PodList pods =
                client.pods().inNamespace(namespace).withLabel("app", APP).list();
        return pods.getItems().stream()
                .filter(p -> "Running".equals(p.getStatus().getPhase())
                        && ready(p)
                        && p.getStatus().getPodIP() != null)
                .toList();
    }

    private boolean stillTheSameHealthyPod(String uid) {
        List<Pod> pods = client.pods()
                .inNamespace(namespace)
                .withLabel("app", APP)
                .list()
                .getItems();
        if (pods.size() != 1) {
            return false;
        }
        Pod pod = pods.get(0);
        return uid.equals(pod.getMetadata().getUid())
                && "Running".equals(pod.getStatus().getPhase())
                && ready(pod)
                && pod.getStatus().getContainerStatuses().stream().allMatch(s -> s.getRestartCount() == 0);
    }

    private static boolean ready(Pod pod) {
        List<PodCondition> conditions = pod.getStatus().getConditions();
        return conditions != null
                && conditions.stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private List<String> endpointAddresses() {
        Endpoints endpoints =
                client.endpoints().inNamespace(namespace).withName(APP).get();
        if (endpoints == null || endpoints.getSubsets() == null) {
            return List.of();
        }
        return endpoints.getSubsets().stream()
                .flatMap(s -> s.getAddresses() == null
                        ? java.util.stream.Stream.empty()
                        : s.getAddresses().stream()
                                .flatMap(a -> s.getPorts().stream().map(p -> a.getIp() + ":" + p.getPort())))
                .toList();
    }

    private static String manifests() {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %1$s
                spec:
                  replicas: 1
                  selector:
                    matchLabels: {app: %1$s}
                  template:
                    metadata:
                      labels: {app: %1$s}
                    spec:
                      terminationGracePeriodSeconds: 1
                      containers:
                        - name: web
                          image: %2$s
                          imagePullPolicy: IfNotPresent
                          command: [sh, -c, "mkdir -p /www && echo pod-network > /www/index.html && exec httpd -f -p 8080 -h /www"]
                          ports:
                            - containerPort: 8080
                          readinessProbe:
                            httpGet: {path: /, port: 8080}
                            periodSeconds: 2
                            timeoutSeconds: 5
                          resources:
                            requests: {cpu: 10m, memory: 8Mi}
                            limits: {cpu: 200m, memory: 32Mi}
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  name: %1$s
                spec:
                  selector: {app: %1$s}
                  ports:
                    - port: 80
                      targetPort: 8080
                """.formatted(APP, BUSYBOX);
    }
}
