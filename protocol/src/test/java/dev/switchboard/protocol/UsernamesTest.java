package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UsernamesTest {

    @Test
    void acceptsOrdinaryNames() {
        for (String n : new String[] {"alice", "Bob_2", "x", "Ümit", "山田", "a".repeat(32), "o'neil", "user.name-1",
                "שלום", "Ελένη", "Дмитрий", "caf\u00E9", "tanaka田中", "ci-bot", "u00042"}) {
            assertThat(Usernames.problem(n)).as(n).isNull();
        }
    }

    @Test
    void rejectsEachBrokenRule() {
        for (String n : new String[] {"", "a".repeat(33), "a|b", "a,b", "a b", "tab\there", "nl\n", "\u0007bell",
                "zero\u200Bwidth", "nbsp\u00A0", "#room", "MSG", "msg", "Users", "welcome", "error", "ALL", "cap", "Ping", "pong",
                "quit", "join", "leave", "auth", "History", "typing", "ack", "register", "sent", "token"}) {
            assertThat(Usernames.problem(n)).as("'%s'", n).isNotNull();
        }
    }

    /** The lookalikes a black-box run got online beside the originals, each refused. */
    @Test
    void refusesNamesThatImpersonate() {
        String[] lookalikes = {
            "\u0430lice",                 // Cyrillic а in a Latin name
            "b\u03BFb",                   // Greek ο
            "adm\u0456n",                 // Cyrillic і
            "\u0391LL",                   // Greek Α: mixed scripts, and ALL is reserved
            "\uFF2D\uFF33\uFF27",         // full-width MSG: mapped to MSG, reserved
            "\uD835\uDC0C\uD835\uDC1A\uD835\uDC2D\uD835\uDC21\uD835\uDC2C", // mathematical bold "Maths"
            "\u0410\u0421\u041A",         // Cyrillic АСК looks like the reserved ACK
            "name\u034F", "name\uFE0F", "name\uDB40\uDD00", "name\u115F", "name\u3164", "name\u2800", "name\u180B", // invisible
            "bob\u201Acarol", "bob\uFF0Ccarol", "bob\u3001carol", "bob\u060Ccarol", // commas that read as a list
            "admin\uFF5Chi", "admin\u2223hi", "admin\u01C0hi", // bars that read as a field separator
            "\uFF03lobby",                // a full-width # reads as a room
            "\uD83C\uDF89party",          // emoji are symbols: not in RFC 8265's IdentifierClass
        };
        for (String n : lookalikes) {
            assertThat(Usernames.problem(n)).as("'%s' (%s)", n, n.codePoints().mapToObj(Integer::toHexString).toList())
                    .isNotNull();
        }
    }

    @Test
    void widthAndCompositionMapToOneSpelling() {
        assertThat(Usernames.canonical("\uFF22\uFF2F\uFF22")).isEqualTo("BOB");
        assertThat(Usernames.canonical("cafe\u0301")).isEqualTo("caf\u00E9");
        assertThat(Usernames.key("cafe\u0301")).isEqualTo(Usernames.key("CAF\u00C9"));
        assertThat(Usernames.canonical("alice")).isEqualTo("alice");
    }

    @Test
    void lengthCountsCharactersNotBytes() {
        assertThat(Usernames.isValid("é".repeat(32))).isTrue();
        assertThat(Usernames.isValid("山".repeat(32))).isTrue();
        assertThat(Usernames.isValid("山".repeat(33))).isFalse();
    }

    @Test
    void keyIgnoresCaseTheWayRfc8265Does() {
        assertThat(Usernames.key("Alice")).isEqualTo(Usernames.key("aLICE"));
        assertThat(Usernames.key("bob")).isNotEqualTo(Usernames.key("bobby"));
        // Lower-casing, not folding: the capital sharp s is the same user, "SS" another one ...
        assertThat(Usernames.key("stra\u00DFe")).isEqualTo(Usernames.key("STRA\u1E9EE"));
        assertThat(Usernames.key("stra\u00DFe")).isNotEqualTo(Usernames.key("STRASSE"));
        // ... who looks like them in capitals, so a server keeps only one of them online.
        assertThat(Usernames.looksAlike(Usernames.skeletons("stra\u00DFe"), Usernames.skeletons("STRASSE"))).isTrue();
    }

    @Test
    void skeletonsTellLookalikesApart() {
        assertThat(Usernames.looksAlike(Usernames.skeletons("rn"), Usernames.skeletons("m"))).isTrue();
        assertThat(Usernames.looksAlike(Usernames.skeletons("\u0430\u0441\u0435"), Usernames.skeletons("ace")))
                .as("an all-Cyrillic name that reads as a Latin one").isTrue();
        assertThat(Usernames.looksAlike(Usernames.skeletons("alice"), Usernames.skeletons("bob"))).isFalse();
        assertThat(Usernames.looksAlike(Usernames.skeletons("Alice"), Usernames.skeletons("alice"))).isTrue();
    }
}
