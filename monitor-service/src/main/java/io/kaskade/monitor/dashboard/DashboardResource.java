package io.kaskade.monitor.dashboard;

import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** The dashboard's API: a snapshot of recent runs and the live stream of their changes. The page itself is static. */
@Path("/api")
public class DashboardResource {

    private final DashboardFeed feed;

    public DashboardResource(DashboardFeed feed) {
        this.feed = feed;
    }

    /** The newest runs first, each with its stages, failure and last build log lines. */
    @GET
    @Path("/runs")
    @Produces(MediaType.APPLICATION_JSON)
    public List<RunView> runs(@QueryParam("limit") @DefaultValue("50") int limit) {
        return feed.recent(Math.max(1, limit));
    }

    @GET
    @Path("/runs/{runId}")
    @Produces(MediaType.APPLICATION_JSON)
    public RunView run(@PathParam("runId") String runId) {
        return feed.run(runId).orElseThrow(() -> new NotFoundException("no run " + runId + " is known to the monitor"));
    }

    /** Server-Sent Events: {@code hello}, then {@code run} (a run's new view) and {@code log} (a build line) messages. */
    @GET
    @Path("/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.TEXT_PLAIN)
    public Multi<String> events() {
        return feed.stream();
    }
}
