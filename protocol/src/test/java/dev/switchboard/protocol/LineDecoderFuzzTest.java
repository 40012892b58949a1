package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzz target for {@link LineDecoder}: whatever bytes arrive, cut wherever the network cuts them,
 * the decoder hands out the same events as for the bytes in one piece, every line it hands out is
 * one a handler may trust, and it never throws.
 *
 * <p>Input format (so that seeds in {@code LineDecoderFuzzTestInputs/decoder/} can be written by
 * hand): byte 0 picks the line limit ({@code 1 + b % 80} bytes: small limits reach the over-long
 * paths with short inputs); byte 1 is the number of extra cuts ({@code b % 16}); then one byte per
 * cut, the gap since the previous cut; the rest is the byte stream. Cuts past the end are ignored.
 *
 * <p>In the normal test run Jazzer only replays the committed inputs (regression mode); with
 * {@code JAZZER_FUZZ=1} it fuzzes: see {@code docs/TESTING.md}.
 */
class LineDecoderFuzzTest {

    /** A sentinel line fed after the fuzz input: proves the decoder recovered from whatever came before. */
    private static final byte[] SENTINEL = "\nS\n".getBytes(StandardCharsets.US_ASCII);

    @FuzzTest(maxDuration = "10m")
    void decoder(byte[] data) {
        if (data.length < 2) {
            return;
        }
        int limit = 1 + (data[0] & 0xFF) % 80;
        int cutCount = (data[1] & 0xFF) % 16;
        int headerLen = Math.min(data.length, 2 + cutCount);
        byte[] input = Arrays.copyOfRange(data, headerLen, data.length);
        List<Integer> cuts = new ArrayList<>();
        int at = 0;
        for (int i = 2; i < headerLen; i++) {
            at += data[i] & 0xFF;
            if (at <= input.length) {
                cuts.add(at);
            }
        }

        LineDecoder whole = new LineDecoder(limit);
        Recorder wholeEvents = new Recorder(limit);
        whole.feed(input, 0, input.length, wholeEvents);

        LineDecoder pieces = new LineDecoder(limit);
        Recorder pieceEvents = new Recorder(limit);
        int prev = 0;
        for (int cut : cuts) {
            feedCopy(pieces, input, prev, cut, pieceEvents);
            prev = cut;
        }
        feedCopy(pieces, input, prev, input.length, pieceEvents);

        assertThat(pieceEvents.events).as("events with cuts at %s, limit %d", cuts, limit)
                .isEqualTo(wholeEvents.events);
        assertThat(pieces.pendingBytes()).as("pending bytes with cuts").isEqualTo(whole.pendingBytes());
        assertThat(wholeEvents.events).as("events against the reference model, limit %d", limit)
                .isEqualTo(reference(input, limit));
        assertThat(whole.pendingBytes()).as("pending bytes against the reference model")
                .isEqualTo(referencePending(input, limit));

        // Whatever the input did, a fresh line after a line end decodes normally.
        int before = pieceEvents.events.size();
        pieces.feed(SENTINEL, 0, SENTINEL.length, pieceEvents);
        assertThat(pieceEvents.events.subList(before, pieceEvents.events.size()))
                .as("events after the sentinel").last().isEqualTo("S");
        assertThat(pieces.pendingBytes()).isZero();
    }

    /**
     * Feeds {@code input[from, to)} from a buffer of its own at a random offset, then scribbles over
     * that buffer: a decoder that kept a reference to the caller's bytes instead of copying an
     * unfinished line would then hand out garbage, and the comparison with the one-piece run fails.
     */
    private static void feedCopy(LineDecoder d, byte[] input, int from, int to, Recorder sink) {
        int len = to - from;
        byte[] buf = new byte[len + 3];
        System.arraycopy(input, from, buf, 3, len);
        d.feed(buf, 3, len, sink);
        Arrays.fill(buf, (byte) '#');
    }

    /**
     * The framing rules of {@code docs/PROTOCOL.md}, written as plainly as possible: split on
     * {@code \n}, drop one {@code \r} at the end, skip empty lines, reject lines over the limit,
     * then lines with NUL, a forbidden control character or invalid UTF-8. Returns the same event strings as {@link Recorder}.
     */
    static List<String> reference(byte[] input, int limit) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < input.length; i++) {
            if (input[i] != '\n') {
                continue;
            }
            byte[] line = Arrays.copyOfRange(input, start, i);
            start = i + 1;
            int len = line.length;
            if (len > 0 && line[len - 1] == '\r') {
                len--;
            }
            if (len == 0) {
                continue;
            }
            if (len > limit) {
                out.add("!" + DecodeError.LINE_TOO_LONG);
                continue;
            }
            byte[] text = Arrays.copyOf(line, len);
            String problem = problem(text);
            out.add(problem != null ? problem : new String(text, StandardCharsets.UTF_8));
        }
        // An unfinished last line is reported as soon as it can no longer fit, even without its '\n'.
        if (input.length - start > limit + 1) {
            out.add("!" + DecodeError.LINE_TOO_LONG);
        }
        return out;
    }

    private static int referencePending(byte[] input, int limit) {
        int start = 0;
        for (int i = 0; i < input.length; i++) {
            if (input[i] == '\n') {
                start = i + 1;
            }
        }
        int tail = input.length - start;
        return tail > limit + 1 ? 0 : tail;
    }

    /**
     * Null for a good line, else the error event: the first of a NUL, a control character the
     * line protocol forbids (ControlPolicy.STRICT, spelled out again here) or invalid UTF-8, in
     * the order they appear, as the decoder scans. Invalid UTF-8 is found by the JDK's decoder.
     */
    private static String problem(byte[] text) {
        java.nio.charset.CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(text);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(text.length);
        boolean malformed = d.decode(in, out, true).isError();
        out.flip();
        String valid = out.toString();
        for (int i = 0; i < valid.length(); ) {
            int cp = valid.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == 0) {
                return "!" + DecodeError.NUL_BYTE;
            }
            if (forbiddenControl(cp)) {
                return "!" + DecodeError.CONTROL_CHARACTER;
            }
        }
        return malformed ? "!" + DecodeError.INVALID_UTF8 : null;
    }

    /** docs/PROTOCOL.md's list: C0 but TAB, DEL, C1, U+2028/9, bidi embeddings, overrides, isolates. */
    static boolean forbiddenControl(int cp) {
        return (cp < 0x20 && cp != '\t' && cp != 0) || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029
                || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
    }

    /** Strict UTF-8 by the JDK's own decoder (no overlongs, no surrogates), not by our {@code Utf8}. */
    static boolean strictUtf8(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** Records events as strings ("!NAME" for errors) and checks each line as it is handed out. */
    private static final class Recorder implements LineDecoder.Sink {
        final List<String> events = new ArrayList<>();
        private final int limit;

        Recorder(int limit) {
            this.limit = limit;
        }

        @Override
        public void line(byte[] buf, int off, int len) {
            byte[] line = Arrays.copyOfRange(buf, off, off + len);
            assertThat(len).as("line length").isBetween(1, limit);
            for (byte b : line) {
                assertThat(b).as("NUL or LF in a decoded line").isNotIn((byte) 0, (byte) '\n');
            }
            assertThat(strictUtf8(line)).as("decoded line is valid UTF-8: %s", Arrays.toString(line)).isTrue();
            String text = new String(line, StandardCharsets.UTF_8);
            assertThat(text.codePoints().filter(LineDecoderFuzzTest::forbiddenControl).count())
                    .as("forbidden control characters in a decoded line: %s", Arrays.toString(line)).isZero();
            events.add(text);
        }

        @Override
        public void error(DecodeError error) {
            events.add("!" + error);
        }
    }
}
