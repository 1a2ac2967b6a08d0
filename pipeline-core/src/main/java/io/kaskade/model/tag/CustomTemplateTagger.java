package io.kaskade.model.tag;

import io.kaskade.core.gocompat.GoTemplate;
import io.kaskade.core.gocompat.GoTemplateException;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Skaffold's {@code customTemplate} tagger: a Go template over the outputs of other taggers. Always
 * available: {@code GIT} (gitCommit, default settings), {@code DATE} (dateTime, default settings),
 * {@code SHA} ({@code latest}) and {@code INPUT_DIGEST}; a default component that fails is empty,
 * as in Skaffold. Named {@code components} override them and their failures are errors. A
 * component may not itself be a customTemplate.
 */
public final class CustomTemplateTagger implements Tagger {

    private final GoTemplate template;
    private final Map<String, Tagger> components;
    private final Map<String, Tagger> defaults;

    /**
     * @param template the Go template, e.g. {@code {{.FOO}}-{{.GIT}}}
     * @param components named taggers the template may use
     * @param clock the clock of the default {@code DATE} component
     * @throws TagException for an unsupported template or a nested customTemplate component
     */
    public CustomTemplateTagger(String template, Map<String, Tagger> components, Clock clock) {
        this.template = parse(template);
        components.forEach((name, tagger) -> {
            if (tagger instanceof CustomTemplateTagger) {
                throw new TagException("nested customTemplate components are not supported (" + name + ")");
            }
        });
        this.components = new LinkedHashMap<>(components);
        this.defaults = new LinkedHashMap<>();
        defaults.put("GIT", GitCommitTagger.defaults());
        defaults.put("DATE", new DateTimeTagger(null, null, clock));
        defaults.put("SHA", new Sha256Tagger());
        defaults.put("INPUT_DIGEST", new InputDigestTagger());
    }

    public CustomTemplateTagger(String template, Map<String, Tagger> components) {
        this(template, components, Clock.systemUTC());
    }

    @Override
    public String generateTag(TagInput input) {
        Map<String, String> values = new HashMap<>();
        for (String name : template.fields()) {
            if (values.containsKey(name)) {
                continue;
            }
            Tagger component = components.get(name);
            if (component != null) {
                try {
                    values.put(name, component.generateTag(input));
                } catch (TagException e) {
                    throw new TagException(
                            "customTemplate tagger: evaluating component " + name + ": " + e.getMessage(), e);
                }
            } else if (defaults.containsKey(name)) {
                values.put(name, evaluateDefault(defaults.get(name), input));
            }
        }
        try {
            return template.execute(values);
        } catch (GoTemplateException e) {
            throw new TagException("customTemplate tagger: " + e.getMessage() + "; name a component for it", e);
        }
    }

    private static String evaluateDefault(Tagger tagger, TagInput input) {
        try {
            return tagger.generateTag(input);
        } catch (TagException e) {
            return "";
        }
    }

    @Override
    public String toString() {
        return "customTemplate(" + template + ", components=" + components.keySet() + ")";
    }

    private static GoTemplate parse(String template) {
        try {
            return GoTemplate.parse(template);
        } catch (GoTemplateException e) {
            throw new TagException(e.getMessage(), e);
        }
    }
}
