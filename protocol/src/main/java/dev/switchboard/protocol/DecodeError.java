package dev.switchboard.protocol;

/**
 * Why a line could not be decoded. Bad input is a value, never an exception: the peer's
 * connection stays usable and the reply text tells the peer what happened.
 */
public enum DecodeError {
    /** The line exceeded the byte limit; it was discarded up to its line end. */
    LINE_TOO_LONG("Line too long"),
    /** The line was not valid UTF-8; it was discarded whole, never delivered with replacements. */
    INVALID_UTF8("Invalid UTF-8, line discarded"),
    /** The line contained a NUL byte; it was discarded whole. */
    NUL_BYTE("NUL byte not allowed, line discarded"),
    /** The line contained a control character its protocol does not carry ({@link ControlPolicy}); discarded whole. */
    CONTROL_CHARACTER("Control character not allowed, line discarded");

    private final String reply;

    DecodeError(String reply) {
        this.reply = reply;
    }

    /** The reason sent back to the peer in {@code ERROR|<reason>}. */
    public String reply() {
        return reply;
    }
}
