package dev.switchboard.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.server.ServerConfig;
import dev.switchboard.server.SwitchboardServer;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The interactive client in a real pseudo-terminal (tmux): name prompt, tab completion, a message
 * arriving while a line is half typed, an offline target, a server restart with reconnect, /quit.
 * The last screen is kept in {@code target/tmux-screen.txt} for the docs.
 */
class InteractiveChatTmuxTest {

    private static final Duration SCREEN_WAIT = Duration.ofSeconds(15);

    @Test
    void chatsInARealTerminal() throws Exception {
        Assumptions.assumeTrue(Tmux.available(), "tmux is not installed (./switchboard test installs it)");
        SwitchboardServer server = new SwitchboardServer(ServerConfig.defaults(0).withHost("127.0.0.1")).start();
        int port = server.port();
        try (Peer bob = new Peer(port, "bob");
             Tmux tmux = new Tmux(Spawn.chat("--host", "127.0.0.1", "--port", "" + port, "--no-color"), 100, 30)) {
            Callable<String> screen = tmux::screen;
            await().atMost(SCREEN_WAIT).until(screen, s -> s.contains("Your name:"));
            tmux.type("alice");
            tmux.keys("Enter");
            await().atMost(SCREEN_WAIT).until(screen, s -> s.contains("2 online: alice, bob"));

            // Tab completes a command and then a name.
            tmux.type("/t");
            tmux.keys("Tab");
            tmux.type("b");
            tmux.keys("Tab");
            await().atMost(SCREEN_WAIT).until(screen, s -> lastLine(s).equals("> /to bob"));
            tmux.keys("Enter");
            await().atMost(SCREEN_WAIT).until(screen, s -> s.contains("Talking to bob.") && lastLine(s).equals("to bob>"));

            // A message arrives while a line is half typed: it prints above, the typed text stays.
            tmux.type("hel");
            await().atMost(SCREEN_WAIT).until(screen, s -> lastLine(s).equals("to bob> hel"));
            bob.client.sendPrivate("alice", "hi alice, got a minute?");
            await().atMost(SCREEN_WAIT).until(screen, s -> s.contains("bob: hi alice, got a minute?"));
            assertThat(lastLine(tmux.screen())).isEqualTo("to bob> hel");
            tmux.type("lo there");
            tmux.keys("Enter");
            assertThat(bob.await("msg:")).isEqualTo("msg:alice:hello there");
            await().atMost(SCREEN_WAIT).until(screen, s -> s.contains("alice → bob: hello there"));

            bob.client.sendToEveryone("lunch at noon?");
            await().atMost(SCREEN_WAIT).until(screen, s -> s.contains("[all] bob: lunch at noon?"));
            tmux.type("/msg carol are you around?");
            tmux.keys("Enter");
            await().atMost(SCREEN_WAIT).until(screen, s -> s.contains("! carol is not online; message not delivered."));

            // The server restarts: the client says so, waits, and comes back by itself.
            server.stop();
            await().atMost(SCREEN_WAIT).until(screen, s -> s.contains("! Connection lost (the server is shutting down).")
                    && s.contains("* Reconnecting in 2 s..."));
            server = new SwitchboardServer(ServerConfig.defaults(port).withHost("127.0.0.1")).start();
            await().atMost(SCREEN_WAIT).until(screen, s -> s.contains("* Back online as alice."));
            bob.await("reconnected:bob");
            tmux.type("still there?");
            tmux.keys("Enter");
            assertThat(bob.await("msg:")).isEqualTo("msg:alice:still there?");

            String last = tmux.screen();
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "tmux-screen.txt"), last + "\n");

            tmux.type("/quit");
            tmux.keys("Enter");
            await().atMost(SCREEN_WAIT).until(() -> !tmux.running());
        } finally {
            server.stop();
        }
    }

    @Test
    void aTooLongMessageSaysTheLimitAndStaysInTheInputLine() throws Exception {
        Assumptions.assumeTrue(Tmux.available(), "tmux is not installed (.ci/run installs it)");
        SwitchboardServer server = new SwitchboardServer(ServerConfig.defaults(0).withHost("127.0.0.1")).start();
        try (Peer bob = new Peer(server.port(), "bob");
             Tmux tmux = new Tmux(Spawn.chat("--host", "127.0.0.1", "--port", "" + server.port(), "--no-color",
                     "--name", "alice", "--max-line-bytes", "16384"), 100, 30)) {
            Callable<String> screen = tmux::screen;
            await().atMost(SCREEN_WAIT).until(screen, s -> s.contains("2 online: alice, bob"));
            tmux.type("/to bob");
            tmux.keys("Enter");
            await().atMost(SCREEN_WAIT).until(screen, s -> lastLine(s).equals("to bob>"));

            // A pasted page, 621 characters over the limit; its last word is what has to go.
            String kept = "a".repeat(16_000);
            tmux.paste(kept + " " + "b".repeat(1_000));
            tmux.keys("Enter");
            Callable<String> history = tmux::history;
            await().atMost(SCREEN_WAIT).until(history, s -> s.contains(
                    "! Message too long: 17,001 characters, at most 16,380 fit; not sent. It is back in the input line."));

            // The draft is all there: deleting the last word is enough to send the rest.
            tmux.keys("C-w");
            tmux.keys("Enter");
            assertThat(bob.await("msg:")).isEqualTo("msg:alice:" + kept);
            tmux.type("/quit");
            tmux.keys("Enter");
            await().atMost(SCREEN_WAIT).until(() -> !tmux.running());
        } finally {
            server.stop();
        }
    }

    @Test
    void anInvalidNameIsExplainedBeforeConnecting() throws Exception {
        Assumptions.assumeTrue(Tmux.available(), "tmux is not installed (.ci/run installs it)");
        SwitchboardServer server = new SwitchboardServer(ServerConfig.defaults(0).withHost("127.0.0.1")).start();
        try (Tmux tmux = new Tmux(Spawn.chat("--host", "127.0.0.1", "--port", "" + server.port(), "--no-color",
                "--name", "two words"), 100, 30)) {
            Callable<String> screen = tmux::screen;
            await().atMost(SCREEN_WAIT).until(screen, s -> s.contains("Your name:"));
            assertThat(tmux.history()).contains("'two words' is not a valid name (contains whitespace). Names: 1-32"
                    + " characters, no spaces, '|' or ',', not starting with '#', not a command word such as MSG or ALL.")
                    .doesNotContain("Connecting");
            tmux.type("alice");
            tmux.keys("Enter");
            await().atMost(SCREEN_WAIT).until(screen, s -> s.contains("* Connecting to 127.0.0.1:" + server.port()
                    + " as alice...") && s.contains("1 online: alice"));
        } finally {
            server.stop();
        }
    }

    @Test
    void aNameTakenWhileAwayIsSaidOnceAndEndsTheClient() throws Exception {
        Assumptions.assumeTrue(Tmux.available(), "tmux is not installed (.ci/run installs it)");
        SwitchboardServer server = new SwitchboardServer(ServerConfig.defaults(0).withHost("127.0.0.1")).start();
        int port = server.port();
        try (Tmux tmux = new Tmux(Tmux.reportingExit(Spawn.chat("--host", "127.0.0.1", "--port", "" + port,
                "--no-color", "--name", "alice")), 100, 30)) {
            Callable<String> screen = tmux::screen;
            await().atMost(SCREEN_WAIT).until(screen, s -> s.contains("1 online: alice"));
            server.stop();
            await().atMost(SCREEN_WAIT).until(screen, s -> s.contains("* Reconnecting in"));
            // Someone else takes the name before the client is back (its first retry is 1.5 s away at least).
            server = new SwitchboardServer(ServerConfig.defaults(port).withHost("127.0.0.1")).start();
            try (Peer other = new Peer(port, "alice")) {
                await().atMost(SCREEN_WAIT).until(tmux::history, s -> s.contains("[exit status 3]"));
                String all = tmux.history();
                assertThat(all).contains("! Could not log in again: The name 'alice' is already taken on 127.0.0.1:"
                        + port + ".");
                assertThat(all.split("Could not log in again", -1)).as(all).hasSize(2);
            }
        } finally {
            server.stop();
        }
    }

    @Test
    void aBurstOfLoginsIsSummedUpInOneLine() throws Exception {
        Assumptions.assumeTrue(Tmux.available(), "tmux is not installed (.ci/run installs it)");
        SwitchboardServer server = new SwitchboardServer(ServerConfig.defaults(0).withHost("127.0.0.1")).start();
        List<Socket> crowd = new ArrayList<>();
        try (Tmux tmux = new Tmux(Spawn.chat("--host", "127.0.0.1", "--port", "" + server.port(), "--no-color",
                "--name", "alice"), 100, 30)) {
            Callable<String> screen = tmux::screen;
            await().atMost(SCREEN_WAIT).until(screen, s -> s.contains("1 online: alice"));
            for (int i = 0; i < 30; i++) {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
                s.getOutputStream().write(String.format("load%02d\n", i).getBytes(StandardCharsets.UTF_8));
                crowd.add(s);
            }
            await().atMost(SCREEN_WAIT).until(tmux::history, s -> s.contains("* 25 more joined; 31 online (/users lists them)"));
            String all = tmux.history();
            assertThat(all.lines().filter(l -> l.matches(".* \\* load\\d\\d joined"))).as(all).hasSize(5);

            tmux.type("/presence off");
            tmux.keys("Enter");
            await().atMost(SCREEN_WAIT).until(screen, s -> s.contains("* Presence lines off; /users lists who is online."));
        } finally {
            for (Socket s : crowd) {
                s.close();
            }
            server.stop();
        }
    }

    private static String lastLine(String screen) {
        List<String> lines = screen.lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1).stripTrailing();
    }
}
