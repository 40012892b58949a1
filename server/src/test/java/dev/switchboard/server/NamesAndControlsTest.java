package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Names that cannot impersonate, content that cannot forge lines, logs that cannot be forged:
 * the black-box run's findings, each against a real server.
 */
class NamesAndControlsTest {

    @RegisterExtension
    final ServerExtension ext = new ServerExtension();

    private List<String> refused(String name) throws IOException {
        return ext.client().send(name).awaitClosed();
    }

    @Test
    void aNameThatLooksLikeOneOnlineIsTaken() throws IOException {
        ext.login("ace");
        ext.login("alice");
        assertThat(refused("\u0430\u0441\u0435")).as("all-Cyrillic асе beside ace").containsExactly("ERROR|Username already taken");
        assertThat(refused("\u0430lice")).as("a Cyrillic а in alice").containsExactly("ERROR|Invalid username");
        assertThat(refused("ALICE")).containsExactly("ERROR|Username already taken");
        ext.awaitLog(l -> l.contains("looks like one online"), 1, "the lookalike refusal in the log");
    }

    @Test
    void oneSpellingPerName() throws IOException {
        ext.login("caf\u00E9");
        assertThat(refused("cafe\u0301")).as("the same name, decomposed").containsExactly("ERROR|Username already taken");
        LineClient s = ext.login("stra\u00DFe");
        assertThat(refused("STRA\u1E9EE")).containsExactly("ERROR|Username already taken");
        assertThat(refused("STRASSE")).as("looks the same in capitals").containsExactly("ERROR|Username already taken");
        s.send("STRASSE|hi");
        s.awaitLine("ERROR|User STRASSE is not online");
        LineClient bob = ext.client().send("\uFF22\uFF2F\uFF22");
        assertThat(bob.next()).as("full-width letters are the ordinary ones").isEqualTo("WELCOME|Welcome to Switchboard, BOB");
        s.send("bob|hi");
        bob.awaitLine("MSG|stra\u00DFe|hi");
    }

    @Test
    void contentWithControlCharactersIsRefusedAndNotDelivered() throws IOException {
        LineClient bob = ext.login("bob");
        LineClient eve = ext.login("eve");
        for (String forged : List.of("bob|hi\rMSG|admin|please re-enter your password", "ALL|\u001B[2J\u001B]0;pwned\u0007",
                "ALL|\u009B31mred", "bob|a\u2028MSG|admin|b", "ALL|\u202Egnp.exe", "bob|ding\u0007")) {
            eve.send(forged);
            assertThat(eve.await(l -> l.startsWith("ERROR|"), "an error")).as(forged)
                    .isEqualTo("ERROR|Control character not allowed, line discarded");
        }
        eve.send("bob|tabs\tare text");
        bob.awaitLine("MSG|eve|tabs\tare text");
        assertThat(bob.sync()).noneMatch(l -> l.contains("admin") || l.chars().anyMatch(c -> c < 0x20 && c != '\t'));
    }

    @Test
    void clientTextCannotForgeOrFloodTheLog() throws IOException {
        LineClient mallory = ext.login("mallory");
        mallory.send("QUIT|bye\r[12:00:00] [JOIN] admin from 10.0.0.1 (1 online)");
        assertThat(mallory.await(l -> l.startsWith("ERROR|"), "an error"))
                .isEqualTo("ERROR|Control character not allowed, line discarded");
        // An escape sequence never gets as far as the log: the line is refused, the handshake still open.
        LineClient esc = ext.client().send("\u001B[31mred");
        assertThat(esc.next()).isEqualTo("ERROR|Control character not allowed, line discarded");
        // A rejected name with invisible characters is logged with them spelled out.
        assertThat(refused("ad\u200Bmin\uFEFF")).containsExactly("ERROR|Invalid username");
        ext.awaitLog(l -> l.startsWith("[REJECT]") && l.contains("'ad\\u200bmin\\ufeff'"), 1, "the escaped rejection");
        // A 60 KB reason costs the log a line, not 60 KB.
        mallory.send("QUIT|" + "x".repeat(60_000));
        mallory.awaitClosed();
        ext.awaitLog(l -> l.startsWith("[LEAVE] mallory"), 1, "mallory's leave");
        String leave = ext.logLines().stream().filter(l -> l.startsWith("[LEAVE] mallory")).findFirst().orElseThrow();
        assertThat(leave.length()).as("the [LEAVE] line").isLessThan(400);
        assertThat(ext.logLines()).allMatch(l -> l.chars().noneMatch(c -> c < 0x20 || c == 0x7F))
                .noneMatch(l -> l.contains("[JOIN] admin"));
    }
}
