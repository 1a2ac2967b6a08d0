package io.kaskade.service.confine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command-line flags a repository's config may pass to a tool that runs on a Kaskade host
 * ({@code docker build} {@code cliFlags}, kustomize {@code buildArgs}).
 *
 * <p>Why an allowlist and not a denylist: these tools keep growing flags that read host files
 * ({@code docker build --secret src=/root/..}, {@code -o type=local,dest=..}), reach the network
 * ({@code --network}, {@code --ssh}) or run code ({@code kustomize --enable-helm --helm-command},
 * {@code --enable-exec}). A denylist is out of date with every release; an allowlist only refuses
 * a harmless new flag, which an operator can then add.
 *
 * <p>Accepted forms: {@code --flag}, {@code --flag value}, {@code --flag=value}, for the names
 * listed. Anything else, including a bare word (which the tool would take as an extra path), is
 * refused and named.
 */
public final class FlagAllowlist {

    private final String tool;
    private final Map<String, Rule> rules;

    private FlagAllowlist(String tool, Map<String, Rule> rules) {
        this.tool = tool;
        this.rules = Map.copyOf(rules);
    }

    /** @param tool the tool and field, for messages, e.g. {@code "docker build cliFlags"} */
    public static Builder builder(String tool) {
        return new Builder(tool);
    }

    /** The flag names this list accepts, for messages and docs. */
    public Set<String> names() {
        return rules.keySet();
    }

    /**
     * Checks {@code args} in order.
     *
     * @throws ConfinementException naming the first refused flag (or value)
     */
    public void check(List<String> args) throws ConfinementException {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg == null) {
                throw refused("null", "an empty flag");
            }
            int eq = arg.indexOf('=');
            String name = arg.startsWith("-") && eq > 0 ? arg.substring(0, eq) : arg;
            Rule rule = arg.startsWith("-") ? rules.get(name) : null;
            if (rule == null) {
                throw refused(
                        arg,
                        arg.startsWith("-")
                                ? "flag '" + name + "' is not allowed"
                                : "'" + arg + "' is not a flag (the tool would take it as an argument)");
            }
            if (!rule.takesValue) {
                if (eq > 0) {
                    throw refused(arg, "flag '" + name + "' takes no value");
                }
                continue;
            }
            String value;
            if (eq > 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw refused(arg, "flag '" + name + "' needs a value");
            }
            if (rule.values != null && !rule.values.contains(value)) {
                throw refused(
                        name + "=" + value,
                        "flag '" + name + "' does not allow the value '" + value + "' (allowed: "
                                + String.join(", ", rule.values) + ")");
            }
        }
    }

    private ConfinementException refused(String offender, String what) {
        return new ConfinementException(
                offender,
                tool + ": " + what,
                "Remove it from the config. Allowed here: "
                        + String.join(" ", rules.keySet().stream().sorted().toList())
                        + ". Flags that read host files, reach the network or run code are refused on purpose.");
    }

    private record Rule(boolean takesValue, Set<String> values) {}

    /** Collects the allowed flags of one tool. */
    public static final class Builder {
        private final String tool;
        private final Map<String, Rule> rules = new LinkedHashMap<>();

        private Builder(String tool) {
            this.tool = tool;
        }

        /** Flags without a value, e.g. {@code --no-cache}. */
        public Builder switches(String... names) {
            for (String name : names) {
                rules.put(name, new Rule(false, null));
            }
            return this;
        }

        /** Flags with any value, e.g. {@code --label}. */
        public Builder valued(String... names) {
            for (String name : names) {
                rules.put(name, new Rule(true, null));
            }
            return this;
        }

        /** A flag whose value must be one of {@code values}. */
        public Builder valued(String name, Set<String> values) {
            rules.put(name, new Rule(true, Set.copyOf(values)));
            return this;
        }

        public FlagAllowlist build() {
            return new FlagAllowlist(tool, rules);
        }
    }
}
