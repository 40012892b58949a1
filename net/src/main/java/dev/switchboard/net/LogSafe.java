package dev.switchboard.net;

/**
 * Makes text that came from a client safe to put in a log line: nothing it contains can end the
 * line, start a forged one ({@code QUIT|bye\r[12:00:00] [JOIN] ...}), drive the operator's
 * terminal (ESC, CSI, OSC, BEL) or hide itself (bidi overrides, zero-width characters), and a
 * 60 KB reason costs the log {@value #MAX_CHARS} characters, not 60 KB.
 */
public final class LogSafe {
    private LogSafe() {}

    /** Longest piece of client text in a log line: enough to recognise it, too little to flood the log. */
    public static final int MAX_CHARS = 120;

    /** {@code 'text'}: {@link #clean} in quotes. */
    public static String quote(String s) {
        return "'" + clean(s) + "'";
    }

    /**
     * {@code s} with every control, separator other than the space, and invisible formatting
     * character written as an escape ({@code \x0d}, {@code \u202e}), backslashes doubled, and cut
     * after {@value #MAX_CHARS} characters with a note of how many were left out.
     */
    public static String clean(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(s.length(), MAX_CHARS) + 8);
        int shown = 0;
        int i = 0;
        while (i < s.length() && shown < MAX_CHARS) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            shown++;
            if (cp == '\\') {
                out.append("\\\\");
            } else if (cp < 0x20 || cp == 0x7F) {
                out.append(String.format("\\x%02x", cp));
            } else if (needsEscape(cp)) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        }
        if (i < s.length()) {
            int left = s.codePointCount(i, s.length());
            out.append("...(").append(left).append(" more)");
        }
        return out.toString();
    }

    private static boolean needsEscape(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE
                || type == Character.UNASSIGNED || type == Character.PRIVATE_USE
                || (Character.isSpaceChar(cp) && cp != ' ');
    }
}
