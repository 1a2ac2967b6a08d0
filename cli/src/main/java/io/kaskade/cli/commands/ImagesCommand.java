package io.kaskade.cli.commands;

import io.kaskade.cli.context.CliContext;
import io.kaskade.cli.context.ContextSource;
import io.kaskade.cli.context.StackException;
import io.kaskade.cli.stack.KaskadeImagesTool;
import io.kaskade.cli.stack.LocalStack;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "images",
        mixinStandardHelpOptions = true,
        description = {
            "Build Kaskade's own images with jib-core and push them to the local registry: "
                    + "127.0.0.1:5000/kaskade/<service>:<version> for every *-service module, on the local JRE base image, "
                    + "and 127.0.0.1:5000/kaskade/kafka:4.1.2 (configured by KAFKA_* variables, like apache/kafka).",
            "Starts the Docker engine and the registry first when they are not running. "
                    + "Prints one line per image: NAME REFERENCE@DIGEST."
        })
public final class ImagesCommand implements Callable<Integer> {

    @ParentCommand
    private ContextSource parent;

    @Parameters(paramLabel = "NAME", arity = "0..*", description = "Only these images (e.g. build-service kafka).")
    List<String> names = new ArrayList<>();

    @Override
    public Integer call() {
        return build(parent.context(), names);
    }

    /** Infrastructure first (registry, base images), then the images; what {@code test} and {@code up --compose} call. */
    static int build(CliContext context, List<String> names) {
        try {
            new LocalStack(context).ensureInfrastructure();
            return KaskadeImagesTool.run(context, names);
        } catch (StackException e) {
            context.console().info("kaskade images: %s", e.getMessage());
            return 1;
        }
    }
}
