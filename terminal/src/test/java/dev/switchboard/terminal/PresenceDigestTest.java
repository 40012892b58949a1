package dev.switchboard.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Which presence changes are shown one by one and which are summed up, on a clock the test moves. */
class PresenceDigestTest {

    private final PresenceDigest digest = new PresenceDigest();
    private final List<String> printed = new ArrayList<>();
    private long now = 1_000_000_000L;

    private void change(String name, boolean join) {
        String line = digest.change(name, join, now);
        if (line != null) {
            printed.add(line);
        }
    }

    private void after(long millis, int online) {
        now += TimeUnit.MILLISECONDS.toNanos(millis);
        String line = digest.due(now, online);
        if (line != null) {
            printed.add(line);
        }
    }

    @Test
    void aFewChangesAreShownOneByOne() {
        change("bob", true);
        change("carol", true);
        change("bob", false);
        after(5_000, 2);
        assertThat(printed).containsExactly("bob joined", "carol joined", "bob left");
    }

    @Test
    void aBurstIsShownUpToFiveThenSummedUpOnceItIsOver() {
        for (int i = 0; i < 833; i++) {
            change("u" + i, true);
            now += 1_000_000; // a millisecond apart
        }
        for (int i = 0; i < 12; i++) {
            change("u" + i, false);
        }
        assertThat(printed).containsExactly("u0 joined", "u1 joined", "u2 joined", "u3 joined", "u4 joined");
        after(900, 822);
        assertThat(printed).hasSize(5); // not over yet
        after(200, 822);
        assertThat(printed).hasSize(6).last().isEqualTo("828 more joined, 12 left; 822 online (/users lists them)");
        after(5_000, 822);
        assertThat(printed).hasSize(6);

        // The next burst starts afresh.
        change("late", true);
        assertThat(printed).last().isEqualTo("late joined");
    }

    @Test
    void changesSpreadOverSecondsAreAllShown() {
        for (int i = 0; i < 20; i++) {
            change("u" + i, true);
            after(300, i + 1);
        }
        assertThat(printed).hasSize(20).allMatch(l -> l.endsWith(" joined"));
    }

    @Test
    void aLongRampIsSummedUpEveryTenSeconds() {
        for (int i = 0; i < 10; i++) {
            change("fast" + i, true);
        }
        for (int i = 0; i < 50; i++) { // 25 s, a login every half second: never quiet for a second
            change("slow" + i, true);
            after(500, 60);
        }
        after(1_000, 60);
        assertThat(printed).hasSize(5 + 3);
        assertThat(printed.subList(5, 8)).allMatch(l -> l.matches("\\d+ more joined; 60 online \\(/users lists them\\)"));
        int summedUp = printed.subList(5, 8).stream().mapToInt(l -> Integer.parseInt(l.split(" ")[0])).sum();
        assertThat(summedUp).isEqualTo(60 - 5);
    }

    @Test
    void fewHeldChangesAreNamed() {
        for (int i = 0; i < 5; i++) {
            change("u" + i, true);
        }
        change("carol", true);
        change("dave", false);
        after(1_000, 6);
        assertThat(printed).last().isEqualTo("carol joined; dave left");
    }

    @Test
    void summaryModeHoldsEveryChange() {
        digest.mode(PresenceDigest.Mode.SUMMARY);
        change("bob", true);
        assertThat(printed).isEmpty();
        after(1_000, 2);
        assertThat(printed).containsExactly("bob joined");
        for (int i = 0; i < 40; i++) {
            change("u" + i, true);
        }
        change("bob", false);
        after(1_000, 41);
        assertThat(printed).last().isEqualTo("40 joined, 1 left; 41 online (/users lists them)");
    }

    @Test
    void offShowsNothingAndDropsWhatWasHeld() {
        for (int i = 0; i < 10; i++) {
            change("u" + i, true);
        }
        digest.mode(PresenceDigest.Mode.OFF);
        change("bob", true);
        after(2_000, 12);
        assertThat(printed).hasSize(5);
        digest.mode(PresenceDigest.Mode.ON);
        change("carol", true);
        assertThat(printed).last().isEqualTo("carol joined");
    }
}
