package io.kaskade.build.builder.docker;

import io.kaskade.build.builder.BuildFailure;
import io.kaskade.build.builder.BuildLog;
import io.kaskade.build.builder.BuildRequest;
import io.kaskade.build.builder.Builder;
import io.kaskade.build.builder.BuiltImage;
import io.kaskade.build.builder.tool.ToolCommand;
import io.kaskade.model.config.DockerArtifact;
import io.kaskade.model.config.DockerSecret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Skaffold's {@code docker} builder through the {@code docker} command line, chosen by
 * {@code build.local.useDockerCLI} or {@code build.local.useBuildkit}, as Skaffold does. It does all
 * the API builder ({@link DockerBuilder}) does, plus what only the CLI or BuildKit offers:
 * {@code secrets} ({@code --secret}), {@code squash} (where the engine runs with experimental
 * features), {@code cliFlags} (appended to {@code docker build}) and BuildKit itself
 * ({@code DOCKER_BUILDKIT=1}). Pushing is the engine's, as for the API builder: the image is on the
 * same engine.
 *
 * <p>Secrets are the build-service's to guard: a secret's {@code src} is a file under the operator's
 * {@code kaskade.build.docker.secrets-dir} (never anywhere else on the service's host), and
 * {@code env} names a variable of the run (given to the trigger API), not of the service's own
 * environment. {@code ssh} forwards an agent of the service's host to any repository's build, so it
 * is refused.
 */
public final class DockerCliBuilder implements Builder {

    private final DockerBuildEngine engine;
    private final DockerArtifact spec;
    private final DockerCli cli;
    private final String defaultNetwork;
    private final boolean buildkit;

    /**
     * @param buildkit whether BuildKit builds the image ({@code build.local.useBuildkit}); secrets need it
     */
    public DockerCliBuilder(
            DockerBuildEngine engine, DockerArtifact spec, DockerCli cli, String defaultNetwork, boolean buildkit) {
        this.engine = engine;
        this.spec = spec;
        this.cli = cli;
        this.defaultNetwork = defaultNetwork;
        this.buildkit = buildkit;
    }

    @Override
    public String name() {
        return spec.builderName();
    }

    @Override
    public BuiltImage build(BuildRequest request) throws BuildFailure {
        Path context = request.context();
        Path dockerfile = DockerBuilder.dockerfile(spec, context, request.image());
        checkSupported(request);
        Map<String, String> environment = new LinkedHashMap<>(cli.environment());
        environment.put("DOCKER_BUILDKIT", buildkit ? "1" : "0");
        List<String> command = new ArrayList<>(
                List.of(cli.program(), "build", "--file", dockerfile.toString(), "--tag", request.reference()));
        Path iidFile;
        try {
            iidFile = Files.createTempFile("kaskade-iid-", ".txt");
        } catch (IOException e) {
            throw new BuildFailure(
                    BuildFailure.INTERNAL_ERROR,
                    "cannot create a temporary file: " + e.getMessage(),
                    "Check the build-service's temporary directory.");
        }
        try {
            command.addAll(List.of("--iidfile", iidFile.toString()));
            buildFlags(command, request);
            secretFlags(command, environment, request);
            command.addAll(spec.cliFlags());
            command.add(context.toString());
            ToolCommand docker = new ToolCommand(BuildFailure.DOCKER_FAILED, "docker", cli.timeout(), environment);
            int exit = docker.run(command, context, request.log(), "docker build of " + request.reference());
            if (exit != 0) {
                throw new BuildFailure(
                        BuildFailure.DOCKER_FAILED,
                        "docker build of " + request.reference() + " failed (docker exited with " + exit + ")",
                        "Fix the Dockerfile or the build's flags; the log tail shows docker's own message.",
                        request.log().tail());
            }
            return new BuiltImage(request.image(), request.tag(), imageId(iidFile, request));
        } finally {
            try {
                Files.deleteIfExists(iidFile);
            } catch (IOException e) {
                // A leftover temporary file is harmless.
            }
        }
    }

    /** Refuses what this builder will not do: forward the SSH agent, or secrets without BuildKit. */
    private void checkSupported(BuildRequest request) throws BuildFailure {
        if (spec.ssh() != null && !spec.ssh().isBlank()) {
            throw new BuildFailure(
                    BuildFailure.UNSUPPORTED_BUILDER,
                    "docker ssh of " + request.image()
                            + " would forward the build-service's SSH agent to the repository's build",
                    "Fetch private sources with a secret instead (artifacts[].docker.secrets with env or src).");
        }
        if (!spec.secrets().isEmpty() && !buildkit) {
            throw new BuildFailure(
                    BuildFailure.CONFIG_INVALID,
                    "docker secrets of " + request.image() + " need BuildKit",
                    "Set build.local.useBuildkit: true.");
        }
    }

    /** The artifact's {@code docker} fields that map to {@code docker build} flags one to one. */
    private void buildFlags(List<String> command, BuildRequest request) throws BuildFailure {
        request.buildArgs(spec.buildArgs())
                .forEach((name, value) -> command.addAll(List.of("--build-arg", name + "=" + value)));
        if (spec.target() != null && !spec.target().isBlank()) {
            command.addAll(List.of("--target", spec.target()));
        }
        command.addAll(List.of("--network", DockerBuilder.network(spec, defaultNetwork, request.image())));
        spec.addHost().forEach(host -> command.addAll(List.of("--add-host", host)));
        spec.cacheFrom().forEach(image -> command.addAll(List.of("--cache-from", image)));
        if (Boolean.TRUE.equals(spec.noCache())) {
            command.add("--no-cache");
        }
        if (Boolean.TRUE.equals(spec.pullParent())) {
            command.add("--pull");
        }
        if (Boolean.TRUE.equals(spec.squash())) {
            command.add("--squash");
        }
    }

    /** {@code --secret} flags: a run variable's value through docker's environment, a file from the secrets directory. */
    private void secretFlags(List<String> command, Map<String, String> environment, BuildRequest request)
            throws BuildFailure {
        int envSecret = 0;
        for (DockerSecret secret : spec.secrets()) {
            if (secret.env() != null) {
                String value = request.variables().get(secret.env());
                if (value == null) {
                    throw new BuildFailure(
                            BuildFailure.CONFIG_INVALID,
                            "docker secret '" + secret.id() + "' of " + request.image() + " reads variable "
                                    + secret.env() + ", which the run does not define",
                            "Pass it with the run: kaskade trigger --var " + secret.env()
                                    + "=... or the API's variables.");
                }
                // The value reaches docker through its environment, never its command line.
                String variable = "KASKADE_SECRET_" + envSecret++;
                environment.put(variable, value);
                command.addAll(List.of("--secret", "id=" + secret.id() + ",env=" + variable));
            } else {
                command.addAll(
                        List.of("--secret", "id=" + secret.id() + ",src=" + secretFile(secret, request.image())));
            }
        }
    }

    private String imageId(Path iidFile, BuildRequest request) throws BuildFailure {
        String imageId;
        try {
            imageId = Files.readString(iidFile).strip();
        } catch (IOException e) {
            throw new BuildFailure(
                    BuildFailure.DOCKER_FAILED,
                    "cannot read the image id of " + request.reference() + ": " + e.getMessage(),
                    "Check the build-service's temporary directory.",
                    request.log().tail());
        }
        if (imageId.isEmpty()) {
            throw new BuildFailure(
                    BuildFailure.DOCKER_FAILED,
                    "docker build of " + request.reference() + " wrote no image id",
                    "Check the docker CLI (" + cli.program() + ").",
                    request.log().tail());
        }
        return imageId;
    }

    /** The secret's file inside the operator's secrets directory; anything else on the host is refused. */
    private Path secretFile(DockerSecret secret, String image) throws BuildFailure {
        Optional<Path> dir = cli.secretsDir();
        if (dir.isEmpty()) {
            throw new BuildFailure(
                    BuildFailure.CONFIG_INVALID,
                    "docker secret '" + secret.id() + "' of " + image
                            + " reads a file, but this build-service has no secrets directory",
                    "Ask the operator to set kaskade.build.docker.secrets-dir, or pass the secret as a run variable (env).");
        }
        String src = secret.src() == null ? secret.id() : secret.src();
        Path file = dir.get().resolve(src).normalize();
        if (!file.startsWith(dir.get().normalize()) || !Files.isRegularFile(file)) {
            throw new BuildFailure(
                    BuildFailure.CONFIG_INVALID,
                    "docker secret '" + secret.id() + "' of " + image + ": " + src
                            + " is not a file in the secrets directory",
                    "Name a file relative to kaskade.build.docker.secrets-dir.");
        }
        return file;
    }

    @Override
    public String push(BuiltImage image, BuildLog log) throws BuildFailure {
        return engine.push(image.image(), image.tag(), log);
    }

    /**
     * The docker command line a CLI build uses.
     *
     * @param program the docker CLI
     * @param environment what the CLI sees (PATH, HOME, DOCKER_HOST)
     * @param timeout how long a build may take
     * @param secretsDir the operator's directory of secret files, if any
     */
    public record DockerCli(
            String program, Map<String, String> environment, Duration timeout, Optional<Path> secretsDir) {
        public DockerCli {
            environment = Map.copyOf(environment);
        }
    }
}
