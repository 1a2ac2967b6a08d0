package io.kaskade.trigger;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import io.smallrye.common.annotation.Blocking;

/** The run API: {@code POST /api/v1/runs} starts a run and answers with its id. */
@Path("/api/v1/runs")
public class RunResource {

    private final RunService runs;

    public RunResource(RunService runs) {
        this.runs = runs;
    }

    /** Starts a run; 202 with the run id, 400/404/422 naming the problem. */
    @POST
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response start(RunRequest request) {
        RunAccepted accepted = runs.start(request);
        return Response.accepted(accepted).build();
    }
}
