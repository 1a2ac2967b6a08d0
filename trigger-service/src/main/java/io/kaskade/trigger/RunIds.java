package io.kaskade.trigger;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/**
 * Run ids are UUID version 7: the creation time in the high bits makes them sort by age, which
 * makes topics and logs easy to read; uniqueness comes from the random low bits.
 */
public final class RunIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private RunIds() {}

    public static String newRunId(Instant created) {
        long millis = created.toEpochMilli();
        long high = (millis << 16) | 0x7000L | (RANDOM.nextInt() & 0x0FFFL);
        long low = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
