package io.kaskade.trigger;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;
import java.util.Optional;

/** Settings of the trigger-service. */
@ConfigMapping(prefix = "kaskade.trigger")
public interface TriggerConfig {

    /** The Skaffold config file read at the run's commit, relative to the repository root. */
    @WithDefault("skaffold.yaml")
    String configFile();

    /** The ref a run is for when the request names neither a ref nor a commit. */
    @WithDefault("HEAD")
    String defaultRef();

    /**
     * Branch rules: a ref pattern (a regular expression matched against the short branch name, e.g.
     * {@code main}) mapped to a comma-separated list of profiles to activate for runs of matching
     * refs, e.g. {@code kaskade.trigger.branch-profiles."main"=production}. Profiles named in the
     * request come on top. The first matching rule in key order wins.
     */
    Map<String, String> branchProfiles();

    /**
     * Skaffold's {@code --default-repo} for every run that does not name its own
     * ({@code "defaultRepo"} in the request), e.g. {@code 127.0.0.1:5000/team}: artifact images are
     * pushed under it, rewritten by Skaffold's rule. It is decided here, when the run starts, and
     * travels in {@code SourceChanged.defaultRepo}, so a later change of this setting never splits a run.
     * Absent: images go where their names say.
     */
    Optional<String> defaultRepo();
}
