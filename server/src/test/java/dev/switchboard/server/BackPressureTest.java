package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Clients that ask for more than they read: their reader is slowed down, nobody is dropped. */
class BackPressureTest {

    @RegisterExtension
    final ServerExtension ext = new ServerExtension();

    /**
     * A million pipelined PINGs (7 MB, more than the send queue and every socket buffer on the
     * way hold) from a client that reads nothing until the server has had to stop reading it,
     * then reads everything: every PING is answered, in order, and the client stays. Without
     * back-pressure the server would read all 7 MB and drop the client for a send queue that its
     * own answers filled.
     */
    @Test
    void pipelinedPingsAreAllAnsweredAndTheClientStays() throws Exception {
        final int pings = 1_000_000;
        LineClient c = ext.silentClient();
        byte[] burst = ("piper\n" + "PING|x\n".repeat(pings) + "PING|done\n").getBytes(StandardCharsets.US_ASCII);
        CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
            try {
                c.sendRaw(burst);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        await("the server to stop reading the client, or to drop it").atMost(LineClient.TIMEOUT)
                .until(() -> ext.server().stats().readPauses.sum() > 0
                        || ext.logLines().stream().anyMatch(l -> l.contains("send queue exceeded")));
        c.startReading();
        assertThat(c.next()).startsWith("WELCOME|");
        boolean sawList = false; // presence comes from another thread: anywhere among the answers
        for (int i = 0; i < pings; i++) {
            String l = c.next();
            if (!sawList && l.equals("USERS|piper")) {
                sawList = true;
                l = c.next();
            }
            if (!l.equals("PONG|x")) {
                assertThat(l).as("answer %d of %d", i + 1, pings).isEqualTo("PONG|x");
            }
        }
        assertThat(c.next()).isEqualTo("PONG|done");
        sent.get(30, TimeUnit.SECONDS);
        assertThat(ext.logLines()).noneMatch(l -> l.contains("send queue exceeded"));
    }

    /**
     * With 300 users online (a 10 KB list), 20,000 pipelined USERS requests get one list per
     * request only while the previous one is written: one outstanding list per client. The
     * client stays, and the list it ends with is exact.
     */
    @Test
    void pipelinedUserListRequestsShareOneOutstandingList() throws Exception {
        final int users = 300;
        final int requests = 20_000;
        List<LineClient> others = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < users - 1; i++) {
            String name = String.format("member-with-a-long-name-%04d", i);
            names.add(name);
            others.add(ext.client().send(name));
        }
        for (LineClient o : others) {
            assertThat(o.next()).startsWith("WELCOME|");
        }
        LineClient c = ext.login("asker");
        names.add("asker");
        WireProtocolTest.awaitUsers(c, names.toArray(String[]::new));
        c.sync();

        CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
            try {
                c.sendRaw("USERS\n".repeat(requests).getBytes(StandardCharsets.US_ASCII));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        sent.get(30, TimeUnit.SECONDS);
        List<String> got = c.sync();
        assertThat(got).isNotEmpty().allMatch(l -> l.startsWith("USERS|"));
        assertThat(got.size()).as("lists sent for %d requests", requests).isLessThan(requests / 4);
        String last = got.get(got.size() - 1);
        assertThat(Arrays.asList(last.substring("USERS|".length()).split(","))).containsExactlyInAnyOrderElementsOf(names);
        assertThat(ext.logLines()).noneMatch(l -> l.contains("send queue exceeded"));
    }
}
