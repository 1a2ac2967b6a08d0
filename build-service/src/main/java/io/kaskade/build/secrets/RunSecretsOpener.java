package io.kaskade.build.secrets;

import io.kaskade.build.events.BuildEvents;
import io.kaskade.model.event.SourceChanged;
import io.kaskade.model.event.Stage;
import io.kaskade.model.event.StageFailed;
import io.kaskade.service.secrets.SecretBox;
import io.kaskade.service.secrets.SecretException;
import io.kaskade.service.secrets.SecretMask;
import io.kaskade.service.secrets.SecretsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Opens a run's sealed secrets and clone URL for the length of its build, and nowhere else: the build
 * sees the secrets as run variables (custom builder environment, docker {@code buildArgs} templates,
 * BuildKit {@code secrets} {@code env}), the checkout uses the URL with its credentials, and while the run
 * is in progress every secret value and credential is registered with {@link SecretMask}, which the build
 * log, {@code StageFailed} and the service log pass through.
 *
 * <p>A run whose secrets cannot be opened (no {@code kaskade.secrets.key}, another key, altered values)
 * is not built without them: it fails with {@code StageFailed} {@value #SECRETS_UNAVAILABLE} naming the
 * problem and the secrets by name.
 */
@ApplicationScoped
public class RunSecretsOpener {

    /** The error code of a run whose secrets cannot be opened. */
    public static final String SECRETS_UNAVAILABLE = "BUILD_SECRETS_UNAVAILABLE";
    /** The name the trigger seals a clone URL under (its {@code RunSecrets.REPOSITORY}). */
    static final String REPOSITORY = "repository";

    private static final Logger LOG = Logger.getLogger(RunSecretsOpener.class);
    private static final Pattern USERINFO = Pattern.compile("://([^/?#\\s]*)@");

    /** What builds a run: its event (secrets among the variables) and the URL its checkout clones. */
    @FunctionalInterface
    public interface Build {
        void run(SourceChanged event, String cloneUrl);
    }

    private final java.util.Optional<SecretBox> box;
    private final BuildEvents events;

    public RunSecretsOpener(SecretsConfig config, BuildEvents events) {
        this.box = SecretBox.of(config.key());
        this.events = events;
    }

    /** Runs {@code build} with the run's secrets open and masked; a run without any goes through unchanged. */
    public void run(SourceChanged event, Build build) {
        if (event.sealedSecrets().isEmpty() && event.sealedRepository() == null) {
            build.run(event, event.repository());
            return;
        }
        Map<String, String> secrets;
        String cloneUrl;
        try {
            SecretBox opener = box.orElseThrow(() -> new SecretException(
                    "this build-service has no kaskade.secrets.key" + " (env KASKADE_SECRETS_KEY) to open them with"));
            secrets = opener.openAll(event.runId(), event.sealedSecrets());
            cloneUrl = event.sealedRepository() == null
                    ? event.repository()
                    : opener.open(event.runId(), REPOSITORY, event.sealedRepository());
        } catch (SecretException e) {
            refuse(event, e);
            return;
        }
        Map<String, String> variables = new LinkedHashMap<>(event.variables());
        variables.putAll(secrets);
        try (SecretMask.Registration masked = SecretMask.register(masked(secrets, cloneUrl))) {
            build.run(event.withVariables(variables), cloneUrl);
        }
    }

    /** The values to mask: every secret, and the user info (and password alone) of a credentialed URL. */
    private static List<String> masked(Map<String, String> secrets, String cloneUrl) {
        List<String> values = new ArrayList<>(secrets.values());
        Matcher m = USERINFO.matcher(cloneUrl);
        if (m.find()) {
            String userInfo = m.group(1);
            values.add(userInfo);
            int colon = userInfo.indexOf(':');
            if (colon >= 0 && colon < userInfo.length() - 1) {
                values.add(userInfo.substring(colon + 1));
            }
        }
        return values;
    }

    private void refuse(SourceChanged event, SecretException e) {
        String names = new TreeSet<>(event.sealedSecrets().keySet())
                + (event.sealedRepository() == null ? "" : " and the clone URL");
        String message = "cannot open the run's secrets " + names + ": " + e.getMessage();
        LOG.warnf("run %s: %s: %s", event.runId(), SECRETS_UNAVAILABLE, message);
        events.failed(StageFailed.of(
                event.run(),
                Stage.BUILD,
                null,
                SECRETS_UNAVAILABLE,
                message,
                "Give the build-service the same kaskade.secrets.key as the trigger-service (./kaskade up does),"
                        + " then trigger the run again.",
                List.of()));
    }
}
