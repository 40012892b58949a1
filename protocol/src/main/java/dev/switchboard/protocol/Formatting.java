package dev.switchboard.protocol;

/**
 * IRC's inline formatting, turned into plain text for wires that carry none (the line protocol,
 * whose lines never hold a control character). Messages from IRC users may contain mIRC
 * formatting codes (bold U+0002, colour U+0003 with up to two two-digit numbers, hex colour
 * U+0004 with six hex digits, reset U+000F, monospace U+0011, reverse U+0016, italics U+001D,
 * strike-through U+001E, underline U+001F) and CTCP, a message wrapped in U+0001: {@code /me}
 * is {@code \u0001ACTION waves\u0001}.
 */
public final class Formatting {
    private Formatting() {}

    /** Whether {@code s} holds any C0 control character but TAB (the only ones formatting adds). */
    public static boolean hasControls(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\t') {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code s} as plain text: a CTCP ACTION as {@code /me text}, formatting codes removed with
     * their colour numbers, any other control character dropped. Null for any other CTCP request
     * (VERSION, PING, TIME...): a query meant for IRC software, which a person on the line
     * protocol could not answer.
     */
    public static String toPlain(String s) {
        if (!hasControls(s)) {
            return s;
        }
        String text = s;
        if (text.length() >= 2 && text.charAt(0) == 0x01) {
            int end = text.charAt(text.length() - 1) == 0x01 ? text.length() - 1 : text.length();
            String ctcp = text.substring(1, end);
            if (ctcp.startsWith("ACTION ")) {
                text = "/me " + ctcp.substring(7);
            } else if (ctcp.equals("ACTION")) {
                text = "/me";
            } else {
                return null;
            }
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0x03) {
                i = skipDigits(text, i + 1, 2) - 1;
                if (i + 2 < text.length() && text.charAt(i + 1) == ',' && isDigit(text.charAt(i + 2))) {
                    i = skipDigits(text, i + 2, 2) - 1;
                }
            } else if (c == 0x04) {
                i = skipHex(text, i + 1, 6) - 1;
                if (i + 2 < text.length() && text.charAt(i + 1) == ',' && isHex(text.charAt(i + 2))) {
                    i = skipHex(text, i + 2, 6) - 1;
                }
            } else if (c >= 0x20 || c == '\t') {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static int skipDigits(String s, int from, int max) {
        int i = from;
        while (i < s.length() && i - from < max && isDigit(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int skipHex(String s, int from, int max) {
        int i = from;
        while (i < s.length() && i - from < max && isHex(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHex(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
