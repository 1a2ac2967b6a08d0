package io.kaskade.service.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RecentKeysTest {

    @Test
    void aKeyIsNewOnlyTheFirstTime() {
        RecentKeys keys = new RecentKeys(10);
        assertThat(keys.add("a")).isTrue();
        assertThat(keys.add("a")).isFalse();
        assertThat(keys.add("b")).isTrue();
    }

    @Test
    void aForgottenKeyIsNewAgain() {
        RecentKeys keys = new RecentKeys(10);
        keys.add("a");
        keys.remove("a");
        assertThat(keys.add("a")).isTrue();
    }

    @Test
    void pastTheCapacityTheOldestIsForgottenFirst() {
        RecentKeys keys = new RecentKeys(2);
        keys.add("a");
        keys.add("b");
        keys.add("a"); // seen again: stays where it was added, the oldest
        keys.add("c");
        assertThat(keys.add("b")).as("b is still remembered").isFalse();
        assertThat(keys.add("a")).as("a, the oldest, was forgotten").isTrue();
    }

    @Test
    void refusesAnEmptyCapacity() {
        assertThatThrownBy(() -> new RecentKeys(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
