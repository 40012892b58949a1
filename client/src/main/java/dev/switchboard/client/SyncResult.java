package dev.switchboard.client;

/** How a {@link ChatClient#sync()} barrier ended. */
public enum SyncResult {
    /**
     * The server answered the barrier's {@code PING}: it has processed every line sent before it,
     * and the listener has been given every answer to them (an {@code ERROR|User x is not online}
     * among them).
     */
    CONFIRMED,
    /** Not logged in when asked: there was no connection to put a barrier on. */
    NOT_ONLINE,
    /** The server does not speak the extensions (a seed-style server): it would not answer a PING. */
    NOT_SUPPORTED,
    /** The connection ended before the answer: lines sent before may or may not have been processed. */
    CONNECTION_LOST
}
