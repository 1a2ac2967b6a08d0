package io.kaskade.trigger.webhook;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The part of a push webhook's payload that Kaskade reads: the ref, the new commit, and the
 * repository's name, which picks the registered repository. The payload's clone URLs are ignored on
 * purpose: what is cloned comes from the registration.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PushPayload(String ref, String after, Boolean deleted, Repository repository, Project project) {

    /** A push that deletes a ref carries this all-zero commit. */
    static final String ZERO = "0000000000000000000000000000000000000000";

    /** GitHub and Gitea: {@code repository.full_name}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Repository(@JsonProperty("full_name") String fullName,
            @JsonProperty("path_with_namespace") String pathWithNamespace) {}

    /** GitLab: {@code project.path_with_namespace}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Project(@JsonProperty("path_with_namespace") String pathWithNamespace) {}

    /** The repository's name as the forge spells it, or null. */
    String repositoryName() {
        if (repository != null && repository.fullName() != null && !repository.fullName().isBlank()) {
            return repository.fullName();
        }
        if (project != null && project.pathWithNamespace() != null && !project.pathWithNamespace().isBlank()) {
            return project.pathWithNamespace();
        }
        return repository != null ? repository.pathWithNamespace() : null;
    }

    /** Whether the push deletes its ref (GitHub's {@code deleted}, or the all-zero commit every forge sends). */
    boolean deletesRef() {
        return Boolean.TRUE.equals(deleted) || after == null || ZERO.equals(after);
    }
}
