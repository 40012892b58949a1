package dev.switchboard.irc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One IRC message: IRCv3 tags, the source (prefix), the command and its parameters, the last of
 * which may have been a trailing parameter. Parsing and serialising are pure: no I/O, no state;
 * bad input is a value ({@link ParsedLine.Bad}), never an exception.
 *
 * <pre>
 * message = [ "@" tags SPACE ] [ ":" source SPACE ] command *( SPACE param ) [ SPACE ":" trailing ]
 * </pre>
 *
 * <p>Parsing follows Modern IRC: parts are separated by one or more spaces; a parameter starting
 * with {@code :} is the trailing one and takes the rest of the line, spaces and all (it may be
 * empty); spaces at the end of a line are ignored; the command is letters (folded to upper case)
 * or three digits. Tag values are unescaped ({@code \:} {@code \s} {@code \\} {@code \r}
 * {@code \n}; a backslash before any other character is dropped, as is a lone one at the end);
 * the last of two equal keys wins; a tag whose key is not a valid key is left out.
 *
 * <p>Limits ({@link IrcLimits}): the tags section, its {@code @} and the space after it included,
 * at most {@value IrcLimits#MAX_CLIENT_TAG_BYTES} bytes; the rest at most
 * {@value IrcLimits#MAX_LINE_BYTES} bytes. The line end is not part of what is parsed.
 *
 * @param tags tags in the order they came, values unescaped ("" for a tag without value); never null
 * @param source the source without its {@code :}, or null
 * @param command upper-case letters or three digits
 * @param params the parameters, the trailing one last, without its {@code :}
 */
public record IrcMessage(Map<String, String> tags, String source, String command, List<String> params)
        implements ParsedLine {

    public IrcMessage {
        Objects.requireNonNull(command, "command");
        tags = tags == null || tags.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        params = List.copyOf(params);
    }

    /** A message without tags or source. */
    public static IrcMessage of(String command, String... params) {
        return new IrcMessage(Map.of(), null, command, List.of(params));
    }

    /** The parameter at {@code i}, or null when there are fewer. */
    public String param(int i) {
        return i < params.size() ? params.get(i) : null;
    }

    /** Parses one line (no line end). */
    public static ParsedLine parse(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return parse(b, 0, b.length);
    }

    /**
     * Parses {@code len} bytes of UTF-8 at {@code off}: one line without its line end, as a
     * connection's line decoder hands it over.
     */
    public static ParsedLine parse(byte[] buf, int off, int len) {
        int end = off + len;
        int pos = off;
        Map<String, String> tags = Map.of();
        if (pos < end && buf[pos] == '@') {
            int space = indexOf(buf, pos, end, (byte) ' ');
            int tagEnd = space < 0 ? end : space;
            // The '@' and the one space after the tags count; spaces beyond it are separators.
            if (tagEnd - pos + 1 > IrcLimits.MAX_CLIENT_TAG_BYTES) {
                return new ParsedLine.Bad(ParsedLine.Problem.TAGS_TOO_LONG, "");
            }
            tags = parseTags(new String(buf, pos + 1, tagEnd - pos - 1, StandardCharsets.UTF_8));
            pos = tagEnd;
        }
        pos = skipSpaces(buf, pos, end);
        int restEnd = end;
        while (restEnd > pos && buf[restEnd - 1] == ' ') {
            restEnd--;
        }
        if (restEnd - pos > IrcLimits.MAX_LINE_BYTES) {
            return new ParsedLine.Bad(ParsedLine.Problem.TOO_LONG, "");
        }
        String rest = new String(buf, pos, restEnd - pos, StandardCharsets.UTF_8);
        return parseRest(tags, rest);
    }

    private static ParsedLine parseRest(Map<String, String> tags, String s) {
        int pos = 0;
        int n = s.length();
        String source = null;
        if (pos < n && s.charAt(pos) == ':') {
            int space = s.indexOf(' ', pos);
            if (space < 0) {
                return new ParsedLine.Bad(ParsedLine.Problem.NO_COMMAND, "");
            }
            source = space > pos + 1 ? s.substring(pos + 1, space) : null;
            pos = skipSpaces(s, space);
        }
        if (pos >= n) {
            return new ParsedLine.Bad(ParsedLine.Problem.NO_COMMAND, "");
        }
        int cmdEnd = s.indexOf(' ', pos);
        if (cmdEnd < 0) {
            cmdEnd = n;
        }
        String command = s.substring(pos, cmdEnd);
        String upper = normalCommand(command);
        if (upper == null) {
            return new ParsedLine.Bad(ParsedLine.Problem.BAD_COMMAND, command);
        }
        List<String> params = new ArrayList<>();
        pos = skipSpaces(s, cmdEnd);
        while (pos < n) {
            if (s.charAt(pos) == ':') {
                params.add(s.substring(pos + 1));
                break;
            }
            int space = s.indexOf(' ', pos);
            if (space < 0) {
                params.add(s.substring(pos));
                break;
            }
            params.add(s.substring(pos, space));
            pos = skipSpaces(s, space);
        }
        return new IrcMessage(tags, source, upper, params);
    }

    /** The command in upper case, or null if it is neither ASCII letters nor three digits. */
    static String normalCommand(String c) {
        if (c.isEmpty()) {
            return null;
        }
        if (c.length() == 3 && isDigit(c.charAt(0)) && isDigit(c.charAt(1)) && isDigit(c.charAt(2))) {
            return c;
        }
        char[] out = new char[c.length()];
        for (int i = 0; i < c.length(); i++) {
            char ch = c.charAt(i);
            if (ch >= 'a' && ch <= 'z') {
                out[i] = (char) (ch - 32);
            } else if (ch >= 'A' && ch <= 'Z') {
                out[i] = ch;
            } else {
                return null;
            }
        }
        return new String(out);
    }

    private static Map<String, String> parseTags(String s) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String tag : s.split(";", -1)) {
            if (tag.isEmpty()) {
                continue;
            }
            int eq = tag.indexOf('=');
            String key = eq < 0 ? tag : tag.substring(0, eq);
            if (!isValidTagKey(key)) {
                continue;
            }
            tags.remove(key); // the last of equal keys wins, in its own place
            tags.put(key, eq < 0 ? "" : unescape(tag.substring(eq + 1)));
        }
        return tags;
    }

    /** {@code [+][vendor/]name}: name of letters, digits and hyphens; vendor a host name. */
    static boolean isValidTagKey(String key) {
        int start = key.startsWith("+") ? 1 : 0;
        int slash = key.lastIndexOf('/');
        String name = slash < 0 ? key.substring(start) : key.substring(slash + 1);
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(isAsciiLetter(c) || isDigit(c) || c == '-')) {
                return false;
            }
        }
        if (slash >= 0) {
            String vendor = key.substring(start, slash);
            if (vendor.isEmpty()) {
                return false;
            }
            for (int i = 0; i < vendor.length(); i++) {
                char c = vendor.charAt(i);
                if (!(isAsciiLetter(c) || isDigit(c) || c == '-' || c == '.')) {
                    return false;
                }
            }
        }
        return true;
    }

    static String unescape(String v) {
        if (v.indexOf('\\') < 0) {
            return v;
        }
        StringBuilder sb = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (++i == v.length()) {
                break; // a lone backslash at the end is dropped
            }
            char e = v.charAt(i);
            switch (e) {
                case ':' -> sb.append(';');
                case 's' -> sb.append(' ');
                case 'r' -> sb.append('\r');
                case 'n' -> sb.append('\n');
                default -> sb.append(e); // "\\" and any other escaped character stand for themselves
            }
        }
        return sb.toString();
    }

    static String escape(String v) {
        StringBuilder sb = new StringBuilder(v.length() + 8);
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case ';' -> sb.append("\\:");
                case ' ' -> sb.append("\\s");
                case '\\' -> sb.append("\\\\");
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * The message as one line without its line end. Throws {@link IllegalArgumentException} for a
     * message no parser would read back as itself: a middle parameter that is empty, has a space
     * or starts with {@code :}; a parameter, source or command with CR, LF or NUL; a bad command
     * or tag key. Server code builds messages from validated names, so that is a bug.
     */
    public String serialize() {
        return serialize(false);
    }

    /**
     * Like {@link #serialize()}, with the last parameter written as a trailing one ({@code :text})
     * even where it need not be, as servers write human text and numerics by convention.
     */
    String serialize(boolean colonOnLast) {
        StringBuilder sb = new StringBuilder(64);
        if (!tags.isEmpty()) {
            sb.append('@');
            boolean first = true;
            for (Map.Entry<String, String> t : tags.entrySet()) {
                if (!isValidTagKey(t.getKey())) {
                    throw new IllegalArgumentException("bad tag key: " + t.getKey());
                }
                if (!first) {
                    sb.append(';');
                }
                first = false;
                sb.append(t.getKey());
                if (!t.getValue().isEmpty()) {
                    sb.append('=').append(escape(t.getValue()));
                }
            }
            sb.append(' ');
        }
        if (source != null) {
            if (source.isEmpty() || source.indexOf(' ') >= 0 || hasLineBreakOrNul(source)) {
                throw new IllegalArgumentException("bad source: " + source);
            }
            sb.append(':').append(source).append(' ');
        }
        if (!command.equals(normalCommand(command))) {
            throw new IllegalArgumentException("bad command: " + command);
        }
        sb.append(command);
        for (int i = 0; i < params.size(); i++) {
            String p = params.get(i);
            if (hasLineBreakOrNul(p)) {
                throw new IllegalArgumentException("line break or NUL in a parameter");
            }
            sb.append(' ');
            boolean last = i == params.size() - 1;
            if (needsColon(p) || (last && colonOnLast)) {
                if (!last) {
                    throw new IllegalArgumentException("bad middle parameter: '" + p + "'");
                }
                sb.append(':');
            }
            sb.append(p);
        }
        return sb.toString();
    }

    /** The message as bytes with CR LF, as the server sends it. */
    public byte[] toBytes() {
        return (serialize() + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Whether {@code p} can only be the trailing parameter. */
    static boolean needsColon(String p) {
        return p.isEmpty() || p.charAt(0) == ':' || p.indexOf(' ') >= 0;
    }

    private static boolean hasLineBreakOrNul(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return serialize();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static int skipSpaces(byte[] b, int pos, int end) {
        while (pos < end && b[pos] == ' ') {
            pos++;
        }
        return pos;
    }

    private static int skipSpaces(String s, int pos) {
        while (pos < s.length() && s.charAt(pos) == ' ') {
            pos++;
        }
        return pos;
    }

    private static int indexOf(byte[] b, int from, int to, byte x) {
        for (int i = from; i < to; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }
}
