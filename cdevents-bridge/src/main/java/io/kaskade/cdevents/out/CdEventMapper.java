package io.kaskade.cdevents.out;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kaskade.cdevents.CdEvent;
import io.kaskade.cdevents.CdEventType;
import io.kaskade.cdevents.CdEventsConfig;
import io.kaskade.model.event.Deployed;
import io.kaskade.model.event.ImageBuilt;
import io.kaskade.model.event.ImagePushed;
import io.kaskade.model.event.PipelineEvent;
import io.kaskade.model.event.SourceChanged;
import io.kaskade.model.event.StructureTested;
import io.kaskade.model.event.TestResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Maps each Kaskade event to the CDEvents (spec v0.5.1) that report the same facts. The whole
 * mapping is here, one method per Kaskade event, chosen by one exhaustive switch:
 *
 * <ul>
 *   <li>SourceChanged: {@code pipelinerun.queued} (at the run's creation), {@code pipelinerun.started},
 *       and {@code build.started} per artifact (build-service starts every artifact on reading it)
 *   <li>ImageBuilt: {@code build.finished} with the image's purl (by tag: the digest exists only after the push)
 *   <li>ImagePushed: {@code artifact.packaged} (linked to the commit) and {@code artifact.published}, both
 *       with the digest purl; an image kept on the build engine is packaged but not published
 *   <li>StructureTested: {@code testsuiterun.finished}
 *   <li>Deployed: {@code service.deployed} or {@code service.upgraded} per image, then {@code pipelinerun.finished}
 *   <li>StageFailed: {@code pipelinerun.finished} with outcome failure ({@link RunOutcomes})
 * </ul>
 *
 * Every CDEvent of a run has the run id as {@code context.chainId}, and an id derived from the
 * Kaskade event, so a redelivery produces the same CDEvent again rather than a new one.
 */
@ApplicationScoped
public class CdEventMapper {

    private final CdEventsConfig config;
    private final RunOutcomes outcomes;
    private final ServiceDeployments deployments;

    public CdEventMapper(CdEventsConfig config, RunOutcomes outcomes, ServiceDeployments deployments) {
        this.config = config;
        this.outcomes = outcomes;
        this.deployments = deployments;
    }

    public List<CdEvent> map(PipelineEvent event) {
        List<CdEvent> out = new ArrayList<>();
        switch (event.type()) {
            case SOURCE_CHANGED -> sourceChanged((SourceChanged) event, out);
            case IMAGE_BUILT -> imageBuilt((ImageBuilt) event, out);
            case IMAGE_PUSHED -> imagePushed((ImagePushed) event, out);
            case STRUCTURE_TESTED -> structureTested((StructureTested) event, out);
            case DEPLOYED -> deployed((Deployed) event, out);
            case STAGE_FAILED -> {
                // Only the end of the run is reported; the failing stage's own event says the rest.
            }
        }
        outcomes.finishing(event).ifPresent(outcome -> {
            ObjectNode content = pipelineRun(event);
            content.put("outcome", outcome.outcome());
            if (outcome.errors() != null) {
                content.put("errors", outcome.errors());
            }
            out.add(cdEvent(event, CdEventType.PIPELINERUN_FINISHED, event.time(), event.runId(), content));
        });
        return out;
    }

    private void sourceChanged(SourceChanged event, List<CdEvent> out) {
        out.add(cdEvent(event, CdEventType.PIPELINERUN_QUEUED, event.runCreated(), event.runId(), pipelineRun(event)));
        out.add(cdEvent(event, CdEventType.PIPELINERUN_STARTED, event.time(), event.runId(), pipelineRun(event)));
        for (String artifact : event.artifacts()) {
            out.add(cdEvent(event, CdEventType.BUILD_STARTED, event.time(), buildId(event, artifact), object()));
        }
    }

    private void imageBuilt(ImageBuilt event, List<CdEvent> out) {
        ObjectNode content = object().put("artifactId", Purls.oci(event.image(), event.artifact()));
        out.add(cdEvent(event, CdEventType.BUILD_FINISHED, event.time(), buildId(event, event.artifact()), content));
    }

    private void imagePushed(ImagePushed event, List<CdEvent> out) {
        String purl = Purls.oci(event.image(), event.artifact());
        ObjectNode change = object().put("id", event.commit());
        uriReference(event.repository()).ifPresent(source -> change.put("source", source));
        ObjectNode packaged = object();
        packaged.set("change", change);
        out.add(cdEvent(event, CdEventType.ARTIFACT_PACKAGED, event.time(), purl, packaged));
        if (!event.localOnly()) {
            out.add(cdEvent(event, CdEventType.ARTIFACT_PUBLISHED, event.time(), purl, object()));
        }
    }

    private void structureTested(StructureTested event, List<CdEvent> out) {
        ObjectNode content = object().put("outcome", event.passed() ? "success" : "failure");
        content.set("environment", environment());
        content.set(
                "testSuite",
                object().put("id", "structure-tests/" + event.artifact())
                        .put("name", "container-structure-tests of " + event.artifact()));
        if (!event.passed()) {
            content.put(
                    "reason",
                    event.results().stream()
                            .filter(r -> !r.passed())
                            .map(CdEventMapper::failure)
                            .collect(Collectors.joining("; ")));
        }
        out.add(cdEvent(
                event,
                CdEventType.TESTSUITERUN_FINISHED,
                event.time(),
                event.runId() + "/structure-tests/" + event.artifact(),
                content));
    }

    private void deployed(Deployed event, List<CdEvent> out) {
        for (Map.Entry<String, String> image : event.images().entrySet()) {
            String service = image.getKey();
            CdEventType type = deployments.upgrade(config.environmentId(), service, event)
                    ? CdEventType.SERVICE_UPGRADED
                    : CdEventType.SERVICE_DEPLOYED;
            ObjectNode content = object();
            content.set("environment", environment());
            content.put("artifactId", Purls.oci(image.getValue(), service));
            out.add(cdEvent(event, type, event.time(), service, content));
        }
    }

    private CdEvent cdEvent(PipelineEvent from, CdEventType type, Instant time, String subjectId, ObjectNode content) {
        return new CdEvent(
                type,
                CdEvent.idFor(from.eventId(), type, subjectId),
                config.source(),
                time,
                from.runId(),
                subjectId,
                content);
    }

    private ObjectNode pipelineRun(PipelineEvent event) {
        return object().put("pipelineName", pipelineName(event.repository()))
                .put("uri", config.runUriPrefix() + event.runId());
    }

    private ObjectNode environment() {
        return object().put("id", config.environmentId());
    }

    private static String buildId(PipelineEvent event, String artifact) {
        return event.runId() + "/build/" + artifact;
    }

    /** The repository's last path segment without {@code .git}: what people call the project. */
    static String pipelineName(String repository) {
        String name = repository.replaceAll("[/\\\\]+$", "").replaceFirst("\\.git$", "");
        int slash = Math.max(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')), name.lastIndexOf(':'));
        String last = name.substring(slash + 1);
        return last.isBlank() ? repository : last;
    }

    /** The repository as a URI reference when it is one (a URL or a path); scp-like git addresses are not. */
    static java.util.Optional<String> uriReference(String repository) {
        try {
            new URI(repository);
            return java.util.Optional.of(repository);
        } catch (URISyntaxException e) {
            return java.util.Optional.empty();
        }
    }

    private static String failure(TestResult result) {
        return result.name()
                + (result.errors().isEmpty() ? "" : ": " + result.errors().get(0));
    }

    private static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }
}
