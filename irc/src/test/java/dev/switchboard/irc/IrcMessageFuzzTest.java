package dev.switchboard.irc;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.switchboard.protocol.DecodeError;
import dev.switchboard.protocol.LineDecoder;
import dev.switchboard.protocol.Usernames;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzz targets for the IRC codec. {@link #lines}: whatever bytes arrive, cut wherever the network
 * cuts them, the connection's line decoder and {@link IrcMessage#parse} hand out the same results
 * as for the bytes in one piece, never throw, and every message they give is one the server can
 * write back: serialising it does not throw (unless a parameter carries a CR, which the session
 * turns into a space before it relays anything), parses back to the same message, and without
 * its tags takes at most as many bytes as it came in. {@link #aliases}: any nick either decodes to no user or to a
 * valid username whose alias is that nick in some letter case.
 *
 * <p>Input format of {@code lines} (seeds in {@code IrcMessageFuzzTestInputs/lines/}): byte 0 is
 * the number of extra cuts ({@code b % 16}); then one byte per cut, the gap since the previous
 * cut; the rest is the byte stream. In the normal test run Jazzer replays the committed inputs;
 * {@code JAZZER_FUZZ=1} fuzzes ({@code docs/TESTING.md}).
 */
class IrcMessageFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void lines(byte[] data) {
        if (data.length < 1) {
            return;
        }
        int cutCount = (data[0] & 0xFF) % 16;
        int headerLen = Math.min(data.length, 1 + cutCount);
        byte[] input = Arrays.copyOfRange(data, headerLen, data.length);
        List<Integer> cuts = new ArrayList<>();
        int at = 0;
        for (int i = 1; i < headerLen; i++) {
            at += data[i] & 0xFF;
            if (at <= input.length) {
                cuts.add(at);
            }
        }
        Recorder whole = new Recorder();
        new LineDecoder(IrcLimits.MAX_DECODED_LINE_BYTES).feed(input, 0, input.length, whole);
        Recorder pieces = new Recorder();
        LineDecoder d = new LineDecoder(IrcLimits.MAX_DECODED_LINE_BYTES);
        int prev = 0;
        for (int cut : cuts) {
            byte[] piece = Arrays.copyOfRange(input, prev, cut);
            d.feed(piece, 0, piece.length, pieces);
            Arrays.fill(piece, (byte) '#');
            prev = cut;
        }
        byte[] last = Arrays.copyOfRange(input, prev, input.length);
        d.feed(last, 0, last.length, pieces);
        assertThat(pieces.events).as("results with cuts at %s", cuts).isEqualTo(whole.events);
    }

    @FuzzTest(maxDuration = "5m")
    void aliases(byte[] data) {
        String nick = new String(data, StandardCharsets.UTF_8);
        String name = Nicks.usernameOf(nick);
        if (name == null) {
            return;
        }
        if (nick.indexOf('|') >= 0) {
            assertThat(Usernames.isValid(name)).as("'%s' decodes to a valid username", nick).isTrue();
            assertThat(Nicks.nickOf(name)).as("the alias of '%s'", name).isEqualToIgnoringCase(nick);
        } else {
            assertThat(name).isEqualTo(nick);
        }
    }

    private static final class Recorder implements LineDecoder.Sink {
        final List<String> events = new ArrayList<>();

        @Override
        public void line(byte[] buf, int off, int len) {
            ParsedLine p = IrcMessage.parse(buf, off, len);
            switch (p) {
                case ParsedLine.Bad bad -> events.add("!" + bad.problem() + " " + bad.command());
                case IrcMessage m -> {
                    check(m, len);
                    events.add(m.tags() + " " + m.source() + " " + m.command() + " " + m.params());
                }
            }
        }

        @Override
        public void error(DecodeError error) {
            events.add("!" + error);
        }

        private static void check(IrcMessage m, int inputLength) {
            assertThat(m.command()).matches("[A-Z]+|[0-9]{3}");
            for (int i = 0; i < m.params().size() - 1; i++) {
                String p = m.params().get(i);
                assertThat(p).as("middle parameter").isNotEmpty().doesNotContain(" ").doesNotStartWith(":");
            }
            boolean crInside = m.params().stream().anyMatch(p -> p.indexOf('\r') >= 0)
                    || (m.source() != null && m.source().indexOf('\r') >= 0);
            if (crInside) {
                return;
            }
            String line = m.serialize();
            assertThat(IrcMessage.parse(line)).as("'%s' parsed back", line).isEqualTo(m);
            // Without its tags (which the server never relays, and whose raw CRs grow when
            // escaped), a message takes no more bytes than it came in, so it always fits a line.
            IrcMessage untagged = new IrcMessage(null, m.source(), m.command(), m.params());
            int untaggedLength = untagged.serialize().getBytes(StandardCharsets.UTF_8).length;
            assertThat(untaggedLength).as("serialised length without tags").isLessThanOrEqualTo(inputLength);
            assertThat(untaggedLength).as("without tags, what came in fits a line").isLessThanOrEqualTo(IrcLimits.MAX_LINE_BYTES);
        }
    }
}
