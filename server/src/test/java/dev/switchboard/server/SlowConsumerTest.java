package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A client that stops reading while 6 MB are pipelined at it. */
class SlowConsumerTest {
    static final int LINES = 6_000;
    static final String PAYLOAD = "p".repeat(1_000);

    @RegisterExtension
    final ServerExtension ext = new ServerExtension();

    @Test
    void senderIsUnaffectedAndTheSlowClientIsDroppedAndLeavesTheList() throws Exception {
        LineClient sender = ext.login("sender");
        LineClient watcher = ext.login("watcher");
        LineClient slow = ext.silentClient();
        slow.send("slow");
        WireProtocolTest.awaitUsers(watcher, "sender", "watcher", "slow");

        StringBuilder flood = new StringBuilder();
        for (int i = 0; i < LINES; i++) {
            flood.append("slow|").append(i).append(' ').append(PAYLOAD).append('\n');
        }
        byte[] bytes = flood.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(bytes.length).isGreaterThan(6_000_000);
        CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
            try {
                sender.sendRaw(bytes);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });

        // The slow client leaves the list while the sender is still pushing.
        WireProtocolTest.awaitUsers(watcher, "sender", "watcher");
        sent.get();
        // The sender keeps chatting, and was told about what could not be delivered.
        sender.send("watcher|still here");
        watcher.awaitLine("MSG|sender|still here");
        List<String> senderSaw = sender.sync();
        assertThat(senderSaw).contains("ERROR|User slow is not online");
        ext.awaitLog(l -> l.startsWith("[LEAVE] slow (send queue exceeded"), 1, "the slow consumer's drop in the log");

        // Whatever reached the slow client before the cut is whole and in order, never cut in pieces.
        slow.startReading();
        List<String> got = slow.awaitClosed();
        int expected = 0;
        for (String l : got) {
            if (l.startsWith("MSG|")) {
                assertThat(l).isEqualTo("MSG|sender|" + expected + " " + PAYLOAD);
                expected++;
            } else {
                assertThat(l).matches("WELCOME\\|.*|USERS\\|.*|ERROR\\|Send queue exceeded");
            }
        }
        assertThat(expected).isLessThan(LINES);
    }
}
