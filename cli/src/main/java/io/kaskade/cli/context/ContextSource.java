package io.kaskade.cli.context;

/**
 * What a sub-command needs from the root command: the context it runs in. The sub-commands' {@code @ParentCommand}
 * fields have this type rather than the root command's, so the root command (which lists them) and they do not
 * depend on each other.
 */
public interface ContextSource {

    CliContext context();
}
