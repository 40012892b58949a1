package dev.switchboard.protocol;

import java.util.Arrays;

/**
 * Incremental line decoder over a byte stream: feed it whatever a read returned, it hands whole
 * lines (without their line end) to a {@link Sink}, or the reason a line was dropped.
 *
 * <p>Rules (see {@code docs/PROTOCOL.md}, "Framing"):
 * <ul>
 *   <li>A line ends at {@code \n}; one {@code \r} right before it is dropped.</li>
 *   <li>Lines may be split across feeds at any byte, UTF-8 characters included, and many lines may
 *       arrive in one feed.</li>
 *   <li>Empty lines are skipped silently.</li>
 *   <li>A line longer than the limit is reported once as {@link DecodeError#LINE_TOO_LONG} as soon
 *       as the limit is passed, then discarded up to its {@code \n}; decoding resumes after it. It
 *       is never delivered in pieces.</li>
 *   <li>A line with a NUL byte, invalid UTF-8 or a control character its {@link ControlPolicy}
 *       forbids is reported and dropped whole.</li>
 *   <li>Bytes after the last {@code \n} stay pending; {@link #pendingBytes()} tells how many, and
 *       a caller at end of stream simply drops them.</li>
 * </ul>
 *
 * <p>Whole lines inside one feed are passed as slices of the caller's buffer (no copy); only a
 * line that spans feeds is copied into the decoder's own buffer. Not thread-safe: one decoder
 * belongs to one reader.
 */
public final class LineDecoder {

    /** Receives decoded lines and decode errors. Slices are valid only during the call. */
    public interface Sink {
        /** A whole line of valid UTF-8 without its line end, never empty. */
        void line(byte[] buf, int off, int len);

        /** A line was dropped for {@code error}. */
        void error(DecodeError error);
    }

    private static final int INITIAL_PARTIAL = 256;
    private static final byte[] EMPTY = new byte[0];

    private final int maxLineBytes;
    private final ControlPolicy controls;
    private byte[] partial = EMPTY;
    private int partialLen;
    /** True while skipping the rest of an over-long line up to its '\n'. */
    private boolean discarding;

    /** A decoder for the line protocol: lines of at most {@code maxLineBytes} bytes, line end excluded, {@link ControlPolicy#STRICT}. */
    public LineDecoder(int maxLineBytes) {
        this(maxLineBytes, ControlPolicy.STRICT);
    }

    /** A decoder that accepts lines of at most {@code maxLineBytes} bytes and the control characters {@code controls} allows. */
    public LineDecoder(int maxLineBytes, ControlPolicy controls) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be positive: " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
        this.controls = controls;
    }

    /** The configured line limit in bytes. */
    public int maxLineBytes() {
        return maxLineBytes;
    }

    /** Bytes of an unfinished line held since the last line end (0 while discarding). */
    public int pendingBytes() {
        return partialLen;
    }

    /** Feeds {@code len} bytes at {@code off}; calls {@code sink} for every line they complete. */
    public void feed(byte[] buf, int off, int len, Sink sink) {
        int end = off + len;
        int pos = off;
        while (pos < end) {
            int nl = indexOf(buf, pos, end, (byte) '\n');
            if (discarding) {
                if (nl < 0) {
                    return;
                }
                discarding = false;
                pos = nl + 1;
                continue;
            }
            if (nl < 0) {
                keepPartial(buf, pos, end - pos, sink);
                return;
            }
            if (partialLen == 0) {
                emit(buf, pos, nl - pos, sink);
            } else {
                int add = nl - pos;
                if (partialLen + add > maxLineBytes + 1) {
                    // Over the limit by more than a '\r' that would be dropped.
                    partialLen = 0;
                    sink.error(DecodeError.LINE_TOO_LONG);
                } else {
                    append(buf, pos, add);
                    int lineLen = partialLen;
                    partialLen = 0;
                    emit(partial, 0, lineLen, sink);
                }
                shrinkIfLarge();
            }
            pos = nl + 1;
        }
    }

    private void keepPartial(byte[] buf, int off, int len, Sink sink) {
        if (partialLen + len > maxLineBytes + 1) {
            partialLen = 0;
            shrinkIfLarge();
            discarding = true;
            sink.error(DecodeError.LINE_TOO_LONG);
            return;
        }
        append(buf, off, len);
    }

    private void emit(byte[] buf, int off, int len, Sink sink) {
        if (len > 0 && buf[off + len - 1] == '\r') {
            len--;
        }
        if (len == 0) {
            return;
        }
        if (len > maxLineBytes) {
            sink.error(DecodeError.LINE_TOO_LONG);
            return;
        }
        DecodeError bad = Utf8.check(buf, off, len, controls);
        if (bad != null) {
            sink.error(bad);
            return;
        }
        sink.line(buf, off, len);
    }

    private void append(byte[] buf, int off, int len) {
        int need = partialLen + len;
        if (need > partial.length) {
            int cap = Math.max(INITIAL_PARTIAL, partial.length * 2);
            while (cap < need) {
                cap *= 2;
            }
            partial = Arrays.copyOf(partial, Math.min(cap, maxLineBytes + 1));
        }
        System.arraycopy(buf, off, partial, partialLen, len);
        partialLen = need;
    }

    /** An idle connection should not keep a 64 KiB buffer because it once received a long line. */
    private void shrinkIfLarge() {
        if (partial.length > 4 * 1024) {
            partial = EMPTY;
        }
    }

    private static int indexOf(byte[] buf, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
