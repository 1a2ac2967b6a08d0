package io.kaskade.build.builder.kaniko;

import io.kaskade.build.builder.BuildLog;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Receives the pod log as bytes and hands whole lines to the {@link BuildLog}, so a UTF-8 character split across chunks stays intact. */
final class LogLines extends OutputStream {

    private final BuildLog log;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    LogLines(BuildLog log) {
        this.log = log;
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            emit();
        } else {
            line.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            write(bytes[i]);
        }
    }

    @Override
    public synchronized void close() {
        if (line.size() > 0) {
            emit();
        }
    }

    private void emit() {
        log.line(line.toString(StandardCharsets.UTF_8));
        line.reset();
    }
}
