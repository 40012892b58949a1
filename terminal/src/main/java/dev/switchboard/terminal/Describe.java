package dev.switchboard.terminal;

import dev.switchboard.client.Rejection;
import dev.switchboard.client.SendResult;
import dev.switchboard.protocol.RoomNames;
import dev.switchboard.protocol.Usernames;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

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

    /** {@code name} breaks the rules: {@code problem} is {@link Usernames#problem}'s answer. */
    static String invalidName(String name, String problem) {
        String what = name.isEmpty() ? "A name is needed" : "'" + name + "' is not a valid name (" + problem + ")";
        return what + ". Names: " + Usernames.RULE + ".";
    }

    private static String detail(String serverText) {
        int colon = serverText.indexOf(": ");
        return colon < 0 ? "" : " (" + serverText.substring(colon + 2) + ")";
    }

    /**
     * Why a message was not sent, or null when it was. {@code maxTextBytes} is the most text a
     * message to {@code target} may carry ({@code ChatClient.maxTextBytes}), for {@code TOO_LONG}.
     */
    static String notSent(SendResult r, String target, String text, int maxTextBytes) {
        return switch (r) {
            case QUEUED -> null;
            case NOT_ONLINE -> "Not connected right now; message not sent.";
            case QUEUE_FULL -> "Sending faster than the connection carries; message not sent.";
            case TOO_LONG -> tooLong(text, maxTextBytes);
            case INVALID_TARGET -> RoomNames.looksLikeRoom(target)
                    ? "'" + target + "' is not a valid room name (" + RoomNames.RULE + "); message not sent."
                    : "'" + target + "' is not a valid name (" + Usernames.RULE + "); message not sent.";
            case INVALID_TEXT -> "Message contains a line break or NUL; not sent.";
            case NOT_SUPPORTED -> "This server has no rooms (it does not offer the rooms capability); not sent.";
        };
    }

    /** Why a room command (join, part, names, topic, kick) about {@code room} was not sent, or null when it was. */
    static String commandNotSent(SendResult r, String room) {
        return switch (r) {
            case QUEUED -> null;
            case NOT_ONLINE -> "Not connected right now; not sent.";
            case QUEUE_FULL -> "Sending faster than the connection carries; not sent.";
            case TOO_LONG -> "Too long for one line; not sent.";
            case INVALID_TARGET -> "'" + room + "' is not a valid room name, or the name after it not a valid name; not sent.";
            case INVALID_TEXT -> "The text contains a line break or NUL; not sent.";
            case NOT_SUPPORTED -> "This server has no rooms (it does not offer the rooms capability); not sent.";
        };
    }

    /**
     * In characters, which is what a person counts, and in bytes when they differ: the limit is in
     * UTF-8 bytes, and an accented letter takes two, an emoji four.
     */
    private static String tooLong(String text, int maxTextBytes) {
        int chars = text.codePointCount(0, text.length());
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        String size = chars == bytes
                ? String.format(Locale.ROOT, "%,d characters, at most %,d fit", chars, maxTextBytes)
                : String.format(Locale.ROOT, "%,d characters take %,d bytes, at most %,d bytes fit", chars, bytes, maxTextBytes);
        return "Message too long: " + size + "; not sent.";
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
