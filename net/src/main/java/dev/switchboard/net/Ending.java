package dev.switchboard.net;

/**
 * Reasons a connection ends that the connection layer itself decides. Each front end words them
 * in its own protocol ({@link FrontEnd#endingLine}): {@code ERROR|Ping timeout} on the line
 * protocol, {@code ERROR :Closing link (Ping timeout)} on IRC.
 */
public enum Ending {
    /** Refused at accept: the connection limit (global or per IP) is reached. */
    TOO_MANY_CONNECTIONS,
    /** Refused at accept: no descriptor left in this process. */
    SERVER_FULL,
    /** The server is stopping. */
    SHUTTING_DOWN,
    /** No login within the handshake timeout. */
    HANDSHAKE_TIMEOUT,
    /** A pinged client sent nothing within the ping timeout. */
    PING_TIMEOUT,
    /** More than the send queue's limit waited for the client. */
    SENDQ_EXCEEDED,
    /** Throttled by flood control for too long. */
    EXCESS_FLOOD,
    /**
     * The first bytes on a plaintext port were a TLS handshake record: the client meant the TLS
     * port. Answered at once instead of waiting for a line end that a ClientHello never has.
     */
    TLS_ON_PLAINTEXT
}
