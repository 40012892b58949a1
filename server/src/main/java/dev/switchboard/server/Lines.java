package dev.switchboard.server;

import dev.switchboard.protocol.ServerMessage;
import java.nio.charset.StandardCharsets;

/** Server lines as bytes ready for the wire (UTF-8, ending in {@code \n}). */
final class Lines {
    private Lines() {}

    static byte[] of(ServerMessage m) {
        return of(m.encode());
    }

    static byte[] of(String line) {
        return (line + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** {@code prefix} followed by {@code content} and {@code \n}, in one array. */
    static byte[] concat(byte[] prefix, String content) {
        byte[] c = content.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[prefix.length + c.length + 1];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(c, 0, out, prefix.length, c.length);
        out[out.length - 1] = '\n';
        return out;
    }
}
