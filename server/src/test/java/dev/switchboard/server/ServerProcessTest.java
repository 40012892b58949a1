package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The server as a real process: start line, SIGTERM, exit codes, port in use, restart. */
class ServerProcessTest {
    private static final Pattern INIT = Pattern.compile("\\[INIT] Server running on 127\\.0\\.0\\.1:(\\d+)");

    private final List<Process> processes = new ArrayList<>();

    /** A running server process and its output lines. */
    record Running(Process process, int port, BlockingQueue<String> output, List<String> before) {}

    /** A data directory of the test's own: a test server never writes a key into the user's. */
    @org.junit.jupiter.api.io.TempDir
    Path dataDir;

    /**
     * The options every test server gets first: TLS on free ports (a test server never takes 5556
     * or 6697 from anyone) and its own data directory.
     */
    private List<String> common() {
        return List.of("--tls-port", "0", "--irc-tls-port", "0", "--data-dir", dataDir.toString());
    }

    private Process spawn(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ServerCommand.class.getName()));
        cmd.addAll(common());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        processes.add(p);
        return p;
    }

    private Running start(String port, String... more) throws Exception {
        // --irc-port 0: a test server never takes the real IRC port (6667) from anyone.
        List<String> args = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", port, "--irc-port", "0",
                "--close-grace-ms", "500"));
        args.addAll(List.of(more));
        Process p = spawn(args.toArray(String[]::new));
        BlockingQueue<String> out = lines(p);
        List<String> before = new ArrayList<>();
        while (true) {
            String l = out.poll(30, TimeUnit.SECONDS);
            assertThat(l).as("server output before the [INIT] line, after %s", before).isNotNull();
            Matcher m = INIT.matcher(l);
            if (m.find()) {
                return new Running(p, Integer.parseInt(m.group(1)), out, before);
            }
            before.add(l);
        }
    }

    /** Marks the end of a process's output in {@link #lines}. */
    private static final String END = "\u0000end of output";

    /** The process's output, line by line as it comes, then {@link #END}. */
    private static BlockingQueue<String> lines(Process p) {
        BlockingQueue<String> out = new LinkedBlockingQueue<>();
        Thread.ofPlatform().daemon(true).start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    out.add(l);
                }
            } catch (IOException ignored) {
                // the process is gone
            }
            out.add(END);
        });
        return out;
    }

    @AfterEach
    void killLeftovers() {
        for (Process p : processes) {
            p.destroyForcibly();
        }
    }

    @Test
    void sigtermTellsClientsFlushesAndExitsZero() throws Exception {
        Running s = start("0");
        // The default start warms up first, on a port of its own, and says so after the [INIT]
        // line, which stays the first line (scripts read the bound port from it). On a loaded
        // machine the warm-up may run out of its time budget: that report counts too.
        assertThat(s.before()).isEmpty();
        List<String> after = new ArrayList<>();
        while (after.stream().noneMatch(l -> l.contains("[INIT] Warmed up before listening: " + WarmUp.ROUNDS + " round(s)")
                || l.contains("[WARN] Warm-up ended early (its time budget"))) {
            String l = s.output().poll(10, TimeUnit.SECONDS);
            assertThat(l).as("the warm-up report, after %s", after).isNotNull();
            after.add(l);
        }
        assertThat(after).noneMatch(l -> l.contains("[JOIN]"));
        try (LineClient alice = new LineClient(s.port()); LineClient bob = new LineClient(s.port())) {
            alice.login("alice");
            bob.login("bob");
            alice.send("bob|before the end");
            bob.awaitLine("MSG|alice|before the end");
            s.process().destroy(); // SIGTERM
            assertThat(alice.awaitClosed()).contains("ERROR|Server shutting down");
            assertThat(bob.awaitClosed()).contains("ERROR|Server shutting down");
        }
        assertThat(s.process().waitFor(15, TimeUnit.SECONDS)).isTrue();
        assertThat(s.process().exitValue()).isZero();
    }

    @Test
    void restartOnTheSamePortRightAfterAStopWorks() throws Exception {
        Running first = start("0", "--no-warm-up");
        int port = first.port();
        try (LineClient c = new LineClient(port)) {
            c.login("before");
            first.process().destroy();
            c.awaitClosed();
        }
        assertThat(first.process().waitFor(15, TimeUnit.SECONDS)).isTrue();
        // Connections of the first run are in TIME_WAIT now; the new server must bind anyway.
        Running second = start(String.valueOf(port), "--no-warm-up");
        try (LineClient c = new LineClient(second.port())) {
            c.login("after");
        }
        second.process().destroy();
        assertThat(second.process().waitFor(15, TimeUnit.SECONDS)).isTrue();
        assertThat(second.process().exitValue()).isZero();
    }

    @Test
    void sigtermDuringTheWarmUpStopsBeforeListening() throws Exception {
        Process p = spawn("--host", "127.0.0.1", "--port", "0", "--irc-port", "0");
        BlockingQueue<String> out = lines(p);
        // The warm-up prints nothing; its clients show as open descriptors of the process.
        Path fds = Path.of("/proc", String.valueOf(p.pid()), "fd");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).pollInterval(java.time.Duration.ofMillis(20))
                .until(() -> openDescriptors(fds) > 200);
        p.destroy(); // SIGTERM
        assertThat(p.waitFor(15, TimeUnit.SECONDS)).isTrue();
        List<String> rest = new ArrayList<>();
        for (String l; (l = out.poll(5, TimeUnit.SECONDS)) != null && !l.equals(END); ) {
            rest.add(l);
        }
        assertThat(p.exitValue()).as("exit code; output %s", rest).isZero();
        assertThat(rest).noneMatch(l -> l.contains("Server running")).noneMatch(l -> l.contains("\tat "));
    }

    private static long openDescriptors(Path fds) {
        try (var list = java.nio.file.Files.list(fds)) {
            return list.count();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0; // not started yet, or gone
        }
    }

    @Test
    void aLowOpenFilesLimitSkipsTheWarmUpAndStartsAtOnce() throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", "ulimit -n 128 && exec \"$0\" \"$@\"",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ServerCommand.class.getName(),
                "--host", "127.0.0.1", "--port", "0", "--irc-port", "0"));
        cmd.addAll(common());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        processes.add(p);
        BlockingQueue<String> out = lines(p);
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
        while (seen.stream().noneMatch(l -> l.contains("[WARN] No warm-up"))) {
            String l = out.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertThat(l).as("output within 8 s, so far %s", seen).isNotNull();
            seen.add(l);
        }
        assertThat(seen.get(0)).contains("Server running");
        assertThat(seen).anyMatch(l -> l.contains("[WARN] No warm-up: the open-files limit leaves room for only"));
        p.destroy();
        assertThat(p.waitFor(15, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
    }

    @Test
    void portInUseIsOneLineAndExitOne() throws Exception {
        // Found before the warm-up (which is on by default), so the answer is immediate.
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Process p = spawn("--host", "127.0.0.1", "--port", String.valueOf(taken.getLocalPort()), "--irc-port", "0");
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertThat(p.exitValue()).isEqualTo(1);
            assertThat(out.lines().toList()).hasSize(1);
            assertThat(out).contains("127.0.0.1:" + taken.getLocalPort()).contains("already in use")
                    .doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void theIrcListenerHasItsOwnLineAfterTheFirstAndItsOwnPortCheck() throws Exception {
        Running s = start("0", "--no-warm-up", "--server-name", "irc.test");
        String irc = s.output().poll(30, TimeUnit.SECONDS);
        Matcher m = Pattern.compile("\\[INIT] IRC listening on 127\\.0\\.0\\.1:(\\d+)").matcher(String.valueOf(irc));
        assertThat(m.find()).as("the line after [INIT] Server running: %s", irc).isTrue();
        try (IrcClient c = new IrcClient(Integer.parseInt(m.group(1)))) {
            c.send("NICK proc", "USER proc 0 * :P");
            assertThat(c.next()).startsWith(":irc.test 001 proc ");
            s.process().destroy();
            assertThat(c.awaitClosed()).endsWith("ERROR :Closing link: (Server shutting down)");
        }
        assertThat(s.process().waitFor(15, TimeUnit.SECONDS)).isTrue();
        // A taken IRC port is found before the warm-up, like a taken line port.
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Process p = spawn("--host", "127.0.0.1", "--port", "0", "--irc-port", String.valueOf(taken.getLocalPort()));
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertThat(p.exitValue()).isEqualTo(1);
            assertThat(out.lines().toList()).hasSize(1);
            assertThat(out).contains("127.0.0.1:" + taken.getLocalPort()).contains("already in use");
        }
        // --no-irc: no IRC listener, no IRC line.
        Running none = start("0", "--no-warm-up", "--no-irc");
        try (LineClient c = new LineClient(none.port())) {
            c.login("only-line");
        }
        none.process().destroy();
        assertThat(none.process().waitFor(15, TimeUnit.SECONDS)).isTrue();
        List<String> rest = new ArrayList<>();
        for (String l; (l = none.output().poll(5, TimeUnit.SECONDS)) != null && !l.equals(END); ) {
            rest.add(l);
        }
        assertThat(rest).noneMatch(l -> l.contains("IRC listening"));
    }

    @Test
    void tlsListenersHaveTheirLinesThePinAndSighupSwapsTheCertificateWithoutDroppingAnyone() throws Exception {
        Path cert = dataDir.resolve("fullchain.pem");
        Path key = dataDir.resolve("privkey.pem");
        java.security.KeyPair first = TlsCertificateTest.writePem(cert, key, "EC");
        Running s = start("0", "--no-warm-up", "--tls-cert", cert.toString(), "--tls-key", key.toString());
        List<String> init = new ArrayList<>();
        while (init.stream().noneMatch(l -> l.contains("[INIT] TLS public key"))) {
            String l = s.output().poll(30, TimeUnit.SECONDS);
            assertThat(l).as("the TLS lines, after %s", init).isNotNull();
            init.add(l);
        }
        Pattern tlsLine = Pattern.compile("\\[INIT] TLS listening on 127\\.0\\.0\\.1:(\\d+)$");
        int tlsPort = init.stream().map(tlsLine::matcher).filter(Matcher::find).mapToInt(m -> Integer.parseInt(m.group(1)))
                .findFirst().orElseThrow(() -> new AssertionError("no [INIT] TLS line in " + init));
        assertThat(init).anyMatch(l -> l.matches(".*\\[INIT] IRC TLS listening on 127\\.0\\.0\\.1:\\d+$"));
        assertThat(init).anyMatch(l -> l.endsWith("[INIT] TLS public key " + TlsIdentity.pin(first.getPublic())));
        List<java.security.cert.X509Certificate> seen = TlsClients.newRecord();
        try (LineClient before = new LineClient(TlsClients.connect(tlsPort, TlsClients.recording(seen)), true)) {
            before.login("before");
            java.security.KeyPair second = TlsCertificateTest.writePem(cert, key, "EC");
            Process hup = new ProcessBuilder("kill", "-HUP", String.valueOf(s.process().pid())).start();
            assertThat(hup.waitFor(10, TimeUnit.SECONDS)).isTrue();
            String pin = TlsIdentity.pin(second.getPublic());
            List<String> after = new ArrayList<>();
            while (after.stream().noneMatch(l -> l.contains("[TLS] Certificate reloaded") && l.contains(pin))) {
                String l = s.output().poll(15, TimeUnit.SECONDS);
                assertThat(l).as("the reload line, after %s", after).isNotNull();
                after.add(l);
            }
            try (LineClient next = new LineClient(TlsClients.connect(tlsPort, TlsClients.recording(seen)), true)) {
                next.login("next");
                assertThat(seen.get(0).getPublicKey()).isEqualTo(first.getPublic());
                assertThat(seen.get(1).getPublicKey()).isEqualTo(second.getPublic());
                before.send("next|from before the reload");
                next.awaitLine("MSG|before|from before the reload");
            }
        }
        s.process().destroy();
        assertThat(s.process().waitFor(15, TimeUnit.SECONDS)).isTrue();
        assertThat(s.process().exitValue()).isZero();
    }

    @Test
    void aMissingCertificateIsOneLineAndExitOneBeforeTheWarmUp() throws Exception {
        Path missing = dataDir.resolve("nowhere.pem");
        Process p = spawn("--host", "127.0.0.1", "--port", "0", "--irc-port", "0",
                "--tls-cert", missing.toString(), "--tls-key", missing.toString());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(out).isEqualTo("switchboard server: no certificate file " + missing);
        // Only one of the pair: a usage error.
        Process half = spawn("--tls-cert", missing.toString());
        assertThat(half.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(half.exitValue()).isEqualTo(2);
        assertThat(new String(half.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("--tls-cert and --tls-key go together");
    }

    @Test
    void aBadServerNameIsAUsageError() throws Exception {
        Process p = spawn("--server-name", "not a host");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(out).contains("server name 'not a host'").doesNotContain("\tat ");
    }

    @Test
    void badOptionValueIsExplainedNotThrown() throws Exception {
        Process p = spawn("--max-line-bytes", "10");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(out).contains("at least 16384").doesNotContain("\tat ");
    }
}
