package io.kaskade.deploy.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PartitionWorkTest {

    @Test
    void recordsOfPartitionsThatAreNotOursDoNotStart() {
        PartitionWork work = new PartitionWork();
        assertThat(work.begin(0)).as("before any assignment").isFalse();
        work.assign(List.of(0, 1));
        assertThat(work.begin(1)).isTrue();
        work.end(1);
        assertThat(work.revoke(List.of(1), Duration.ZERO)).isTrue();
        assertThat(work.begin(1)).isFalse();
        assertThat(work.begin(0)).isTrue();
        work.lose(List.of(0));
        assertThat(work.begin(0)).isFalse();
    }

    @Test
    void ownershipKeptWithoutABreakIsToldApartFromARevokeOrLossInBetween() {
        PartitionWork work = new PartitionWork();
        assertThat(work.keptSince(0, work.held(0))).as("never owned").isFalse();
        work.assign(List.of(0, 1));
        long zero = work.held(0);
        long one = work.held(1);
        work.assign(List.of(2));
        assertThat(work.keptSince(0, zero))
                .as("another partition's assignment changes nothing")
                .isTrue();

        work.revoke(List.of(0), Duration.ZERO);
        work.assign(List.of(0));
        assertThat(work.keptSince(0, zero))
                .as("revoked and assigned again meanwhile")
                .isFalse();
        assertThat(work.keptSince(0, work.held(0))).isTrue();

        work.lose(List.of(1));
        assertThat(work.keptSince(1, one)).as("lost").isFalse();
    }

    @Test
    void aRevokeWaitsForTheRecordsUnderWayOnThatPartitionOnly() throws Exception {
        PartitionWork work = new PartitionWork();
        work.assign(List.of(0, 1));
        assertThat(work.begin(0)).isTrue();
        assertThat(work.begin(1)).isTrue();

        assertThat(work.revoke(List.of(1), Duration.ofMillis(50)))
                .as("record of partition 1 still running")
                .isFalse();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Boolean> revoke = pool.submit(() -> work.revoke(List.of(0), Duration.ofMinutes(1)));
            work.end(0);
            assertThat(revoke.get()).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }
}
