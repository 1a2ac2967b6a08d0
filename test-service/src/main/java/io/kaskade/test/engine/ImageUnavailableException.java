package io.kaskade.test.engine;

/** The image to test could not be pulled from its registry. */
public class ImageUnavailableException extends EngineException {
    private static final long serialVersionUID = 1L;

    public ImageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
