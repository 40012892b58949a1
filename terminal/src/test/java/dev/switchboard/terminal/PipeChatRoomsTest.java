package dev.switchboard.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.client.ClientConfig;
import dev.switchboard.client.FakeServer;
import dev.switchboard.client.FeedTransport;
import dev.switchboard.client.ReconnectPolicy;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Rooms in the pipe mode: the lines it sends and prints, on server lines fed without a socket
 * ({@link FeedTransport}) and from a scripted server ({@link FakeServer}).
 */
class PipeChatRoomsTest {

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    private String out() {
        synchronized (out) {
            return outBytes.toString(StandardCharsets.UTF_8);
        }
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    private static CompletableFuture<Integer> runAsync(PipeChat chat) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return chat.run();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void roomEventsArePrintedAsTheProtocolWritesThemAndJoinComesFirst() throws Exception {
        FeedTransport transport = new FeedTransport();
        PipedOutputStream feed = new PipedOutputStream();
        BufferedReader input = new BufferedReader(new InputStreamReader(new PipedInputStream(feed), StandardCharsets.UTF_8));
        PipeChat chat = new PipeChat(ClientConfig.of("server.test", 5555, "alice").withTransport(transport)
                .withCloseTimeout(Duration.ofMillis(300)), input, out, err, false, List.of("#rust"));
        CompletableFuture<Integer> exit = runAsync(chat);

        FeedTransport.Connection c = transport.next().expectLogin("alice");
        chat.client().processLine("CAP|LS|presence,rooms");
        assertThat(c.take()).isEqualTo("CAP|REQ|rooms");
        for (String l : List.of("CAP|ACK|presence", "WELCOME|hi", "CAP|ACK|rooms", "USERS|alice,bob,carol")) {
            chat.client().processLine(l);
        }
        // --join goes out at login, before any line of the input.
        assertThat(c.take()).isEqualTo("JOIN|#rust");
        for (String l : List.of("USERS|#Rust|@bob,carol,alice", "TOPIC|#Rust|bob|deploys at 5", "JOIN|#Rust|dave",
                "MSG|#Rust|dave|hi | all", "LEAVE|#Rust|dave|quit: bye", "LEAVE|#Rust|carol|Kicked by bob: spam",
                "LEAVE|#Rust|bob")) {
            chat.client().processLine(l);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> out().contains("LEAVE|#Rust|bob\n"));
        assertThat(out().lines()).containsExactly(
                "WELCOME|hi",
                "USERS|alice,bob,carol",
                "USERS|#Rust|@bob,carol,alice",
                "TOPIC|#Rust|bob|deploys at 5",
                "JOIN|#Rust|dave",
                "MSG|#Rust|dave|hi | all",
                "LEAVE|#Rust|dave|quit: bye",
                "LEAVE|#Rust|carol|Kicked by bob: spam",
                "LEAVE|#Rust|bob");

        feed.write("#rust|hello room\n/topic #rust new | topic\n/names #rust\n/part #rust done\n#lobby|to all\n"
                .getBytes(StandardCharsets.UTF_8));
        feed.close();
        // Every barrier (one while the input pauses, one at its end) is answered, until QUIT.
        List<String> sent = new ArrayList<>();
        for (String l = c.take(); !l.equals("QUIT"); l = c.take()) {
            if (l.startsWith("PING|")) {
                chat.client().processLine("PONG|" + l.substring(5));
            } else {
                sent.add(l);
            }
        }
        assertThat(sent).containsExactly("#rust|hello room", "TOPIC|#rust|new | topic", "USERS|#rust", "LEAVE|#rust|done",
                "ALL|to all");
        assertThat(exit.get(10, TimeUnit.SECONDS)).as(err()).isZero();
        assertThat(err()).isEmpty();
    }

    @Test
    void badRoomLinesAreRefusedWithTheirLineNumber() throws Exception {
        try (FakeServer server = new FakeServer()) {
            String script = "/join rust\n/kick #rust\n/part\n#two words|x\n/topic\n";
            PipeChat chat = new PipeChat(ClientConfig.of("127.0.0.1", server.port(), "alice")
                    .withCloseTimeout(Duration.ofMillis(300)), new BufferedReader(new StringReader(script)), out, err, false);
            CompletableFuture<Integer> exit = runAsync(chat);
            FakeServer.Peer p = server.accept().expectLogin("alice");
            p.send("CAP|LS|presence,rooms");
            assertThat(p.take()).isEqualTo("CAP|REQ|rooms");
            p.send("CAP|ACK|presence", "WELCOME|hi", "CAP|ACK|rooms", "USERS|alice");
            // Nothing of the script reached the server (each line was refused here), so no barrier either.
            assertThat(p.take()).isEqualTo("QUIT");
            p.close();
            assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(err().lines()).containsExactly(
                    "switchboard chat: line 1: Room names start with '#': try #rust.",
                    "switchboard chat: line 2: Usage: /kick [#room] NAME [reason]",
                    "switchboard chat: line 3: Which room? Usage: /part [#room] [reason]",
                    "switchboard chat: line 4: '#two words' is not a valid room name ('#' and 1-49 characters, no spaces,"
                            + " '|' or ','); message not sent.",
                    "switchboard chat: line 5: Which room? Usage: /topic [#room] [text]",
                    "switchboard chat: 5 lines refused (exit status 1; --ignore-errors makes it 0).");
        }
    }

    @Test
    void aServerWithoutRoomsRefusesJoinHereAndTheStatusSaysSo() throws Exception {
        try (FakeServer server = new FakeServer()) {
            PipeChat chat = new PipeChat(ClientConfig.of("127.0.0.1", server.port(), "alice")
                    .withReconnect(ReconnectPolicy.immediate()).withCloseTimeout(Duration.ofMillis(300)),
                    new BufferedReader(new StringReader("#rust|anyone?\n")), out, err, false, List.of("#rust"));
            CompletableFuture<Integer> exit = runAsync(chat);
            // A seed-style server: no CAP answer at all.
            FakeServer.Peer p = server.accept().expectLogin("alice");
            p.send("WELCOME|hi", "USERS|alice");
            assertThat(p.take()).isEqualTo("QUIT"); // neither the JOIN nor the room line was sent
            p.close();
            assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(err().lines()).containsExactly(
                    "switchboard chat: --join #rust: This server has no rooms (it does not offer the rooms capability); not sent.",
                    "switchboard chat: line 1: This server has no rooms (it does not offer the rooms capability); not sent.",
                    "switchboard chat: 2 lines refused (exit status 1; --ignore-errors makes it 0).");
        }
    }
}
