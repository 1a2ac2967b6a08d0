package io.kaskade.trigger;

import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** The run API: {@code POST /api/v1/runs} starts a run and answers with its id (bearer token required, see {@link ApiTokenFilter}). */
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
    public Response start(RunRequest request, @Context HttpServerRequest http) {
        RunAccepted accepted = runs.start(request, fromLoopback(http));
        return Response.accepted(accepted).build();
    }

    /**
     * Whether the TCP peer is on this machine. Behind a reverse proxy on the same machine every caller
     * looks local, which is why local paths also need {@code kaskade.trigger.allow-local-paths}.
     */
    static boolean fromLoopback(HttpServerRequest http) {
        SocketAddress peer = http == null ? null : http.remoteAddress();
        if (peer == null || peer.hostAddress() == null) {
            return false;
        }
        try {
            return InetAddress.getByName(peer.hostAddress()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
