package io.kaskade.cdevents;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** Settings of the cdevents-bridge. */
@ConfigMapping(prefix = "kaskade.cdevents")
public interface CdEventsConfig {

    /** The CDEvents {@code context.source} of every CDEvent the bridge emits. */
    @WithDefault("/kaskade/cdevents-bridge")
    String source();

    /**
     * The environment id that {@code service.deployed}, {@code service.upgraded} and
     * {@code testsuiterun.finished} name: where this Kaskade stack deploys, e.g. {@code staging}.
     */
    @WithDefault("kaskade-local")
    String environmentId();

    /**
     * The prefix of a pipeline run's {@code uri} (CDEvents requires one); the run id is appended.
     * Point it at a page that shows runs, or keep the URN.
     */
    @WithDefault("urn:kaskade:run:")
    String runUriPrefix();

    /**
     * The repositories an incoming {@code change.merged} or {@code repository.modified} CDEvent may
     * start a run for: each is the clone URL or path the trigger clones. A CDEvent names its
     * repository by id, URL or {@code owner/name}; it matches an entry whose URL equals it or ends
     * with it (ignoring a trailing {@code .git}). The run is always for the entry as written here,
     * never for a URL taken from the event. Empty: every incoming CDEvent is ignored.
     */
    Optional<List<String>> repositories();

    /**
     * A bearer token {@code POST /api/v1/cdevents} requires ({@code Authorization: Bearer ...}).
     * Absent: the endpoint is open, which suits only a stack on loopback.
     */
    Optional<String> token();
}
