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
    private final ReentrantLock stateLock = new ReentrantLock();
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
        for (ServerConfig.ListenerConfig l : config.listeners()) {
            FrontEnd fe = switch (l.protocol()) {
                case LINE -> line;
                case IRC -> irc == null ? irc = new IrcFrontEnd(core, config.irc(), stats, log) : irc;
            };
            listeners.add(new Listener(l.protocol().label(), l.host(), l.port(), fe, connections));
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
        for (String line : capacityReport) {
            log.info(line);
        }
        if (!config.statsInterval().isZero()) {
            connections.every(config.statsInterval(), this::logStats);
        }
        return this;
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
