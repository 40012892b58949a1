package dev.switchboard.client;

import java.util.Objects;

/**
 * Why a connection ended, as {@link ChatListener#onDisconnected} reports it.
 *
 * @param cause what happened, to decide on (never compare {@code description})
 * @param description the same in words, for people ({@code "the server is shutting down"},
 *                    {@code "cannot reach localhost:5555: connection refused (is the server running?)"})
 * @param serverText the server's {@code ERROR} reason when the server said why
 *                   ({@code "Send queue exceeded"}), else empty
 */
public record Disconnect(DisconnectCause cause, String description, String serverText) {

    public Disconnect {
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(serverText, "serverText");
    }

    /** A cause without words from the server. */
    public static Disconnect of(DisconnectCause cause, String description) {
        return new Disconnect(cause, description, "");
    }

    /** Whether the user ended it with {@link ChatClient#close()}. */
    public boolean byUser() {
        return cause == DisconnectCause.CLOSED;
    }

    @Override
    public String toString() {
        return cause + ": " + description;
    }
}
