package dev.switchboard.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.client.ClientConfig;
import dev.switchboard.server.ServerConfig;
import dev.switchboard.server.SwitchboardServer;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
        return new PipeChat(ClientConfig.of("127.0.0.1", server.port(), name), input, out, err).run();
    }

    @Test
    void sendsEveryLineThenQuitsAtEndOfInput() throws Exception {
        try (Peer bob = new Peer(server.port(), "bob")) {
            String script = "bob|hello bob\n/all hi everyone\nALL|also to all\ncarol|anyone?\nno bar here\n\nbob|a|b\n";
            int code = run("alice", new BufferedReader(new StringReader(script)));

            assertThat(code).isZero();
            assertThat(bob.await("msg:")).isEqualTo("msg:alice:hello bob");
            assertThat(bob.await("all:")).isEqualTo("all:alice:hi everyone");
            assertThat(bob.await("all:")).isEqualTo("all:alice:also to all");
            assertThat(bob.await("msg:")).isEqualTo("msg:alice:a|b");
            // The offline error came back before the exit: nothing is lost at EOF.
            assertThat(out().lines()).containsExactly(
                    "WELCOME|Welcome to Switchboard, alice",
                    "USERS|alice,bob",
                    "ERROR|User carol is not online",
                    "DISCONNECTED|you quit");
            assertThat(err()).contains("line 5 ignored: expected target|text or /all text");
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
    void unreachableServerIsNamedAndExitsOne() throws Exception {
        int port = server.port();
        server.stop();
        int code = new PipeChat(ClientConfig.of("127.0.0.1", port, "alice"),
                new BufferedReader(new StringReader("")), out, err).run();
        assertThat(code).isEqualTo(1);
        assertThat(err()).contains("Cannot reach 127.0.0.1:" + port + ": connection refused (is the server running?)");
    }

    @Test
    void takenAndInvalidNamesAreExplained() throws Exception {
        try (Peer bob = new Peer(server.port(), "bob")) {
            assertThat(run("BOB", new BufferedReader(new StringReader("")))).isEqualTo(1);
            assertThat(err()).contains("The name 'BOB' is already taken on 127.0.0.1:" + server.port());
            assertThat(run("no spaces", new BufferedReader(new StringReader("")))).isEqualTo(1);
            assertThat(err()).contains("'no spaces' is not a valid name (contains whitespace). Names: 1-32 characters");
        }
    }
}
