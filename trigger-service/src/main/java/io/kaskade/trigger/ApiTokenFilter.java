package io.kaskade.trigger;

import io.kaskade.trigger.config.TriggerConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/**
 * The API's door: every request to a REST resource of this service needs {@code Authorization: Bearer
 * <kaskade.trigger.api-token>}, except resources marked {@link AuthenticatedBySignature} (webhooks). A
 * service without a configured token refuses the API altogether, so forgetting the setting leaves it
 * closed rather than open. Health and metrics under {@code /q/} are not REST resources and stay open.
 *
 * <p>The filter runs after matching and decides by the resource that will handle the request, not by
 * the request's path, so no spelling of a path ({@code /api/v1/webhooks/../runs}, {@code //api},
 * percent-encoding) can reach a protected resource without the token.
 */
public class ApiTokenFilter {

    private final Optional<byte[]> tokenDigest;

    public ApiTokenFilter(TriggerConfig config) {
        this.tokenDigest = config.apiToken().filter(t -> !t.isBlank()).map(ApiTokenFilter::sha256);
    }

    @ServerRequestFilter
    public Optional<Response> requireToken(ContainerRequestContext request, SimpleResourceInfo resource) {
        if (resource.getResourceClass().isAnnotationPresent(AuthenticatedBySignature.class)) {
            return Optional.empty();
        }
        if (tokenDigest.isEmpty()) {
            return Optional.of(
                    unauthorized("this trigger-service has no API token configured (kaskade.trigger.api-token,"
                            + " env KASKADE_TRIGGER_API_TOKEN), so its API is closed"));
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(
                    unauthorized("missing 'Authorization: Bearer TOKEN' (the CLI sends $KASKADE_HOME/api-token)"));
        }
        // Digests of equal length, compared in constant time: the answer's timing says nothing about the token.
        if (!MessageDigest.isEqual(tokenDigest.get(), sha256(header.substring(7).strip()))) {
            return Optional.of(unauthorized("wrong API token"));
        }
        return Optional.empty();
    }

    private static Response unauthorized(String message) {
        return Response.status(401)
                .type(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .entity(new ErrorBody(401, message, null))
                .build();
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
        }
    }
}
