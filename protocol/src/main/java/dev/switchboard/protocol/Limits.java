package dev.switchboard.protocol;

/**
 * Protocol limits shared by servers and clients. Each value states its reason; servers expose the
 * adjustable ones as command-line options.
 */
public final class Limits {
    private Limits() {}

    /** Default server port, as in the seed. */
    public static final int DEFAULT_PORT = 5555;

    /**
     * Default longest accepted line in bytes, excluding the line end (64 KiB). Big enough for a
     * pasted page of text, small enough that one connection cannot make the server buffer megabytes.
     */
    public static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024;

    /**
     * Smallest allowed line limit (16 KiB): a 4,000-character message must always fit, and a
     * character may take 4 bytes in UTF-8 (4,000 x 4 = 16,000 bytes plus a 32-character target).
     */
    public static final int MIN_MAX_LINE_BYTES = 16 * 1024;

    /** Longest username in characters (Unicode code points). Long enough for real names, short enough for one USERS line per 2,000 users to stay under 64 KiB. */
    public static final int MAX_USERNAME_CHARS = 32;

    /**
     * Longest reason a client may give for leaving (QUIT, LEAVE, KICK), in characters; longer
     * ones are cut. Others see it in LEAVE lines and IRC QUIT messages, and the server logs it:
     * a sentence, not a page (IRC servers cut quit messages at 300 to 400 bytes).
     */
    public static final int MAX_REASON_CHARS = 300;

    /** Characters of a room name after its {@code #}: wire.md's rule (IRC's CHANNELLEN is 50 with the '#'). */
    public static final int MAX_ROOM_NAME_CHARS = 49;

    /**
     * The most bytes a server line can exceed the client line it relays: {@code MSG|<sender>|}
     * added in front of the content ({@code MSG|} + 32 characters of 4 bytes + {@code |}).
     */
    public static final int MAX_RELAY_OVERHEAD_BYTES = 4 + MAX_USERNAME_CHARS * 4 + 1;
}
