package dev.switchboard.protocol;

import com.ibm.icu.text.SpoofChecker;
import com.ibm.icu.text.UnicodeSet;
import java.text.Normalizer;
import java.util.Locale;
import rocks.xmpp.precis.PrecisProfiles;

/**
 * Username rules: a documented profile of RFC 8265's PRECIS UsernameCaseMapped, plus UTS #39
 * (Unicode security mechanisms), the same on every front end. See {@code docs/PROTOCOL.md},
 * "Usernames".
 *
 * <ul>
 *   <li><b>PRECIS</b>: the name must survive UsernameCaseMapped enforcement (IdentifierClass: letters,
 *       digits and printable ASCII; no spaces, no symbols or punctuation outside ASCII, no
 *       default-ignorable or invisible characters, no compatibility forms other than full and half
 *       width ones, the Bidi rule). Full- and half-width characters are mapped to their ordinary
 *       forms and the result is normalised to NFC: {@code ＢＯＢ} is {@code BOB} and
 *       {@code cafe}+U+0301 is {@code café}. {@link #canonical} is the name as it is shown;
 *       {@link #key}, its lower-case form, is its identity.</li>
 *   <li>Ours: 1 to {@value Limits#MAX_USERNAME_CHARS} characters; no {@code |} or {@code ,} (they
 *       delimit fields and lists), not starting with {@code #} (rooms do), not a reserved command
 *       word in any letter case.</li>
 *   <li><b>UTS #39</b>: only characters of the Recommended identifier set (and printable ASCII);
 *       one script per name (Highly Restrictive: Latin may mix with Han and Japanese or Korean
 *       scripts only), digits from one system; and not confusable with a reserved word.
 *       {@link #skeleton} is what the server compares to refuse a name that looks like one already
 *       online or registered ({@code аlice} with a Cyrillic {@code а} next to {@code alice}).</li>
 * </ul>
 */
public final class Usernames {
    private Usernames() {}

    /** The rule in one sentence, for error messages and help texts. */
    public static final String RULE = "1-" + Limits.MAX_USERNAME_CHARS
            + " letters or digits of one script (ASCII punctuation allowed), no spaces, '|' or ',',"
            + " not starting with '#', not a command word such as MSG or ALL";

    /** Characters the UTS #39 checks allow: the Recommended identifier set and printable ASCII. */
    private static final UnicodeSet ALLOWED = new UnicodeSet(SpoofChecker.RECOMMENDED)
            .addAll(new UnicodeSet(0x21, 0x7E)).freeze();

    /** Thread-safe once built (ICU's SpoofChecker is immutable). */
    private static final SpoofChecker SPOOF = new SpoofChecker.Builder()
            .setAllowedChars(ALLOWED)
            .setRestrictionLevel(SpoofChecker.RestrictionLevel.HIGHLY_RESTRICTIVE)
            .setChecks(SpoofChecker.CHAR_LIMIT | SpoofChecker.RESTRICTION_LEVEL | SpoofChecker.MIXED_NUMBERS
                    | SpoofChecker.INVISIBLE)
            .build();

    /** Null when {@code name} is a valid username, else a short reason naming the broken rule. */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "empty";
        }
        String shown;
        try {
            shown = PrecisProfiles.USERNAME_CASE_PRESERVED.enforce(name);
            PrecisProfiles.USERNAME_CASE_MAPPED.enforce(name);
        } catch (IllegalArgumentException e) {
            return precisProblem(name);
        }
        int count = shown.codePointCount(0, shown.length());
        if (count > Limits.MAX_USERNAME_CHARS) {
            return "longer than " + Limits.MAX_USERNAME_CHARS + " characters";
        }
        if (shown.charAt(0) == '#') {
            return "starts with '#' (room names do)";
        }
        String chars = characterProblem(shown);
        if (chars != null) {
            return chars;
        }
        if (Command.isReservedIgnoringCase(shown)) {
            return "is a reserved command word";
        }
        if (!isAscii(shown)) {
            SpoofChecker.CheckResult r = new SpoofChecker.CheckResult();
            if (SPOOF.failsChecks(shown, r)) {
                if ((r.checks & SpoofChecker.CHAR_LIMIT) != 0 || (r.checks & SpoofChecker.INVISIBLE) != 0) {
                    return "contains a character not used in names (Unicode's recommended identifier set)";
                }
                if ((r.checks & SpoofChecker.MIXED_NUMBERS) != 0) {
                    return "mixes digits of different number systems";
                }
                return "mixes scripts (such as Latin letters with Cyrillic or Greek ones that look alike)";
            }
            java.util.List<String> mine = skeletons(shown);
            for (Command c : Command.values()) {
                if (looksAlike(mine, skeletons(c.name()))) {
                    return "looks like the reserved command word " + c.name();
                }
            }
        }
        return null;
    }

    /** Why PRECIS refused {@code name}, in words. */
    private static String precisProblem(String name) {
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                return "contains whitespace";
            }
            int type = Character.getType(cp);
            if (type == Character.CONTROL || type == Character.FORMAT) {
                return "contains a control or invisible character";
            }
        }
        return "contains a character not allowed in names (RFC 8265: letters, digits and ASCII punctuation)";
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

    /**
     * The name as it is shown: full- and half-width forms mapped, NFC. Only for a valid name
     * ({@link #problem} null); the server logs a user in under this spelling.
     */
    public static String canonical(String name) {
        if (isAscii(name)) {
            return name;
        }
        return PrecisProfiles.USERNAME_CASE_PRESERVED.enforce(name);
    }

    /**
     * The identity of a name: two names with equal keys are the same user (PRECIS
     * UsernameCaseMapped: width-mapped, lower case, NFC). Defined for any string, valid or not,
     * so that looking up a name that cannot exist simply finds nobody. Room names use it too.
     */
    public static String key(String name) {
        if (isAscii(name)) {
            return asciiLower(name);
        }
        return Normalizer.normalize(widthMap(name).toLowerCase(Locale.ROOT), Normalizer.Form.NFC);
    }

    /**
     * The UTS #39 skeletons of a name, of its lower-case and of its upper-case form: two names
     * look alike when either pair is equal ({@code аlice} and {@code alice}, {@code rn} and
     * {@code m} in lower case; Cyrillic {@code АСК} and {@code ACK} in upper case, where the lower
     * forms differ), and since names ignore case a server compares both and refuses the second
     * name. Each is prefixed ({@code l:}, {@code u:}) so that one map can hold both kinds.
     */
    public static java.util.List<String> skeletons(String name) {
        String lower = key(name);
        return java.util.List.of("l:" + SPOOF.getSkeleton(lower), "u:" + SPOOF.getSkeleton(lower.toUpperCase(Locale.ROOT)));
    }

    /** Whether two names' {@link #skeletons} say they look alike (either form equal). */
    public static boolean looksAlike(java.util.List<String> a, java.util.List<String> b) {
        return a.get(0).equals(b.get(0)) || a.get(1).equals(b.get(1));
    }

    /** RFC 8264's width mapping: full- and half-width characters to their decompositions. */
    private static String widthMap(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int n = Character.charCount(cp);
            if ((cp >= 0xFF00 && cp <= 0xFFEF) || cp == 0x3000) {
                if (out == null) {
                    out = new StringBuilder(s.length()).append(s, 0, i);
                }
                out.append(Normalizer.normalize(s.substring(i, i + n), Normalizer.Form.NFKC));
            } else if (out != null) {
                out.appendCodePoint(cp);
            }
            i += n;
        }
        return out == null ? s : out.toString();
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static String asciiLower(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                char[] cs = s.toCharArray();
                for (int k = i; k < cs.length; k++) {
                    if (cs[k] >= 'A' && cs[k] <= 'Z') {
                        cs[k] = (char) (cs[k] + ('a' - 'A'));
                    }
                }
                return new String(cs);
            }
        }
        return s;
    }
}
