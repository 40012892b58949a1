package dev.switchboard.irc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Usernames;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Plain nicks, aliases for every other username, and IRC's case folding and masks. */
class NicksTest {

    @Test
    void namesThatAreNicksStayThemselves() {
        for (String n : new String[] {"alice", "Bob", "[x]", "a-b", "_", "`quote", "x^y{}\\", "a".repeat(32)}) {
            assertThat(Nicks.isPlainNick(n)).as(n).isTrue();
            assertThat(Nicks.nickOf(n)).isEqualTo(n);
            assertThat(Nicks.usernameOf(n)).isEqualTo(n);
        }
    }

    @Test
    void otherNamesGetAliasesThatDecodeBack() {
        Map<String, String> examples = Map.of("zoë", "zo|hua", "a.b", "ab|8da", "42", "|42|", "-x", "|-x|",
                "alice@home", "alicehome|psa", "日本語", "|kkv71a119e", "$money", "money|gga");
        examples.forEach((name, alias) -> {
            assertThat(Nicks.nickOf(name)).as(name).isEqualTo(alias);
            assertThat(Nicks.usernameOf(alias)).as(alias).isEqualTo(name);
            // IRC clients fold ASCII case: any spelling of the alias names the same user.
            assertThat(Usernames.key(Nicks.usernameOf(alias.toUpperCase(java.util.Locale.ROOT))))
                    .isEqualTo(Usernames.key(name));
        });
    }

    @Test
    void aliasesAreUniqueReversibleNicksForRandomNames() {
        Random r = new Random(14);
        String pool = "abcXYZ019-_[]{}\\^`.!@*?:$&#~%+/éÉßσςΣ日本😀ǅİı";
        int[] cps = pool.codePoints().toArray();
        Map<String, String> byFoldedNick = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            int len = 1 + r.nextInt(32);
            for (int k = 0; k < len; k++) {
                sb.appendCodePoint(cps[r.nextInt(cps.length)]);
            }
            String name = sb.toString();
            if (!Usernames.isValid(name)) {
                continue;
            }
            String nick = Nicks.nickOf(name);
            assertThat(Nicks.usernameOf(nick)).as("decode of %s (%s)", nick, name).isEqualTo(name);
            assertThat(isRfcNickSyntax(nick)).as("%s for %s", nick, name).isTrue();
            assertThat(nick.indexOf('|') >= 0).as("aliased: %s", name).isEqualTo(!Nicks.isPlainNick(name));
            // Two names that may be online together never look the same to an IRC client.
            String other = byFoldedNick.putIfAbsent(Nicks.fold(nick), name);
            if (other != null) {
                assertThat(Usernames.key(other)).as("%s and %s share %s", other, name, nick).isEqualTo(Usernames.key(name));
            }
        }
    }

    /** RFC 2812: a letter or special first, then letters, digits, specials and '-'. */
    private static boolean isRfcNickSyntax(String n) {
        String special = "[]\\`_^{|}";
        if (n.isEmpty()) {
            return false;
        }
        char c0 = n.charAt(0);
        if (!(Character.isLetter(c0) && c0 < 128) && special.indexOf(c0) < 0) {
            return false;
        }
        for (char c : n.toCharArray()) {
            if (!((c < 128 && Character.isLetterOrDigit(c)) || special.indexOf(c) >= 0 || c == '-')) {
                return false;
            }
        }
        return true;
    }

    @Test
    void nicksThatCannotBeAnyonesAliasDoNotDecode() {
        for (String bad : new String[] {"|", "a|b|c", "zo|HUA!", "42|", "||x", "|a|", "a|a", "x|!", "x|", "Bob|"}) {
            assertThat(Nicks.usernameOf(bad)).as(bad).isNull();
        }
    }

    @Test
    void registrationTakesPlainValidUsernamesOnly() {
        assertThat(Nicks.registrationProblem("alice")).isNull();
        assertThat(Nicks.registrationProblem("a|b")).contains("'|'");
        assertThat(Nicks.registrationProblem("1abc")).contains("not starting with a digit");
        assertThat(Nicks.registrationProblem("zoë")).isNotNull();
        assertThat(Nicks.registrationProblem("a.b")).isNotNull();
        assertThat(Nicks.registrationProblem("a".repeat(33))).isNotNull();
        assertThat(Nicks.registrationProblem("MSG")).contains("reserved");
        assertThat(Nicks.registrationProblem("away")).contains("reserved");
    }

    @Test
    void asciiCaseFoldingAndMasks() {
        assertThat(Nicks.fold("AbC[]{}é")).isEqualTo("abc[]{}é");
        assertThat(Nicks.matches("coolni*", "coolNick")).isTrue();
        assertThat(Nicks.matches("*", "")).isTrue();
        assertThat(Nicks.matches("a?c", "ABC")).isTrue();
        assertThat(Nicks.matches("a*b*c", "axxbyyc")).isTrue();
        assertThat(Nicks.matches("a*b*c", "axxbyy")).isFalse();
        assertThat(Nicks.matches("*.switchboard", "line.switchboard")).isTrue();
        assertThat(Nicks.matches("bob", "bobby")).isFalse();
    }
}
