package dev.switchboard.terminal;

import dev.switchboard.client.Rejection;
import dev.switchboard.client.SendResult;
import dev.switchboard.protocol.Usernames;

/** The words shown to a person for failures, shared by both modes so they say the same thing. */
final class Describe {
    private Describe() {}

    static String rejection(Rejection r, String name, String address, String serverText) {
        return switch (r) {
            case NAME_TAKEN -> "The name '" + name + "' is already taken on " + address + ".";
            case SERVER_FULL -> "The server at " + address + " is full; try again later.";
            case INVALID_NAME -> "'" + name + "' is not a valid name"
                    + detail(serverText) + ". Names: " + Usernames.RULE + ".";
        };
    }

    private static String detail(String serverText) {
        int colon = serverText.indexOf(": ");
        return colon < 0 ? "" : " (" + serverText.substring(colon + 2) + ")";
    }

    /** Why a message was not sent, or null when it was. */
    static String notSent(SendResult r, String target) {
        return switch (r) {
            case QUEUED -> null;
            case NOT_ONLINE -> "Not connected right now; message not sent.";
            case QUEUE_FULL -> "Sending faster than the connection carries; message not sent.";
            case TOO_LONG -> "Message too long; not sent.";
            case INVALID_TARGET -> "'" + target + "' is not a valid name (" + Usernames.RULE + "); message not sent.";
            case INVALID_TEXT -> "Message contains a line break or NUL; not sent.";
        };
    }

    /** {@code cause} as a sentence: capital first letter, full stop. */
    static String sentence(String cause) {
        if (cause.isEmpty()) {
            return cause;
        }
        String s = Character.toUpperCase(cause.charAt(0)) + cause.substring(1);
        return s.endsWith(".") ? s : s + ".";
    }

    static String seconds(java.time.Duration d) {
        long s = (d.toMillis() + 999) / 1000;
        return s + " s";
    }
}
