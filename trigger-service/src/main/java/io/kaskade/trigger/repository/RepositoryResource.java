package io.kaskade.trigger.repository;

import io.kaskade.trigger.api.TriggerException;
import io.kaskade.trigger.secrets.RunSecrets;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * {@code /api/v1/repositories}: what {@code ./kaskade repo add|list|remove} talks to. Answers never carry
 * webhook secrets; a registration shows only whether it has one.
 */
@Path("/api/v1/repositories")
@Produces(MediaType.APPLICATION_JSON)
public class RepositoryResource {

    /** A registration as answered: the secret replaced by whether there is one. */
    public record RepositoryView(RegisteredRepository repository, boolean hasSecret) {
        static RepositoryView of(RegisteredRepository r) {
            return new RepositoryView(r.withoutSecret(), r.secret() != null);
        }
    }

    private final RepositoryRegistry registry;

    private final RunSecrets secrets;

    public RepositoryResource(RepositoryRegistry registry, RunSecrets secrets) {
        this.registry = registry;
        this.secrets = secrets;
    }

    @GET
    public List<RepositoryView> list() {
        return registry.all().stream().map(RepositoryView::of).toList();
    }

    @GET
    @Path("/{name: .+}")
    public RepositoryView get(@PathParam("name") String name) {
        return registry.byName(name)
                .map(RepositoryView::of)
                .orElseThrow(() -> new TriggerException(404, "no repository named " + name + " is registered", null));
    }

    /**
     * Registers (or replaces) the repository named in the path; the body's {@code name}, if any, must agree.
     * The body's {@code secretVariables} are plain values; they, and credentials in {@code url}, are sealed
     * before they are stored.
     */
    @PUT
    @Path("/{name: .+}")
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    public RepositoryView put(@PathParam("name") String name, RegisteredRepository body) {
        if (body == null) {
            throw new TriggerException(400, "a JSON body with at least 'url' is required", null);
        }
        if (body.name() != null && !body.name().equals(name)) {
            throw new TriggerException(400, "the body names " + body.name() + " but the path " + name, null);
        }
        RegisteredRepository repo = new RegisteredRepository(
                name,
                body.url(),
                body.secret(),
                body.branches(),
                body.tags(),
                body.profiles(),
                body.variables(),
                body.pollInterval(),
                body.secretVariables(),
                null);
        if (!repo.problems().isEmpty()) {
            throw new TriggerException(400, String.join("; ", repo.problems()), null);
        }
        repo = repo.sealedBy(secrets);
        registry.put(repo);
        return RepositoryView.of(repo);
    }

    @DELETE
    @Path("/{name: .+}")
    @Blocking
    public Response remove(@PathParam("name") String name) {
        registry.remove(name);
        return Response.noContent().build();
    }
}
