package dev.switchboard.bench;

import java.nio.charset.StandardCharsets;

/**
 * The wire the load generator speaks: Switchboard's line protocol (the seed's) or IRC, so that
 * one tool measures our two front ends and other IRC servers the same way. Only what the
 * scenarios need: the handshake, how a welcome and a refusal look, a private message out and how
 * it arrives. Lines arrive split at {@code '\n'}; an IRC line's {@code '\r'} is left to
 * {@link #contentAt}.
 */
enum Proto {
    /** {@code name\n} → {@code WELCOME|name}; {@code target|content} → {@code MSG|sender|content}. */
    LINE,
    /**
     * {@code NICK}/{@code USER} → numeric 001 (a {@code PING} before it is answered);
     * {@code PRIVMSG target :content} → {@code :sender!user@host PRIVMSG target :content}.
     */
    IRC,
    /**
     * IRC, and after 001 a {@code JOIN #lobby}: logged in at the end of its {@code NAMES} (366),
     * so that every server pays for a channel of everyone, as Switchboard's {@code #lobby} (which
     * it joins by itself) always does.
     */
    IRC_LOBBY;

    private static final byte[] JOIN_LOBBY = "JOIN #lobby\r\n".getBytes(StandardCharsets.US_ASCII);

    private static final byte[] WELCOME = "WELCOME|".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERROR = "ERROR|".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] IRC_ERROR = "ERROR ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PING = "PING ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PRIVMSG = " PRIVMSG ".getBytes(StandardCharsets.US_ASCII);

    /** What a client sends to log in: {@code prefix} (line protocol only, e.g. a CAP line), then its name. */
    byte[] handshake(byte[] prefix, byte[] name) {
        if (this == LINE) {
            byte[] b = new byte[prefix.length + name.length + 1];
            System.arraycopy(prefix, 0, b, 0, prefix.length);
            System.arraycopy(name, 0, b, prefix.length, name.length);
            b[b.length - 1] = '\n';
            return b;
        }
        String n = new String(name, StandardCharsets.US_ASCII);
        return ("NICK " + n + "\r\nUSER " + n + " 0 * :" + n + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The line that means "logged in": {@code WELCOME|...}, or IRC's numeric 001. */
    boolean welcome(byte[] b, int off, int len) {
        return switch (this) {
            case LINE -> LoginWorkload.startsWith(b, off, len, WELCOME);
            case IRC -> numeric(b, off, len) == 1;
            case IRC_LOBBY -> numeric(b, off, len) == 366;
        };
    }

    /**
     * A refusal before the welcome: {@code ERROR|...}; on IRC {@code ERROR :...} or an error
     * numeric of registration (431-437: bad or taken nick; 451, 461-465: refused registration).
     */
    boolean refused(byte[] b, int off, int len) {
        if (this == LINE) {
            return LoginWorkload.startsWith(b, off, len, ERROR);
        }
        if (LoginWorkload.startsWith(b, off, len, IRC_ERROR)) {
            return true;
        }
        int n = numeric(b, off, len);
        return n >= 431 && n <= 437 || n == 451 || n >= 461 && n <= 465;
    }

    /**
     * What to answer to a line before the welcome, or null: IRC servers may PING before 001;
     * {@link #IRC_LOBBY} joins {@code #lobby} on 001.
     */
    byte[] reply(byte[] b, int off, int len) {
        if (this == IRC_LOBBY && numeric(b, off, len) == 1) {
            return JOIN_LOBBY.clone();
        }
        if (this == LINE || !LoginWorkload.startsWith(b, off, len, PING)) {
            return null;
        }
        int end = off + len;
        if (end > off && b[end - 1] == '\r') {
            end--;
        }
        byte[] r = new byte[end - off + 2];
        System.arraycopy(b, off, r, 0, end - off);
        r[1] = 'O'; // PING -> PONG
        r[r.length - 2] = '\r';
        r[r.length - 1] = '\n';
        return r;
    }

    /** A private message to {@code target} with {@link Content}'s layout, zeros in the number fields. */
    byte[] message(byte[] target, int size) {
        byte[] line = Content.line(target, size);
        if (this == LINE) {
            return line;
        }
        byte[] head = "PRIVMSG ".getBytes(StandardCharsets.US_ASCII);
        byte[] b = new byte[head.length + target.length + 2 + size + 2];
        int at = 0;
        System.arraycopy(head, 0, b, at, head.length);
        at += head.length;
        System.arraycopy(target, 0, b, at, target.length);
        at += target.length;
        b[at++] = ' ';
        b[at++] = ':';
        System.arraycopy(line, target.length + 1, b, at, size);
        b[b.length - 2] = '\r';
        b[b.length - 1] = '\n';
        return b;
    }

    /** Where the content starts in {@link #message}'s bytes. */
    int messageContentAt(byte[] target) {
        return this == LINE ? target.length + 1 : "PRIVMSG ".length() + target.length + 2;
    }

    /** How a message from {@code sender} begins as its receiver reads it. */
    byte[] senderPrefix(String sender) {
        return (this == LINE ? "MSG|" + sender + "|" : ":" + sender + "!").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The offset of the content in a delivered private message from the sender whose
     * {@link #senderPrefix} is {@code prefix}, or -1 when the line is not one; {@code size} is the
     * content length the line must carry (IRC: before an optional {@code '\r'}).
     */
    int contentAt(byte[] b, int off, int len, byte[] prefix, int size) {
        if (!LoginWorkload.startsWith(b, off, len, prefix)) {
            return -1;
        }
        if (this == LINE) {
            return len == prefix.length + size ? off + prefix.length : -1;
        }
        int end = off + len;
        if (b[end - 1] == '\r') {
            end--;
        }
        int at = indexOf(b, off + prefix.length, end, PRIVMSG);
        if (at < 0) {
            return -1;
        }
        // The target, then " :" and the content to the end of the line.
        for (int i = at + PRIVMSG.length; i + 1 < end; i++) {
            if (b[i] == ' ') {
                return b[i + 1] == ':' && end - (i + 2) == size ? i + 2 : -1;
            }
        }
        return -1;
    }

    /** Whether the line is a private message at all (any sender), for "unexpected line" checks. */
    boolean isMessage(byte[] b, int off, int len) {
        if (this == LINE) {
            return LoginWorkload.startsWith(b, off, len, "MSG|".getBytes(StandardCharsets.US_ASCII));
        }
        return len > 0 && b[off] == ':' && indexOf(b, off, off + len, PRIVMSG) > 0;
    }

    /** An error the server sends after login: {@code ERROR|...} or IRC's {@code ERROR :...}. */
    boolean isError(byte[] b, int off, int len) {
        return LoginWorkload.startsWith(b, off, len, this == LINE ? ERROR : IRC_ERROR);
    }

    /** The numeric of {@code :server NNN ...}, or -1. */
    private static int numeric(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        if (i < end && b[i] == ':') {
            while (i < end && b[i] != ' ') {
                i++;
            }
            i++;
        }
        if (i + 3 > end || (i + 3 < end && b[i + 3] != ' ' && b[i + 3] != '\r')) {
            return -1;
        }
        int n = 0;
        for (int k = i; k < i + 3; k++) {
            int d = b[k] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            n = n * 10 + d;
        }
        return n;
    }

    private static int indexOf(byte[] b, int from, int to, byte[] needle) {
        outer:
        for (int i = from; i + needle.length <= to; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (b[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
