package io.kaskade.deploy.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which container states fail a status check at once, and how they are described. */
class PodsTest {

    @ParameterizedTest(name = "waiting {0} -> fatal {1}")
    @CsvSource({
        "ErrImagePull, true, NONE",
        "ImagePullBackOff, true, NONE",
        "InvalidImageName, true, NONE",
        "CrashLoopBackOff, true, PREVIOUS",
        "CreateContainerConfigError, true, NONE",
        "ContainerCreating, false, NONE",
        "PodInitializing, false, NONE"
    })
    void aWaitingReasonIsFatalOnlyWhenThePodCannotStartWithoutANewDeploy(
            String reason, boolean fatal, PodProblem.Logs logs) {
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withName("web-abc")
                .withNamespace("ns")
                .endMetadata()
                .withNewStatus()
                .addNewContainerStatus()
                .withName("app")
                .withRestartCount(3)
                .withNewState()
                .withNewWaiting()
                .withReason(reason)
                .withMessage("the kubelet's words")
                .endWaiting()
                .endState()
                .withNewLastState()
                .withNewTerminated()
                .withExitCode(1)
                .withReason("Error")
                .endTerminated()
                .endLastState()
                .endContainerStatus()
                .endStatus()
                .build();

        var problem = Pods.fatal(List.of(pod));

        assertThat(problem.isPresent()).isEqualTo(fatal);
        problem.ifPresent(p -> {
            assertThat(p.description())
                    .isEqualTo(
                            "pod web-abc container app: " + reason + ": the kubelet's words (last exit code 1, Error)");
            assertThat(p.logs()).isEqualTo(logs);
            assertThat(p.container()).isEqualTo("app");
        });
    }

    @ParameterizedTest(name = "PodScheduled {0}/{1} -> fatal {2}")
    @CsvSource({"False, Unschedulable, true", "True, '', false"})
    void anUnschedulablePodIsFatalWithTheSchedulersMessage(String status, String reason, boolean fatal) {
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withName("web-abc")
                .withNamespace("ns")
                .endMetadata()
                .withNewStatus()
                .withPhase("Pending")
                .addNewCondition()
                .withType("PodScheduled")
                .withStatus(status)
                .withReason(reason)
                .withMessage("0/1 nodes are available: 1 node(s) didn't match node selector.")
                .endCondition()
                .endStatus()
                .build();

        var problem = Pods.fatal(List.of(pod));

        assertThat(problem.isPresent()).isEqualTo(fatal);
        problem.ifPresent(p -> assertThat(p.description())
                .isEqualTo(
                        "pod web-abc: Unschedulable: 0/1 nodes are available: 1 node(s) didn't match node selector."));
    }

    @ParameterizedTest(name = "{0} -> placeholder {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "unable to retrieve container logs for docker://c17d56e79e96 | true",
                "failed to try resolving symlinks in path \"/var/log/pods/ns_web/app/1.log\": lstat: no such file | true",
                "boom-tolerated | false",
                "unable to start: retrieve container logs for docker://x | false"
            })
    void theKubeletsExplanationInsteadOfALogIsNotTakenForTheApplicationsOutput(String text, boolean placeholder) {
        assertThat(Pods.isKubeletPlaceholder(text)).isEqualTo(placeholder);
    }

    @org.junit.jupiter.api.Test
    void aServedEmptyLogIsTakenAtOnceAndOnlyAPlaceholderOrAnErrorIsAskedAgain() {
        Pods.LogAnswer empty = new Pods.LogAnswer(List.of(), true);
        Pods.LogAnswer lines = new Pods.LogAnswer(List.of("boom"), true);
        Pods.LogAnswer notServed = Pods.LogAnswer.NOT_SERVED;

        assertThat(Pods.chosen(lines, notServed)).contains(List.of("boom"));
        assertThat(Pods.chosen(empty, lines))
                .as("the other instance's log is the next best")
                .contains(List.of("boom"));
        assertThat(Pods.chosen(notServed, lines)).contains(List.of("boom"));
        assertThat(Pods.chosen(empty, notServed))
                .as("the container printed nothing")
                .contains(List.of());
        assertThat(Pods.chosen(empty, empty)).contains(List.of());
        assertThat(Pods.chosen(notServed, notServed))
                .as("the kubelet may serve it a moment later")
                .isEmpty();
        assertThat(Pods.chosen(notServed, empty))
                .as("the replacement is not logging yet")
                .isEmpty();
    }
}
