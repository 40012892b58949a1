package dev.switchboard.server;

import dev.switchboard.protocol.ServerMessage.ErrorReply;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat server: one platform thread accepts; every connection gets a virtual thread that reads
 * and a writer that runs while it has something to send (see {@code docs/CONCURRENCY.md}).
 *
 * <p>Life cycle: {@link #start()} binds and returns; {@link #stop()} stops accepting, tells every
 * client, lets them flush for the close grace, closes the rest and returns when all are gone.
 */
public final class SwitchboardServer implements AutoCloseable {

    /** The server's event lines ([INIT], [JOIN], [LEAVE], ...); its sessions log here too. */
    private final Logger log;

    /** Descriptors kept aside for the JVM and the server itself when sizing client capacity. */
    static final int RESERVED_DESCRIPTORS = 32;

    private static final byte[] SHUTTING_DOWN = Lines.of(new ErrorReply(ErrorReply.SHUTTING_DOWN));
    private static final byte[] FULL = Lines.of(new ErrorReply(ErrorReply.SERVER_FULL));
    private static final byte[] TOO_MANY = Lines.of(new ErrorReply(ErrorReply.TOO_MANY_CONNECTIONS));

    private final ServerConfig config;
    private final UserRegistry registry;
    private final PresenceBroadcaster presence;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;
    private final ReentrantLock stateLock = new ReentrantLock();
    private final Condition allGone = stateLock.newCondition();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicInteger liveVirtualThreads = new AtomicInteger();
    private final ServerStats stats = new ServerStats();
    /** Open connections per remote address, for the per-IP limit. */
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perIp = new ConcurrentHashMap<>();
    /** The connection limit in force: the configured one, or what the open-files limit allows. */
    private int maxConnections = Integer.MAX_VALUE;

    private ServerSocketChannel listener;
    private Thread acceptor;
    private volatile boolean stopping;
    private InetSocketAddress boundAddress;
    /** Opened on /dev/null and closed only to accept-and-refuse when descriptors run out. */
    private FileChannel spareDescriptor;

    public SwitchboardServer(ServerConfig config) {
        this(config, LoggerFactory.getLogger(SwitchboardServer.class));
    }

    /** A server whose event lines go to {@code log} (the warm-up server's to a logger of their own). */
    SwitchboardServer(ServerConfig config, Logger log) {
        this.log = log;
        this.config = config;
        this.registry = new UserRegistry(config.maxClients());
        this.presence = new PresenceBroadcaster(registry);
        this.registry.onChange(presence::changed);
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("timer").daemon(true).factory());
        t.setRemoveOnCancelPolicy(true);
        this.timer = t;
    }

    ServerConfig config() {
        return config;
    }

    Logger log() {
        return log;
    }

    UserRegistry registry() {
        return registry;
    }

    PresenceBroadcaster presence() {
        return presence;
    }

    ServerStats stats() {
        return stats;
    }

    /** Runs {@code task} on the timer thread after {@code delayNanos}; null once the server stopped. */
    ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
        try {
            return timer.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return null; // stopping: every connection is being closed anyway
        }
    }

    /** Logs one {@code [STATS]} line (SIGUSR1, or every --stats-interval). */
    public void logStats() {
        log.info(stats.line(connections.size(), registry.size()));
    }

    /**
     * Binds and starts accepting. Throws {@link BindException} when the address is in use or
     * cannot be bound; the caller reports it in one line.
     */
    public SwitchboardServer start() throws IOException {
        listener = ServerSocketChannel.open();
        try {
            // Lets a restarted server bind at once although old connections sit in TIME_WAIT.
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            listener.bind(new InetSocketAddress(config.host(), config.port()), 4096);
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        boundAddress = (InetSocketAddress) listener.getLocalAddress();
        try {
            spareDescriptor = FileChannel.open(Path.of("/dev/null"));
        } catch (IOException | UnsupportedOperationException e) {
            spareDescriptor = null; // not a Unix system: no spare, refusals then wait in the backlog
        }
        Session.preloadClasses();
        List<String> capacityReport = sizeConnectionLimit();
        presence.start();
        acceptor = Thread.ofPlatform().name("acceptor").unstarted(this::acceptLoop);
        acceptor.start();
        log.info("[INIT] Server running on {}:{}", config.host(), boundAddress.getPort());
        for (String line : capacityReport) {
            log.info(line);
        }
        if (!config.statsInterval().isZero()) {
            long every = config.statsInterval().toNanos();
            timer.scheduleAtFixedRate(this::logStats, every, every, TimeUnit.NANOSECONDS);
        }
        return this;
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return boundAddress.getPort();
    }

    /** Users logged in now. */
    public int usersOnline() {
        return registry.size();
    }

    /** Open connections now, logged in or not. */
    public int connectionCount() {
        return connections.size();
    }

    private void acceptLoop() {
        long lastLimitLog = 0;
        while (!stopping) {
            SocketChannel ch;
            try {
                ch = listener.accept();
            } catch (ClosedChannelException e) {
                break;
            } catch (IOException e) {
                if (stopping) {
                    break;
                }
                if (isTooManyOpenFiles(e)) {
                    long now = System.nanoTime();
                    if (now - lastLimitLog > TimeUnit.SECONDS.toNanos(10)) {
                        lastLimitLog = now;
                        log.warn("[LIMIT] Open-files limit reached with {} connections: refusing new ones "
                                + "with ERROR|Server is full until some leave", connections.size());
                    }
                    refuseWithSpareDescriptor();
                } else {
                    log.warn("[WARN] accept failed: {}", e.toString());
                }
                continue;
            }
            admit(ch);
        }
    }

    private void admit(SocketChannel ch) {
        String peer;
        InetAddress address;
        try {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            InetSocketAddress remote = (InetSocketAddress) ch.getRemoteAddress();
            address = remote.getAddress();
            peer = address.getHostAddress() + ":" + remote.getPort();
        } catch (IOException e) {
            closeQuietly(ch);
            return; // the peer vanished between accept and now
        }
        if (connections.size() >= maxConnections) {
            refuse(ch, peer, "too many connections (--max-connections " + maxConnections + ")");
            return;
        }
        boolean loopback = address.isLoopbackAddress();
        boolean countPerIp = config.maxPerIp() > 0 && (!loopback || config.perIpOnLoopback());
        if (countPerIp) {
            AtomicInteger n = perIp.computeIfAbsent(address, a -> new AtomicInteger());
            if (n.incrementAndGet() > config.maxPerIp()) {
                releasePerIp(address);
                refuse(ch, peer, "too many connections from " + address.getHostAddress()
                        + " (--max-per-ip " + config.maxPerIp() + ")");
                return;
            }
        }
        FloodControl flood = config.floodControl() && (!loopback || config.floodOnLoopback())
                ? new FloodControl(config.floodRate(), config.floodBurst(), config.floodMaxLag().toNanos())
                : null;
        Connection c = new Connection(ch, peer, this, flood, countPerIp ? address : null);
        connections.add(c);
        if (stopping) { // raced with stop(): it may have missed this one
            c.shutdown(SHUTTING_DOWN);
        }
        startVirtual("conn-" + peer, c);
    }

    /** Starts a virtual thread for a connection's reader or writer, counted in {@link #liveVirtualThreads}. */
    void startVirtual(String name, Runnable task) {
        liveVirtualThreads.incrementAndGet();
        Thread.ofVirtual().name(name).start(() -> {
            try {
                task.run();
            } finally {
                liveVirtualThreads.decrementAndGet();
            }
        });
    }

    /** Readers and writers running now: zero once a stopped server has let everything go. */
    public int liveVirtualThreads() {
        return liveVirtualThreads.get();
    }

    /**
     * Answers {@code ERROR|Too many connections} and closes at once, on the acceptor thread
     * without blocking: the socket buffer of a new connection always takes one short line. The
     * backlog keeps draining, so a flood of connections cannot pile up behind the limit.
     */
    private void refuse(SocketChannel ch, String peer, String why) {
        stats.dropped(ServerStats.Drop.TOO_MANY);
        log.info("[CLOSE] {} refused: {}", peer, why);
        try {
            ch.configureBlocking(false);
            ch.write(ByteBuffer.wrap(TOO_MANY));
        } catch (IOException ignored) {
            // the peer is gone already
        }
        closeQuietly(ch);
    }

    private void releasePerIp(InetAddress address) {
        perIp.computeIfPresent(address, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
    }

    /** Frees the spare descriptor to accept one connection, tell it the server is full, and close it. */
    private void refuseWithSpareDescriptor() {
        if (spareDescriptor == null) {
            sleepBriefly();
            return;
        }
        try {
            spareDescriptor.close();
            try (SocketChannel ch = listener.accept()) {
                ch.configureBlocking(false);
                ch.write(ByteBuffer.wrap(FULL));
            }
        } catch (IOException e) {
            sleepBriefly();
        } finally {
            try {
                spareDescriptor = FileChannel.open(Path.of("/dev/null"));
            } catch (IOException e) {
                spareDescriptor = null;
            }
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(50); // back off instead of spinning on a full descriptor table
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean isTooManyOpenFiles(IOException e) {
        String m = e.getMessage();
        return m != null && m.contains("Too many open files");
    }

    /**
     * Sets the connection limit (the configured one, or what the open-files limit leaves room
     * for) before the acceptor starts, and returns what to tell the operator about it.
     */
    private List<String> sizeConnectionLimit() {
        List<String> report = new ArrayList<>();
        maxConnections = config.maxConnections() > 0 ? config.maxConnections() : Integer.MAX_VALUE;
        OpenFiles files = OpenFiles.now();
        if (files != null) {
            long max = files.max();
            int capacity = (int) Math.max(0, Math.min(Integer.MAX_VALUE, files.free() - RESERVED_DESCRIPTORS));
            if (config.maxConnections() == 0) {
                maxConnections = capacity;
            }
            report.add("[INIT] Open-files limit " + max + ": room for " + capacity
                    + " simultaneous connections (--max-clients " + config.maxClients()
                    + ", --max-connections " + maxConnections + ")");
            if (capacity < config.maxClients()) {
                report.add("[LIMIT] --max-clients " + config.maxClients() + " is more than the open-files limit ("
                        + max + ") allows; raise it with 'ulimit -n' or expect 'Server is full' at about "
                        + capacity + " users");
            }
            if (config.maxConnections() > capacity) {
                report.add("[LIMIT] --max-connections " + config.maxConnections()
                        + " is more than the open-files limit allows (" + capacity + ")");
            }
        }
        return report;
    }

    void scheduleForceClose(Connection c) {
        try {
            timer.schedule(c::graceOver, config.closeGrace().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            c.forceClose(); // the timer is already shut down
        }
    }

    void connectionGone(Connection c) {
        connections.remove(c);
        if (c.countedAddress() != null) {
            releasePerIp(c.countedAddress());
        }
        if (stopping && connections.isEmpty()) {
            stateLock.lock();
            try {
                allGone.signalAll();
            } finally {
                stateLock.unlock();
            }
        }
    }

    /**
     * Stops accepting, sends {@code ERROR|Server shutting down} to every client, gives them the
     * close grace to flush, cuts the rest, and returns when every connection is gone.
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
        int users = registry.size();
        log.info("[STOP] Shutting down: {} connections, {} users", connections.size(), users);
        closeQuietly(listener);
        if (acceptor != null) {
            try {
                acceptor.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // Nobody needs to hear who left while everyone is leaving: no presence rounds from here on.
        presence.stop();
        for (Connection c : connections) {
            c.shutdown(SHUTTING_DOWN);
        }
        long deadline = System.nanoTime() + config.closeGrace().toNanos() + TimeUnit.SECONDS.toNanos(1);
        awaitAllGone(deadline);
        for (Connection c : connections) {
            c.forceClose();
        }
        awaitAllGone(System.nanoTime() + TimeUnit.SECONDS.toNanos(2));
        timer.shutdownNow();
        closeQuietly(spareDescriptor);
        log.info("[STOP] Server stopped");
        stopped.countDown();
    }

    private void awaitAllGone(long deadline) {
        stateLock.lock();
        try {
            while (!connections.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                allGone.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stateLock.unlock();
        }
    }

    /** Blocks until {@link #stop()} has finished. */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        stop();
    }

    private static void closeQuietly(java.io.Closeable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException ignored) {
            // closing on the way out; nothing to report
        }
    }
}
