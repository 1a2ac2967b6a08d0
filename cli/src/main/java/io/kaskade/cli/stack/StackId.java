package io.kaskade.cli.stack;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The id of one stack on this machine, derived from its state folder ({@code $KASKADE_HOME}), so two
 * checkouts, a Compose stack and the tests each have their own. deploy-service puts it on every container
 * it runs ({@value #LABEL}, from {@value #DEPLOY_ENV}), and {@code down} removes only the containers that
 * carry its own stack's id.
 */
public final class StackId {

    /** The container label deploy-service sets from {@code kaskade.deploy.docker.stack}. */
    public static final String LABEL = "kaskade.stack";
    /** The variable that sets {@code kaskade.deploy.docker.stack}. */
    public static final String DEPLOY_ENV = "KASKADE_DEPLOY_DOCKER_STACK";

    private StackId() {}

    /** {@code ks-} and the first 12 hex digits of the SHA-256 of the absolute, normalised state folder. */
    public static String of(Path home) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(home.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
            return "ks-" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
