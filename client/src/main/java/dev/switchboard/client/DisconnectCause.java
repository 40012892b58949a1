package dev.switchboard.client;

/** Why a connection of a {@link ChatClient} ended; see {@link Disconnect} for the words that go with it. */
public enum DisconnectCause {
    /** {@link ChatClient#close()}: the user quit, or closed the client before it was online. */
    CLOSED,
    /** The server is stopping ({@code ERROR|Server shutting down}); a reconnect may find it back. */
    SERVER_SHUTTING_DOWN,
    /**
     * The server ended this connection and said why: {@code Send queue exceeded},
     * {@code Excess flood}, {@code Ping timeout}, {@code Too many connections},
     * {@code Handshake timeout} ({@link Disconnect#serverText()}).
     */
    KICKED,
    /** The server closed the connection without a word. */
    SERVER_CLOSED,
    /** A read or a write failed, or the connection was reset. */
    CONNECTION_LOST,
    /** The server stopped answering: nothing in reply to the login, or to the link check's {@code PING}. */
    NO_ANSWER,
    /** The server could not be reached (connection refused, unknown host, connect timeout). */
    UNREACHABLE,
    /** The server refused the name, at the first login or on a reconnect; the client is over. */
    LOGIN_REFUSED,
    /** The reconnect policy gave up; the client is over. */
    GAVE_UP
}
