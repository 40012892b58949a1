package dev.switchboard.line;

import dev.switchboard.protocol.ServerMessage;
import java.nio.charset.StandardCharsets;

/** Server lines as bytes ready for the wire (UTF-8, ending in {@code \n}). */
public final class Lines {
    private Lines() {}

    public static byte[] of(ServerMessage m) {
        return of(m.encode());
    }

    public static byte[] of(String line) {
        return (line + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** {@code prefix} followed by {@code content} and {@code \n}, in one array. */
    public static byte[] concat(byte[] prefix, String content) {
        byte[] c = content.getBytes(StandardCharsets.UTF_8);
        return concat(prefix, c, 0, c.length);
    }

    /** {@code prefix} followed by {@code len} content bytes at {@code off} and {@code \n}, in one array. */
    public static byte[] concat(byte[] prefix, byte[] content, int off, int len) {
        byte[] out = new byte[prefix.length + len + 1];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(content, off, out, prefix.length, len);
        out[out.length - 1] = '\n';
        return out;
    }
}
