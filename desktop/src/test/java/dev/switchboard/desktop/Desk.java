package dev.switchboard.desktop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.client.ReconnectPolicy;
import dev.switchboard.server.ServerConfig;
import dev.switchboard.server.SwitchboardServer;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/**
 * One test's world: a real server on an ephemeral loopback port and any number of desktop clients,
 * each with its own preferences node. Closing it quits every client, stops the server, deletes
 * the preferences and checks that no client thread was left behind.
 */
final class Desk implements AutoCloseable {

    /** Reconnects quickly so tests never wait on the 2 s default backoff. */
    static final ReconnectPolicy FAST = ReconnectPolicy.backoff(Duration.ofMillis(100), Duration.ofMillis(400), 0);

    /** How long quitting may wait for the EDT before the test is failed as frozen. */
    private static final Duration QUIT_LIMIT = Duration.ofSeconds(20);

    private SwitchboardServer server;
    private final int port;
    private final List<DesktopApp> apps = new ArrayList<>();
    private final List<Preferences> nodes = new ArrayList<>();
    private Clock clock = Clock.systemDefaultZone();
    private ReconnectPolicy policy = FAST;

    Desk() throws IOException {
        this(0);
    }

    /** A server on {@code preferredPort}, or on an ephemeral port when that one is taken. */
    Desk(int preferredPort) throws IOException {
        Gui.requireDisplay();
        SwitchboardServer s;
        try {
            s = new SwitchboardServer(ServerConfig.defaults(preferredPort).withHost("127.0.0.1")).start();
        } catch (IOException e) {
            s = new SwitchboardServer(ServerConfig.defaults(0).withHost("127.0.0.1")).start();
        }
        server = s;
        port = server.port();
    }

    int port() {
        return port;
    }

    SwitchboardServer server() {
        return server;
    }

    void stopServer() {
        server.stop();
    }

    void restartServer() throws IOException {
        server = new SwitchboardServer(ServerConfig.defaults(port).withHost("127.0.0.1")).start();
    }

    void restartServerWithMaxClients(int max) throws IOException {
        server = new SwitchboardServer(ServerConfig.defaults(port).withHost("127.0.0.1").withMaxClients(max)).start();
    }

    Desk withPolicy(ReconnectPolicy p) {
        this.policy = p;
        return this;
    }

    Desk withClock(Clock c) {
        this.clock = c;
        return this;
    }

    /** A fresh preferences node for one client. */
    DesktopPrefs prefs() {
        Preferences node = Preferences.userRoot().node("/dev/switchboard/desktop-test/" + UUID.randomUUID());
        nodes.add(node);
        return new DesktopPrefs(node);
    }

    /** Starts a client with {@code prefs} and waits for its login dialog. */
    DesktopApp start(DesktopPrefs prefs, DesktopApp.Options options) {
        DesktopApp app = new DesktopApp(prefs, options, c -> c.withReconnect(policy).withCloseTimeout(Duration.ofSeconds(1)),
                clock);
        apps.add(app);
        Gui.run(app::start);
        Gui.until("login dialog shown", () -> app.loginDialog() != null && app.loginDialog().isShowing());
        return app;
    }

    DesktopApp start() {
        return start(prefs(), new DesktopApp.Options("127.0.0.1", port, null));
    }

    /** Types {@code name} into the dialog and presses Connect. */
    static void submit(DesktopApp app, String host, int port, String name) {
        Gui.run(() -> {
            LoginDialog d = app.loginDialog();
            d.hostField().setText(host);
            d.portField().setText(Integer.toString(port));
            d.nameField().setText(name);
            d.connectButton().doClick();
        });
    }

    /** Starts a client, logs in as {@code name} and waits for the main window. */
    ChatWindow login(String name) {
        return login(name, prefs());
    }

    /** The same with the preferences {@code prefs} (another run of the same user). */
    ChatWindow login(String name, DesktopPrefs prefs) {
        DesktopApp app = start(prefs, new DesktopApp.Options("127.0.0.1", port, null));
        submit(app, "127.0.0.1", port, name);
        Gui.until(name + "'s window shown", () -> app.window() != null && app.window().isShowing());
        Gui.until(name + " connected", () -> app.window().model().status().canSend());
        return Gui.edt(app::window);
    }

    /** Quits the client whose window {@code w} is, as its user does, and waits until it has said goodbye. */
    void quit(ChatWindow w) throws Exception {
        DesktopApp app = Gui.edt(() -> apps.stream().filter(a -> a.window() == w).findFirst().orElseThrow());
        Gui.run(app::quit);
        app.exited().get(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Override
    public void close() throws java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException {
        try {
            for (DesktopApp app : apps) {
                Gui.within(QUIT_LIMIT, "quit " + app, () -> {
                    app.quit();
                    return null;
                });
            }
        } catch (AssertionError stuck) {
            // A frozen EDT cannot quit the clients: stop the server anyway and report the freeze.
            server.stop();
            throw stuck;
        }
        for (DesktopApp app : apps) {
            try {
                app.exited().get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the clients quit", e);
            }
        }
        server.stop();
        for (Preferences n : nodes) {
            try {
                n.removeNode();
            } catch (BackingStoreException | IllegalStateException e) {
                // already gone
            }
        }
        await("client threads end").atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                        .map(Thread::getName).filter(n -> n.startsWith("switchboard-client-")))
                        .isEmpty());
    }

    /** A clock the test moves by hand, so screenshots show the same times on every run. */
    static final class ManualClock extends Clock {
        private volatile Instant now;
        private final ZoneId zone;

        ManualClock(Instant start, ZoneId zone) {
            this.now = start;
            this.zone = zone;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId z) {
            return new ManualClock(now, z);
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
