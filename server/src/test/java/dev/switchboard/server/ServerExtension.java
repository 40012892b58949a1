package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Runs a real server on an ephemeral loopback port for each test, and checks afterwards that the
 * test left nothing behind: no reader or writer thread, no server platform thread, no open
 * descriptor, no virtual thread pinned to its carrier (JFR), no uncaught exception and no
 * {@code [BUG]} log line.
 */
final class ServerExtension implements BeforeEachCallback, AfterEachCallback {

    private static final Set<String> SERVER_THREADS = Set.of("acceptor", "presence", "timer", "shutdown");

    private final UnaryOperator<ServerConfig> configure;
    private final List<LineClient> clients = new CopyOnWriteArrayList<>();
    private final List<IrcClient> ircClients = new CopyOnWriteArrayList<>();
    private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
    private SwitchboardServer server;
    private Recording recording;
    private long baselineFds;
    private List<String> baselineFdList;
    private ListAppender<ILoggingEvent> logs;
    private Thread.UncaughtExceptionHandler previousHandler;

    ServerExtension() {
        this(c -> c);
    }

    ServerExtension(UnaryOperator<ServerConfig> configure) {
        this.configure = configure;
    }

    SwitchboardServer server() {
        return server;
    }

    int port() {
        return server.port();
    }

    /** A connected client, closed after the test. */
    LineClient client() throws IOException {
        LineClient c = new LineClient(server.port());
        clients.add(c);
        return c;
    }

    /** The IRC port of the server (the defaults put IRC on a free port). */
    int ircPort() {
        return server.port(ServerConfig.Protocol.IRC);
    }

    /** A connected IRC client, closed after the test (which then checks the framing of all it got). */
    IrcClient irc() throws IOException {
        IrcClient c = new IrcClient(ircPort());
        ircClients.add(c);
        return c;
    }

    /** A connected IRC client that does not read until told to. */
    IrcClient silentIrc() throws IOException {
        IrcClient c = new IrcClient(ircPort(), false);
        ircClients.add(c);
        return c;
    }

    /** A registered IRC client, its welcome and lobby burst consumed. */
    IrcClient irc(String nick) throws IOException {
        IrcClient c = irc();
        c.register(nick);
        return c;
    }

    /** A connected client that does not read until told to. */
    LineClient silentClient() throws IOException {
        LineClient c = new LineClient(server.port(), false);
        clients.add(c);
        return c;
    }

    /** A logged-in client; its first USERS line has been consumed... or not: use sync() to settle. */
    LineClient login(String name) throws IOException {
        return client().login(name);
    }

    /**
     * Waits until {@code count} log lines match: a connection's log line is written by its reader
     * after the user is already gone from the registry, so it may come after what a client saw.
     */
    void awaitLog(java.util.function.Predicate<String> match, int count, String what) {
        await(what).atMost(LineClient.TIMEOUT)
                .until(() -> logLines().stream().filter(match).count() >= count);
    }

    /** Log lines at INFO and above, as formatted messages. */
    List<String> logLines() {
        return logs.list.stream().map(ILoggingEvent::getFormattedMessage).collect(Collectors.toList());
    }

    /**
     * The JDK opens some descriptors once per JVM on first use of sockets and virtual-thread I/O;
     * one full server round trip before the first baseline keeps them out of the leak check.
     */
    private static void warmUpOnce() throws Exception {
        synchronized (ServerExtension.class) {
            if (warmedUp) {
                return;
            }
            warmedUp = true;
        }
        SwitchboardServer s = new SwitchboardServer(ServerConfig.defaults(0).withHost("127.0.0.1")
                .withCloseGrace(Duration.ofMillis(100))).start();
        try (LineClient c = new LineClient(s.port())) {
            c.login("warmup");
            c.sync();
        } finally {
            s.stop();
        }
    }

    private static boolean warmedUp;

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        warmUpOnce();
        previousHandler = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(e));
        logs = new ListAppender<>();
        logs.start();
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("dev.switchboard")).addAppender(logs);
        recording = new Recording();
        recording.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
        recording.start();
        baselineFds = openFds();
        baselineFdList = fdList();
        server = new SwitchboardServer(configure.apply(ServerConfig.defaults(0).withHost("127.0.0.1")
                .withCloseGrace(Duration.ofMillis(500)))).start();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            for (LineClient c : clients) {
                c.close();
            }
            for (IrcClient c : ircClients) {
                c.close();
                assertThat(c.framingErrors()).as("badly framed IRC lines").isEmpty();
            }
            server.stop();
            await("readers and writers to end").atMost(Duration.ofSeconds(10))
                    .until(() -> server.liveVirtualThreads() == 0);
            assertThat(server.connectionCount()).as("connections left open").isZero();
            await("server platform threads to end").atMost(Duration.ofSeconds(10))
                    .until(() -> serverPlatformThreads().isEmpty());
            try {
                await("descriptors to return to the baseline").atMost(Duration.ofSeconds(10))
                        .until(() -> openFds() <= baselineFds);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                List<String> now = new ArrayList<>(fdList());
                now.removeAll(baselineFdList);
                throw new AssertionError("descriptors left open: " + describeSockets(now), e);
            }
            assertThat(uncaught).as("uncaught exceptions").isEmpty();
            assertThat(logs.list.stream()
                    .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN) && e.getFormattedMessage().contains("[BUG]"))
                    .map(ILoggingEvent::getFormattedMessage).toList()).as("bug reports in the log").isEmpty();
            assertNoPinning();
        } finally {
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("dev.switchboard")).detachAppender(logs);
            Thread.setDefaultUncaughtExceptionHandler(previousHandler);
            recording.close();
        }
    }

    private void assertNoPinning() throws IOException {
        recording.stop();
        Path file = Files.createTempFile("pinning", ".jfr");
        try {
            recording.dump(file);
            List<String> pinned = new ArrayList<>();
            for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
                if (e.getEventType().getName().equals("jdk.VirtualThreadPinned") && !insideJdkThreadStart(e)) {
                    pinned.add(String.valueOf(e.getStackTrace()));
                }
            }
            assertThat(pinned).as("virtual threads pinned to their carrier").isEmpty();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * A pin inside the JDK's own bookkeeping of {@code Thread.start} for a virtual thread: the
     * root thread container adds every new thread to a {@code ConcurrentHashMap} whose bins are
     * {@code synchronized}, and a virtual thread that meets another starter on the same bin
     * waits there pinned for a moment (seen once in ChaosTest, where readers and the presence
     * thread start writers at the same time). Not a pin of ours; every other pin still fails.
     */
    private static boolean insideJdkThreadStart(RecordedEvent e) {
        return e.getStackTrace() != null && e.getStackTrace().getFrames().stream()
                .anyMatch(f -> f.getMethod().getType().getName().equals("jdk.internal.vm.ThreadContainer")
                        && f.getMethod().getName().equals("add"));
    }

    private static List<String> serverPlatformThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && (SERVER_THREADS.contains(t.getName()) || t.getName().startsWith("acceptor-")))
                .map(Thread::getName).toList();
    }

    /** Adds the TCP endpoints of leaked sockets (from /proc/net/tcp*) to make a leak traceable. */
    private static List<String> describeSockets(List<String> fds) {
        List<String> out = new ArrayList<>();
        for (String fd : fds) {
            String inode = fd.startsWith("socket:[") ? fd.substring(8, fd.length() - 1) : null;
            String where = "";
            if (inode != null) {
                for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
                    try {
                        for (String line : Files.readAllLines(Path.of(table))) {
                            String[] f = line.trim().split("\\s+");
                            if (f.length > 9 && f[9].equals(inode)) {
                                where = " local " + f[1] + " remote " + f[2] + " state " + f[3];
                            }
                        }
                    } catch (IOException ignored) {
                        // not Linux: the inode alone must do
                    }
                }
            }
            out.add(fd + where);
        }
        return out;
    }

    private static List<String> fdList() {
        List<String> out = new ArrayList<>();
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            for (Path p : s.toList()) {
                try {
                    String target = Files.readSymbolicLink(p).toString();
                    if (!target.startsWith("anon_inode:")) {
                        out.add(target);
                    }
                } catch (IOException e) {
                    // closed while listing
                }
            }
        } catch (IOException e) {
            out.add("(cannot list: " + e + ")");
        }
        return out;
    }

    /**
     * Open sockets and files of this JVM, leaving out the JDK's own lazily created pollers
     * (eventpoll and eventfd descriptors that live as long as the JVM).
     */
    static long openFds() {
        return fdList().size();
    }
}
