package io.kaskade.build.builder.custom;

import io.kaskade.build.builder.BuildFailure;
import io.kaskade.build.builder.BuildLog;
import io.kaskade.build.builder.BuildRequest;
import io.kaskade.build.builder.Builder;
import io.kaskade.build.builder.BuiltImage;
import io.kaskade.build.registry.RegistryClient;
import io.kaskade.service.process.ToolProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Skaffold's {@code custom} builder: runs the artifact's {@code buildCommand} in its context, which
 * must build {@code $IMAGE} and push it; the image's digests are then read from the registry, which
 * also verifies that the command really produced the image. With {@code build.local.push: false}
 * ({@code PUSH_IMAGE=false}) the command builds into the Docker engine and the engine is checked instead.
 *
 * <p>The command gets Skaffold's variables: {@code IMAGE} (the full reference), {@code PUSH_IMAGE}
 * ({@code true}, or {@code false} with {@code build.local.push: false}), {@code BUILD_CONTEXT} (absolute context path), {@code PLATFORMS} (comma-separated),
 * {@code SKIP_TEST} ({@code false}), {@code IMAGE_REPO} and {@code IMAGE_TAG}; besides them the run's
 * variables, the images of required artifacts under their aliases, and the service's {@code PATH},
 * {@code HOME} and {@code DOCKER_HOST}, nothing else of the
 * service's environment. Unlike Skaffold it runs without a shell: the command is split into words
 * (single and double quotes group, backslash escapes) and executed directly, so a config cannot
 * smuggle shell syntax in; a script that needs a shell names it ({@code sh build.sh}).
 */
public final class CustomBuilder implements Builder {

    private final String buildCommand;
    private final RegistryClient registry;
    private final Duration timeout;
    private final Map<String, String> serviceEnvironment;
    private final LocalImages localImages;

    /** Looks an image up on this service's Docker engine, for builds that do not push. */
    @FunctionalInterface
    public interface LocalImages {
        /** The id of {@code reference} on the engine, if the engine has it. */
        java.util.Optional<String> imageId(String reference);
    }

    /** A builder whose images are always pushed. */
    public CustomBuilder(
            String buildCommand, RegistryClient registry, Duration timeout, Map<String, String> serviceEnvironment) {
        this(buildCommand, registry, timeout, serviceEnvironment, reference -> java.util.Optional.empty());
    }

    /**
     * @param buildCommand the command line of {@code artifacts[].custom.buildCommand}
     * @param registry reads the pushed image's digests
     * @param timeout how long the command may run
     * @param serviceEnvironment the variables of the service passed on (PATH, HOME, DOCKER_HOST)
     * @param localImages finds an image the command built without pushing ({@code build.local.push: false})
     */
    public CustomBuilder(
            String buildCommand,
            RegistryClient registry,
            Duration timeout,
            Map<String, String> serviceEnvironment,
            LocalImages localImages) {
        this.buildCommand = buildCommand;
        this.localImages = localImages;
        this.registry = registry;
        this.timeout = timeout;
        this.serviceEnvironment = Map.copyOf(serviceEnvironment);
    }

    @Override
    public String name() {
        return "custom";
    }

    @Override
    public BuiltImage build(BuildRequest request) throws BuildFailure {
        List<String> command;
        try {
            command = CommandLine.split(buildCommand);
        } catch (IllegalArgumentException e) {
            throw new BuildFailure(
                    BuildFailure.CONFIG_INVALID,
                    "buildCommand of " + request.image() + " is invalid: " + e.getMessage(),
                    "Write artifacts[].custom.buildCommand as a program and its arguments, e.g. ./build.sh or sh build.sh.");
        }
        if (command.isEmpty()) {
            throw new BuildFailure(
                    BuildFailure.CONFIG_INVALID,
                    "buildCommand of " + request.image() + " is empty",
                    "Set artifacts[].custom.buildCommand.");
        }
        String program = command.get(0);
        if (program.contains("/") && !Path.of(program).isAbsolute()) {
            command.set(0, request.context().resolve(program).normalize().toString());
        }
        int exit = run(command, request);
        if (exit != 0) {
            throw new BuildFailure(
                    BuildFailure.CUSTOM_FAILED,
                    "custom build of " + request.reference() + " failed: '" + buildCommand + "' exited with " + exit,
                    "Run the build command locally with IMAGE set; the log tail shows its last output.",
                    request.log().tail());
        }
        if (!request.push()) {
            String imageId = localImages
                    .imageId(request.reference())
                    .orElseThrow(() -> new BuildFailure(
                            BuildFailure.CUSTOM_FAILED,
                            "custom build of " + request.reference()
                                    + " succeeded but the Docker engine has no such image",
                            "With build.local.push: false the build command must build $IMAGE into the Docker engine (PUSH_IMAGE is false).",
                            request.log().tail()));
            return new BuiltImage(request.image(), request.tag(), imageId);
        }
        RegistryClient.Manifest manifest = pushedManifest(request);
        return new BuiltImage(request.image(), request.tag(), manifest.configDigest(), manifest.digest());
    }

    private int run(List<String> command, BuildRequest request) throws BuildFailure {
        BuildLog log = request.log();
        ToolProcess.Result result;
        try {
            // The whole tree is killed on timeout: a script's docker build or sleep must not outlive it.
            result = ToolProcess.command(command)
                    .directory(request.context())
                    .environment(environment(request))
                    .timeout(timeout)
                    .mergeErrors()
                    .onStdoutLine(log::line)
                    .run();
        } catch (IOException e) {
            throw new BuildFailure(
                    BuildFailure.CUSTOM_FAILED,
                    "custom build of " + request.reference() + " could not start '" + command.get(0) + "': "
                            + e.getMessage(),
                    "Check that buildCommand names an executable file (committed with its executable bit) or a program on PATH.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildFailure(
                    BuildFailure.CUSTOM_FAILED,
                    "custom build of " + request.reference() + " was interrupted",
                    "The build-service is shutting down; the run can be retried.",
                    log.tail());
        }
        if (result.timedOut()) {
            throw BuildFailure.timedOut("custom build of " + request.reference(), "custom", timeout, log.tail());
        }
        return result.exitCode();
    }

    /** Skaffold's custom-builder variables, plus the run's variables and the few service variables a build needs. */
    Map<String, String> environment(BuildRequest request) {
        Map<String, String> env = new LinkedHashMap<>(serviceEnvironment);
        env.putAll(request.variables());
        env.putAll(request.requiredImages());
        env.put("IMAGE", request.reference());
        env.put("PUSH_IMAGE", Boolean.toString(request.push()));
        env.put("BUILD_CONTEXT", request.context().toAbsolutePath().toString());
        env.put("PLATFORMS", String.join(",", request.platforms()));
        env.put("SKIP_TEST", "false");
        env.put("IMAGE_REPO", request.image());
        env.put("IMAGE_TAG", request.tag());
        return env;
    }

    private RegistryClient.Manifest pushedManifest(BuildRequest request) throws BuildFailure {
        try {
            return registry.manifest(request.image(), request.tag())
                    .orElseThrow(() -> new BuildFailure(
                            BuildFailure.CUSTOM_FAILED,
                            "custom build of " + request.reference() + " succeeded but the registry has no such image",
                            "The build command must build and push $IMAGE (PUSH_IMAGE is true).",
                            request.log().tail()));
        } catch (IOException e) {
            throw BuildFailure.registryUnverified(
                    request.reference(), e, request.log().tail());
        }
    }

    @Override
    public String push(BuiltImage image, BuildLog log) {
        // The build command pushed it; build() already read the digest from the registry.
        return image.digest();
    }
}
