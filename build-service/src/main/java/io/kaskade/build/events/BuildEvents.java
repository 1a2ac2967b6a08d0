package io.kaskade.build.events;

import io.kaskade.model.event.ImageBuilt;
import io.kaskade.model.event.ImagePushed;
import io.kaskade.model.event.StageFailed;
import io.kaskade.model.event.StageStarted;
import io.kaskade.service.messaging.Channels;
import io.kaskade.service.messaging.EventSender;
import io.kaskade.service.secrets.SecretMask;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** The events the build stage publishes, each on its channel, each waiting for the broker's ack. */
@ApplicationScoped
public class BuildEvents {

    private final EventSender sender;
    private final MutinyEmitter<byte[]> built;
    private final MutinyEmitter<byte[]> pushed;
    private final MutinyEmitter<byte[]> failed;
    private final MutinyEmitter<byte[]> started;

    public BuildEvents(
            EventSender sender,
            @Channel(Channels.STAGE_STARTED) MutinyEmitter<byte[]> started,
            @Channel(Channels.IMAGE_BUILT) MutinyEmitter<byte[]> built,
            @Channel(Channels.IMAGE_PUSHED) MutinyEmitter<byte[]> pushed,
            @Channel(Channels.STAGE_FAILED) MutinyEmitter<byte[]> failed) {
        this.sender = sender;
        this.built = built;
        this.pushed = pushed;
        this.failed = failed;
        this.started = started;
    }

    public void started(StageStarted event) {
        sender.send(started, event);
    }

    public void built(ImageBuilt event) {
        sender.send(built, event);
    }

    public void pushed(ImagePushed event) {
        sender.send(pushed, event);
    }

    /** Publishes {@code event} with every secret of a run in progress masked in its message, suggestion and log tail. */
    public void failed(StageFailed event) {
        sender.send(
                failed,
                new StageFailed(
                        event.eventId(),
                        event.runId(),
                        event.runCreated(),
                        event.repository(),
                        event.commit(),
                        event.ref(),
                        event.time(),
                        event.stage(),
                        event.artifact(),
                        event.errorCode(),
                        SecretMask.mask(event.message()),
                        SecretMask.mask(event.suggestion()),
                        SecretMask.mask(event.logTail())));
    }
}
