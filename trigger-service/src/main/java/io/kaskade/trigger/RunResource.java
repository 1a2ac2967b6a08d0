package io.kaskade.trigger;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import io.smallrye.common.annotation.Blocking;

/**
 * The run API: {@code POST /api/v1/runs} starts a run and answers with its id;
 * {@code POST /api/v1/webhooks/push} starts one from a git forge's push webhook.
 */
@Path("/api/v1")
public class RunResource {

    private final RunService runs;

    public RunResource(RunService runs) {
        this.runs = runs;
    }

    /** Starts a run; 202 with the run id, 400/404/422 naming the problem. */
    @POST
    @Path("/runs")
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response start(RunRequest request) {
        RunAccepted accepted = runs.start(request);
        return Response.accepted(accepted).build();
    }

    /**
     * Starts a run for the pushed commit; a push that deletes a branch starts nothing and is
     * answered 204.
     */
    @POST
    @Path("/webhooks/push")
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response push(PushWebhook push) {
        if (push == null || push.ref() == null || push.repository() == null || push.repository().location() == null) {
            throw new TriggerException(400, "push webhook needs 'ref' and 'repository.clone_url' (or git_http_url, url)", null);
        }
        if (PushWebhook.DELETED.equals(push.after())) {
            return Response.noContent().build();
        }
        RunAccepted accepted = runs.start(new RunRequest(push.repository().location(), push.ref(), push.after(), null, null));
        return Response.accepted(accepted).build();
    }
}
