package dev.switchboard.core;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The content of a chat message: its UTF-8 bytes as the sender's front end received them (never
 * decoded and re-encoded on the way through, so the line protocol relays byte for byte), and the
 * same text as a {@link String} when someone needs one.
 */
public final class Text {
    private final byte[] buf;
    private final int off;
    private final int len;
    /** Made on first use; a racing second thread makes an equal one (Strings publish safely). */
    private String string;

    private Text(byte[] buf, int off, int len, String string) {
        this.buf = buf;
        this.off = off;
        this.len = len;
        this.string = string;
    }

    /** A copy of {@code len} bytes of valid UTF-8 at {@code off}. */
    public static Text copyOf(byte[] buf, int off, int len) {
        return new Text(Arrays.copyOfRange(buf, off, off + len), 0, len, null);
    }

    /**
     * {@code len} bytes of valid UTF-8 at {@code off} of an array that is never modified again,
     * shared without a copy: a front end that built its wire line around the content (the line
     * protocol's {@code MSG|alice|...}) hands the core a view of it.
     */
    public static Text view(byte[] buf, int off, int len) {
        return new Text(buf, off, len, null);
    }

    public static Text of(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return new Text(b, 0, b.length, s);
    }

    /** The bytes, a copy. */
    public byte[] utf8() {
        return off == 0 && len == buf.length ? buf.clone() : Arrays.copyOfRange(buf, off, off + len);
    }

    /** Copies the bytes into {@code dst} at {@code at}; returns the position after them. */
    public int copyTo(byte[] dst, int at) {
        System.arraycopy(buf, off, dst, at, len);
        return at + len;
    }

    public int byteLength() {
        return len;
    }

    public String string() {
        String s = string;
        if (s == null) {
            s = new String(buf, off, len, StandardCharsets.UTF_8);
            string = s;
        }
        return s;
    }

    @Override
    public String toString() {
        return string();
    }
}
