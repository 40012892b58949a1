package dev.switchboard.client;

import dev.switchboard.protocol.ServerMessage.ErrorReply;

/** Why the server refused a login. */
public enum Rejection {
    /** Someone online already has this name (names are unique ignoring case). */
    NAME_TAKEN,
    /** The server has as many users as it allows. */
    SERVER_FULL,
    /** The name breaks the username rules ({@link dev.switchboard.protocol.Usernames#RULE}). */
    INVALID_NAME;

    /** The rejection a login-ending {@code ERROR} reason stands for, or null for any other reason. */
    static Rejection of(String reason) {
        return switch (reason) {
            case ErrorReply.NAME_TAKEN -> NAME_TAKEN;
            case ErrorReply.SERVER_FULL -> SERVER_FULL;
            case ErrorReply.INVALID_NAME -> INVALID_NAME;
            default -> null;
        };
    }
}
