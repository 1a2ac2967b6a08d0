package io.kaskade.cli.bench;

import io.kaskade.cli.stack.Probes;
import java.time.Duration;

/** Polls an app until its page carries a token: the moment a user sees the new version. */
final class Answering {

    private static final long POLL_MILLIS = 20;

    private Answering() {}

    /** @return epoch millis of the first answer containing {@code token} */
    static long await(String url, String token, Duration timeout) {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        String last = null;
        while (System.currentTimeMillis() < deadline) {
            last = Probes.httpBody(url);
            if (last != null && last.contains(token)) {
                return System.currentTimeMillis();
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BenchException("interrupted");
            }
        }
        throw new BenchException(url + " did not answer with '" + token + "' within " + timeout.toSeconds()
                + " s; last answer: " + (last == null ? "none" : last.strip()));
    }
}
