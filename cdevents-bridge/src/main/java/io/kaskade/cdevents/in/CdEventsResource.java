package io.kaskade.cdevents.in;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.kaskade.cdevents.CdEventsConfig;
import io.kaskade.model.event.EventCodec;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * {@code POST /api/v1/cdevents}: a CDEvents sink over HTTP. It takes the CloudEvents HTTP binding
 * in binary mode (the body is the CDEvent, {@code ce-*} headers beside it) or in structured mode
 * ({@code application/cloudevents+json}, the CDEvent under {@code data}), or a bare CDEvent.
 *
 * <p>Answers: 202 with {@code requestId} and {@code repository} when a run was requested; 200 with
 * {@code ignored} saying why when the event starts no run; 400 naming what is wrong with the body;
 * 401 when {@code kaskade.cdevents.token} is set and the bearer token is missing or wrong.
 */
@Path("/api/v1/cdevents")
public class CdEventsResource {

    static final String STRUCTURED = "application/cloudevents+json";

    private final CdEventIntake intake;
    private final CdEventsConfig config;

    public CdEventsResource(CdEventIntake intake, CdEventsConfig config) {
        this.intake = intake;
        this.config = config;
    }

    @POST
    @Blocking
    @Consumes({MediaType.APPLICATION_JSON, STRUCTURED})
    @Produces(MediaType.APPLICATION_JSON)
    public Response receive(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            byte[] body) {
        if (!authorized(authorization)) {
            return json(401, Map.of("error", "missing or wrong bearer token (Authorization: Bearer ...)"));
        }
        JsonNode event;
        try {
            event = EventCodec.mapper().readTree(body);
        } catch (java.io.IOException e) {
            String reason = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
            return json(400, Map.of("error", "body is not JSON: " + reason));
        }
        if (contentType != null && contentType.startsWith(STRUCTURED) && event != null) {
            event = event.path("data");
        }
        try {
            CdEventIntake.Outcome outcome = intake.accept(event);
            if (outcome.accepted()) {
                return json(202, Map.of("requestId", outcome.requestId(), "repository", outcome.repository()));
            }
            return json(200, Map.of("ignored", outcome.ignored()));
        } catch (InvalidCdEventException e) {
            return json(400, Map.of("error", e.getMessage()));
        }
    }

    /** Constant-time comparison, so the answer time tells nothing about the token. */
    private boolean authorized(String authorization) {
        if (config.token().isEmpty()) {
            return true;
        }
        String expected = "Bearer " + config.token().get();
        return authorization != null
                && MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.UTF_8),
                        authorization.strip().getBytes(StandardCharsets.UTF_8));
    }

    private static Response json(int status, Map<String, String> body) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .entity(body)
                .build();
    }
}
