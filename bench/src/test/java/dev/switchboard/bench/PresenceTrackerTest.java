package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PresenceTrackerTest {

    private final Names names = new Names("u", 3);

    private PresenceTracker tracker() {
        return new PresenceTracker(names.prefix(), names.nameLength(), 3);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aFullUsersLineCompletesWhereverTheReadsSplitIt() {
        byte[] in = b("CAP|ACK|x\nUSERS|u00000,u00001\nMSG|a|b\nUSERS|u00002,zed,u00001,u00000\n");
        for (int cut = 0; cut <= in.length; cut++) {
            PresenceTracker t = tracker();
            t.feed(in, 0, cut);
            t.feed(in, cut, in.length);
            assertThat(t.complete()).as("cut at %d", cut).isTrue();
            assertThat(t.count()).isEqualTo(3);
            assertThat(t.presenceBytes).isEqualTo(b("USERS|u00000,u00001\nUSERS|u00002,zed,u00001,u00000\n").length);
        }
    }

    @Test
    void usersReplacesJoinAddsLeaveRemoves() {
        PresenceTracker t = tracker();
        byte[] in = b("USERS|u00000\nJOIN|u00001\nJOIN|u00002\n");
        t.feed(in, 0, in.length);
        assertThat(t.complete()).isTrue();
        in = b("LEAVE|u00001\n");
        t.feed(in, 0, in.length);
        assertThat(t.count()).isEqualTo(2);
        in = b("USERS|u00001\n");
        t.feed(in, 0, in.length);
        assertThat(t.count()).isEqualTo(1);
    }

    @Test
    void foreignAndOutOfRangeNamesDoNotCount() {
        PresenceTracker t = tracker();
        byte[] in = b("USERS|u00000,u00001,u00003,u0000x,bob,u000022\n");
        t.feed(in, 0, in.length);
        assertThat(t.count()).isEqualTo(2);
        assertThat(t.complete()).isFalse();
    }

    @Test
    void countingAFullUsersLineCompletesWhereverTheReadsSplitIt() {
        byte[] in = b("CAP|ACK|x\nUSERS|\nUSERS|u00000,u00001\nMSG|a|b\nUSERS|u00002,u00001,u00000\n");
        for (int cut = 0; cut <= in.length; cut++) {
            for (int cut2 = cut; cut2 <= in.length; cut2 += 3) {
                PresenceTracker t = new PresenceTracker(names.prefix(), names.nameLength(), 3, true);
                t.feed(in, 0, cut);
                t.feed(in, cut, cut2);
                t.feed(in, cut2, in.length);
                assertThat(t.complete()).as("cuts at %d, %d", cut, cut2).isTrue();
                assertThat(t.counting()).isTrue();
                assertThat(t.presenceBytes).isEqualTo(b("USERS|\nUSERS|u00000,u00001\nUSERS|u00002,u00001,u00000\n").length);
            }
        }
    }

    @Test
    void countingOnlyHoldsAfterTheLastLine() {
        PresenceTracker t = new PresenceTracker(names.prefix(), names.nameLength(), 3, true);
        byte[] in = b("USERS|u00000,u00001,u00002\nUSERS|u00000,u00001\n");
        t.feed(in, 0, in.length);
        assertThat(t.complete()).isFalse();
        assertThat(t.count()).isEqualTo(2);
    }

    @Test
    void anIrregularLineTurnsCountingOffAndIsDecoded() {
        byte[] in = b("USERS|u00002,zed,u00001\nUSERS|u00002,x0001,u00001,u00000\nUSERS|u00000,u00001,bob,u00002\n");
        for (int cut = 0; cut <= in.length; cut++) {
            PresenceTracker t = new PresenceTracker(names.prefix(), names.nameLength(), 3, true);
            t.feed(in, 0, cut);
            t.feed(in, cut, in.length);
            assertThat(t.counting()).as("cut at %d", cut).isFalse();
            assertThat(t.count()).isEqualTo(3);
            assertThat(t.complete()).isTrue();
        }
    }
}
