package dev.switchboard.server;

/**
 * What a {@link Session} needs of its connection: somewhere to queue lines, and a way to end.
 * The socket-backed implementation is {@link Connection}; tests and fuzzers use a recorder.
 * Every method is non-blocking and safe to call from any thread.
 */
interface Link {
    /** Queues one line (ending in {@code \n}); false if it was refused (closing, or over the send queue). */
    boolean send(byte[] line);

    /** Sets the newest coalesced {@code USERS} line for a full-list client. */
    void sendUsers(byte[] usersLine);

    /**
     * {@link #sendUsers}, telling whether that adds a write (true) or only replaced a list not
     * yet written (false), so presence pacing counts only bytes that will be written.
     */
    default boolean offerUsers(byte[] usersLine) {
        sendUsers(usersLine);
        return true;
    }

    /**
     * Ends the connection: stop reading, write what is queued plus {@code lastLine} (may be null),
     * then close. {@code reason} is what the log says. Only the first call counts.
     */
    void finish(String reason, byte[] lastLine);

    /** The peer's address, for logs. */
    String peer();

    /**
     * Queues the snapshot of a client switching to presence deltas, dropping a full list still
     * waiting in its coalescing slot (it would otherwise arrive after the snapshot).
     */
    default boolean sendSnapshot(byte[] usersLine) {
        return send(usersLine);
    }

    /** Whether {@link #finish} was called: lines still buffered must not be acted on. */
    default boolean ending() {
        return false;
    }

    /**
     * Queues the answer to the client's own {@code USERS} request; while an earlier answer is
     * still queued, that one stands for both (one outstanding list per client).
     */
    default boolean sendList(byte[] usersLine) {
        return send(usersLine);
    }

    /**
     * Called by the reader before it acts on each line: blocks while this client's own send
     * queue is over its high-water mark (back-pressure), so a client is read no faster than it
     * reads. Returns at once when the queue is short, or when the connection is ending.
     */
    default void backPressure() {
    }

    /** The session logged in: the handshake timeout no longer applies. */
    default void loggedIn() {
    }

    /** The session is logged in and asked for {@code heartbeat}: start pinging it when idle. */
    default void startHeartbeat() {
    }

    /** A link that drops every line and ignores the end: a session without a socket (start-up class loading, benchmarks). */
    static Link discarding(String peer) {
        return new Link() {
            @Override
            public boolean send(byte[] line) {
                return true;
            }

            @Override
            public void sendUsers(byte[] usersLine) {
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
