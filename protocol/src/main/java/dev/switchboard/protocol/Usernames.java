package dev.switchboard.protocol;

import java.util.Locale;

/**
 * Username rules: 1 to {@value Limits#MAX_USERNAME_CHARS} characters; no {@code |} or {@code ,}
 * (they delimit fields and the user list); no whitespace, control or invisible formatting
 * characters (they make look-alike names); not a reserved command word in any letter case.
 * Names are unique ignoring case: {@link #key} is the identity, the name as typed is for display.
 */
public final class Usernames {
    private Usernames() {}

    /** The rule in one sentence, for error messages and help texts. */
    public static final String RULE = "1-" + Limits.MAX_USERNAME_CHARS
            + " characters, no spaces, '|' or ',', not starting with '#', not a command word such as MSG or ALL";

    /** Null when {@code name} is a valid username, else a short reason naming the broken rule. */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "empty";
        }
        int count = name.codePointCount(0, name.length());
        if (count > Limits.MAX_USERNAME_CHARS) {
            return "longer than " + Limits.MAX_USERNAME_CHARS + " characters";
        }
        if (name.charAt(0) == '#') {
            return "starts with '#' (room names do)";
        }
        String chars = characterProblem(name);
        if (chars != null) {
            return chars;
        }
        if (Command.isReservedIgnoringCase(name)) {
            return "is a reserved command word";
        }
        return null;
    }

    /**
     * Null when no character of {@code s} is one that names (of users and rooms) may not have:
     * {@code |}, {@code ,}, whitespace, control or invisible formatting characters.
     */
    static String characterProblem(String name) {
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '|' || cp == ',') {
                return "contains '" + (char) cp + "'";
            }
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                return "contains whitespace";
            }
            int type = Character.getType(cp);
            if (type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                    || type == Character.UNASSIGNED || type == Character.PRIVATE_USE) {
                return "contains a control or invisible character";
            }
        }
        return null;
    }

    /** Whether {@code name} follows every rule. */
    public static boolean isValid(String name) {
        return problem(name) == null;
    }

    /** The case-insensitive identity of a name: two names with equal keys cannot both be online. */
    public static String key(String name) {
        // Upper then lower folds pairs such as "ß"/"SS" and the Greek final sigma together.
        return name.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    }
}
