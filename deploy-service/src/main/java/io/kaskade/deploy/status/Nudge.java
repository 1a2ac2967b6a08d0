package io.kaskade.deploy.status;

import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.concurrent.BlockingQueue;

/** Wakes a waiting status check on every watch event; the check then re-reads what it needs. */
record Nudge<T>(BlockingQueue<Boolean> changes) implements Watcher<T> {

    @Override
    public void eventReceived(Action action, T resource) {
        changes.offer(Boolean.TRUE);
    }

    @Override
    public void onClose(WatcherException cause) {
        changes.offer(Boolean.TRUE);
    }
}
