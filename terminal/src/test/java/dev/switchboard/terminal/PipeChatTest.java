package dev.switchboard.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.client.ClientConfig;
import dev.switchboard.client.ReconnectPolicy;
import dev.switchboard.server.ServerConfig;
import dev.switchboard.server.SwitchboardServer;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The scriptable mode end to end against the real server, in process. */
class PipeChatTest {

    private SwitchboardServer server;
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    @BeforeEach
    void start() throws Exception {
        server = new SwitchboardServer(ServerConfig.defaults(0).withHost("127.0.0.1")).start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private String out() {
        synchronized (out) {
            return outBytes.toString(StandardCharsets.UTF_8);
        }
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    private int run(String name, BufferedReader input) throws Exception {
        return run(name, input, false);
    }

    private int run(String name, BufferedReader input, boolean ignoreErrors) throws Exception {
        return new PipeChat(ClientConfig.of("127.0.0.1", server.port(), name), input, out, err, ignoreErrors).run();
    }

    private static BufferedReader lines(String script) {
        return new BufferedReader(new StringReader(script));
    }

    @Test
    void sendsEveryLineThenQuitsAtEndOfInputWithStatusZero() throws Exception {
        try (Peer bob = new Peer(server.port(), "bob")) {
            int code = run("alice", lines("bob|hello bob\n/all hi everyone\nALL|also to all\n\nbob|a|b\n"));

            assertThat(code).as(err()).isZero();
            assertThat(bob.await("msg:")).isEqualTo("msg:alice:hello bob");
            assertThat(bob.await("all:")).isEqualTo("all:alice:hi everyone");
            assertThat(bob.await("all:")).isEqualTo("all:alice:also to all");
            assertThat(bob.await("msg:")).isEqualTo("msg:alice:a|b");
            assertThat(out().lines()).containsExactly(
                    "WELCOME|Welcome to Switchboard, alice",
                    "USERS|alice,bob",
                    "DISCONNECTED|you quit");
            assertThat(err()).isEmpty();
        }
    }

    private static final String SCRIPT_WITH_PROBLEMS = "bob|hello bob\ncarol|anyone?\nno bar here\nbob|\nbob|bye\n";

    @Test
    void aRejectedOrUndeliveredLineMakesTheStatusOne() throws Exception {
        try (Peer bob = new Peer(server.port(), "bob")) {
            int code = run("alice", lines(SCRIPT_WITH_PROBLEMS));

            assertThat(code).as(err()).isEqualTo(1);
            assertThat(bob.await("msg:")).isEqualTo("msg:alice:hello bob");
            assertThat(bob.await("msg:")).isEqualTo("msg:alice:bye"); // the empty one was not sent
            // The offline error came back before the exit: nothing is lost at EOF.
            assertThat(out().lines()).containsExactly(
                    "WELCOME|Welcome to Switchboard, alice",
                    "USERS|alice,bob",
                    "ERROR|User carol is not online",
                    "DISCONNECTED|you quit");
            assertThat(err().lines()).containsExactly(
                    "switchboard chat: line 3 ignored: expected target|text or /all text",
                    "switchboard chat: line 4: empty message to bob; not sent.",
                    "switchboard chat: 2 lines refused, 1 message not delivered (exit status 1; --ignore-errors makes it 0).");
        }
    }

    @Test
    void ignoreErrorsExitsZeroAnyway() throws Exception {
        try (Peer bob = new Peer(server.port(), "bob")) {
            assertThat(run("alice", lines(SCRIPT_WITH_PROBLEMS), true)).isZero();
            assertThat(out()).contains("ERROR|User carol is not online\n");
            assertThat(err()).contains("line 3 ignored").contains("line 4: empty message").doesNotContain("exit status");
        }
    }

    @Test
    void emptyMessagesAreNeverSent() throws Exception {
        try (Peer bob = new Peer(server.port(), "bob")) {
            assertThat(run("alice", lines("bob|\nbob|   \nALL|\n/all\n/all   \nbob|after\n"))).isEqualTo(1);
            assertThat(bob.await("msg:")).isEqualTo("msg:alice:after");
            assertThat(err()).contains("line 1: empty message to bob; not sent.", "line 2: empty message to bob; not sent.",
                    "line 3: empty message to everyone; not sent.", "line 4: empty message to everyone; not sent.",
                    "line 5: empty message to everyone; not sent.", "5 lines refused");
        }
    }

    @Test
    void aTooLongLineSaysTheLimitInCharactersAndBytes() throws Exception {
        try (Peer bob = new Peer(server.port(), "bob")) {
            String script = "bob|" + "x".repeat(70_000) + "\nbob|" + "é".repeat(40_000) + "\nbob|fits\n";
            assertThat(run("alice", lines(script))).isEqualTo(1);
            assertThat(bob.await("msg:")).isEqualTo("msg:alice:fits");
            // 65,536 bytes a line, "bob|" included.
            assertThat(err()).contains(
                    "line 1: Message too long: 70,000 characters, at most 65,532 fit; not sent.",
                    "line 2: Message too long: 40,000 characters take 80,000 bytes, at most 65,532 bytes fit; not sent.");
        }
    }

    @Test
    void joinsARoomFromTheCommandLineAndTalksInIt() throws Exception {
        try (Peer bob = new Peer(server.port(), "bob")) {
            bob.client.joinRoom("#ops");
            assertThat(bob.await("roomJoined:")).isEqualTo("roomJoined:#ops:@bob");
            String script = "#ops|deploy 1432 is out\n/topic #ops green\n#nowhere|anyone?\n/part #ops done here\n";
            int code = new PipeChat(ClientConfig.of("127.0.0.1", server.port(), "alice"), lines(script), out, err, false,
                    List.of("#ops")).run();

            assertThat(bob.await("memberJoined:")).isEqualTo("memberJoined:#ops:alice");
            assertThat(bob.await("roomMsg:")).isEqualTo("roomMsg:#ops:alice:deploy 1432 is out");
            assertThat(bob.await("memberLeft:")).isEqualTo("memberLeft:#ops:alice:done here");
            assertThat(code).as(err()).isEqualTo(1);
            assertThat(out().lines()).containsExactly(
                    "WELCOME|Welcome to Switchboard, alice",
                    "USERS|alice,bob",
                    "USERS|#ops|@bob,alice",
                    "ERROR|Not an operator of #ops",
                    "ERROR|No such room #nowhere",
                    "LEAVE|#ops|alice|done here",
                    "DISCONNECTED|you quit");
            assertThat(err()).contains("2 messages not delivered");
        }
    }

    @Test
    void waitsForTheOutcomeOfTheLastLineEvenFromASlowServer() throws Exception {
        // Flood control reads this client at 3 lines/s: the answer to its last line comes seconds
        // after QUIT was queued, later than the client's 2 s close timeout.
        server.stop();
        server = new SwitchboardServer(ServerConfig.defaults(0).withHost("127.0.0.1")
                .withFlood(3, 1, Duration.ofSeconds(30), true)).start();
        try (Peer bob = new Peer(server.port(), "bob")) {
            int code = run("alice", lines("bob|1\nbob|2\nbob|3\nbob|4\nbob|5\nbob|6\ncarol|last?\n"));
            assertThat(out()).contains("ERROR|User carol is not online\n");
            assertThat(code).as(err()).isEqualTo(1);
        }
    }

    @Test
    void aLineTheConnectionTookAwayUnconfirmedMakesTheStatusOne() throws Exception {
        try (OneDropServer fake = new OneDropServer()) {
            PipedOutputStream feed = new PipedOutputStream();
            BufferedReader input = new BufferedReader(new InputStreamReader(new PipedInputStream(feed), StandardCharsets.UTF_8));
            ClientConfig config = ClientConfig.of("127.0.0.1", fake.port(), "alice").withReconnect(ReconnectPolicy.immediate());
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
                try {
                    return new PipeChat(config, input, out, err, false).run();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> out().contains("USERS|alice,bob"));
            feed.write("bob|hello\n".getBytes(StandardCharsets.UTF_8));
            feed.flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> out().contains("RECONNECTED|alice"));
            feed.close();
            assertThat(exit.get(10, TimeUnit.SECONDS)).as(err()).isEqualTo(1);
            assertThat(err()).contains("switchboard chat: the connection ended before the server confirmed 1 message;"
                    + " it may not have been delivered.");
        }
    }

    @Test
    void printsWhatArrivesWhileInputIsOpen() throws Exception {
        PipedOutputStream feed = new PipedOutputStream();
        BufferedReader input = new BufferedReader(new InputStreamReader(new PipedInputStream(feed), StandardCharsets.UTF_8));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
            try {
                return run("alice", input);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> out().contains("USERS|alice"));
        try (Peer bob = new Peer(server.port(), "bob")) {
            await().atMost(Duration.ofSeconds(5)).until(() -> out().contains("JOIN|bob"));
            bob.client.sendPrivate("alice", "ping | with bar");
            bob.client.sendToEveryone("to all");
            await().atMost(Duration.ofSeconds(5)).until(() -> out().contains("ALL|bob|to all"));
            assertThat(out()).contains("MSG|bob|ping | with bar\n");
            feed.write("bob|pong\n".getBytes(StandardCharsets.UTF_8));
            feed.close();
            assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
            assertThat(bob.await("msg:")).isEqualTo("msg:alice:pong");
        }
    }

    @Test
    void unreachableServerIsNamedAndExitsThree() throws Exception {
        int port = server.port();
        server.stop();
        int code = new PipeChat(ClientConfig.of("127.0.0.1", port, "alice"), lines(""), out, err, false).run();
        assertThat(code).isEqualTo(3);
        assertThat(err()).contains("Cannot reach 127.0.0.1:" + port + ": connection refused (is the server running?)");
    }

    @Test
    void takenAndInvalidNamesAreExplained() throws Exception {
        try (Peer bob = new Peer(server.port(), "bob")) {
            assertThat(run("BOB", lines(""))).isEqualTo(3);
            assertThat(err()).contains("The name 'BOB' is already taken on 127.0.0.1:" + server.port());
            assertThat(run("no spaces", lines(""))).isEqualTo(3);
            assertThat(err()).contains("'no spaces' is not a valid name (contains whitespace). Names: 1-32 letters or digits");
        }
    }

    /**
     * Logs one client in like a Switchboard server, reads its first message and closes the
     * connection without answering anything more; the next connection is served properly (PING
     * answered, QUIT closes), so the client reconnects and reaches the end of its input.
     */
    private static final class OneDropServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final Thread thread = new Thread(this::serve, "one-drop-server");

        OneDropServer() throws IOException {
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve() {
            try {
                for (int connection = 1; ; connection++) {
                    try (Socket s = socket.accept()) {
                        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                        PrintStream out = new PrintStream(s.getOutputStream(), true, StandardCharsets.UTF_8);
                        String l;
                        while ((l = in.readLine()) != null && l.startsWith("CAP|")) {
                            // the name comes after the CAP lines
                        }
                        out.print("CAP|LS|presence\nCAP|ACK|presence\nWELCOME|hi\nUSERS|alice,bob\n");
                        out.flush();
                        while ((l = in.readLine()) != null) {
                            if (connection == 1 && !l.startsWith("PING|")) {
                                break; // the message: drop the connection without a word
                            } else if (l.startsWith("PING|")) {
                                out.print("PONG|" + l.substring(5) + "\n");
                                out.flush();
                            } else if (l.startsWith("QUIT")) {
                                break;
                            }
                        }
                    }
                }
            } catch (IOException e) {
                // closed by the test
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
