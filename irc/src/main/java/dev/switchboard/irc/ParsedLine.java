package dev.switchboard.irc;

/** What parsing one client line gave: a message, or why it is none. */
public sealed interface ParsedLine permits IrcMessage, ParsedLine.Bad {

    /** Why a line is not a message. */
    enum Problem {
        /** Nothing but tags, a source or spaces: no command. */
        NO_COMMAND,
        /** The command is neither letters nor three digits. */
        BAD_COMMAND,
        /** The tags section is over {@value IrcLimits#MAX_CLIENT_TAG_BYTES} bytes. */
        TAGS_TOO_LONG,
        /** The message without its tags is over {@value IrcLimits#MAX_LINE_BYTES} bytes. */
        TOO_LONG
    }

    /** A line that is not a message, and why; {@code command} is what stood where the command goes, or "". */
    record Bad(Problem problem, String command) implements ParsedLine { }
}
