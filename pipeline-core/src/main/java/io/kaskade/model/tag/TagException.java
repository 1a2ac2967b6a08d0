package io.kaskade.model.tag;

/**
 * A tag cannot be computed: an invalid tagger configuration, or an artifact whose source does not
 * give what the tagger needs (no git repository, an undefined template variable). The message names
 * the tagger and the cause so it can go straight into a failure event.
 */
public class TagException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TagException(String message) {
        super(message);
    }

    public TagException(String message, Throwable cause) {
        super(message, cause);
    }
}
