package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rooms on the line protocol (capability {@code rooms}), black-box against a real server. */
class RoomsTest {

    @RegisterExtension
    final ServerExtension ext = new ServerExtension();

    /** Presence lines (the lobby's user list and its changes) come from another thread: skipped here. */
    private static boolean isPresence(String l) {
        return (l.startsWith("USERS|") || l.startsWith("JOIN|") || l.startsWith("LEAVE|")) && l.charAt(l.indexOf('|') + 1) != '#';
    }

    /** The next line that is not presence. */
    private static String next(LineClient c) {
        return c.await(l -> !isPresence(l), "a line that is not presence");
    }

    /** Lines up to a PING barrier, presence left out. */
    private static List<String> sync(LineClient c) throws IOException {
        return c.sync().stream().filter(l -> !isPresence(l)).toList();
    }

    /** A client that asked for rooms, logged in, with its first user list consumed. */
    private LineClient roomClient(String name) throws IOException {
        LineClient c = ext.client().send("CAP|REQ|rooms");
        assertThat(next(c)).isEqualTo("CAP|ACK|rooms");
        c.login(name);
        c.sync();
        return c;
    }

    @Test
    void capabilityIsListedAndSeedClientsSeeNothingNew() throws IOException {
        LineClient seed = ext.login("seed");
        seed.send("CAP|LS");
        seed.awaitLine("CAP|LS|presence,heartbeat,rooms");
        seed.send("JOIN|#dev", "#dev|hello", "LEAVE|#dev", "USERS|#dev", "TOPIC|#dev|x", "KICK|#dev|a|b");
        for (int i = 0; i < 6; i++) {
            assertThat(seed.await(l -> l.startsWith("ERROR|"), "an error")).isEqualTo("ERROR|Rooms need CAP|REQ|rooms");
        }
        LineClient alice = roomClient("alice");
        alice.send("JOIN|#dev", "#dev|hi all");
        alice.awaitLine("USERS|#dev|@alice");
        // The lobby is everyone's: #lobby|text is ALL|text, with or without the capability.
        seed.send("#lobby|hi lobby");
        alice.awaitLine("ALL|seed|hi lobby");
        alice.send("#lobby|back");
        seed.awaitLine("ALL|alice|back");
        assertThat(sync(seed)).noneMatch(l -> l.contains("#dev"));
    }

    @Test
    void joinCreatesTheRoomWithItsCreatorAsOperator() throws IOException {
        LineClient alice = roomClient("alice");
        LineClient bob = roomClient("bob");
        alice.send("JOIN|#dev");
        assertThat(next(alice)).isEqualTo("USERS|#dev|@alice");
        bob.send("JOIN|#DEV"); // the room's name ignores case, and keeps its creator's spelling
        assertThat(next(bob)).isEqualTo("USERS|#dev|@alice,bob");
        assertThat(next(alice)).isEqualTo("JOIN|#dev|bob");
        assertThat(sync(bob)).as("the joiner gets no JOIN of its own").isEmpty();
        // Joining again shows the room again, and tells nobody.
        bob.send("JOIN|#dev");
        assertThat(next(bob)).isEqualTo("USERS|#dev|@alice,bob");
        assertThat(sync(alice)).isEmpty();
        bob.send("USERS|#dev");
        assertThat(next(bob)).isEqualTo("USERS|#dev|@alice,bob");
    }

    @Test
    void roomMessagesReachTheOtherMembersOnly() throws IOException {
        LineClient alice = roomClient("alice");
        LineClient bob = roomClient("bob");
        LineClient carol = roomClient("carol");
        alice.send("JOIN|#dev");
        next(alice);
        bob.send("JOIN|#dev");
        next(bob);
        next(alice);
        alice.send("#dev|hi | all");
        assertThat(next(bob)).isEqualTo("MSG|#dev|alice|hi | all");
        bob.send("MSG|#dev|hello");
        assertThat(next(alice)).isEqualTo("MSG|#dev|bob|hello");
        assertThat(sync(alice)).as("no echo to the sender").isEmpty();
        assertThat(sync(carol)).as("a non-member hears nothing").isEmpty();
        carol.send("#dev|let me in");
        assertThat(next(carol)).isEqualTo("ERROR|You are not in #dev");
        carol.send("#nowhere|anyone?");
        assertThat(next(carol)).isEqualTo("ERROR|No such room #nowhere");
        assertThat(sync(bob)).isEmpty();
    }

    @Test
    void badRoomNamesAreRefused() throws IOException {
        LineClient alice = roomClient("alice");
        for (String bad : List.of("JOIN|#", "JOIN|dev", "JOIN|#two words", "JOIN|#a,b", "JOIN|#" + "x".repeat(50),
                "JOIN|#tab\there")) {
            alice.send(bad);
            assertThat(next(alice)).as(bad).isEqualTo("ERROR|Invalid room name");
        }
        alice.send("JOIN|#" + "x".repeat(49));
        assertThat(next(alice)).isEqualTo("USERS|#" + "x".repeat(49) + "|@alice");
        alice.send("JOIN");
        assertThat(next(alice)).isEqualTo("ERROR|Invalid JOIN, expected JOIN|#room");
    }

    @Test
    void usernamesMayNotStartWithAHash() throws IOException {
        LineClient c = ext.client().send("#bob");
        assertThat(c.awaitClosed()).containsExactly("ERROR|Invalid username");
    }

    @Test
    void topicIsSetByTheOperatorAndShownToJoiners() throws IOException {
        LineClient alice = roomClient("alice");
        LineClient bob = roomClient("bob");
        alice.send("JOIN|#dev");
        next(alice);
        bob.send("JOIN|#dev");
        next(bob);
        next(alice);
        bob.send("TOPIC|#dev|mine now");
        assertThat(next(bob)).isEqualTo("ERROR|Not an operator of #dev");
        alice.send("TOPIC|#dev|Release 1.0 | Friday");
        assertThat(next(alice)).isEqualTo("TOPIC|#dev|alice|Release 1.0 | Friday");
        assertThat(next(bob)).isEqualTo("TOPIC|#dev|alice|Release 1.0 | Friday");
        LineClient carol = roomClient("carol");
        carol.send("TOPIC|#dev");
        assertThat(next(carol)).isEqualTo("TOPIC|#dev|alice|Release 1.0 | Friday");
        carol.send("JOIN|#dev");
        assertThat(next(carol)).isEqualTo("USERS|#dev|@alice,bob,carol");
        assertThat(next(carol)).isEqualTo("TOPIC|#dev|alice|Release 1.0 | Friday");
    }

    @Test
    void kickRemovesAMemberAndSaysWhoDidIt() throws IOException {
        LineClient alice = roomClient("alice");
        LineClient bob = roomClient("bob");
        LineClient carol = roomClient("carol");
        for (LineClient c : List.of(alice, bob, carol)) {
            c.send("JOIN|#dev");
            c.sync();
        }
        sync(alice);
        sync(bob);
        bob.send("KICK|#dev|carol|no reason");
        assertThat(next(bob)).isEqualTo("ERROR|Not an operator of #dev");
        alice.send("KICK|#dev|nobody|x");
        assertThat(next(alice)).isEqualTo("ERROR|User nobody is not in #dev");
        alice.send("KICK|#dev|BOB|spamming");
        for (LineClient c : List.of(alice, bob, carol)) {
            assertThat(next(c)).isEqualTo("LEAVE|#dev|bob|Kicked by alice: spamming");
        }
        bob.send("#dev|still here?");
        assertThat(next(bob)).isEqualTo("ERROR|You are not in #dev");
        alice.send("KICK|#dev|carol");
        assertThat(next(carol)).isEqualTo("LEAVE|#dev|carol|Kicked by alice");
        // A member cannot pass its own leaving off as a kick.
        bob.send("JOIN|#dev");
        next(bob);
        bob.send("LEAVE|#dev|Kicked by alice: for no reason");
        assertThat(alice.await(l -> l.startsWith("LEAVE|#dev|bob|"), "bob's leave"))
                .isEqualTo("LEAVE|#dev|bob|Left: Kicked by alice: for no reason");
    }

    @Test
    void leavingHandsTheRoomOnAndTheLastOneOutEndsIt() throws IOException {
        LineClient alice = roomClient("alice");
        LineClient bob = roomClient("bob");
        LineClient carol = roomClient("carol");
        for (LineClient c : List.of(alice, bob, carol)) {
            c.send("JOIN|#dev");
            c.sync();
        }
        sync(alice);
        sync(bob);
        alice.send("LEAVE|#dev|lunch");
        for (LineClient c : List.of(alice, bob, carol)) {
            assertThat(next(c)).isEqualTo("LEAVE|#dev|alice|lunch");
        }
        bob.send("USERS|#dev");
        assertThat(next(bob)).as("the member present longest became operator").isEqualTo("USERS|#dev|@bob,carol");
        alice.send("LEAVE|#dev");
        assertThat(next(alice)).isEqualTo("ERROR|You are not in #dev");
        alice.send("LEAVE|#lobby");
        assertThat(next(alice)).isEqualTo("ERROR|Nobody leaves #lobby");
        alice.send("JOIN|#lobby");
        assertThat(next(alice)).matches("USERS\\|#lobby\\|.*").contains("alice", "bob", "carol");
        bob.send("LEAVE|#dev");
        assertThat(next(bob)).isEqualTo("LEAVE|#dev|bob");
        assertThat(next(carol)).isEqualTo("LEAVE|#dev|bob");
        carol.send("LEAVE|#dev");
        assertThat(next(carol)).isEqualTo("LEAVE|#dev|carol");
        carol.send("USERS|#dev");
        assertThat(next(carol)).isEqualTo("ERROR|No such room #dev");
        bob.send("JOIN|#Dev");
        assertThat(next(bob)).as("a new room, spelled by its new creator").isEqualTo("USERS|#Dev|@bob");
    }

    @Test
    void aMemberWhoGoesOfflineLeavesEveryRoom() throws IOException {
        LineClient alice = roomClient("alice");
        LineClient bob = roomClient("bob");
        for (String room : List.of("#a", "#b")) {
            alice.send("JOIN|" + room);
            next(alice);
            bob.send("JOIN|" + room);
            next(bob);
            next(alice);
        }
        bob.send("QUIT|bye");
        bob.awaitClosed();
        List<String> leaves = new ArrayList<>();
        while (leaves.size() < 2) {
            leaves.add(next(alice)); // the rooms are left in no particular order
        }
        assertThat(leaves).containsExactlyInAnyOrder("LEAVE|#a|bob|quit: bye", "LEAVE|#b|bob|quit: bye");
        alice.send("USERS|#a", "USERS|#b");
        alice.awaitLine("USERS|#a|@alice");
        alice.awaitLine("USERS|#b|@alice");
    }

    /**
     * 20 members send 50 messages each to one room at once. The room delivers under its lock, so
     * any two members see the messages neither of them sent in the same order.
     */
    @Test
    void everyMemberSeesTheRoomInOneOrder() throws Exception {
        final int members = 20;
        final int each = 50;
        List<LineClient> cs = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            LineClient c = roomClient("m" + i);
            c.send("JOIN|#busy");
            c.await(l -> l.startsWith("USERS|#busy|"), "the room's list");
            cs.add(c);
        }
        for (LineClient c : cs) {
            c.sync();
        }
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(members);
        try {
            List<Future<?>> sends = new ArrayList<>();
            for (int i = 0; i < members; i++) {
                LineClient c = cs.get(i);
                int me = i;
                sends.add(pool.submit(() -> {
                    String[] lines = new String[each];
                    for (int k = 0; k < each; k++) {
                        lines[k] = "#busy|" + me + ":" + k;
                    }
                    go.await();
                    c.send(lines);
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : sends) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        Map<Integer, List<String>> seen = new HashMap<>();
        for (int i = 0; i < members; i++) {
            List<String> got = new ArrayList<>();
            while (got.size() < (members - 1) * each) {
                String l = next(cs.get(i));
                assertThat(l).startsWith("MSG|#busy|");
                got.add(l.substring(l.lastIndexOf('|') + 1));
            }
            seen.put(i, got);
        }
        for (int a = 0; a < members; a++) {
            for (int b = a + 1; b < members; b++) {
                String mineA = a + ":";
                String mineB = b + ":";
                List<String> fromA = seen.get(a).stream().filter(m -> !m.startsWith(mineB)).toList();
                List<String> fromB = seen.get(b).stream().filter(m -> !m.startsWith(mineA)).toList();
                assertThat(fromA).as("order seen by m%d and m%d", a, b).isEqualTo(fromB);
            }
        }
    }
}
