package dev.switchboard.protocol;

/**
 * Room names: {@code #} followed by 1 to {@value Limits#MAX_ROOM_NAME_CHARS} characters, none of
 * them {@code |}, {@code ,}, whitespace, control or invisible formatting characters (the same
 * characters usernames may not have). Unique ignoring case, by the same rule as usernames:
 * {@link #key} is the identity, the name as its creator typed it is for display.
 * {@link #LOBBY} is everyone online.
 */
public final class RoomNames {
    private RoomNames() {}

    /** The room everyone online is in, and nobody leaves. */
    public static final String LOBBY = "#lobby";

    /** The rule in one sentence, for error messages and help texts. */
    public static final String RULE = "'#' and 1-" + Limits.MAX_ROOM_NAME_CHARS + " characters, no spaces, '|' or ','";

    /** Whether {@code s} is meant as a room (starts with {@code #}), valid or not. */
    public static boolean looksLikeRoom(String s) {
        return !s.isEmpty() && s.charAt(0) == '#';
    }

    /** Null when {@code name} is a valid room name, else a short reason naming the broken rule. */
    public static String problem(String name) {
        if (name == null || !looksLikeRoom(name)) {
            return "does not start with '#'";
        }
        int count = name.codePointCount(1, name.length());
        if (count < 1) {
            return "empty";
        }
        if (count > Limits.MAX_ROOM_NAME_CHARS) {
            return "longer than " + Limits.MAX_ROOM_NAME_CHARS + " characters after '#'";
        }
        return Usernames.characterProblem(name.substring(1));
    }

    public static boolean isValid(String name) {
        return problem(name) == null;
    }

    /** The case-insensitive identity of a room name. */
    public static String key(String name) {
        return Usernames.key(name);
    }

    /** Whether {@code name} names the lobby, in any letter case. */
    public static boolean isLobby(String name) {
        return name.length() == LOBBY.length() && name.equalsIgnoreCase(LOBBY);
    }
}
