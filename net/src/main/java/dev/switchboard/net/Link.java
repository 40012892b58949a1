package dev.switchboard.net;

import java.net.InetSocketAddress;

/**
 * What a {@link ProtocolHandler} needs of its connection: somewhere to queue lines, pacing, and a
 * way to end. The socket-backed implementation is {@link Connection}; tests and fuzzers use a
 * recorder. Every method but {@link #paced} and {@link #backPressure} (reader only) is
 * non-blocking and safe to call from any thread.
 */
public interface Link {
    /** Queues one line (ending in {@code \n}); false if it was refused (closing, or over the send queue). */
    boolean send(byte[] line);

    /**
     * Queues the answer to the client's own request for the full user list; while an earlier
     * answer is still queued, that one stands for both (one outstanding list per client).
     */
    default boolean sendList(byte[] usersLine) {
        return send(usersLine);
    }

    /**
     * Sets the newest coalesced user list for a full-list client. True if that adds a write,
     * false if it only replaced a list not yet written, so presence pacing counts only bytes
     * that will be written.
     */
    boolean offerUsers(byte[] usersLine);

    /**
     * Queues the snapshot of a client switching to presence deltas, dropping a full list still
     * waiting in its coalescing slot (it would otherwise arrive after the snapshot).
     */
    default boolean sendSnapshot(byte[] usersLine) {
        return send(usersLine);
    }

    /**
     * Ends the connection: stop reading, write what is queued plus {@code lastLine} (may be null),
     * then close. {@code reason} is what the log says. Only the first call counts.
     */
    void finish(String reason, byte[] lastLine);

    /** Whether {@link #finish} was called: lines still buffered must not be acted on. */
    default boolean ending() {
        return false;
    }

    /** The peer's address as text, for logs. */
    String peer();

    /** The peer's address. */
    default InetSocketAddress remoteAddress() {
        return null;
    }

    /** Whether the connection is encrypted (TLS). */
    default boolean secure() {
        return false;
    }

    /** The session logged in: the handshake timeout no longer applies. */
    default void loggedIn() {
    }

    /** Ping the client when it is idle, and drop it when it does not answer in time. */
    default void startHeartbeat() {
    }

    /**
     * Flood control for the line about to be handled (reader only): waits out its fakelag;
     * returns false, having ended the connection, when the client was throttled for too long.
     */
    default boolean paced() {
        return true;
    }

    /**
     * Back-pressure (reader only): blocks while this client's own send queue is over its
     * high-water mark, so a client is read no faster than it reads. Returns at once when the
     * queue is short, or when the connection is ending.
     */
    default void backPressure() {
    }

    /** A link that drops every line and ignores the end: a session without a socket (start-up class loading, benchmarks). */
    static Link discarding(String peer) {
        return new Link() {
            @Override
            public boolean send(byte[] line) {
                return true;
            }

            @Override
            public boolean offerUsers(byte[] usersLine) {
                return true;
            }

            @Override
            public void finish(String reason, byte[] lastLine) {
            }

            @Override
            public String peer() {
                return peer;
            }
        };
    }
}
