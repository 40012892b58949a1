package dev.switchboard.line;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.switchboard.core.ChatCore;
import dev.switchboard.core.Client;
import dev.switchboard.core.Endpoint;
import dev.switchboard.core.GuestAuthenticator;
import dev.switchboard.core.LocalDirectory;
import dev.switchboard.core.User;
import dev.switchboard.net.Link;
import dev.switchboard.net.ServerStats;
import dev.switchboard.protocol.ClientMessage;
import dev.switchboard.protocol.LineDecoder;
import dev.switchboard.protocol.Usernames;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.slf4j.LoggerFactory;

/**
 * Fuzz target for {@link LineSession}: up to four sessions sharing one {@link ChatCore} are fed
 * lines (through a {@link LineDecoder}, as a connection's reader does), dropped, reconnected and
 * made to refuse output, in any order. Nothing may throw, and after every step:
 * <ul>
 *   <li>the registry holds at most its maximum;</li>
 *   <li>a session is in the registry exactly when it was sent {@code WELCOME} and its connection
 *       has not ended ({@link LineSession#disconnected} not yet called), under its own name;</li>
 *   <li>names online are unique ignoring case;</li>
 *   <li>every queued line ends with its only {@code \n}, has no NUL and is valid UTF-8;</li>
 *   <li>a session queues nothing for itself once it called {@link Link#finish}, and nothing
 *       reaches a link after its session was disconnected;</li>
 *   <li>nothing from other users ({@code MSG}, {@code ALL}) reaches a client before its
 *       {@code WELCOME};</li>
 *   <li>a private message or {@code ALL} from a user online reaches exactly the sessions online
 *       that still take lines, or the sender hears that the target is not online.</li>
 * </ul>
 *
 * <p>Input format (so that seeds in {@code LineSessionFuzzTestInputs/sessions/} can be written by
 * hand): byte 0 picks the most users ({@code 1 + b % 4}); the rest is records separated by
 * {@code \n}. A record's first byte says what happens: {@code a}-{@code d} drop the connection of
 * session 0-3 (FIN, RST, write error: the reader calls {@code disconnected}) and open a new one in
 * its place; {@code A}-{@code D} make session 0-3's send queue overflow (it refuses every line
 * from then on); any other byte {@code b} feeds the rest of the record plus {@code \n} to session
 * {@code b & 3} ({@code 0}-{@code 3} in ASCII), with each byte 0x1E turned into a line end (several
 * lines in one read). A session whose connection began to end (QUIT, rejected login, overflow) is
 * disconnected and replaced before its next record, as its reader would.
 */
class LineSessionFuzzTest {

    private static Level previousLevel;

    @BeforeAll
    static void quietSessionLog() {
        // One [JOIN]/[LEAVE] line per login would dominate a fuzzing run's time.
        ch.qos.logback.classic.Logger l = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("dev.switchboard");
        previousLevel = l.getLevel();
        l.setLevel(Level.WARN);
    }

    @AfterAll
    static void restoreLog() {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("dev.switchboard")).setLevel(previousLevel);
    }

    @FuzzTest(maxDuration = "10m")
    void sessions(byte[] data) {
        if (data.length < 1) {
            return;
        }
        new Harness(1 + (data[0] & 0xFF) % 4).run(Arrays.copyOfRange(data, 1, data.length));
    }

    /** One fuzz input's world: a registry, four connection slots, and everything ever created. */
    private static final class Harness {
        private static final int SLOTS = 4;
        /** In a fed record, 0x1E stands for a line end inside the same read. */
        private static final byte RS = 0x1E;
        private final int maxUsers;
        private final ChatCore core;
        private final Slot[] slots = new Slot[SLOTS];
        private final List<Slot> everyone = new ArrayList<>();
        private int nextPeer;

        Harness(int maxUsers) {
            this.maxUsers = maxUsers;
            this.core = new ChatCore(new LocalDirectory(maxUsers), new GuestAuthenticator(), "fuzz-presence");
            for (int i = 0; i < SLOTS; i++) {
                slots[i] = open();
            }
        }

        private Slot open() {
            Slot s = new Slot("10.0.0." + (++nextPeer) + ":4000", core);
            everyone.add(s);
            return s;
        }

        void run(byte[] records) {
            int start = 0;
            for (int i = 0; i <= records.length; i++) {
                if (i == records.length || records[i] == '\n') {
                    if (i > start || i < records.length) {
                        step(Arrays.copyOfRange(records, start, i));
                    }
                    start = i + 1;
                }
            }
            for (int i = 0; i < SLOTS; i++) {
                slots[i].disconnect("test over");
            }
            checkInvariants();
            assertThat(core.usersOnline()).as("users left after every connection ended").isZero();
        }

        private void step(byte[] record) {
            if (record.length == 0) {
                return;
            }
            int sel = record[0] & 0xFF;
            if (sel >= 'a' && sel <= 'd') {
                reconnect(sel - 'a', "connection reset (fuzz)");
            } else if (sel >= 'A' && sel <= 'D') {
                slots[sel - 'A'].link.refusing = true;
            } else {
                int i = sel & 3;
                if (slots[i].link.ending()) {
                    // The reader leaves its loop after the read in which its connection began to end.
                    reconnect(i, slots[i].link.refusing ? "send queue exceeded" : "session ended: " + slots[i].link.finished);
                }
                byte[] bytes = Arrays.copyOfRange(record, 1, record.length + 1);
                for (int k = 0; k < bytes.length - 1; k++) {
                    if (bytes[k] == RS) {
                        bytes[k] = '\n';
                    }
                }
                bytes[bytes.length - 1] = '\n';
                feed(slots[i], bytes);
            }
            checkInvariants();
        }

        private void reconnect(int i, String reason) {
            slots[i].disconnect(reason);
            slots[i] = open();
        }

        /** Feeds bytes to one session and checks what routing did with each whole line. */
        private void feed(Slot from, byte[] bytes) {
            from.decoder.feed(bytes, 0, bytes.length, new LineDecoder.Sink() {
                @Override
                public void line(byte[] buf, int off, int len) {
                    byte[] line = Arrays.copyOfRange(buf, off, off + len);
                    Expectation expect = expectationFor(from, line);
                    RecordingLink.current = from.link;
                    try {
                        from.session.line(buf, off, len);
                    } finally {
                        RecordingLink.current = null;
                    }
                    expect.check();
                }

                @Override
                public void error(dev.switchboard.protocol.DecodeError error) {
                    RecordingLink.current = from.link;
                    try {
                        from.session.error(error);
                    } finally {
                        RecordingLink.current = null;
                    }
                }
            });
        }

        /**
         * What a private message or broadcast from an online sender must do, decided before the
         * line is handled from the state of the other slots.
         */
        private Expectation expectationFor(Slot from, byte[] line) {
            if (!from.isOnline() || from.link.ending()) {
                return Expectation.NONE;
            }
            ClientMessage m = ClientMessage.parse(line, 0, line.length);
            String sender = from.session.name();
            if (m instanceof ClientMessage.Private p) {
                Slot to = onlineSlot(p.target());
                String delivery = "MSG|" + sender + "|" + p.content() + "\n";
                if (to == null || to.link.ending()) {
                    String error = "ERROR|User " + p.target() + " is not online\n";
                    int before = from.link.lines.size();
                    return () -> assertThat(from.link.linesSince(before))
                            .as("reply to a message for %s who cannot take it", p.target()).containsExactly(error);
                }
                int before = to.link.lines.size();
                return () -> assertThat(to.link.linesSince(before)).as("delivery to %s", p.target())
                        .last().isEqualTo(delivery);
            }
            if (m instanceof ClientMessage.Everyone e) {
                String delivery = "ALL|" + sender + "|" + e.content() + "\n";
                List<Runnable> checks = new ArrayList<>();
                for (Slot s : everyone) {
                    if (s != from && s.isOnline()) {
                        int before = s.link.lines.size();
                        boolean takes = !s.link.ending();
                        checks.add(() -> assertThat(s.link.linesSince(before))
                                .as("broadcast reaching %s", s.session.name())
                                .containsExactlyElementsOf(takes ? List.of(delivery) : List.of()));
                    }
                }
                int before = from.link.lines.size();
                return () -> {
                    checks.forEach(Runnable::run);
                    assertThat(from.link.linesSince(before)).as("the sender hears nothing of its broadcast").isEmpty();
                };
            }
            return Expectation.NONE;
        }

        private Slot onlineSlot(String name) {
            for (Slot s : everyone) {
                if (s.isOnline() && Usernames.key(s.session.name()).equals(Usernames.key(name))) {
                    return s;
                }
            }
            return null;
        }

        private void checkInvariants() {
            assertThat(core.usersOnline()).as("users online").isLessThanOrEqualTo(maxUsers);
            Set<Endpoint> registered = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
            Set<String> keys = new HashSet<>();
            for (User u : core.users().users()) {
                assertThat(keys.add(Usernames.key(u.name()))).as("name %s online twice ignoring case", u.name()).isTrue();
                assertThat(core.find(u.name())).as("directory entry for %s", u.name()).isSameAs(u);
                for (Client c : u.clients()) {
                    registered.add(c.endpoint());
                }
            }
            for (Slot s : everyone) {
                assertThat(registered.contains(s.session))
                        .as("%s (welcomed %s, disconnected %s) in the registry", s.link.peer(), s.link.welcomed, s.disconnected)
                        .isEqualTo(s.isOnline());
            }
        }
    }

    /** A check to run after a line was handled. */
    private interface Expectation {
        Expectation NONE = () -> { };

        void check();
    }

    /** One connection: a session, its decoder (as its reader owns one) and its recording link. */
    private static final class Slot {
        final RecordingLink link;
        final LineSession session;
        final LineDecoder decoder = new LineDecoder(256);
        boolean disconnected;

        Slot(String peer, ChatCore core) {
            this.link = new RecordingLink(peer);
            this.session = new LineSession(link, core, new ServerStats(), LoggerFactory.getLogger("dev.switchboard.fuzz"));
        }

        /** Welcomed and its connection not over: must be in the registry. */
        boolean isOnline() {
            return link.welcomed && !disconnected;
        }

        void disconnect(String reason) {
            if (!disconnected) {
                session.disconnected(reason);
                disconnected = true;
                link.disconnected = true;
            }
        }
    }

    /**
     * Records what a session queues and checks each line as it comes. {@link #current} is the link
     * whose reader is running, so a line a session queues for itself is told apart from a delivery
     * from another session.
     */
    private static final class RecordingLink implements Link {
        static RecordingLink current;

        final String peer;
        final List<String> lines = new ArrayList<>();
        boolean welcomed;
        boolean refusing;
        boolean disconnected;
        String finished;

        RecordingLink(String peer) {
            this.peer = peer;
        }

        List<String> linesSince(int index) {
            return lines.subList(index, lines.size());
        }

        @Override
        public boolean send(byte[] line) {
            checkLine(line);
            assertThat(disconnected).as("a line queued for %s after its connection ended: %s", peer, text(line)).isFalse();
            boolean own = current == this;
            if (own) {
                assertThat(ending()).as("%s queued a line for itself after its connection began to end (finish: %s): %s",
                        peer, finished, text(line)).isFalse();
            }
            String s = text(line);
            if (!own) {
                assertThat(welcomed).as("%s got a line from another user before WELCOME: %s", peer, s).isTrue();
            }
            if (refusing || finished != null) {
                return false;
            }
            if (s.startsWith("WELCOME|")) {
                assertThat(welcomed).as("second WELCOME for %s", peer).isFalse();
                welcomed = true;
            }
            lines.add(s);
            return true;
        }

        @Override
        public boolean offerUsers(byte[] usersLine) {
            checkLine(usersLine);
            return true;
        }

        @Override
        public void finish(String reason, byte[] lastLine) {
            assertThat(reason).as("finish reason").isNotBlank();
            if (lastLine != null) {
                checkLine(lastLine);
            }
            if (finished == null) {
                finished = reason;
                if (lastLine != null && !refusing) {
                    lines.add(text(lastLine));
                }
            }
        }

        /** Finished, or overflowed (the real connection then stops reading too). */
        @Override
        public boolean ending() {
            return finished != null || refusing;
        }

        @Override
        public String peer() {
            return peer;
        }

        private static String text(byte[] line) {
            return new String(line, StandardCharsets.UTF_8);
        }

        private static void checkLine(byte[] line) {
            assertThat(line.length).as("queued line length").isGreaterThanOrEqualTo(1);
            assertThat(line[line.length - 1]).as("queued line ends with \\n: %s", text(line)).isEqualTo((byte) '\n');
            for (int i = 0; i < line.length - 1; i++) {
                assertThat(line[i]).as("NUL or inner \\n in a queued line: %s", text(line)).isNotIn((byte) 0, (byte) '\n');
            }
            try {
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(line));
            } catch (CharacterCodingException e) {
                throw new AssertionError("queued line is not valid UTF-8: " + Arrays.toString(line), e);
            }
        }
    }
}
