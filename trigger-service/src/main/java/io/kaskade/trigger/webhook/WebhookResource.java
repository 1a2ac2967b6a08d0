package io.kaskade.trigger.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kaskade.trigger.AuthenticatedBySignature;
import io.kaskade.trigger.RunRequest;
import io.kaskade.trigger.RunService;
import io.kaskade.trigger.api.TriggerException;
import io.kaskade.trigger.repository.RegisteredRepository;
import io.kaskade.trigger.repository.RepositoryRegistry;
import io.kaskade.trigger.store.DeliveryLog;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * {@code POST /api/v1/webhooks/push}: push webhooks from GitHub, Gitea/Forgejo and GitLab.
 *
 * <p>Webhooks carry no API token; the signature made with the registered repository's secret is their
 * authentication, checked over the raw body before anything else is done with the delivery. Only then
 * does the event type count: {@code ping} is answered 200, other events and pushes that start nothing
 * (branch deletions, refs outside the filters) 202 without a run id, and a push starts one run per
 * delivery id however often the forge redelivers it.
 */
@Path("/api/v1/webhooks")
@AuthenticatedBySignature
public class WebhookResource {

    private static final Logger LOG = Logger.getLogger(WebhookResource.class);

    private final RepositoryRegistry registry;
    private final RunService runs;
    private final DeliveryLog deliveries;
    private final ObjectMapper mapper;

    public WebhookResource(RepositoryRegistry registry, RunService runs, DeliveryLog deliveries, ObjectMapper mapper) {
        this.registry = registry;
        this.runs = runs;
        this.deliveries = deliveries;
        this.mapper = mapper;
    }

    @POST
    @Path("/push")
    @Blocking
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response push(@Context HttpHeaders httpHeaders, byte[] body) {
        Map<String, String> flat = new HashMap<>();
        httpHeaders
                .getRequestHeaders()
                .forEach((name, values) -> flat.put(name, values.isEmpty() ? "" : values.get(0)));
        WebhookHeaders headers = new WebhookHeaders(flat);
        Forge forge = Forges.of(headers)
                .orElseThrow(() -> new TriggerException(
                        400,
                        "not a known forge's webhook: expected an X-GitHub-Event, X-Gitea-Event, X-Gitlab-Event or X-Event-Key"
                                + " (Bitbucket) header",
                        null));
        PushPayload payload = parse(body).normalized();
        String name = payload.repositoryName();
        if (name == null) {
            throw new TriggerException(
                    400,
                    "the payload names no repository (repository.full_name or" + " project.path_with_namespace)",
                    null);
        }
        RegisteredRepository repo = registry.byName(name)
                .orElseThrow(() -> new TriggerException(
                        404,
                        "repository " + name + " is not registered with Kaskade: ./kaskade repo add " + name
                                + " --url URL --secret S",
                        null));
        if (repo.secret() == null) {
            throw new TriggerException(
                    401,
                    "repository " + name + " has no webhook secret registered, so its webhooks"
                            + " cannot be verified and are refused",
                    null);
        }
        if (!forge.verify(headers, body == null ? new byte[0] : body, repo.secret())) {
            throw new TriggerException(401, "missing or wrong " + forge.signatureHeader() + " for " + name, null);
        }

        String eventType = forge.eventType(headers);
        return switch (forge.kind(eventType)) {
            case PING -> Response.ok(new WebhookAnswer("pong", null, null)).build();
            case OTHER ->
                Response.accepted(WebhookAnswer.ignored(forge.name() + " event '" + eventType + "' is not a push"))
                        .build();
            case PUSH -> pushed(forge, headers, repo, payload);
        };
    }

    private Response pushed(Forge forge, WebhookHeaders headers, RegisteredRepository repo, PushPayload payload) {
        if (payload.ref() == null) {
            throw new TriggerException(400, "the push payload has no 'ref'", null);
        }
        if (payload.deletesRef()) {
            return Response.accepted(WebhookAnswer.ignored(payload.ref() + " was deleted"))
                    .build();
        }
        if (!repo.accepts(payload.ref())) {
            return Response.accepted(WebhookAnswer.ignored(
                            payload.ref() + " does not match the branch and tag filters of " + repo.name()))
                    .build();
        }
        RunRequest request = new RunRequest(repo.name(), payload.ref(), payload.after(), null, null);
        Optional<String> delivery = forge.deliveryId(headers);
        if (delivery.isEmpty()) {
            // Without a delivery id a redelivery cannot be recognised; the commit still pins what runs.
            String runId = runs.startRegistered(repo, request).runId();
            return Response.accepted(new WebhookAnswer("started", runId, null)).build();
        }
        String key = forge.name() + ":" + repo.name() + ":" + delivery.get();
        DeliveryLog.Outcome outcome = deliveries.once(
                key, runId -> runs.startRegistered(repo, request, runId).runId());
        if (outcome.redelivery()) {
            LOG.infof(
                    "redelivery %s of %s: run %s already started, nothing new",
                    delivery.get(), repo.name(), outcome.runId());
        }
        return Response.accepted(
                        new WebhookAnswer(outcome.redelivery() ? "redelivery" : "started", outcome.runId(), null))
                .build();
    }

    private PushPayload parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new TriggerException(400, "the webhook has no body", null);
        }
        try {
            return mapper.readValue(body, PushPayload.class);
        } catch (JsonProcessingException e) {
            throw new TriggerException(
                    400, "the webhook body is not JSON a forge sends: " + e.getOriginalMessage(), null);
        } catch (IOException e) {
            throw new TriggerException(400, "the webhook body cannot be read: " + e.getMessage(), null);
        }
    }
}
