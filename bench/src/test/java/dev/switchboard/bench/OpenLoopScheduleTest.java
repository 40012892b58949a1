package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OpenLoopScheduleTest {

    @Test
    void theWholeRunIsOneEvenStreamAndEachPairSendsEveryPOverRSeconds() {
        // 10k msgs/s over 100 pairs: one message every 100 µs, each pair every 10 ms.
        OpenLoopSchedule s = new OpenLoopSchedule(1_000, 100, 10_000);
        assertThat(s.intended(0, 0)).isEqualTo(1_000);
        assertThat(s.intended(1, 0)).isEqualTo(1_000 + 100_000);
        assertThat(s.intended(99, 0)).isEqualTo(1_000 + 9_900_000);
        assertThat(s.intended(0, 1)).isEqualTo(1_000 + 10_000_000);
        assertThat(s.intended(42, 7) - s.intended(42, 6)).isEqualTo(10_000_000);
        assertThat(s.pairIntervalNanos()).isEqualTo(10_000_000.0);
    }

    @Test
    void ratesThatDoNotDivideASecondDoNotDrift() {
        // 3 msgs/s: 333,333,333.3 ns apart; message 3,000,000 is exactly 1,000,000 s in.
        OpenLoopSchedule s = new OpenLoopSchedule(0, 1, 3);
        assertThat(s.intended(0, 3_000_000)).isEqualTo(1_000_000_000_000_000L);
    }

    @Test
    void aCursorWalksItsPairsInTimeOrder() {
        OpenLoopSchedule s = new OpenLoopSchedule(0, 6, 6_000);
        // One reactor's share of six pairs: 1, 2 and 4.
        OpenLoopSchedule.Cursor c = s.new Cursor(new int[] {1, 2, 4});
        long[] expected = {s.intended(1, 0), s.intended(2, 0), s.intended(4, 0), s.intended(1, 1), s.intended(2, 1),
            s.intended(4, 1), s.intended(1, 2)};
        int[] pairIndex = {0, 1, 2, 0, 1, 2, 0};
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < expected.length; i++) {
            assertThat(c.due()).as("message %d", i).isEqualTo(expected[i]).isGreaterThan(previous);
            assertThat(c.pairIndex()).isEqualTo(pairIndex[i]);
            assertThat(c.seq()).isEqualTo(i / 3);
            previous = c.due();
            c.advance();
        }
    }

    @Test
    void pairsMustBeGivenInIncreasingOrder() {
        OpenLoopSchedule s = new OpenLoopSchedule(0, 4, 100);
        assertThatThrownBy(() -> s.new Cursor(new int[] {2, 1})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.new Cursor(new int[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OpenLoopSchedule(0, 0, 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OpenLoopSchedule(0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
