package dev.switchboard.net;

import dev.switchboard.protocol.LineDecoder;

/**
 * One connection's protocol state: the reader hands it every decoded line (and every decode
 * error) in order, on the reader thread; it answers through its {@link Link}. Nothing a peer
 * sends may throw out of {@link #line}.
 */
public interface ProtocolHandler extends LineDecoder.Sink {

    /** False once the session has ended (QUIT, rejection): the reader stops feeding lines. */
    boolean active();

    /** Whether the client has logged in (the handshake timeout no longer applies). */
    boolean online();

    /** The connection is over, whatever ended it; called exactly once, by the reader, last. */
    void disconnected(String reason);

    /** A heartbeat ping carrying {@code token}, line end included. */
    byte[] ping(String token);
}
