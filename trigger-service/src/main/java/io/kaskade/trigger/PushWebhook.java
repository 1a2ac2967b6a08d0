package io.kaskade.trigger;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The part of a git forge's push webhook that Kaskade needs. GitHub, Gitea, Forgejo and GitLab
 * all send {@code ref} and {@code after}; the clone URL sits under {@code repository} with a
 * forge-specific name, so each known spelling is accepted.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PushWebhook(String ref, String after, Repository repository) {

    /** A push that deletes a branch carries this all-zero commit. */
    static final String DELETED = "0000000000000000000000000000000000000000";

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Repository(
            @JsonProperty("clone_url") String cloneUrl,
            @JsonProperty("git_http_url") String gitHttpUrl,
            @JsonProperty("url") String url) {

        String location() {
            if (cloneUrl != null && !cloneUrl.isBlank()) {
                return cloneUrl;
            }
            return gitHttpUrl != null && !gitHttpUrl.isBlank() ? gitHttpUrl : url;
        }
    }
}
