package dev.switchboard.desktop;

import java.time.Instant;

/**
 * What the status bar shows about the connection.
 *
 * @param state where the connection is
 * @param detail the cause of the last drop or refusal, or null
 * @param retryAt when the next reconnect attempt starts ({@link State#RECONNECTING} only), or null
 */
public record ConnectionStatus(State state, String detail, Instant retryAt) {

    /** The states the user can tell apart. */
    public enum State { CONNECTING, CONNECTED, RECONNECTING, OFFLINE }

    public static ConnectionStatus connecting() {
        return new ConnectionStatus(State.CONNECTING, null, null);
    }

    public boolean canSend() {
        return state == State.CONNECTED;
    }
}
