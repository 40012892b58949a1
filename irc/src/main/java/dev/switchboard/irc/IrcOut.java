package dev.switchboard.irc;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Server lines as bytes ready for the wire: UTF-8, ending in CR LF, never longer than 512 bytes
 * with it. Pure functions.
 */
final class IrcOut {
    private IrcOut() {}

    static final byte[] CRLF = {'\r', '\n'};

    /**
     * A middle parameter echoed from a client (a target that does not exist...) is cut to this
     * many bytes, so the reply always has room for its own words within 512 bytes.
     */
    static final int MAX_ECHOED_PARAM_BYTES = 200;

    /**
     * {@code :source COMMAND params... :last} with CR LF. Middle parameters are cut to
     * {@link #MAX_ECHOED_PARAM_BYTES}; the last one has CR, LF and NUL turned into spaces and is cut
     * to fit 512 bytes.
     */
    static byte[] line(String source, String command, String... params) {
        return line(source, command, Arrays.asList(params));
    }

    static byte[] line(String source, String command, List<String> params) {
        return line(source, command, params, true);
    }

    /** Like {@link #line(String, String, String...)}, the last parameter with a {@code :} only if it needs one ({@code JOIN #room}, {@code MODE #room +o nick}). */
    static byte[] bare(String source, String command, String... params) {
        return line(source, command, Arrays.asList(params), false);
    }

    private static byte[] line(String source, String command, List<String> params, boolean colonOnLast) {
        String[] ps = params.toArray(String[]::new);
        for (int i = 0; i < ps.length - 1; i++) {
            ps[i] = clip(ps[i], MAX_ECHOED_PARAM_BYTES);
        }
        if (ps.length > 0) {
            ps[ps.length - 1] = sanitise(ps[ps.length - 1]); // human text, maybe from the line protocol
        }
        IrcMessage m = new IrcMessage(Map.of(), source, command, List.of(ps));
        byte[] b = m.serialize(colonOnLast).getBytes(StandardCharsets.UTF_8);
        if (b.length > IrcLimits.MAX_LINE_BYTES && ps.length > 0) {
            String last = ps[ps.length - 1];
            int over = b.length - IrcLimits.MAX_LINE_BYTES;
            ps[ps.length - 1] = clip(last, Math.max(0, utf8Length(last) - over));
            b = new IrcMessage(Map.of(), source, command, List.of(ps)).serialize(colonOnLast).getBytes(StandardCharsets.UTF_8);
        }
        byte[] out = Arrays.copyOf(b, b.length + 2);
        out[b.length] = '\r';
        out[b.length + 1] = '\n';
        return out;
    }

    /**
     * Chat text after {@code prefix} (which ends in {@code " :"}), as one line or, when it does not
     * fit, several: each cut at a UTF-8 character boundary, at a space when there is one in the
     * second half of the line (the space itself is dropped). A CR in the text (the line protocol
     * allows one inside a message) becomes a space: IRC cannot carry it. An empty text is one
     * line with an empty trailing parameter.
     */
    static byte[] text(byte[] prefix, byte[] utf8) {
        int room = Math.max(16, IrcLimits.MAX_LINE_BYTES - prefix.length);
        if (utf8.length <= room) {
            byte[] out = new byte[prefix.length + utf8.length + 2];
            System.arraycopy(prefix, 0, out, 0, prefix.length);
            copySanitised(utf8, 0, out, prefix.length, utf8.length);
            out[out.length - 2] = '\r';
            out[out.length - 1] = '\n';
            return out;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(utf8.length + (utf8.length / room + 1) * (prefix.length + 2));
        int pos = 0;
        while (pos < utf8.length) {
            int end = Math.min(utf8.length, pos + room);
            if (end < utf8.length) {
                while (end > pos && (utf8[end] & 0xC0) == 0x80) {
                    end--; // never cut inside a character
                }
                int space = lastSpace(utf8, pos + room / 2, end);
                if (space >= 0) {
                    end = space;
                }
            }
            byte[] chunk = new byte[end - pos];
            copySanitised(utf8, pos, chunk, 0, chunk.length);
            out.writeBytes(prefix);
            out.writeBytes(chunk);
            out.writeBytes(CRLF);
            pos = end < utf8.length && utf8[end] == ' ' ? end + 1 : end;
        }
        return out.toByteArray();
    }

    private static int lastSpace(byte[] b, int from, int to) {
        for (int i = to; i > from; i--) {
            if (i < b.length && b[i] == ' ') {
                return i;
            }
        }
        return -1;
    }

    private static void copySanitised(byte[] src, int off, byte[] dst, int at, int len) {
        for (int i = 0; i < len; i++) {
            byte c = src[off + i];
            dst[at + i] = c == '\r' || c == '\n' || c == 0 ? (byte) ' ' : c;
        }
    }

    /** {@code s} cut to at most {@code maxBytes} of UTF-8, at a character boundary. */
    static String clip(String s, int maxBytes) {
        if (s.length() * 3 <= maxBytes || utf8Length(s) <= maxBytes) {
            return s;
        }
        int bytes = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + n > maxBytes) {
                break;
            }
            bytes += n;
            i += Character.charCount(cp);
        }
        return s.substring(0, i);
    }

    /** {@code s} with CR, LF and NUL replaced by spaces: text from elsewhere that goes into an IRC parameter. */
    static String sanitise(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                return s.replace('\r', ' ').replace('\n', ' ').replace('\0', ' ');
            }
        }
        return s;
    }

    static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The arrays one after the other. */
    static byte[] concat(List<byte[]> parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
