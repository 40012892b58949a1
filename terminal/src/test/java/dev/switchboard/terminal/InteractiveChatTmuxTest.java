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
 * arriving while a line is half typed, an offline target, a server restart with reconnect, /quit;
 * two users in a room. The last screens are kept in {@code target/} ({@code tmux-screen.txt},
 * {@code tmux-rooms-*.txt} and pictures of the room) for the docs.
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

            // Tab completes a command, and a name after /to ('/t' alone is /to or /topic now).
            tmux.type("/pres");
            tmux.keys("Tab");
            await().atMost(SCREEN_WAIT).until(screen, s -> lastLine(s).equals("> /presence"));
            tmux.keys("C-u");
            tmux.type("/to b");
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
    void twoUsersChatInARoom() throws Exception {
        Assumptions.assumeTrue(Tmux.available(), "tmux is not installed (./switchboard test installs it)");
        SwitchboardServer server = new SwitchboardServer(ServerConfig.defaults(0).withHost("127.0.0.1")).start();
        int port = server.port();
        // In colour: the screens are read as text all the same, and the pictures in docs/ come from them.
        try (Tmux alice = new Tmux(Spawn.chat("--host", "127.0.0.1", "--port", "" + port, "--name", "alice"), 100, 30);
             Tmux bob = afterLogin(alice, "1 online: alice",
                     () -> new Tmux(Spawn.chat("--host", "127.0.0.1", "--port", "" + port, "--name", "bob"), 100, 30))) {
            await().atMost(SCREEN_WAIT).until(bob::history, s -> s.contains("2 online: alice, bob"));

            // alice makes the room (she is its operator) and sets its topic; the room becomes her conversation.
            alice.type("/join #rust");
            alice.keys("Enter");
            await().atMost(SCREEN_WAIT).until(alice::screen, s -> s.contains("* You joined #rust (1): @alice")
                    && lastLine(s).equals("to #rust>"));
            alice.type("/topic Ferris the crab says hi");
            alice.keys("Enter");
            await().atMost(SCREEN_WAIT).until(alice::screen, s -> s.contains("* #rust topic: Ferris the crab says hi (set by alice)"));

            bob.type("/join #Rust");
            bob.keys("Enter");
            await().atMost(SCREEN_WAIT).until(bob::screen, s -> s.contains("* You joined #rust (2): @alice, bob")
                    && s.contains("* #rust topic: Ferris the crab says hi (set by alice)") && lastLine(s).equals("to #rust>"));
            await().atMost(SCREEN_WAIT).until(alice::screen, s -> s.contains("* bob joined #rust"));

            bob.type("hi alice, nice room | really");
            bob.keys("Enter");
            await().atMost(SCREEN_WAIT).until(alice::screen, s -> s.contains("#rust bob: hi alice, nice room | really"));
            await().atMost(SCREEN_WAIT).until(bob::screen, s -> s.contains("#rust bob: hi alice, nice room | really"));

            // Tab completes a room after a room command, and, in a room, the names of those in it.
            alice.type("/names #r");
            alice.keys("Tab");
            await().atMost(SCREEN_WAIT).until(alice::screen, s -> lastLine(s).equals("to #rust> /names #rust"));
            alice.keys("Enter");
            await().atMost(SCREEN_WAIT).until(alice::screen, s -> s.contains("* #rust (2): @alice, bob"));
            alice.type("thanks b");
            alice.keys("Tab");
            alice.type(", welcome");
            await().atMost(SCREEN_WAIT).until(alice::screen, s -> lastLine(s).equals("to #rust> thanks bob, welcome"));
            alice.keys("Enter");
            await().atMost(SCREEN_WAIT).until(bob::screen, s -> s.contains("#rust alice: thanks bob, welcome"));

            // A private message still works beside the room.
            bob.type("/msg alice see you at lunch");
            bob.keys("Enter");
            await().atMost(SCREEN_WAIT).until(alice::screen, s -> s.contains("bob: see you at lunch"));

            // The operator kicks; the kicked one is told, and the room is no longer his conversation.
            alice.type("/kick bob too much crab talk");
            alice.keys("Enter");
            await().atMost(SCREEN_WAIT).until(bob::screen, s -> s.contains("! You were kicked from #rust by alice (too much crab talk).")
                    && lastLine(s).equals(">"));
            await().atMost(SCREEN_WAIT).until(alice::screen, s -> s.contains("* bob was kicked from #rust by alice (too much crab talk)"));
            bob.type("still there?");
            bob.keys("Enter");
            await().atMost(SCREEN_WAIT).until(bob::screen, s -> s.contains("! Nobody to send to yet"));
            bob.type("/join #rust");
            bob.keys("Enter");
            await().atMost(SCREEN_WAIT).until(bob::screen, s -> s.contains("* You joined #rust (2): @alice, bob"));
            bob.type("/part #rust off to lunch");
            bob.keys("Enter");
            await().atMost(SCREEN_WAIT).until(bob::screen, s -> s.contains("* You left #rust (off to lunch)."));
            await().atMost(SCREEN_WAIT).until(alice::screen, s -> s.contains("* bob left #rust (off to lunch)"));

            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "tmux-rooms-alice.txt"), alice.history() + "\n");
            Files.writeString(Path.of("target", "tmux-rooms-bob.txt"), bob.history() + "\n");
            // docs/screenshots/terminal-rooms-*.png are these, copied by hand when the screens change.
            TerminalPicture.write(alice.screenWithColours(), 100, 23, Path.of("target", "terminal-rooms-alice.png"));
            TerminalPicture.write(bob.screenWithColours(), 100, 23, Path.of("target", "terminal-rooms-bob.png"));
            for (Tmux t : List.of(alice, bob)) {
                t.type("/quit");
                t.keys("Enter");
            }
            await().atMost(SCREEN_WAIT).until(() -> !alice.running() && !bob.running());
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
            assertThat(tmux.history()).contains("'two words' is not a valid name (contains whitespace). Names: "
                    + dev.switchboard.protocol.Usernames.RULE + ".")
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

    /** Starts the second terminal once the first shows {@code text}: who logs in first is then known. */
    private static Tmux afterLogin(Tmux first, String text, Callable<Tmux> second) throws Exception {
        await().atMost(SCREEN_WAIT).until(first::history, s -> s.contains(text));
        return second.call();
    }

    private static String lastLine(String screen) {
        List<String> lines = screen.lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1).stripTrailing();
    }
}
