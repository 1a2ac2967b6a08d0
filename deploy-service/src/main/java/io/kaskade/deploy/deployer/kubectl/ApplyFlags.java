package io.kaskade.deploy.deployer.kubectl;

import io.kaskade.deploy.deployer.DeployException;
import io.kaskade.deploy.deployer.KubernetesErrors;
import io.kaskade.model.config.KubectlFlags;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code deploy.kubectl.flags} means for a server-side apply through the API instead of the
 * {@code kubectl} command Skaffold runs. Flags with a server-side meaning are honoured
 * ({@code --namespace}/{@code -n}, {@code --field-manager}); flags that only change what the kubectl
 * client does, or that Kaskade always does, are accepted and have no effect ({@code --server-side},
 * {@code --force-conflicts}, {@code --validate}, {@code -v}, {@code disableValidation}, every
 * {@code delete} flag: Kaskade deletes nothing). Any other flag is refused by name rather than
 * silently dropped, since it would change what a user of kubectl expects to happen.
 *
 * @param namespace the namespace of {@code --namespace}, or null
 * @param fieldManager the field manager of {@code --field-manager}, or null
 */
public record ApplyFlags(String namespace, String fieldManager) {

    static final ApplyFlags NONE = new ApplyFlags(null, null);

    /** Flags that are accepted and change nothing; each is a prefix of the flag as written. */
    private static final List<String> NO_EFFECT =
            List.of("--server-side", "--force-conflicts", "--validate", "-v=", "--v=", "--overwrite", "--record");

    /**
     * Reads {@code global} and then {@code apply} flags, as kubectl would see them on an apply command line.
     *
     * @throws DeployException with {@link KubernetesErrors#FLAGS_UNSUPPORTED} naming the first flag that has
     *     no meaning here
     */
    public static ApplyFlags of(KubectlFlags flags) {
        if (flags == null) {
            return NONE;
        }
        List<String> args = new ArrayList<>(flags.global());
        args.addAll(flags.apply());
        String namespace = null;
        String fieldManager = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i).strip();
            String section = i < flags.global().size() ? "global" : "apply";
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            switch (name) {
                case "--namespace", "-n" -> {
                    namespace = value(args, i, arg, section);
                    i += arg.contains("=") ? 0 : 1;
                }
                case "--field-manager" -> {
                    fieldManager = value(args, i, arg, section);
                    i += arg.contains("=") ? 0 : 1;
                }
                default -> {
                    if (NO_EFFECT.stream().noneMatch(arg::startsWith)) {
                        throw new DeployException(
                                KubernetesErrors.FLAGS_UNSUPPORTED,
                                null,
                                "deploy.kubectl.flags." + section + " has " + arg
                                        + ", which has no meaning for Kaskade's" + " server-side apply",
                                "remove it; Kaskade honours --namespace/-n and --field-manager, and accepts --server-side,"
                                        + " --force-conflicts, --validate and -v",
                                List.of(),
                                null);
                    }
                }
            }
        }
        return new ApplyFlags(namespace, fieldManager);
    }

    private static String value(List<String> args, int i, String arg, String section) {
        if (arg.contains("=")) {
            return arg.substring(arg.indexOf('=') + 1);
        }
        if (i + 1 >= args.size() || args.get(i + 1).startsWith("-")) {
            throw new DeployException(
                    KubernetesErrors.FLAGS_UNSUPPORTED,
                    null,
                    "deploy.kubectl.flags." + section + " has " + arg + " without a value",
                    "write it as " + arg + "=<value>",
                    List.of(),
                    null);
        }
        return args.get(i + 1).strip();
    }
}
