package io.kaskade.model.tag;

import io.kaskade.model.config.GitTagger;
import io.kaskade.model.config.TagPolicy;
import io.kaskade.model.config.TaggerComponent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place that turns a {@code build.tagPolicy} into a {@link Tagger}, like Skaffold's
 * {@code tagger_mux.go}. Every service and the CLI use it, so a policy means the same tag everywhere.
 */
public final class Taggers {

    private Taggers() {}

    /** {@link #forPolicy(TagPolicy, Clock)} with the system clock. */
    public static Tagger forPolicy(TagPolicy policy) {
        return forPolicy(policy, Clock.systemUTC());
    }

    /**
     * The tagger a policy names; {@code gitCommit} with its defaults when the policy is absent or empty.
     * Its tags are sanitised ({@link ImageTags#sanitize}) so any template output is a valid Docker tag.
     *
     * @param clock "now" for the date-based taggers
     * @throws TagException when the policy names more than one tagger, or a tagger with invalid settings
     */
    public static Tagger forPolicy(TagPolicy policy, Clock clock) {
        if (policy == null) {
            return sanitized(GitCommitTagger.defaults());
        }
        List<Tagger> chosen = new ArrayList<>();
        if (policy.gitCommit() != null) {
            chosen.add(gitCommit(policy.gitCommit()));
        }
        if (policy.sha256() != null) {
            chosen.add(new Sha256Tagger());
        }
        if (policy.envTemplate() != null) {
            chosen.add(new EnvTemplateTagger(policy.envTemplate().template()));
        }
        if (policy.dateTime() != null) {
            chosen.add(new DateTimeTagger(
                    policy.dateTime().format(), policy.dateTime().timezone(), clock));
        }
        if (policy.customTemplate() != null) {
            chosen.add(new CustomTemplateTagger(
                    policy.customTemplate().template(),
                    components(policy.customTemplate().components(), clock),
                    clock));
        }
        if (policy.inputDigest() != null) {
            chosen.add(new InputDigestTagger());
        }
        if (chosen.size() > 1) {
            throw new TagException("tagPolicy sets more than one tagger; choose exactly one");
        }
        return sanitized(chosen.isEmpty() ? GitCommitTagger.defaults() : chosen.get(0));
    }

    /**
     * One tagger per policy of a {@code build.tagPolicy} list (Kaskade's extension of Skaffold), in
     * order; the first names the tag {@code ImagePushed.image} carries. An empty list means the default
     * {@code gitCommit} policy.
     *
     * @throws TagException naming the policy's position when one of them is invalid
     */
    public static List<Tagger> forPolicies(List<TagPolicy> policies, Clock clock) {
        if (policies == null || policies.isEmpty()) {
            return List.of(forPolicy(null, clock));
        }
        List<Tagger> taggers = new ArrayList<>();
        for (int i = 0; i < policies.size(); i++) {
            try {
                taggers.add(forPolicy(policies.get(i), clock));
            } catch (TagException e) {
                throw new TagException(
                        policies.size() == 1 ? e.getMessage() : "tagPolicy[" + i + "]: " + e.getMessage());
            }
        }
        return List.copyOf(taggers);
    }

    /** {@link #forPolicies(List, Clock)} with the system clock. */
    public static List<Tagger> forPolicies(List<TagPolicy> policies) {
        return forPolicies(policies, Clock.systemUTC());
    }

    /**
     * The distinct tags {@code taggers} give one artifact, in policy order: two policies that agree
     * give one tag.
     */
    public static List<String> tags(List<Tagger> taggers, TagInput input) {
        java.util.LinkedHashSet<String> tags = new java.util.LinkedHashSet<>();
        for (Tagger tagger : taggers) {
            tags.add(tagger.generateTag(input));
        }
        return List.copyOf(tags);
    }

    /** The named components of a customTemplate, each exactly one tagger and never a customTemplate. */
    private static Map<String, Tagger> components(List<TaggerComponent> components, Clock clock) {
        Map<String, Tagger> named = new LinkedHashMap<>();
        for (TaggerComponent c : components) {
            if (c.name() == null || c.name().isEmpty()) {
                throw new TagException("customTemplate component without a name");
            }
            if (named.containsKey(c.name())) {
                throw new TagException("multiple components with name " + c.name());
            }
            if (c.customTemplate() != null) {
                throw new TagException("nested customTemplate components are not supported (" + c.name() + ")");
            }
            List<Tagger> chosen = new ArrayList<>();
            if (c.gitCommit() != null) {
                chosen.add(gitCommit(c.gitCommit()));
            }
            if (c.sha256() != null) {
                chosen.add(new Sha256Tagger());
            }
            if (c.envTemplate() != null) {
                chosen.add(new EnvTemplateTagger(c.envTemplate().template()));
            }
            if (c.dateTime() != null) {
                chosen.add(
                        new DateTimeTagger(c.dateTime().format(), c.dateTime().timezone(), clock));
            }
            if (c.inputDigest() != null) {
                chosen.add(new InputDigestTagger());
            }
            if (chosen.size() != 1) {
                throw new TagException("customTemplate component " + c.name() + " must set exactly one tagger");
            }
            named.put(c.name(), chosen.get(0));
        }
        return named;
    }

    private static Tagger gitCommit(GitTagger config) {
        return new GitCommitTagger(config.variant(), config.prefix(), Boolean.TRUE.equals(config.ignoreChanges()));
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
}
