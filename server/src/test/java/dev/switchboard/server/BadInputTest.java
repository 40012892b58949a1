package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Misbehaving peers next to well-behaved ones: a 1 MB line, empty lines, invalid UTF-8, NUL
 * bytes, half a username then RST. Everyone else keeps being served, and nothing reaches anyone
 * mangled or cut.
 */
class BadInputTest {

    @RegisterExtension
    final ServerExtension ext = new ServerExtension();

    @Test
    void misbehavingPeersNeverHurtAnyoneElse() throws Exception {
        LineClient alice = ext.login("alice");
        LineClient bob = ext.login("bob");
        LineClient mallory = ext.login("mallory");

        byte[] megaLine = new byte[1 << 20];
        Arrays.fill(megaLine, (byte) 'm');
        List<CompletableFuture<Void>> attacks = new ArrayList<>();
        attacks.add(CompletableFuture.runAsync(() -> run(() -> {
            mallory.sendRaw("bob|".getBytes(StandardCharsets.UTF_8));
            mallory.sendRaw(megaLine);
            mallory.sendRaw("\n\n\r\n\n".getBytes(StandardCharsets.UTF_8));
            mallory.sendRaw(new byte[] {'b', 'o', 'b', '|', (byte) 0xFF, (byte) 0xFE, '\n'});
            mallory.sendRaw(new byte[] {'b', 'o', 'b', '|', 'a', 0, 'b', '\n'});
            mallory.sendRaw(new byte[] {'b', 'o', 'b', '|', (byte) 0xE2, (byte) 0x82, '\n'}); // cut '€'
            mallory.send("bob|mallory's one clean line");
        })));
        for (int i = 0; i < 5; i++) {
            attacks.add(CompletableFuture.runAsync(() -> run(() -> {
                LineClient half = ext.client();
                half.sendRaw("half-a-na".getBytes(StandardCharsets.UTF_8));
                half.reset();
            })));
        }
        for (int i = 0; i < 200; i++) {
            alice.send("bob|hello " + i);
        }
        for (CompletableFuture<Void> a : attacks) {
            a.get();
        }
        assertThat(mallory.await(l -> l.equals("ERROR|Line too long"), "line too long")).isNotNull();
        mallory.awaitLine("ERROR|Invalid UTF-8, line discarded");
        mallory.awaitLine("ERROR|NUL byte not allowed, line discarded");
        mallory.awaitLine("ERROR|Invalid UTF-8, line discarded");

        int next = 0;
        boolean malloryLine = false;
        while (next < 200 || !malloryLine) {
            String l = bob.next();
            if (l.startsWith("MSG|alice|")) {
                assertThat(l).isEqualTo("MSG|alice|hello " + next);
                next++;
            } else if (l.startsWith("MSG|mallory|")) {
                assertThat(l).isEqualTo("MSG|mallory|mallory's one clean line");
                malloryLine = true;
            } else {
                assertThat(l).startsWith("USERS|");
            }
        }
        assertThat(bob.sync()).noneMatch(l -> l.startsWith("MSG|"));
        WireProtocolTest.awaitUsers(alice, "alice", "bob", "mallory");
        assertThat(ext.server().usersOnline()).isEqualTo(3);
    }

    interface IoAction {
        void run() throws Exception;
    }

    private static void run(IoAction a) {
        try {
            a.run();
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }
}
