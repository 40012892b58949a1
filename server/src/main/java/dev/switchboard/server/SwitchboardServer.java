package dev.switchboard.server;

import dev.switchboard.core.ChatCore;
import dev.switchboard.core.GuestAuthenticator;
import dev.switchboard.core.LocalDirectory;
import dev.switchboard.irc.IrcFrontEnd;
import dev.switchboard.line.LineFrontEnd;
import dev.switchboard.net.Connections;
import dev.switchboard.net.FrontEnd;
import dev.switchboard.net.Listener;
import dev.switchboard.net.ServerStats;
import dev.switchboard.net.TlsTransport;
import dev.switchboard.net.TransportFactory;
import java.io.IOException;
import java.net.BindException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat server, assembled: one {@link ChatCore}, one front end per protocol, one
 * {@link Listener} per configured endpoint, all sharing one set of {@link Connections} (limits,
 * timer, shutdown). Threads are described in {@code docs/CONCURRENCY.md}.
 *
 * <p>Life cycle: {@link #start()} binds every listener and returns; {@link #stop()} stops
 * accepting, tells every client, lets them flush for the close grace, closes the rest and
 * returns when all are gone.
 */
public final class SwitchboardServer implements AutoCloseable {

    /** The server's event lines ([INIT], [JOIN], [LEAVE], ...); its sessions log here too. */
    private final Logger log;
    private final ServerConfig config;
    private final ServerStats stats = new ServerStats();
    private final ChatCore core;
    private final Connections connections;
    private final List<Listener> listeners = new ArrayList<>();
    /** Whether an IRC listener is configured (its classes are then preloaded at start). */
    private final boolean hasIrc;
    /** The TLS listeners' transports (one certificate for all), or null without TLS listeners. */
    private final TlsTransport.Factory tls;
    /** What the TLS listeners present; set at start and by {@link #reloadTls}. */
    private volatile TlsIdentity tlsIdentity;
    private final ReentrantLock stateLock = new ReentrantLock();
    /** Taken by a certificate reload only; nothing else is locked under it. */
    private final ReentrantLock reloadLock = new ReentrantLock();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private boolean stopping; // guarded by stateLock

    public SwitchboardServer(ServerConfig config) {
        this(config, LoggerFactory.getLogger(SwitchboardServer.class));
    }

    /** A server whose event lines go to {@code log} (the warm-up server's to a logger of their own). */
    SwitchboardServer(ServerConfig config, Logger log) {
        this.log = log;
        this.config = config;
        this.core = new ChatCore(new LocalDirectory(config.chat().maxClients()), new GuestAuthenticator(), "presence");
        this.core.addMessageListener((m, recipients) -> stats.delivered.add(recipients));
        this.connections = new Connections(config.connections(), log, stats);
        LineFrontEnd line = new LineFrontEnd(core, config.chat().maxLineBytes(), stats, log);
        IrcFrontEnd irc = null;
        this.tls = config.hasTls() ? new TlsTransport.Factory() : null;
        for (ServerConfig.ListenerConfig l : config.listeners()) {
            // One front end per protocol whatever the transport: a TLS client is in the same chat.
            FrontEnd fe = !l.protocol().irc() ? line
                    : irc == null ? irc = new IrcFrontEnd(core, config.irc(), stats, log) : irc;
            TransportFactory transports = l.protocol().tls() ? tls : TransportFactory.PLAIN;
            listeners.add(new Listener(l.protocol().label(), l.host(), l.port(), fe, connections, transports));
        }
        this.hasIrc = irc != null;
    }

    ServerConfig config() {
        return config;
    }

    ServerStats stats() {
        return stats;
    }

    ChatCore core() {
        return core;
    }

    /** Logs one {@code [STATS]} line (SIGUSR1, or every --stats-interval). */
    public void logStats() {
        log.info(stats.line(connections.count(), core.usersOnline()));
    }

    /**
     * Binds every listener and starts accepting. Throws {@link BindException} when an address is
     * in use or cannot be bound (nothing is left listening then); the caller reports it in one line.
     */
    public SwitchboardServer start() throws IOException {
        if (tls != null) {
            useTls(TlsIdentities.load(config.tls(), config.dataDir(), java.time.Instant.now()));
        }
        List<Listener> bound = new ArrayList<>();
        try {
            for (Listener l : listeners) {
                bound.add(l.bind());
            }
        } catch (IOException e) {
            bound.forEach(Listener::close);
            throw e;
        }
        LineFrontEnd.preloadClasses();
        if (hasIrc) {
            IrcFrontEnd.preloadClasses();
        }
        List<String> capacityReport = connections.sizeLimit(config.chat().maxClients());
        core.start();
        for (Listener l : listeners) {
            l.start();
        }
        ServerConfig.ListenerConfig main = config.lineListener();
        log.info("[INIT] Server running on {}:{}", main.host(), port());
        for (int i = 0; i < listeners.size(); i++) {
            Listener l = listeners.get(i);
            if (l != mainListener()) {
                log.info("[INIT] {} listening on {}:{}", l.label(), l.host(), l.port());
            }
        }
        if (tls != null) {
            log.info("[INIT] TLS public key {}", tlsIdentity.pin());
        }
        for (String line : capacityReport) {
            log.info(line);
        }
        if (!config.statsInterval().isZero()) {
            connections.every(config.statsInterval(), this::logStats);
        }
        return this;
    }

    private void useTls(TlsIdentity identity) throws IOException {
        try {
            tls.use(identity.sslContext());
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot use the TLS certificate " + identity.source() + ": " + e.getMessage(), e);
        }
        tlsIdentity = identity;
    }

    /**
     * Reads the certificate again (SIGHUP): the operator's PEM files, or the self-signed one,
     * renewed if it is near its end. Handshakes from now on present it; connections already up
     * keep theirs and are not disturbed. On failure the old certificate stays and the exception
     * says why.
     *
     * @return the public key pin of the certificate now in use
     */
    public String reloadTls() throws IOException {
        if (tls == null) {
            throw new IOException("no TLS listener");
        }
        reloadLock.lock(); // two SIGHUPs in a row load one after the other
        try {
            useTls(TlsIdentities.load(config.tls(), config.dataDir(), java.time.Instant.now()));
        } finally {
            reloadLock.unlock();
        }
        TlsIdentity now = tlsIdentity;
        log.info("[TLS] Certificate reloaded from {}: public key {}, valid until {}; new handshakes use it",
                now.source(), now.pin(), now.certificate().getNotAfter().toInstant());
        return now.pin();
    }

    /** The public key pin the TLS listeners present now, or null without TLS. */
    public String tlsPin() {
        TlsIdentity id = tlsIdentity;
        return id == null ? null : id.pin();
    }

    private Listener mainListener() {
        return listeners.get(config.listeners().indexOf(config.lineListener()));
    }

    /** The port the line protocol actually bound (useful with port 0). */
    public int port() {
        return mainListener().port();
    }

    /** The port of the first listener of {@code protocol}, or -1 if there is none. */
    public int port(ServerConfig.Protocol protocol) {
        for (int i = 0; i < listeners.size(); i++) {
            if (config.listeners().get(i).protocol() == protocol) {
                return listeners.get(i).port();
            }
        }
        return -1;
    }

    /** Users logged in now. */
    public int usersOnline() {
        return core.usersOnline();
    }

    /** Open connections now, logged in or not. */
    public int connectionCount() {
        return connections.count();
    }

    /** Readers and writers running now: zero once a stopped server has let everything go. */
    public int liveVirtualThreads() {
        return connections.liveVirtualThreads();
    }

    /**
     * Stops accepting, stops presence (nobody needs to hear who left while everyone leaves), sends
     * every client its front end's shutdown line as its last line, gives them the close grace to
     * flush, cuts the rest, and returns when every connection is gone.
     */
    public void stop() {
        stateLock.lock();
        try {
            if (stopping) {
                return;
            }
            stopping = true;
        } finally {
            stateLock.unlock();
        }
        log.info("[STOP] Shutting down: {} connections, {} users", connections.count(), core.usersOnline());
        for (Listener l : listeners) {
            l.close();
        }
        core.stop();
        connections.shutdown();
        log.info("[STOP] Server stopped");
        stopped.countDown();
    }

    /** Blocks until {@link #stop()} has finished. */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        stop();
    }
}
