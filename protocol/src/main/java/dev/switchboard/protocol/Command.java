package dev.switchboard.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Reserved command words. A line is a command when the text before its first {@code |} (or the
 * whole line, when it has none) is exactly one of these words in upper case. The words are
 * invalid as usernames in any letter case, so {@code WORD|...} is never ambiguous with a private
 * message. Words beyond those in use today are reserved for later extensions.
 */
public enum Command {
    MSG(true), ALL(true), CAP(true), PING(true), PONG(true), QUIT(true), USERS(true),
    JOIN(true), LEAVE(true), TOPIC(true), KICK(true), WELCOME(false), ERROR(false),
    // Reserved for later extensions; a client sending them gets "ERROR|Unsupported command".
    AUTH(false), REGISTER(false), TOKEN(false), SENT(false), HISTORY(false), TYPING(false), ACK(false),
    NICK(false), AWAY(false), WHO(false), HELP(false), SYSTEM(false), NOTICE(false), ROOM(false), BAN(false),
    OPER(false), SERVER(false), READ(false), PASS(false);

    private final boolean fromClient;
    private final byte[] ascii;

    Command(boolean fromClient) {
        this.fromClient = fromClient;
        this.ascii = name().getBytes(StandardCharsets.US_ASCII);
    }

    /** Whether a server accepts this command from a client today. */
    public boolean acceptedFromClient() {
        return fromClient;
    }

    private static final Command[] VALUES = values();
    private static final int LONGEST = 8;

    /**
     * The command spelled exactly (upper case) by {@code len} bytes at {@code off}, or null.
     * Allocation-free: this runs for every line a server reads.
     */
    public static Command lookup(byte[] buf, int off, int len) {
        if (len < 2 || len > LONGEST) {
            return null;
        }
        byte first = buf[off];
        if (first < 'A' || first > 'Z') {
            return null;
        }
        outer:
        for (Command c : VALUES) {
            byte[] w = c.ascii;
            if (w.length != len || w[0] != first) {
                continue;
            }
            for (int i = 1; i < len; i++) {
                if (w[i] != buf[off + i]) {
                    continue outer;
                }
            }
            return c;
        }
        return null;
    }

    /** The command spelled exactly (upper case) by {@code word}, or null. */
    public static Command lookup(String word) {
        byte[] b = word.getBytes(StandardCharsets.UTF_8);
        return lookup(b, 0, b.length);
    }

    /** Whether {@code word}, in any letter case, is a reserved command word. */
    public static boolean isReservedIgnoringCase(String word) {
        if (word.length() < 2 || word.length() > LONGEST) {
            return false;
        }
        for (Command c : VALUES) {
            if (c.name().equalsIgnoreCase(word)) {
                return true;
            }
        }
        return false;
    }
}
