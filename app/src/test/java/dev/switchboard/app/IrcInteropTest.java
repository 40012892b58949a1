package dev.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.switchboard.irc.IrcConfig;
import dev.switchboard.server.ServerConfig;
import dev.switchboard.server.SwitchboardServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real IRC clients from Debian against the real server: irssi, in a private tmux server, and
 * WeeChat (headless, driven through its FIFO). Each connects to the IRC port, is in #lobby, joins
 * a room, sees who is there, and chats both ways with a seed-style user on a raw socket (as
 * {@code nc} would be) and with the terminal client ({@code switchboard chat} in pipe mode). What
 * the IRC client saw is read from its own logs (one file per channel and query) and, for irssi,
 * its screen; every wait is on output, with a timeout.
 */
@Timeout(240)
class IrcInteropTest {

    /** Generous: irssi, the terminal client and the server share two busy cores with everything else. */
    private static final Duration WAIT = Duration.ofSeconds(45);

    @TempDir
    Path tmp;

    static boolean installed(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void irssiChatsWithASeedUserAndWithTheTerminalClient() throws Exception {
        Assumptions.assumeTrue(installed("tmux", "-V"), "tmux is not installed (./switchboard test installs it)");
        Assumptions.assumeTrue(installed("irssi", "--version"), "irssi is not installed (./switchboard test installs it)");
        SwitchboardServer server = new SwitchboardServer(ServerConfig.defaults(0).withHost("127.0.0.1")
                .withIrc(IrcConfig.defaults("irc.test"))).start();
        Path home = tmp.resolve("irssi");
        Path logs = home.resolve("logs");
        Files.createDirectories(logs);
        Files.writeString(home.resolve("config"), """
                settings = {
                  core = { real_name = "Irssi Tester"; user_name = "tester"; nick = "ircfan"; settings_autosave = "no"; };
                  "fe-common/core" = { autolog = "yes"; autolog_path = "%s/$0.log"; autolog_level = "all"; };
                };
                """.formatted(logs));
        try (SeedUser nc = new SeedUser(server.port(), "nc");
             PipeClient term = new PipeClient(server.port(), "term")) {
            nc.await(l -> l.startsWith("WELCOME|"));
            term.await(l -> l.startsWith("WELCOME|"));
            try (Tmux irssi = new Tmux(List.of("irssi", "--home=" + home, "-c", "127.0.0.1", "-p",
                    String.valueOf(server.port(ServerConfig.Protocol.IRC)), "-n", "ircfan"), 150, 40)) {
                chat(irssi, nc, term, logs);
            }
        } finally {
            server.stop();
        }
    }

    /**
     * The same conversation with irssi on the IRC TLS port, verifying the server's self-signed
     * certificate (its only CA) and its name: TLS is a transport, the chat is the same. irssi 1.4
     * matches only DNS names of the certificate, so it connects to {@code localhost} (one of them;
     * irssi prefers IPv4, which the server listens on), not to 127.0.0.1.
     */
    @Test
    void irssiOverTlsVerifiesTheCertificateAndChatsTheSame() throws Exception {
        Assumptions.assumeTrue(installed("tmux", "-V"), "tmux is not installed (./switchboard test installs it)");
        Assumptions.assumeTrue(installed("irssi", "--version"), "irssi is not installed (./switchboard test installs it)");
        Path data = tmp.resolve("data");
        SwitchboardServer server = new SwitchboardServer(ServerConfig.defaults(0).withHost("127.0.0.1")
                .withIrc(IrcConfig.defaults("irc.test")).withListener(ServerConfig.Protocol.IRC_TLS, 0)
                .withDataDir(data)).start();
        Path home = tmp.resolve("irssi-tls");
        Path logs = home.resolve("logs");
        Files.createDirectories(logs);
        Files.writeString(home.resolve("config"), """
                servers = (
                  { address = "localhost"; chatnet = "sb"; port = "%d"; autoconnect = "yes";
                    use_tls = "yes"; tls_verify = "yes"; tls_cafile = "%s"; }
                );
                chatnets = { sb = { type = "IRC"; }; };
                settings = {
                  core = { real_name = "Irssi Tester"; user_name = "tester"; nick = "ircfan"; settings_autosave = "no"; };
                  "fe-common/core" = { autolog = "yes"; autolog_path = "%s/$0.log"; autolog_level = "all"; };
                };
                """.formatted(server.port(ServerConfig.Protocol.IRC_TLS), data.resolve("tls").resolve("cert.pem"), logs));
        try (SeedUser nc = new SeedUser(server.port(), "nc");
             PipeClient term = new PipeClient(server.port(), "term")) {
            nc.await(l -> l.startsWith("WELCOME|"));
            term.await(l -> l.startsWith("WELCOME|"));
            try (Tmux irssi = new Tmux(List.of("irssi", "--home=" + home), 150, 40)) {
                chat(irssi, nc, term, logs);
            }
        } finally {
            server.stop();
        }
    }

    private static void chat(Tmux irssi, SeedUser nc, PipeClient term, Path logs) throws Exception {
        {
            Path lobby = logs.resolve("#lobby.log");
            // Registered and in #lobby, where it sees everyone, the line users included.
            awaitFile(lobby, "ircfan [~tester@irc.switchboard] has joined #lobby");
            awaitFile(lobby, "[ ircfan] [ nc] [ term]");
            term.await(l -> l.equals("JOIN|ircfan"));
            nc.await(l -> l.startsWith("USERS|") && l.contains("ircfan"));

            // A room: the seed user is in it first, irssi joins and sees it there as operator.
            nc.send("CAP|REQ|rooms", "JOIN|#dev");
            nc.await(l -> l.equals("USERS|#dev|@nc"));
            irssi.command("/join #dev");
            Path dev = logs.resolve("#dev.log");
            awaitFile(dev, "ircfan [~tester@irc.switchboard] has joined #dev");
            awaitFile(dev, "[@nc] [ ircfan]");
            nc.await(l -> l.equals("JOIN|#dev|ircfan"));
            irssi.type("hello #dev from irssi");
            nc.await(l -> l.equals("MSG|#dev|ircfan|hello #dev from irssi"));
            nc.send("#dev|hi irssi, nc here in #dev");
            awaitFile(dev, "<@nc> hi irssi, nc here in #dev");

            // Private, both ways, with the seed user...
            irssi.command("/msg nc hello nc, privately");
            nc.await(l -> l.equals("MSG|ircfan|hello nc, privately"));
            nc.send("ircfan|and hello back from a raw socket");
            awaitFile(logs.resolve("nc.log"), "<nc> and hello back from a raw socket");
            // ...and with the terminal client.
            irssi.command("/msg term hello terminal");
            term.await(l -> l.equals("MSG|ircfan|hello terminal"));
            term.send("ircfan|hello irssi, from switchboard chat");
            awaitFile(logs.resolve("term.log"), "<term> hello irssi, from switchboard chat");

            // #lobby is everyone: ALL on the line protocol.
            irssi.command("/msg #lobby hello everyone in the lobby");
            nc.await(l -> l.equals("ALL|ircfan|hello everyone in the lobby"));
            term.await(l -> l.equals("ALL|ircfan|hello everyone in the lobby"));
            term.send("/all the terminal says hi to all");
            awaitFile(lobby, "< term> the terminal says hi to all");
            nc.send("ALL|nc says hi to all");
            awaitFile(lobby, "< nc> nc says hi to all");

            // The screen shows the room's conversation too.
            irssi.command("/window goto #dev");
            irssi.awaitScreen(s -> s.contains("hi irssi, nc here in #dev") && s.contains("hello #dev from irssi"), WAIT);
            System.out.println("--- irssi's screen (#dev) ---\n" + irssi.screen());

            // The seed user leaves: irssi sees it quit from the room and the lobby.
            nc.send("QUIT|see you");
            awaitFile(dev, "nc [nc@line.switchboard] has quit [Quit: see you]");
            awaitFile(dev, "ServerMode/#dev [+o ircfan] by irc.test");
            irssi.command("/quit leaving now");
            term.await(l -> l.equals("LEAVE|ircfan"));
            System.out.println("--- irssi's #lobby log ---\n" + Files.readString(lobby));
            System.out.println("--- irssi's #dev log ---\n" + Files.readString(dev));
        }
    }

    @Test
    void weechatChatsWithASeedUserAndWithTheTerminalClient() throws Exception {
        Assumptions.assumeTrue(installed("weechat-headless", "--version"),
                "weechat-headless is not installed (./switchboard test installs it)");
        SwitchboardServer server = new SwitchboardServer(ServerConfig.defaults(0).withHost("127.0.0.1")
                .withIrc(IrcConfig.defaults("irc.test"))).start();
        Path home = tmp.resolve("weechat");
        Files.createDirectories(home);
        try (SeedUser nc = new SeedUser(server.port(), "nc");
             PipeClient term = new PipeClient(server.port(), "term")) {
            nc.send("CAP|REQ|rooms", "JOIN|#dev");
            nc.await(l -> l.equals("USERS|#dev|@nc"));
            term.await(l -> l.startsWith("WELCOME|"));
            try (WeeChat wc = new WeeChat(home, server.port(ServerConfig.Protocol.IRC), "wfan")) {
                Path logs = home.resolve("logs");
                Path lobby = logs.resolve("irc.sb.#lobby.weechatlog");
                awaitFile(lobby, "wfan (~wuser@irc.switchboard) has joined #lobby");
                awaitFile(lobby, "Channel #lobby: 3 nicks (0 ops, 3 normals)");
                term.await(l -> l.equals("JOIN|wfan"));
                wc.command("irc.server.sb", "/join #dev");
                Path dev = logs.resolve("irc.sb.#dev.weechatlog");
                awaitFile(dev, "Channel #dev: 2 nicks (1 op, 1 normal)");
                nc.await(l -> l.equals("JOIN|#dev|wfan"));
                wc.command("irc.sb.#dev", "hello #dev from weechat");
                nc.await(l -> l.equals("MSG|#dev|wfan|hello #dev from weechat"));
                nc.send("#dev|hi weechat, nc here");
                awaitFile(dev, "\thi weechat, nc here");
                wc.command("irc.server.sb", "/msg nc privately from weechat");
                nc.await(l -> l.equals("MSG|wfan|privately from weechat"));
                nc.send("wfan|back from the raw socket");
                awaitFile(logs.resolve("irc.sb.nc.weechatlog"), "nc\tback from the raw socket");
                wc.command("irc.server.sb", "/msg term hello terminal, from weechat");
                term.await(l -> l.equals("MSG|wfan|hello terminal, from weechat"));
                term.send("wfan|hello weechat, from switchboard chat");
                awaitFile(logs.resolve("irc.sb.term.weechatlog"), "term\thello weechat, from switchboard chat");
                wc.command("irc.sb.#lobby", "hello lobby from weechat");
                nc.await(l -> l.equals("ALL|wfan|hello lobby from weechat"));
                term.await(l -> l.equals("ALL|wfan|hello lobby from weechat"));
                term.send("/all the terminal to everyone");
                awaitFile(lobby, "term\tthe terminal to everyone");
                System.out.println("--- WeeChat's #lobby log ---\n" + Files.readString(lobby));
                System.out.println("--- WeeChat's #dev log ---\n" + Files.readString(dev));
                wc.command("irc.server.sb", "/quit leaving");
                term.await(l -> l.equals("LEAVE|wfan"));
            }
        } finally {
            server.stop();
        }
    }

    private static void awaitFile(Path file, String text) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && Files.readString(file).contains(text)) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(50); // polling a file irssi appends to; the wait is bounded
        }
        fail("no '%s' in %s within %s; it has:%n%s", text, file.getFileName(), WAIT,
                Files.exists(file) ? Files.readString(file) : "(no such file)");
    }

    /** Lines from a reader thread, waited on with a timeout. */
    private abstract static class Lines implements AutoCloseable {
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final List<String> seen = new ArrayList<>();

        void collect(java.io.InputStream in, String name) {
            Thread.ofPlatform().daemon(true).name("interop-" + name).start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    for (String l; (l = r.readLine()) != null; ) {
                        lines.add(l);
                    }
                } catch (IOException ignored) {
                    // closed
                }
            });
        }

        String await(Predicate<String> p) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                String l = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (l == null) {
                    return fail("no matching line within %s; got %s", WAIT, seen);
                }
                seen.add(l);
                if (p.test(l)) {
                    return l;
                }
            }
        }
    }

    /** A seed-style user on a raw socket, speaking the line protocol as {@code nc} would. */
    private static final class SeedUser extends Lines {
        private final Socket socket = new Socket();
        private final OutputStream out;

        SeedUser(int port, String name) throws IOException {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            out = socket.getOutputStream();
            collect(socket.getInputStream(), name);
            send(name);
        }

        void send(String... ls) throws IOException {
            for (String l : ls) {
                out.write((l + "\n").getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** The terminal client in pipe mode, in a JVM of its own, as {@code switchboard chat} runs it. */
    private static final class PipeClient extends Lines {
        private final Process process;
        private final OutputStream in;

        PipeClient(int port, String name) throws IOException {
            List<String> cmd = List.of(ProcessHandle.current().info().command().orElse("java"),
                    "--enable-native-access=ALL-UNNAMED", "-Dswitchboard.log.level=WARN",
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "chat", "--host", "127.0.0.1", "--port", String.valueOf(port), "--name", name);
            process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            in = process.getOutputStream();
            collect(process.getInputStream(), name);
        }

        void send(String line) throws IOException {
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        }

        @Override
        public void close() throws Exception {
            try {
                in.close(); // end of input: the client quits by itself
            } catch (IOException ignored) {
                // already gone
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /**
     * WeeChat without a terminal ({@code weechat-headless}), its home in a temporary directory,
     * told what to do through its FIFO ({@code buffer *text}: a line typed in that buffer), and
     * logging every buffer at once (no flush delay).
     */
    private static final class WeeChat implements AutoCloseable {
        private final Process process;
        private final Path home;

        WeeChat(Path home, int port, String nick) throws IOException {
            this.home = home;
            String startup = String.join("; ", List.of(
                    "/set logger.file.flush_delay 0", "/set logger.level.irc 9",
                    "/server add sb 127.0.0.1/" + port + " -nossl -nicks=" + nick
                            + " -username=wuser -realname=WeeChat_Tester",
                    "/connect sb"));
            process = new ProcessBuilder("weechat-headless", "--dir", home.toString(), "--no-script",
                    "--run-command", startup).redirectErrorStream(true)
                    .redirectOutput(home.resolve("stdout.txt").toFile()).start();
        }

        void command(String buffer, String line) throws IOException, InterruptedException {
            Path fifo = fifo();
            Files.writeString(fifo, buffer + " *" + line + "\n", StandardCharsets.UTF_8);
        }

        /** {@code weechat_fifo_<pid>}, made by the fifo plugin once WeeChat has started. */
        private Path fifo() throws IOException, InterruptedException {
            Path fifo = home.resolve("weechat_fifo_" + process.pid());
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!Files.exists(fifo)) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    fail("WeeChat made no FIFO within %s; its output: %s", WAIT,
                            Files.readString(home.resolve("stdout.txt")));
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
            return fifo;
        }

        /** SIGTERM: WeeChat quits as on {@code /quit} (a FIFO without its reader would block a writer). */
        @Override
        public void close() throws Exception {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }

    /** A private tmux server (its own socket) running one program in a real pseudo-terminal. */
    private static final class Tmux implements AutoCloseable {
        private final String socket = "switchboard-irc-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();

        Tmux(List<String> command, int cols, int rows) throws IOException, InterruptedException {
            run("new-session", "-d", "-s", "irc", "-x", String.valueOf(cols), "-y", String.valueOf(rows),
                    String.join(" ", command.stream().map(s -> "'" + s.replace("'", "'\\''") + "'").toList()));
        }

        /** Types a line and Enter. */
        void command(String line) throws IOException, InterruptedException {
            type(line);
        }

        void type(String text) throws IOException, InterruptedException {
            run("send-keys", "-t", "irc", "-l", text);
            run("send-keys", "-t", "irc", "Enter");
        }

        String screen() throws IOException, InterruptedException {
            return run("capture-pane", "-p", "-t", "irc").stripTrailing();
        }

        void awaitScreen(Predicate<String> p, Duration wait) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + wait.toNanos();
            String s = screen();
            while (!p.test(s)) {
                if (System.nanoTime() > deadline) {
                    fail("the screen did not show what was expected within %s:%n%s", wait, s);
                }
                TimeUnit.MILLISECONDS.sleep(50);
                s = screen();
            }
        }

        @Override
        public void close() throws IOException, InterruptedException {
            tmux("kill-server").waitFor(10, TimeUnit.SECONDS);
        }

        private String run(String... args) throws IOException, InterruptedException {
            Process p = tmux(args);
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("tmux " + List.of(args) + " failed: " + out);
            }
            return out;
        }

        private Process tmux(String... args) throws IOException {
            List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket, "-f", "/dev/null"));
            cmd.addAll(List.of(args));
            return new ProcessBuilder(cmd).redirectErrorStream(true).start();
        }
    }
}
