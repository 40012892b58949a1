package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UsernamesTest {

    @Test
    void acceptsOrdinaryNames() {
        for (String n : new String[] {"alice", "Bob_2", "x", "Ümit", "山田", "a".repeat(32), "🎉party", "o'neil", "user.name-1"}) {
            assertThat(Usernames.problem(n)).as(n).isNull();
        }
    }

    @Test
    void rejectsEachBrokenRule() {
        for (String n : new String[] {"", "a".repeat(33), "a|b", "a,b", "a b", "tab\there", "nl\n", "\u0007bell",
                "zero\u200Bwidth", "nbsp\u00A0", "MSG", "msg", "Users", "welcome", "error", "ALL", "cap", "Ping", "pong",
                "quit", "join", "leave", "auth", "History", "typing", "ack"}) {
            assertThat(Usernames.problem(n)).as("'%s'", n).isNotNull();
        }
    }

    @Test
    void lengthCountsCharactersNotBytes() {
        assertThat(Usernames.isValid("é".repeat(32))).isTrue();
        assertThat(Usernames.isValid("𝄞".repeat(32))).isTrue();
        assertThat(Usernames.isValid("𝄞".repeat(33))).isFalse();
    }

    @Test
    void keyIgnoresCase() {
        assertThat(Usernames.key("Alice")).isEqualTo(Usernames.key("aLICE"));
        assertThat(Usernames.key("straße")).isEqualTo(Usernames.key("STRASSE"));
        assertThat(Usernames.key("bob")).isNotEqualTo(Usernames.key("bobby"));
    }
}
