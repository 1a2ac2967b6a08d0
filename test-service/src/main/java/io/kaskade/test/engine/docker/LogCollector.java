package io.kaskade.test.engine.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Collects a container's log frames into stdout and stderr, each capped. */
final class LogCollector extends ResultCallback.Adapter<Frame> {

    /** Each stream keeps at most this much; a command that floods its output cannot fill the heap. */
    private static final int MAX_OUTPUT_BYTES = 1 << 20;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Override
    public void onNext(Frame frame) {
        ByteArrayOutputStream target = frame.getStreamType() == StreamType.STDERR ? err : out;
        byte[] payload = frame.getPayload();
        int room = MAX_OUTPUT_BYTES - target.size();
        if (payload != null && room > 0) {
            target.write(payload, 0, Math.min(room, payload.length));
        }
    }

    String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
