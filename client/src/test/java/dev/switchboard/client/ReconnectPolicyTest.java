package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReconnectPolicyTest {

    @Test
    void doublesUpToTheCapWithoutJitter() {
        ReconnectPolicy p = ReconnectPolicy.backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), 0);
        assertThat(p.delayBefore(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.delayBefore(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.delayBefore(4)).isEqualTo(Duration.ofSeconds(8));
        assertThat(p.delayBefore(5)).isEqualTo(Duration.ofSeconds(10));
        assertThat(p.delayBefore(1_000)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void jitterOnlyShortensWithinItsFraction() {
        ReconnectPolicy p = ReconnectPolicy.backoff(Duration.ofSeconds(4), Duration.ofSeconds(4), 0.25)
                .withRandom(new SplittableRandom(7));
        for (int i = 0; i < 1_000; i++) {
            assertThat(p.delayBefore(1)).isBetween(Duration.ofSeconds(3), Duration.ofSeconds(4));
        }
    }

    @Test
    void defaultsStartAtTwoSeconds() {
        Duration first = ReconnectPolicy.defaults().delayBefore(1);
        assertThat(first).isBetween(Duration.ofMillis(1_500), Duration.ofSeconds(2));
    }

    @Test
    void immediateNeverWaitsAndNeverGivesUp() {
        assertThat(ReconnectPolicy.immediate().delayBefore(1)).isZero();
        assertThat(ReconnectPolicy.immediate().delayBefore(99)).isZero();
    }

    @Test
    void givesUpAfterMaxAttemptsAndNeverMeansNever() {
        ReconnectPolicy p = ReconnectPolicy.immediate().withMaxAttempts(2);
        assertThat(p.delayBefore(2)).isZero();
        assertThat(p.delayBefore(3)).isNull();
        assertThat(ReconnectPolicy.never().enabled()).isFalse();
        assertThat(ReconnectPolicy.never().delayBefore(1)).isNull();
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> ReconnectPolicy.backoff(Duration.ofSeconds(5), Duration.ofSeconds(1), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReconnectPolicy.backoff(Duration.ZERO, Duration.ZERO, 1.5))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
