package dev.switchboard.irc;

import dev.switchboard.protocol.Usernames;

/**
 * Usernames and IRC nicks are one namespace. This class says which usernames are IRC nicks as
 * they are, and gives every other username an alias that is one: unique, reversible, and stable
 * under IRC's case folding. Pure functions of the name; no state.
 *
 * <p><b>Plain nicks.</b> A username is its own nick when it follows RFC 2812's nickname grammar
 * (a letter or one of {@code [ ] \ ` _ ^ { }} first, then letters, digits, those and {@code -})
 * and is at most {@value IrcLimits#NICKLEN} characters. Such names are ASCII, and for ASCII the
 * username rule's case folding ({@link Usernames#key}) is exactly IRC's {@code CASEMAPPING=ascii}.
 * The nicks an IRC client may register are the plain nicks that are valid usernames.
 *
 * <p><b>Aliases.</b> Any other username (one with {@code . ! @ * ? : $ & #}, a digit or
 * {@code -} first, non-ASCII letters...) is shown to IRC clients as an alias: the name's plain
 * characters in order, a {@code |}, then the other characters as base-36 digits (RFC 3492's
 * Bootstring, the algorithm of Punycode, with the plain nick characters as its basic set and
 * {@code |} as its delimiter): {@code zoë} is {@code zo|kva}, {@code a.b} is {@code ab|2nb}, {@code 42}
 * is {@code |42|}. Usernames never contain {@code |}, so an alias is never anyone's name; a
 * nick with a {@code |} is always read as an alias. The digits and the case-insensitive name
 * rule make an alias mean the same user in any letter case. An alias starts with {@code |} when
 * the name's plain characters start with a digit or {@code -} (a nick may not), or there are none.
 */
public final class Nicks {
    private Nicks() {}

    /** Marks an alias, and separates its plain characters from its digits. Never in a username. */
    public static final char ALIAS_MARK = '|';

    // Bootstring parameters: RFC 3492's for Punycode, except that every code point not in the
    // basic set is encoded (initial n = 0), ASCII punctuation included.
    private static final int BASE = 36;
    private static final int TMIN = 1;
    private static final int TMAX = 26;
    private static final int SKEW = 38;
    private static final int DAMP = 700;
    private static final int INITIAL_BIAS = 72;
    private static final int INITIAL_N = 0;

    /** RFC 2812 "special": {@code [ ] \ ` _ ^ { | }}, here without {@code |}, which marks aliases. */
    private static boolean isSpecial(int c) {
        return (c >= 0x5B && c <= 0x60) || c == 0x7B || c == 0x7D;
    }

    private static boolean isLetter(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /** A character a plain nick may have (Bootstring's basic code points). */
    static boolean isNickChar(int c) {
        return isLetter(c) || isDigit(c) || isSpecial(c) || c == '-';
    }

    /** A character a plain nick may start with. */
    private static boolean isNickStart(int c) {
        return isLetter(c) || isSpecial(c);
    }

    /** Whether {@code name} is an IRC nick as it is (see the class comment). */
    public static boolean isPlainNick(String name) {
        int n = name.length();
        if (n == 0 || n > IrcLimits.NICKLEN || !isNickStart(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < n; i++) {
            if (!isNickChar(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Null when an IRC client may take {@code nick}, else why not, in words for
     * {@code 432 ERR_ERRONEUSNICKNAME}.
     */
    public static String registrationProblem(String nick) {
        if (nick.indexOf(ALIAS_MARK) >= 0) {
            return "'|' is kept for the aliases of names that are not IRC nicks";
        }
        if (!isPlainNick(nick)) {
            return "a nick is 1-" + IrcLimits.NICKLEN + " of A-Z a-z 0-9 - [ ] \\ ` _ ^ { }, not starting with a digit or -";
        }
        String problem = Usernames.problem(nick);
        return problem == null ? null : "the name " + problem;
    }

    /** The nick IRC clients see for the username {@code name}: itself, or its alias. */
    public static String nickOf(String name) {
        return isPlainNick(name) ? name : alias(name);
    }

    /**
     * The username a nick stands for: an alias decoded, a plain nick itself. Null when the nick is
     * an alias that does not decode (nobody can have it). The result still has to be looked up:
     * it is compared ignoring case, like every name.
     */
    public static String usernameOf(String nick) {
        return nick.indexOf(ALIAS_MARK) < 0 ? nick : decodeAlias(nick);
    }

    /** The alias of {@code name} (whatever it is; {@link #nickOf} uses it only for names that need one). */
    static String alias(String name) {
        int[] cps = name.codePoints().toArray();
        StringBuilder out = new StringBuilder(name.length() + 8);
        for (int c : cps) {
            if (isNickChar(c)) {
                out.appendCodePoint(c);
            }
        }
        int basic = out.length();
        if (basic > 0 && !isNickStart(out.charAt(0))) {
            out.insert(0, ALIAS_MARK);
        }
        out.append(ALIAS_MARK);
        long n = INITIAL_N;
        long delta = 0;
        int bias = INITIAL_BIAS;
        int h = basic;
        while (h < cps.length) {
            long m = Long.MAX_VALUE;
            for (int c : cps) {
                if (!isNickChar(c) && c >= n && c < m) {
                    m = c;
                }
            }
            delta += (m - n) * (h + 1);
            n = m;
            for (int c : cps) {
                if (isNickChar(c) || c < n) {
                    delta++;
                }
                if (!isNickChar(c) && c == n) {
                    long q = delta;
                    for (int k = BASE; ; k += BASE) {
                        int t = threshold(k, bias);
                        if (q < t) {
                            break;
                        }
                        out.append(digit((int) (t + (q - t) % (BASE - t))));
                        q = (q - t) / (BASE - t);
                    }
                    out.append(digit((int) q));
                    bias = adapt(delta, h + 1, h == basic);
                    delta = 0;
                    h++;
                }
            }
            delta++;
            n++;
        }
        return out.toString();
    }

    /** The username an alias stands for, or null if it is not one this class could have made. */
    static String decodeAlias(String alias) {
        int last = alias.lastIndexOf(ALIAS_MARK);
        if (last < 0) {
            return null;
        }
        String basicPart = alias.substring(0, last);
        if (!basicPart.isEmpty() && basicPart.charAt(0) == ALIAS_MARK) {
            basicPart = basicPart.substring(1);
            if (basicPart.isEmpty() || isNickStart(basicPart.charAt(0))) {
                return null; // the mark is only there before a digit or '-'
            }
        } else if (!basicPart.isEmpty() && !isNickStart(basicPart.charAt(0))) {
            return null;
        }
        StringBuilder out = new StringBuilder(alias.length());
        for (int i = 0; i < basicPart.length(); i++) {
            char c = basicPart.charAt(i);
            if (!isNickChar(c)) {
                return null;
            }
            out.append(c);
        }
        // Decoded into an int[] of code points, inserted into by position.
        int[] cps = new int[Math.max(16, out.length() + alias.length())];
        int size = 0;
        for (int i = 0; i < out.length(); i++) {
            cps[size++] = out.charAt(i);
        }
        long n = INITIAL_N;
        long i = 0;
        int bias = INITIAL_BIAS;
        int pos = last + 1;
        while (pos < alias.length()) {
            long oldi = i;
            long w = 1;
            for (int k = BASE; ; k += BASE) {
                if (pos >= alias.length()) {
                    return null;
                }
                int d = digitValue(alias.charAt(pos++));
                if (d < 0) {
                    return null;
                }
                i += d * w;
                if (i > Integer.MAX_VALUE) {
                    return null;
                }
                int t = threshold(k, bias);
                if (d < t) {
                    break;
                }
                w *= BASE - t;
                if (w > Integer.MAX_VALUE) {
                    return null;
                }
            }
            bias = adapt(i - oldi, size + 1, oldi == 0);
            n += i / (size + 1);
            i %= size + 1;
            if (n > Character.MAX_CODE_POINT || isNickChar((int) n) || (n >= 0xD800 && n <= 0xDFFF)) {
                return null;
            }
            if (size == cps.length) {
                cps = java.util.Arrays.copyOf(cps, cps.length * 2);
            }
            System.arraycopy(cps, (int) i, cps, (int) i + 1, size - (int) i);
            cps[(int) i] = (int) n;
            size++;
            i++;
        }
        if (size == 0) {
            return null;
        }
        String name = new String(cps, 0, size);
        // Only the one encoding of a valid username that needs one is an alias: "x|" is not
        // x (who is just "x"), and another spelling of the digits would name a user twice.
        return !isPlainNick(name) && Usernames.isValid(name) && alias(name).equalsIgnoreCase(alias) ? name : null;
    }

    private static int threshold(int k, int bias) {
        if (k <= bias) {
            return TMIN;
        }
        if (k >= bias + TMAX) {
            return TMAX;
        }
        return k - bias;
    }

    private static int adapt(long delta, int numPoints, boolean first) {
        delta = first ? delta / DAMP : delta / 2;
        delta += delta / numPoints;
        int k = 0;
        while (delta > ((BASE - TMIN) * TMAX) / 2) {
            delta /= BASE - TMIN;
            k += BASE;
        }
        return (int) (k + (BASE - TMIN + 1) * delta / (delta + SKEW));
    }

    /** 0-25 are a-z, 26-35 are 0-9 (lower case: they fold to themselves). */
    private static char digit(int d) {
        return (char) (d < 26 ? 'a' + d : '0' + d - 26);
    }

    private static int digitValue(char c) {
        if (c >= 'a' && c <= 'z') {
            return c - 'a';
        }
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 26;
        }
        return -1;
    }

    /** IRC's {@code CASEMAPPING=ascii}: A-Z to a-z, nothing else. */
    public static String fold(String s) {
        char[] out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (out == null) {
                    out = s.toCharArray();
                }
                out[i] = (char) (c + 32);
            }
        }
        return out == null ? s : new String(out);
    }

    /**
     * Whether {@code s} matches the IRC mask {@code mask} ({@code *} any run, {@code ?} one
     * character), ignoring ASCII case.
     */
    public static boolean matches(String mask, String s) {
        return glob(fold(mask), 0, fold(s), 0);
    }

    private static boolean glob(String p, int pi, String s, int si) {
        // Iterative wildcard match with one backtrack point: linear for the usual masks.
        int star = -1;
        int mark = 0;
        while (si < s.length()) {
            if (pi < p.length() && (p.charAt(pi) == '?' || p.charAt(pi) == s.charAt(si))) {
                pi++;
                si++;
            } else if (pi < p.length() && p.charAt(pi) == '*') {
                star = pi++;
                mark = si;
            } else if (star >= 0) {
                pi = star + 1;
                si = ++mark;
            } else {
                return false;
            }
        }
        while (pi < p.length() && p.charAt(pi) == '*') {
            pi++;
        }
        return pi == p.length();
    }
}
