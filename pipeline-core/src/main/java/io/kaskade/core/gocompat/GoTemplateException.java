package io.kaskade.core.gocompat;

/**
 * A Go template that Kaskade cannot parse or execute the way Skaffold would: an unsupported action, an unclosed
 * {@code {{}, or a field without a value. Its own type keeps this package free of the taggers that use it; callers
 * add what the template was for (a tagger, a build arg) to the message.
 */
public class GoTemplateException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public GoTemplateException(String message) {
        super(message);
    }
}
