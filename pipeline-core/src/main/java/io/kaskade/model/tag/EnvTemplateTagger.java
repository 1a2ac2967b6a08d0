package io.kaskade.model.tag;

import io.kaskade.core.gocompat.GoTemplate;
import io.kaskade.core.gocompat.GoTemplateException;
import java.util.HashMap;
import java.util.Map;

/**
 * Skaffold's {@code envTemplate} tagger: the tag is a Go template over the environment, e.g.
 * {@code {{.RELEASE}}}. In Kaskade the environment is the run's variables (given to the trigger, so
 * every service and the CLI see the same values, unlike a service's own process environment), plus
 * {@code IMAGE_NAME}, the artifact's image name. An undefined variable is an error.
 */
public final class EnvTemplateTagger implements Tagger {

    private final GoTemplate template;

    /**
     * @throws TagException when the template uses anything but {@code {{.NAME}}} fields
     */
    public EnvTemplateTagger(String template) {
        this.template = parse(template);
    }

    @Override
    public String generateTag(TagInput input) {
        Map<String, String> values = new HashMap<>(input.variables());
        values.put("IMAGE_NAME", input.imageName());
        try {
            return template.execute(values);
        } catch (GoTemplateException e) {
            throw new TagException("envTemplate tagger: " + e.getMessage() + "; define it as a run variable", e);
        }
    }

    @Override
    public String toString() {
        return "envTemplate(" + template + ")";
    }

    private static GoTemplate parse(String template) {
        try {
            return GoTemplate.parse(template);
        } catch (GoTemplateException e) {
            throw new TagException(e.getMessage(), e);
        }
    }
}
