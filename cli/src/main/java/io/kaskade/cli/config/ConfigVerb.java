package io.kaskade.cli.config;

import io.kaskade.core.config.ConfigException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What the config verbs share: output through picocli's writers (so tests and the parent command
 * can capture it), and bad input turned into a message on stderr with exit code 1 instead of a stack
 * trace.
 */
abstract class ConfigVerb implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    @Override
    public final Integer call() throws Exception {
        try {
            return run();
        } catch (ConfigException
                | IllegalArgumentException
                | IllegalStateException
                | io.kaskade.model.tag.TagException
                | java.io.IOException e) {
            err().println("kaskade " + spec.name() + ": " + e.getMessage());
            err().flush();
            return 1;
        } finally {
            out().flush();
        }
    }

    abstract int run() throws Exception;
}
