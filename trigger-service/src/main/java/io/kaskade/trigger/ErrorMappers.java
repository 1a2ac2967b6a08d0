package io.kaskade.trigger;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.kaskade.trigger.api.TriggerException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns request failures into JSON error answers that name the problem. */
public class ErrorMappers {

    @ServerExceptionMapper
    public Response triggerFailed(TriggerException e) {
        return json(e.status(), new ErrorBody(e.status(), e.getMessage(), e.runId()));
    }

    @ServerExceptionMapper
    public Response unreadableBody(JsonProcessingException e) {
        return json(
                400,
                new ErrorBody(
                        400, "request body is not valid JSON for a run request: " + e.getOriginalMessage(), null));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return json(status, new ErrorBody(status, e.getMessage(), null));
    }

    private static Response json(int status, ErrorBody body) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .entity(body)
                .build();
    }
}
