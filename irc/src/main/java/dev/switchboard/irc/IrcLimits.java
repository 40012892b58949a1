package dev.switchboard.irc;

import dev.switchboard.protocol.Limits;

/**
 * The limits of the IRC front end, each with its reason. The line length is the protocol's own
 * (RFC 1459 section 2.3, Modern IRC "Message format"; IRCv3 message-tags for the tags), so it has
 * no command-line flag: a client cannot speak IRC with another one. The others are what the
 * server advertises in {@code RPL_ISUPPORT}.
 */
public final class IrcLimits {
    private IrcLimits() {}

    /**
     * A message without its tags is at most 512 bytes with its CR LF: 510 bytes of source,
     * command and parameters. A client line over it gets {@code 417 ERR_INPUTTOOLONG}; every line
     * the server sends fits it (long chat messages are cut into several lines).
     */
    public static final int MAX_LINE_BYTES = 510;

    /**
     * The tags of a client message, their leading {@code @} and the space after them included, are
     * at most 4,094 bytes (IRCv3 message-tags: "Clients MUST NOT send messages with tag data
     * exceeding 4094 bytes"). More gets {@code 417}.
     */
    public static final int MAX_CLIENT_TAG_BYTES = 4094;

    /** What the connection's line decoder takes before it discards a line: tags plus message. */
    public static final int MAX_DECODED_LINE_BYTES = MAX_CLIENT_TAG_BYTES + MAX_LINE_BYTES;

    /**
     * Nicknames a client may take: as long as a username may be (usernames and nicks are one
     * namespace, and a nick is ASCII, so 32 characters are 32 bytes). Aliases of names that are
     * not valid nicks may be longer ({@code docs/IRC.md}, "Names").
     */
    public static final int NICKLEN = Limits.MAX_USERNAME_CHARS;

    /** A room name: {@code #} and 49 characters ({@link Limits#MAX_ROOM_NAME_CHARS}). */
    public static final int CHANNELLEN = 1 + Limits.MAX_ROOM_NAME_CHARS;

    /**
     * The user part of a hostmask, the {@code ~} included: long enough for the idents clients send
     * (irssi sends the login name), short enough to leave room in a 512-byte line.
     */
    public static final int USERLEN = 16;

    /** A topic set from IRC, in bytes: what fits in {@code 332} with a 50-character room name. */
    public static final int TOPICLEN = 390;

    /** An away message, in bytes: fits {@code 301} with the longest nicks. */
    public static final int AWAYLEN = 200;

    /** A kick reason, in bytes. */
    public static final int KICKLEN = 255;

    /** A real name (the last parameter of {@code USER}), in bytes. */
    public static final int REALNAMELEN = 100;

    /** Targets of one PRIVMSG or NOTICE: a few, so that one line cannot fan out into hundreds. */
    public static final int MAX_MESSAGE_TARGETS = 4;

    /** Nicks of one USERHOST (RFC 2812: up to 5). */
    public static final int MAX_USERHOST_TARGETS = 5;
}
