package io.kaskade.deploy.deployer.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import java.io.IOException;
import java.util.concurrent.BlockingQueue;

/**
 * The engine's event stream for a set of containers, as wake-ups for the status check: it waits on
 * the queue and re-inspects the containers on every event, instead of polling on a timer.
 */
final class ContainerEvents {

    private ContainerEvents() {}

    /** Subscribes to the containers' events; every event, and a broken stream, adds to {@code events}. */
    static ResultCallback.Adapter<Event> subscribe(
            DockerDeployEngine engine, String[] ids, BlockingQueue<Event> events) {
        return engine.client()
                .eventsCmd()
                .withEventTypeFilter(EventType.CONTAINER)
                .withContainerFilter(ids)
                .exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Event event) {
                        events.add(event);
                    }

                    @Override
                    public void onError(Throwable error) {
                        // The stream broke or was closed by us: wake the waiter, which re-inspects and resubscribes.
                        events.add(new Event());
                        closeQuietly(this);
                    }
                });
    }

    static void closeQuietly(ResultCallback.Adapter<Event> subscription) {
        if (subscription == null) {
            return;
        }
        try {
            subscription.close();
        } catch (IOException e) {
            // The stream is gone either way; the next round opens a new one.
        }
    }
}
