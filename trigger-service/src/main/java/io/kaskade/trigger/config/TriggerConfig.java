package io.kaskade.trigger.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
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
     * Branch rules for runs of unregistered repositories (local paths of the dev stack): a ref pattern (a
     * regular expression matched against the short branch name, e.g. {@code main}) mapped to a
     * comma-separated list of profiles, e.g. {@code kaskade.trigger.branch-profiles."main"=production}.
     * The first matching rule in key order wins (a map has no written order; registered repositories'
     * {@code profiles} rules are matched in the order written).
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

    /**
     * The bearer token every {@code /api/*} request except webhooks must carry
     * ({@code Authorization: Bearer TOKEN}); env {@code KASKADE_TRIGGER_API_TOKEN}. Absent: the API
     * refuses every request with 401, so a service started without one is closed, not open.
     * {@code ./kaskade up} generates one into {@code $KASKADE_HOME/api-token}.
     */
    Optional<String> apiToken();

    /**
     * Whether {@code POST /api/v1/runs} may name a local path or a {@code file:} URL, and only from a
     * loopback caller. For the local dev stack ({@code ./kaskade up} sets it); never on a service that
     * faces a network, because the caller would choose what the build host reads and runs.
     */
    @WithDefault("false")
    boolean allowLocalPaths();

    /**
     * Whether {@code POST /api/v1/runs} may name an {@code https://}/{@code http://}/{@code git://} URL
     * that is not a registered repository. Off: only registered repositories run, so the operator
     * decides what the build host clones ({@code ssh:} is never allowed: it would use the service's keys).
     */
    @WithDefault("false")
    boolean allowUnregisteredUrls();

    /** Repositories registered by the operator's configuration, e.g. {@code kaskade.trigger.repositories[0].name=acme/app}. */
    List<Repository> repositories();

    /** Limits on reading a remote repository. */
    Clone clone();

    /** How often the poller looks at which registered repositories are due for {@code git ls-remote}. */
    @WithDefault("10s")
    Duration pollTick();

    /** The compacted topics this service keeps its state in. */
    Topics topics();

    /** One registered repository. */
    interface Repository {
        /** The name a forge's payload uses: GitHub/Gitea {@code full_name}, GitLab {@code path_with_namespace}. */
        String name();

        /** Where to clone from; never taken from a webhook's payload. */
        String url();

        /** The webhook secret (GitHub/Gitea HMAC key, GitLab token). Absent: webhooks for it are refused. */
        Optional<String> secret();

        /** Branches that start runs, a regular expression over the short name. Absent: every branch. */
        Optional<String> branches();

        /** Tags that start runs, a regular expression over the short name. Absent: no tag starts a run. */
        Optional<String> tags();

        /** Profile rules {@code REGEX=PROFILE[,PROFILE]}, matched against the short ref name; the first match in this order wins. */
        Optional<List<String>> profiles();

        /** Run variables every run of this repository gets (a request's variables win). */
        Map<String, String> variables();

        /**
         * Secret run variables every run of this repository gets, e.g.
         * {@code kaskade.trigger.repositories[0].secret-variables.NPM_TOKEN=${NPM_TOKEN}}: sealed at start
         * under {@code kaskade.secrets.key} (which must then be set) and never published in clear.
         */
        Map<String, String> secretVariables();

        /** Poll with {@code git ls-remote} this often. Absent: never polled. */
        Optional<Duration> pollInterval();
    }

    /** Limits on reading a remote repository, so a huge or slow one cannot stall the service. */
    interface Clone {
        /** The longest one fetch of a remote repository may take. */
        @WithDefault("120s")
        Duration timeout();

        /** The most a fetched repository may occupy on disk, in megabytes. */
        @WithDefault("512")
        long maxSizeMb();
    }

    /** Topic names (compacted; created when missing). */
    interface Topics {
        @WithDefault("kaskade.trigger-deliveries")
        String deliveries();

        @WithDefault("kaskade.trigger-repositories")
        String repositories();

        @WithDefault("kaskade.trigger-poll-state")
        String pollState();
    }
}
