package io.kaskade.build.chooser;

import io.kaskade.build.builder.BuildFailure;
import io.kaskade.build.builder.BuildLog;
import io.kaskade.build.builder.BuildRequest;
import io.kaskade.build.builder.Builder;
import io.kaskade.build.builder.BuiltImage;
import io.kaskade.build.builder.docker.DockerBuildEngine;
import java.util.List;

/**
 * A builder that runs on this service's Docker engine: the tool decides how the image is built, and
 * this adds what the place gives, keeping an unpushed image ({@code build.local.push: false}) on the
 * engine under all its tags. The stage so never reaches around the {@link Builder} to the engine.
 */
final class OnLocalEngine implements Builder {

    private final Builder tool;
    private final DockerBuildEngine engine;

    OnLocalEngine(Builder tool, DockerBuildEngine engine) {
        this.tool = tool;
        this.engine = engine;
    }

    @Override
    public String name() {
        return tool.name();
    }

    @Override
    public BuiltImage build(BuildRequest request) throws BuildFailure {
        return tool.build(request);
    }

    @Override
    public String push(BuiltImage image, BuildLog log) throws BuildFailure {
        return tool.push(image, log);
    }

    @Override
    public void tagKept(BuiltImage image, List<String> extraTags) throws BuildFailure {
        for (String extra : extraTags) {
            engine.tag(image.reference(), image.image(), extra);
        }
    }
}
