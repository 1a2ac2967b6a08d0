package io.kaskade.service.secrets;

/** A secret could not be sealed or opened; the message names the secret or the key, never a value. */
public class SecretException extends RuntimeException {

    public SecretException(String message) {
        super(message);
    }
}
