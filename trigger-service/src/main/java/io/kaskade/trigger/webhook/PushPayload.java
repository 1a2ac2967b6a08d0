package io.kaskade.trigger.webhook;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The part of a push webhook's payload that Kaskade reads: the ref, the new commit, and the
 * repository's name, which picks the registered repository. The payload's clone URLs are ignored on
 * purpose: what is cloned comes from the registration.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PushPayload(
        String ref, String after, Boolean deleted, Repository repository, Project project, Push push) {

    /** A push that deletes a ref carries this all-zero commit. */
    static final String ZERO = "0000000000000000000000000000000000000000";

    /** GitHub and Gitea: {@code repository.full_name}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Repository(
            @JsonProperty("full_name") String fullName,
            @JsonProperty("path_with_namespace") String pathWithNamespace) {}

    /** GitLab: {@code project.path_with_namespace}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Project(
            @JsonProperty("path_with_namespace") String pathWithNamespace) {}

    /** Bitbucket: {@code push.changes[]}, each with the ref's {@code new} state (null when the ref was deleted). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Push(List<Change> changes) {}

    /** One ref a Bitbucket push changed. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Change(@JsonProperty("new") RefState newState, RefState old) {}

    /** A Bitbucket ref: {@code type} {@code branch} or {@code tag}, its short {@code name}, {@code target.hash}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RefState(String type, String name, Target target) {}

    /** The commit a Bitbucket ref points at. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Target(String hash) {}

    /**
     * The payload in GitHub's terms: a Bitbucket push's first change becomes {@code ref} and {@code after}
     * (a deleted ref: {@code deleted}). A Bitbucket push of several refs at once starts a run for the first
     * one only, which is what Bitbucket sends first.
     */
    PushPayload normalized() {
        if (ref != null
                || push == null
                || push.changes() == null
                || push.changes().isEmpty()) {
            return this;
        }
        Change change = push.changes().get(0);
        RefState state = change.newState() != null ? change.newState() : change.old();
        if (state == null || state.name() == null) {
            return this;
        }
        String fullRef = ("tag".equals(state.type()) ? "refs/tags/" : "refs/heads/") + state.name();
        if (change.newState() == null) {
            return new PushPayload(fullRef, null, true, repository, project, push);
        }
        String hash = state.target() == null ? null : state.target().hash();
        return new PushPayload(fullRef, hash, false, repository, project, push);
    }

    /** The repository's name as the forge spells it, or null. */
    String repositoryName() {
        if (repository != null
                && repository.fullName() != null
                && !repository.fullName().isBlank()) {
            return repository.fullName();
        }
        if (project != null
                && project.pathWithNamespace() != null
                && !project.pathWithNamespace().isBlank()) {
            return project.pathWithNamespace();
        }
        return repository != null ? repository.pathWithNamespace() : null;
    }

    /** Whether the push deletes its ref (GitHub's {@code deleted}, or the all-zero commit every forge sends). */
    boolean deletesRef() {
        return Boolean.TRUE.equals(deleted) || after == null || ZERO.equals(after);
    }
}
