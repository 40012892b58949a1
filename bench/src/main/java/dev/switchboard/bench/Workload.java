package dev.switchboard.bench;

/**
 * What a scenario does with the connections of one {@link Reactor}. Every method runs on that
 * reactor's thread only, so implementations keep plain fields and need no locks.
 */
interface Workload {

    /**
     * Called before every select: open connections, start phases, send timed messages.
     * Returns the {@link System#nanoTime()} at which it wants to be called again, or
     * {@link Long#MAX_VALUE} when only socket events matter.
     */
    long poll(long now);

    /** The TCP connection of {@code c} is established. */
    void connected(Conn c, long now);

    /** {@code len} bytes arrived for {@code c}; the slice is valid only during the call. */
    void received(Conn c, byte[] buf, int off, int len, long now);

    /**
     * Bytes of {@code c}'s output have gone into its socket ({@link Conn#bytesWritten} counts
     * them) in a write that began at {@code started} and returned at {@code now}.
     */
    default void wrote(Conn c, long started, long now) {
    }

    /** {@code c} was closed by the peer or failed; {@code reason} says how. */
    void closed(Conn c, String reason);
}
