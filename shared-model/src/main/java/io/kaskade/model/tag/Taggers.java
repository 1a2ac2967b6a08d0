package io.kaskade.model.tag;

import io.kaskade.model.config.GitTagger;
import io.kaskade.model.config.TagPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place that turns a {@code build.tagPolicy} into a {@link Tagger}, like Skaffold's
 * {@code tagger_mux.go}. Every service and the CLI use it, so a policy means the same tag everywhere.
 */
public final class Taggers {

    private Taggers() {}

    /**
     * The tagger a policy names; {@code gitCommit} with its defaults when the policy is absent or empty.
     * Its tags are sanitised ({@link ImageTags#sanitize}) so any template output is a valid Docker tag.
     *
     * @throws TagException when the policy names more than one tagger, or a tagger with invalid settings
     */
    public static Tagger forPolicy(TagPolicy policy) {
        if (policy == null) {
            return sanitized(GitCommitTagger.defaults());
        }
        List<Tagger> chosen = new ArrayList<>();
        if (policy.gitCommit() != null) {
            chosen.add(gitCommit(policy.gitCommit()));
        }
        if (chosen.size() > 1) {
            throw new TagException("tagPolicy sets more than one tagger; choose exactly one");
        }
        return sanitized(chosen.isEmpty() ? GitCommitTagger.defaults() : chosen.get(0));
    }

    /** {@code tagger} with its output made a valid Docker tag. */
    public static Tagger sanitized(Tagger tagger) {
        return new Tagger() {
            @Override
            public String generateTag(TagInput input) {
                return ImageTags.sanitize(tagger.generateTag(input));
            }

            @Override
            public String toString() {
                return tagger.toString();
            }
        };
    }

    private static Tagger gitCommit(GitTagger config) {
        return new GitCommitTagger(config.variant(), config.prefix(), Boolean.TRUE.equals(config.ignoreChanges()));
    }
}
