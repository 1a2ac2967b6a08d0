package io.kaskade.build.builder.bazel;

import io.kaskade.build.builder.BuildFailure;
import io.kaskade.build.builder.BuildLog;
import io.kaskade.build.builder.BuildRequest;
import io.kaskade.build.builder.Builder;
import io.kaskade.build.builder.BuiltImage;
import io.kaskade.build.builder.jib.JibImages;
import io.kaskade.build.builder.tool.ToolCommand;
import io.kaskade.model.config.BazelArtifact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Skaffold's {@code bazel} builder: {@code bazel build ARGS TARGET} in the context, where TARGET is
 * an image tarball rule ({@code //pkg:name.tar}); the tarball Bazel wrote, at
 * {@code $(bazel info bazel-bin ARGS)/pkg/name.tar} as Skaffold computes it, is then pushed under
 * the artifact's tag with jib-core, daemonless, keeping its layers and config as Bazel made them.
 *
 * <p>{@code platforms} (Bazel platform mappings) are not applied: the image is the one the target
 * builds.
 */
public final class BazelBuilder implements Builder {

    /** Bazel failed or did not write the image tarball. */
    public static final String BAZEL_FAILED = "BUILD_BAZEL_FAILED";

    private final BazelArtifact spec;
    private final List<String> insecureRegistries;
    private final ToolCommand bazel;

    /**
     * @param spec the artifact's {@code bazel} section
     * @param insecureRegistries the run's {@code build.insecureRegistries}, reached over plain HTTP
     * @param timeout how long {@code bazel build} may take
     * @param environment the complete environment of Bazel (PATH, HOME, ...)
     */
    public BazelBuilder(
            BazelArtifact spec, List<String> insecureRegistries, Duration timeout, Map<String, String> environment) {
        this.spec = spec;
        this.insecureRegistries = List.copyOf(insecureRegistries);
        this.bazel = new ToolCommand(BAZEL_FAILED, "bazel", timeout, environment);
    }

    @Override
    public String name() {
        return "bazel";
    }

    @Override
    public BuiltImage build(BuildRequest request) throws BuildFailure {
        String target = spec.target() == null ? "" : spec.target().trim();
        if (!target.endsWith(".tar")) {
            throw new BuildFailure(
                    BuildFailure.CONFIG_INVALID,
                    "bazel target '" + target + "' of " + request.image() + " does not end with .tar",
                    "Set bazel.target to the image's tarball target, e.g. //app:image.tar, as Skaffold requires.");
        }
        BuildLog log = request.log();
        List<String> build = new ArrayList<>(List.of("bazel", "build"));
        build.addAll(spec.args());
        build.add(target);
        int exit = bazel.run(build, request.context(), log, "bazel build of " + request.reference());
        if (exit != 0) {
            throw new BuildFailure(
                    BAZEL_FAILED,
                    "bazel build " + target + " for " + request.reference() + " exited with " + exit,
                    "Run 'bazel build " + target
                            + "' in the artifact's context; the log tail shows Bazel's last output.",
                    log.tail());
        }
        List<String> info = new ArrayList<>(List.of("bazel", "info", "bazel-bin"));
        info.addAll(spec.args());
        String binDir = bazel.output(info, request.context(), log, "bazel info of " + request.reference())
                .trim();
        if (binDir.isEmpty() || binDir.contains("\n")) {
            throw new BuildFailure(
                    BAZEL_FAILED,
                    "'bazel info bazel-bin' gave no single folder: '" + binDir + "'",
                    "Check the Bazel installation; the log tail shows its output.",
                    log.tail());
        }
        Path tarball =
                request.context().resolve(binDir).resolve(tarPath(target)).normalize();
        if (!Files.isRegularFile(tarball)) {
            throw new BuildFailure(
                    BAZEL_FAILED,
                    "bazel build " + target + " wrote no image tarball at " + tarball,
                    "The target must be an image tarball rule (e.g. container_image / oci_tarball) whose output is "
                            + tarPath(target) + ".",
                    log.tail());
        }
        log.line("pushing " + tarball + " as " + request.reference());
        JibImages.Result pushed = request.push()
                ? JibImages.pushTarball(tarball, request.reference(), insecureRegistries, log)
                : JibImages.loadTarball(tarball, request.reference(), log);
        return new BuiltImage(request.image(), request.tag(), pushed.imageId(), pushed.digest());
    }

    /** The tarball's path below bazel-bin, as Skaffold derives it: {@code //pkg/sub:name.tar} is {@code pkg/sub/name.tar}. */
    static String tarPath(String target) {
        String path = target.startsWith("//") ? target.substring(2) : target;
        path = path.startsWith(":") ? path.substring(1) : path;
        return path.replace(':', '/');
    }

    @Override
    public String push(BuiltImage image, BuildLog log) {
        // build() pushed the tarball; its digest is the registry's.
        return image.digest();
    }
}
