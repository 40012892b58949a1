package dev.switchboard.net;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;

/**
 * The open connections of one server, on every listener: admission (the connection limit, in all
 * and per address), the timer their timeouts run on, the virtual threads they run on, and the
 * way they all end at shutdown. Listeners share one instance, so the limits count every
 * front end together (the open-files limit is per process).
 */
public final class Connections {

    /** Descriptors kept aside for the JVM and the server itself when sizing client capacity. */
    public static final int RESERVED_DESCRIPTORS = 32;

    private final ConnectionConfig config;
    private final Logger log;
    private final ServerStats stats;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    /** Open connections per remote address, for the per-IP limit. */
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perIp = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private final AtomicInteger liveVirtualThreads = new AtomicInteger();
    private final ReentrantLock stateLock = new ReentrantLock();
    private final Condition allGone = stateLock.newCondition();
    /** The connection limit in force: the configured one, or what the open-files limit allows. */
    private volatile int maxConnections = Integer.MAX_VALUE;
    private volatile boolean stopping;
    /** Opened on /dev/null and closed only to accept-and-refuse when descriptors run out; guarded by spareLock. */
    private FileChannel spareDescriptor;
    private final ReentrantLock spareLock = new ReentrantLock();

    public Connections(ConnectionConfig config, Logger log, ServerStats stats) {
        this.config = config;
        this.log = log;
        this.stats = stats;
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("timer").daemon(true).factory());
        t.setRemoveOnCancelPolicy(true);
        this.timer = t;
        try {
            spareDescriptor = FileChannel.open(Path.of("/dev/null"));
        } catch (IOException | UnsupportedOperationException e) {
            spareDescriptor = null; // not a Unix system: no spare, refusals then wait in the backlog
        }
    }

    public ConnectionConfig config() {
        return config;
    }

    public ServerStats stats() {
        return stats;
    }

    Logger log() {
        return log;
    }

    /**
     * Sets the connection limit (the configured one, or what the open-files limit leaves room
     * for) before any listener accepts, and returns what to tell the operator about it.
     */
    public List<String> sizeLimit(int maxClients) {
        List<String> report = new ArrayList<>();
        int configured = config.limits().maxConnections();
        maxConnections = configured > 0 ? configured : Integer.MAX_VALUE;
        OpenFiles files = OpenFiles.now();
        if (files != null) {
            long max = files.max();
            int capacity = (int) Math.max(0, Math.min(Integer.MAX_VALUE, files.free() - RESERVED_DESCRIPTORS));
            if (configured == 0) {
                maxConnections = capacity;
            }
            report.add("[INIT] Open-files limit " + max + ": room for " + capacity
                    + " simultaneous connections (--max-clients " + maxClients
                    + ", --max-connections " + maxConnections + ")");
            if (capacity < maxClients) {
                report.add("[LIMIT] --max-clients " + maxClients + " is more than the open-files limit ("
                        + max + ") allows; raise it with 'ulimit -n' or expect 'Server is full' at about "
                        + capacity + " users");
            }
            if (configured > capacity) {
                report.add("[LIMIT] --max-connections " + configured
                        + " is more than the open-files limit allows (" + capacity + ")");
            }
        }
        return report;
    }

    /**
     * Takes a just-accepted channel for {@code frontEnd}: checks the limits, sets TCP options,
     * wraps it in the listener's transport (a TLS handshake waits for the connection's own
     * thread), and starts its connection. Runs on a listener's acceptor thread and never blocks: a refusal
     * is one short line the new socket's buffer always takes.
     */
    void admit(SocketChannel ch, FrontEnd frontEnd, TransportFactory transports) {
        String peer;
        InetAddress address;
        java.net.InetSocketAddress remote;
        try {
            ch.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            ch.setOption(java.net.StandardSocketOptions.SO_KEEPALIVE, true);
            remote = (java.net.InetSocketAddress) ch.getRemoteAddress();
            address = remote.getAddress();
            peer = address.getHostAddress() + ":" + remote.getPort();
        } catch (IOException e) {
            closeQuietly(ch);
            return; // the peer vanished between accept and now
        }
        if (open.size() >= maxConnections) {
            refuse(ch, peer, frontEnd, transports, "too many connections (--max-connections " + maxConnections + ")");
            return;
        }
        boolean loopback = address.isLoopbackAddress();
        ConnectionConfig.Limits limits = config.limits();
        boolean countPerIp = limits.maxPerIp() > 0 && (!loopback || limits.perIpOnLoopback());
        if (countPerIp) {
            AtomicInteger n = perIp.computeIfAbsent(address, a -> new AtomicInteger());
            if (n.incrementAndGet() > limits.maxPerIp()) {
                releasePerIp(address);
                refuse(ch, peer, frontEnd, transports, "too many connections from " + address.getHostAddress()
                        + " (--max-per-ip " + limits.maxPerIp() + ")");
                return;
            }
        }
        ConnectionConfig.Flood f = config.flood();
        FloodControl flood = f.on() && (!loopback || f.onLoopback())
                ? new FloodControl(f.rate(), f.burst(), f.maxLag().toNanos())
                : null;
        Transport transport;
        try {
            transport = transports.open(ch, remote);
        } catch (IOException e) {
            closeQuietly(ch);
            if (countPerIp) {
                releasePerIp(address);
            }
            return;
        }
        Connection c = new Connection(transport, peer, this, frontEnd, flood, countPerIp ? address : null);
        open.add(c);
        if (stopping) { // raced with shutdown: it may have missed this one
            c.shutdown();
        }
        startVirtual(frontEnd.name() + "-" + peer, c);
    }

    /**
     * Answers with the front end's refusal and closes at once, without blocking: the socket buffer
     * of a new connection always takes one short line. The backlog keeps draining, so a flood of
     * connections cannot pile up behind the limit. A TLS listener closes without the line (see
     * {@link TransportFactory#plaintext}).
     */
    private void refuse(SocketChannel ch, String peer, FrontEnd frontEnd, TransportFactory transports, String why) {
        stats.dropped(ServerStats.Drop.TOO_MANY);
        log.info("[CLOSE] {} refused: {}", peer, why);
        if (transports.plaintext()) {
            try {
                ch.configureBlocking(false);
                ch.write(ByteBuffer.wrap(frontEnd.endingLine(Ending.TOO_MANY_CONNECTIONS)));
            } catch (IOException ignored) {
                // the peer is gone already
            }
        }
        closeQuietly(ch);
    }

    /**
     * The process is out of descriptors: frees the spare one to accept a single connection on
     * {@code listener}, tell it the server is full, and close it. Without a spare, backs off
     * instead of spinning on a full descriptor table.
     */
    void refuseWithSpareDescriptor(ServerSocketChannel listener, FrontEnd frontEnd, TransportFactory transports) {
        spareLock.lock();
        try {
            if (spareDescriptor == null) {
                sleepBriefly();
                return;
            }
            try {
                spareDescriptor.close();
                try (SocketChannel ch = listener.accept()) {
                    if (transports.plaintext()) {
                        ch.configureBlocking(false);
                        ch.write(ByteBuffer.wrap(frontEnd.endingLine(Ending.SERVER_FULL)));
                    }
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
        } finally {
            spareLock.unlock();
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(50); // back off instead of spinning on a full descriptor table
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void releasePerIp(InetAddress address) {
        perIp.computeIfPresent(address, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
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

    /** Open connections now, logged in or not. */
    public int count() {
        return open.size();
    }

    /** Runs {@code task} on the timer thread after {@code delayNanos}; null once the server stopped. */
    ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
        try {
            return timer.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return null; // stopping: every connection is being closed anyway
        }
    }

    /** Runs {@code task} every {@code period} on the timer thread, until shutdown. */
    public void every(java.time.Duration period, Runnable task) {
        long every = period.toNanos();
        timer.scheduleAtFixedRate(task, every, every, TimeUnit.NANOSECONDS);
    }

    void scheduleForceClose(Connection c) {
        try {
            timer.schedule(c::graceOver, config.closeGrace().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            c.forceClose(); // the timer is already shut down
        }
    }

    void connectionGone(Connection c) {
        open.remove(c);
        if (c.countedAddress() != null) {
            releasePerIp(c.countedAddress());
        }
        if (stopping && open.isEmpty()) {
            stateLock.lock();
            try {
                allGone.signalAll();
            } finally {
                stateLock.unlock();
            }
        }
    }

    /**
     * Shutdown, once the listeners stopped accepting: tells every client (its front end's
     * shutdown line is the last line it reads), gives them the close grace to flush, cuts the
     * rest, and returns when every connection is gone and the timer has stopped.
     */
    public void shutdown() {
        stopping = true;
        for (Connection c : open) {
            c.shutdown();
        }
        long deadline = System.nanoTime() + config.closeGrace().toNanos() + TimeUnit.SECONDS.toNanos(1);
        awaitAllGone(deadline);
        for (Connection c : open) {
            c.forceClose();
        }
        awaitAllGone(System.nanoTime() + TimeUnit.SECONDS.toNanos(2));
        timer.shutdownNow();
        spareLock.lock();
        try {
            closeQuietly(spareDescriptor);
            spareDescriptor = null;
        } finally {
            spareLock.unlock();
        }
    }

    private void awaitAllGone(long deadline) {
        stateLock.lock();
        try {
            while (!open.isEmpty()) {
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

    static void closeQuietly(java.io.Closeable c) {
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
