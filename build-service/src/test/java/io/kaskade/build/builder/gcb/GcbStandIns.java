package io.kaskade.build.builder.gcb;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Starts the Cloud Build and Cloud Storage stand-ins for a {@code @QuarkusTest} and points the running
 * build-service at them through its settings, as an operator would with {@code kaskade.build.gcb.*}.
 */
public class GcbStandIns implements QuarkusTestResourceLifecycleManager {

    static FakeCloudStorage storage;
    static FakeCloudBuild cloudBuild;

    @Override
    public Map<String, String> start() {
        try {
            storage = new FakeCloudStorage();
            cloudBuild = new FakeCloudBuild(storage);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Cloud Build stand-ins", e);
        }
        return Map.of(
                "kaskade.build.gcb.endpoint",
                cloudBuild.endpoint(),
                "kaskade.build.gcb.storage-host",
                storage.url(),
                "kaskade.build.gcb.insecure",
                "true",
                "kaskade.build.gcb.poll-interval",
                "20ms");
    }

    @Override
    public void stop() {
        if (cloudBuild != null) {
            cloudBuild.close();
        }
        if (storage != null) {
            storage.close();
        }
    }
}
