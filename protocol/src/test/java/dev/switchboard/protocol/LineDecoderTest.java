package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineDecoderTest {

    /** Records what the decoder hands out: lines as strings, errors as "!NAME". */
    static final class Recorder implements LineDecoder.Sink {
        final List<String> events = new ArrayList<>();

        @Override
        public void line(byte[] buf, int off, int len) {
            events.add(new String(buf, off, len, StandardCharsets.UTF_8));
        }

        @Override
        public void error(DecodeError error) {
            events.add("!" + error.name());
        }
    }

    private static List<String> decodeInChunks(LineDecoder d, byte[] input, int... cuts) {
        Recorder r = new Recorder();
        int prev = 0;
        for (int cut : cuts) {
            d.feed(input, prev, cut - prev, r);
            prev = cut;
        }
        d.feed(input, prev, input.length - prev, r);
        return r.events;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void splitAtEveryByteOffsetGivesTheSameLines() {
        byte[] input = utf8("alice\r\nbob|héllo wörld 🎉\nCAP|LS\n\n|x\n");
        List<String> expected = List.of("alice", "bob|héllo wörld 🎉", "CAP|LS", "|x");
        assertThat(decodeInChunks(new LineDecoder(1024), input)).isEqualTo(expected);
        for (int cut = 0; cut <= input.length; cut++) {
            assertThat(decodeInChunks(new LineDecoder(1024), input, cut)).as("cut at %d", cut).isEqualTo(expected);
            for (int cut2 = cut; cut2 <= input.length; cut2++) {
                assertThat(decodeInChunks(new LineDecoder(1024), input, cut, cut2))
                        .as("cuts at %d and %d", cut, cut2).isEqualTo(expected);
            }
        }
    }

    @Test
    void oneByteAtATime() {
        byte[] input = utf8("日本語|テキスト\nzwei\n");
        int[] cuts = new int[input.length - 1];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = i + 1;
        }
        assertThat(decodeInChunks(new LineDecoder(100), input, cuts)).containsExactly("日本語|テキスト", "zwei");
    }

    @Test
    void mergedLinesInOneFeed() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            sb.append("bob|message ").append(i).append('\n');
        }
        List<String> out = decodeInChunks(new LineDecoder(100), utf8(sb.toString()));
        assertThat(out).hasSize(1000);
        assertThat(out.get(999)).isEqualTo("bob|message 999");
    }

    @Test
    void crlfDropsOnlyOneCarriageReturn() {
        assertThat(decodeInChunks(new LineDecoder(100), utf8("a\r\nb\r\r\nc\rd\n")))
                .containsExactly("a", "!CONTROL_CHARACTER", "!CONTROL_CHARACTER");
    }

    /**
     * Lines that could forge another user's line or drive a terminal are refused whole: a CR
     * inside the line, ESC (CSI, OSC), BEL, DEL, the C1 CSI U+009B, the line separator U+2028,
     * the bidi override U+202E and the isolate U+2066; a TAB is text.
     */
    @Test
    void controlCharactersAreRefusedWhole() {
        for (String bad : List.of("bob|hi\rMSG|admin|re-enter your password", "ALL|\u001B[2J", "ALL|\u001B]0;owned\u0007",
                "ALL|ding\u0007", "ALL|del\u007F", "ALL|\u009B31m", "ALL|a\u2028b", "ALL|\u202Egnp.exe", "ALL|\u2066x\u2069",
                "QUIT|bye\r[12:00:00] [JOIN] forged")) {
            assertThat(decodeInChunks(new LineDecoder(100), utf8(bad + "\nok\n"))).as(bad)
                    .containsExactly("!CONTROL_CHARACTER", "ok");
        }
        assertThat(decodeInChunks(new LineDecoder(100), utf8("a|tab\there\n"))).containsExactly("a|tab\there");
        assertThat(decodeInChunks(new LineDecoder(100), utf8("a|\u200Fעברית and \u200Bzero width\n")))
                .as("marks and zero-width characters are text").hasSize(1);
    }

    @Test
    void ircFormattingIsAllowedOnlyWhereAsked() {
        String bold = "PRIVMSG #c :\u0002bold\u0002 \u000304red\u0003 \u0001ACTION waves\u0001";
        assertThat(decodeInChunks(new LineDecoder(100, ControlPolicy.IRC_FORMATTING), utf8(bold + "\n"))).containsExactly(bold);
        assertThat(decodeInChunks(new LineDecoder(100), utf8(bold + "\n"))).containsExactly("!CONTROL_CHARACTER");
        assertThat(decodeInChunks(new LineDecoder(100, ControlPolicy.IRC_FORMATTING), utf8("PRIVMSG #c :\u001B[2J\n")))
                .containsExactly("!CONTROL_CHARACTER");
    }

    @Test
    void emptyLinesAreSkipped() {
        assertThat(decodeInChunks(new LineDecoder(100), utf8("\n\r\n\n\nx\n\r\n"))).containsExactly("x");
    }

    @Test
    void unterminatedLastLineStaysPending() {
        LineDecoder d = new LineDecoder(100);
        assertThat(decodeInChunks(d, utf8("done\nhalf a na"))).containsExactly("done");
        assertThat(d.pendingBytes()).isEqualTo(9);
    }

    @Test
    void oversizeLineIsReportedOnceAndTheNextLineWorks() {
        byte[] big = new byte[10_000];
        Arrays.fill(big, (byte) 'x');
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        in.writeBytes(utf8("before\n"));
        in.writeBytes(big);
        in.writeBytes(utf8("\nafter\n"));
        byte[] input = in.toByteArray();
        List<String> expected = List.of("before", "!LINE_TOO_LONG", "after");
        assertThat(decodeInChunks(new LineDecoder(1000), input)).isEqualTo(expected);
        for (int step : new int[] {1, 7, 999, 1000, 1001, 4096}) {
            List<Integer> cuts = new ArrayList<>();
            for (int c = step; c < input.length; c += step) {
                cuts.add(c);
            }
            assertThat(decodeInChunks(new LineDecoder(1000), input, cuts.stream().mapToInt(Integer::intValue).toArray()))
                    .as("step %d", step).isEqualTo(expected);
        }
    }

    @Test
    void lineOfExactlyTheLimitPassesAndOneMoreByteFails() {
        String exact = "y".repeat(50);
        assertThat(decodeInChunks(new LineDecoder(50), utf8(exact + "\n" + exact + "\r\n" + exact + "z\nok\n"), 3, 60))
                .containsExactly(exact, exact, "!LINE_TOO_LONG", "ok");
    }

    @Test
    void multiByteCharacterCutMidCharacterAcrossFeeds() {
        byte[] input = utf8("bob|€𝄞\n");
        // '€' is 3 bytes at offsets 4..6, '𝄞' is 4 bytes at 7..10: cut inside each of them.
        for (int cut = 5; cut <= 10; cut++) {
            assertThat(decodeInChunks(new LineDecoder(100), input, cut)).containsExactly("bob|€𝄞");
        }
    }

    @Test
    void invalidUtf8IsRejectedWholeAndDecodingGoesOn() {
        byte[][] bad = {
            {(byte) 0xFF},                               // never valid
            {(byte) 0xC3},                               // truncated 2-byte sequence
            {(byte) 0xC0, (byte) 0xAF},                  // overlong '/'
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80},     // UTF-16 surrogate
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
            {(byte) 0x80},                               // lone continuation byte
        };
        for (byte[] b : bad) {
            ByteArrayOutputStream in = new ByteArrayOutputStream();
            in.writeBytes(utf8("bob|a"));
            in.writeBytes(b);
            in.writeBytes(utf8("z\nnext\n"));
            assertThat(decodeInChunks(new LineDecoder(100), in.toByteArray()))
                    .as("bytes %s", Arrays.toString(b)).containsExactly("!INVALID_UTF8", "next");
        }
    }

    @Test
    void nulByteIsRejected() {
        assertThat(decodeInChunks(new LineDecoder(100), utf8("bob|a\0b\nok\n"))).containsExactly("!NUL_BYTE", "ok");
    }

    @Test
    void hugeLineWithoutNewlineNeverGrowsPastTheLimit() {
        LineDecoder d = new LineDecoder(1024);
        Recorder r = new Recorder();
        byte[] chunk = new byte[8192];
        Arrays.fill(chunk, (byte) 'q');
        for (int i = 0; i < 128; i++) { // 1 MiB
            d.feed(chunk, 0, chunk.length, r);
            assertThat(d.pendingBytes()).isLessThanOrEqualTo(1025);
        }
        d.feed(utf8("\nhi\n"), 0, 4, r);
        assertThat(r.events).containsExactly("!LINE_TOO_LONG", "hi");
    }
}
