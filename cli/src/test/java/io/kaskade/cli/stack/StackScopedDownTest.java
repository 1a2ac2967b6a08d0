package io.kaskade.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaskade.cli.context.CliContext;
import io.kaskade.cli.context.Console;
import io.kaskade.testing.RealParts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code down} removes only the app containers of its own stack: containers deploy-service labelled
 * {@code kaskade.managed=true} for another stack (another checkout, Compose, a test's deploy-service
 * without a stack id) stay. Real containers on the real engine.
 */
class StackScopedDownTest {

    @TempDir
    Path home;

    @TempDir
    Path otherHome;

    private final List<String> created = new ArrayList<>();

    @AfterEach
    void removeLeftovers() {
        if (!created.isEmpty()) {
            List<String> rm = new ArrayList<>(List.of("docker", "rm", "-f"));
            rm.addAll(created);
            Processes.run(rm, null, 60);
        }
    }

    @Test
    void theStackIdIsStablePerStateFolderAndDiffersBetweenFolders() {
        assertThat(StackId.of(home)).isEqualTo(StackId.of(home.resolve("x/..")));
        assertThat(StackId.of(home)).matches("ks-[0-9a-f]{12}").isNotEqualTo(StackId.of(otherHome));
    }

    @Test
    void servicesAreStartedWithTheStackIdForDeployService() {
        LocalStack stack = new LocalStack(new CliContext(home, home, Map.of(), quiet()));
        assertThat(stack.environmentFor()).containsEntry(StackId.DEPLOY_ENV, StackId.of(home));
    }

    @Test
    void downRemovesOnlyItsOwnStacksContainers() {
        RealParts.requireDocker();
        RealParts.requireRegistry();
        String image = new BaseImage(LocalStack.REGISTRY, quiet()).reference();
        assertThat(Processes.run(List.of("docker", "pull", "-q", image), null, 120)
                        .ok())
                .as("pull %s (./kaskade up builds it)", image)
                .isTrue();
        String ours = container(image, StackId.of(home));
        String otherStack = container(image, StackId.of(otherHome));
        String noStack = container(image, null);
        LocalStack stack = new LocalStack(new CliContext(home, home, Map.of(), quiet()));
        assertThat(stack.stackContainers()).containsExactly(ours.substring(0, 12));

        assertThat(stack.down()).isTrue();

        assertThat(exists(ours)).as("this stack's container removed").isFalse();
        assertThat(exists(otherStack)).as("another stack's container kept").isTrue();
        assertThat(exists(noStack))
                .as("an unscoped kaskade.managed container (a test's) kept")
                .isTrue();
    }

    private String container(String image, String stackId) {
        List<String> create =
                new ArrayList<>(List.of("docker", "create", "--network", "none", "--label", "kaskade.managed=true"));
        if (stackId != null) {
            create.addAll(List.of("--label", StackId.LABEL + "=" + stackId));
        }
        create.addAll(List.of(image, "sleep", "600"));
        Processes.Result result = Processes.run(create, null, 60);
        assertThat(result.ok()).as("docker create: " + result.output()).isTrue();
        String id = result.output().strip().lines().reduce((a, b) -> b).orElseThrow();
        created.add(id);
        return id;
    }

    private static boolean exists(String id) {
        return Processes.run(List.of("docker", "inspect", "--format", "{{.Id}}", id), null, 30)
                .ok();
    }

    private static Console quiet() {
        return new Console(new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));
    }
}
