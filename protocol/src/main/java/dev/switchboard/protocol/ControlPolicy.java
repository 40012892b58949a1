package dev.switchboard.protocol;

/**
 * Which control characters a line may carry. Control characters in chat text are how one user
 * forges another's lines on a third user's screen ({@code bob|hi\rMSG|admin|...}), drives their
 * terminal (ESC, CSI, OSC, BEL, U+009B) or reverses what they read (U+202E), so lines that carry
 * any are refused whole, like lines with a NUL.
 */
public enum ControlPolicy {
    /**
     * The line protocol: no C0 control but TAB, no DEL, no C1 control, no line or paragraph
     * separator (U+2028, U+2029), no bidi embedding, override or isolate (U+202A-U+202E,
     * U+2066-U+2069).
     */
    STRICT,
    /**
     * IRC: as {@link #STRICT}, but the formatting codes IRC clients send in ordinary text are
     * allowed: CTCP's U+0001 ({@code /me}), bold, colour, hex colour, reset, monospace, reverse,
     * italics, strike-through, underline.
     */
    IRC_FORMATTING;

    /** Whether the C0 control {@code c} (1-31) may appear in a line. */
    boolean allowsC0(int c) {
        if (c == '\t') {
            return true;
        }
        return this == IRC_FORMATTING && (c == 0x01 || c == 0x02 || c == 0x03 || c == 0x04 || c == 0x0F
                || c == 0x11 || c == 0x16 || c == 0x1D || c == 0x1E || c == 0x1F);
    }

    /** Whether the code point {@code cp} (U+0080 and up) is a control no line may carry. */
    static boolean forbidsAbove7F(int cp) {
        return cp <= 0x9F || cp == 0x2028 || cp == 0x2029 || (cp >= 0x202A && cp <= 0x202E)
                || (cp >= 0x2066 && cp <= 0x2069);
    }
}
