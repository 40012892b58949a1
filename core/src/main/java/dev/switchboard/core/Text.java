package dev.switchboard.core;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The content of a chat message: its UTF-8 bytes as the sender's front end received them (never
 * decoded and re-encoded on the way through, so the line protocol relays byte for byte), and the
 * same text as a {@link String} when someone needs one.
 */
public final class Text {
    private final byte[] utf8;
    /** Made on first use; a racing second thread makes an equal one (Strings publish safely). */
    private String string;

    private Text(byte[] utf8, String string) {
        this.utf8 = utf8;
        this.string = string;
    }

    /** A copy of {@code len} bytes of valid UTF-8 at {@code off}. */
    public static Text copyOf(byte[] buf, int off, int len) {
        return new Text(Arrays.copyOfRange(buf, off, off + len), null);
    }

    public static Text of(String s) {
        return new Text(s.getBytes(StandardCharsets.UTF_8), s);
    }

    /** The bytes themselves, shared: never modify them. */
    public byte[] utf8() {
        return utf8;
    }

    public int byteLength() {
        return utf8.length;
    }

    public String string() {
        String s = string;
        if (s == null) {
            s = new String(utf8, StandardCharsets.UTF_8);
            string = s;
        }
        return s;
    }

    @Override
    public String toString() {
        return string();
    }
}
