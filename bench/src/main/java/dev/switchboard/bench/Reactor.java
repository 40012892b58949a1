package dev.switchboard.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One selector thread driving many non-blocking client sockets. A run has a few of these, never a
 * thread per client.
 *
 * <p>The loop: {@link Workload#poll}, flush dirty connections, select, handle the ready keys,
 * flush again. How it waits in select is its {@link Wait} mode. The steady state allocates
 * nothing: one read buffer per reactor, selected keys handed to a consumer instead of an iterator,
 * output batched per connection and written once per iteration. After every write the workload
 * hears how many bytes have left ({@link Workload#wrote}), when the write began and when it
 * returned.
 */
final class Reactor implements Runnable {

    /** One read takes up to 64 KiB: a few hundred chat lines, or a large part of a USERS list. */
    static final int READ_BUFFER_BYTES = 64 * 1024;

    /** Discarded bytes are read in bigger gulps: fewer system calls for the same bytes. */
    static final int DISCARD_BUFFER_BYTES = 256 * 1024;

    /** Reads per readiness event before the next connection gets its turn. */
    static final int MAX_READS_PER_EVENT = 4;

    /** Below this the loop spins on selectNow instead of sleeping in select(ms). */
    static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(1500);

    /** Longest sleep in select, so stop requests and phase changes are seen promptly. */
    static final long IDLE_MILLIS = 50;

    /** How the loop waits for the workload's next deadline and for socket events. */
    enum Wait {
        /**
         * Sleep in {@code select(ms)} until the next deadline, and spin with {@code selectNow}
         * when it is under {@link #SPIN_NANOS} away ({@code select(timeout)} only has millisecond
         * resolution). Every scenario but latency.
         */
        HYBRID,
        /**
         * Never sleep: {@code selectNow} in a loop, and the workload's timed sends looked at again
         * after every ready key. The thread owns its core (the load generator is pinned to one),
         * so a message leaves within one system call of its time (not a whole iteration: a read
         * on loopback now and then takes tens of microseconds) and a reply is read within one
         * iteration of its arrival, with no scheduler wake-up on either side.
         */
        SPIN,
        /**
         * Sleep in {@code select(ms)} until the next deadline, rounded up to whole milliseconds,
         * as a plain event loop does; no spinning. Only to show what that costs an open-loop
         * schedule ({@code bench latency --no-spin}).
         */
        SLEEP
    }

    final int index;
    final Wait mode;
    final Selector selector;
    final byte[] in = new byte[READ_BUFFER_BYTES];
    private final ByteBuffer inBuffer = ByteBuffer.wrap(in);
    /**
     * Where the bytes of discarding clients go: direct, so the kernel copies once and the JVM not
     * at all (a 19,900-client login receives gigabytes of USERS lists nobody looks at).
     */
    private final ByteBuffer discardBuffer = ByteBuffer.allocateDirect(DISCARD_BUFFER_BYTES);
    private Workload workload;
    private final Consumer<SelectionKey> onKey = this::onKey;
    /** Spin mode: each ready key, then the workload's timed sends again (see {@link Wait#SPIN}). */
    private final Consumer<SelectionKey> onKeyThenPoll = this::onKeyThenPoll;
    private Conn[] dirty = new Conn[64];
    private int dirtyCount;
    private volatile boolean stopRequested;
    private volatile Throwable crash;
    private final Thread thread;
    private long now;

    /** Bytes read by this reactor; published once per loop iteration. */
    private long bytesIn;
    private volatile long publishedBytesIn;

    Reactor(int index) throws IOException {
        this(index, Wait.HYBRID);
    }

    Reactor(int index, Wait mode) throws IOException {
        this.index = index;
        this.mode = mode;
        this.selector = Selector.open();
        this.thread = Thread.ofPlatform().name("bench-reactor-" + index).daemon(true).unstarted(this);
    }

    void start(Workload w) {
        this.workload = w;
        thread.start();
    }

    /** Asks the loop to end; {@link #join} waits for it. */
    void stop() {
        stopRequested = true;
        selector.wakeup();
    }

    void wakeup() {
        selector.wakeup();
    }

    void join(long millis) throws InterruptedException {
        thread.join(millis);
    }

    Throwable crash() {
        return crash;
    }

    private boolean crashReported;

    /** True the first time it is called after a crash, so a crash is reported once. */
    synchronized boolean claimCrashReport() {
        boolean first = !crashReported;
        crashReported = true;
        return first;
    }

    long bytesIn() {
        return publishedBytesIn;
    }

    /** Bytes this thread has allocated so far (only meaningful on the reactor thread). */
    static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** Bytes this reactor's thread has allocated so far, read from any thread; -1 when unknown. */
    long allocatedBytesSoFar() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getThreadAllocatedBytes(thread.threadId());
    }

    @Override
    public void run() {
        try {
            while (!stopRequested) {
                now = System.nanoTime();
                long deadline = workload.poll(now);
                flushDirty();
                long wait = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
                if (mode == Wait.SPIN) {
                    now = System.nanoTime();
                    selector.selectNow(onKeyThenPoll);
                } else if (wait <= (mode == Wait.HYBRID ? SPIN_NANOS : 0)) {
                    now = System.nanoTime();
                    selector.selectNow(onKey);
                } else if (wait == Long.MAX_VALUE) {
                    selector.select(onKey, IDLE_MILLIS);
                } else {
                    long early = mode == Wait.HYBRID ? SPIN_NANOS : 0;
                    long ms = Math.min(IDLE_MILLIS, (wait - early + 999_999) / 1_000_000);
                    selector.select(onKey, Math.max(1, ms));
                }
                flushDirty();
                publishedBytesIn = bytesIn;
            }
        } catch (Throwable t) {
            crash = t;
        } finally {
            for (SelectionKey k : selector.keys()) {
                try {
                    k.channel().close();
                } catch (IOException ignored) {
                    // closing at the end of a run; nothing to do about it
                }
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // as above
            }
        }
    }

    /**
     * Starts a non-blocking connect for {@code c}. Returns false (and reports the failure through
     * {@link Workload#closed}) when even that fails, e.g. out of descriptors.
     */
    boolean open(Conn c, InetSocketAddress remote, InetSocketAddress local) {
        SocketChannel ch = null;
        c.state = Conn.CONNECTING;
        c.connectStart = System.nanoTime();
        try {
            ch = SocketChannel.open();
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (local != null) {
                ch.bind(local);
            }
            c.channel = ch;
            if (ch.connect(remote)) {
                c.key = ch.register(selector, SelectionKey.OP_READ, c);
                c.state = Conn.CONNECTED;
                workload.connected(c, System.nanoTime());
            } else {
                c.key = ch.register(selector, SelectionKey.OP_CONNECT, c);
            }
            return true;
        } catch (IOException | RuntimeException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // already failing
                }
            }
            fail(c, "connect: " + e);
            return false;
        }
    }

    /** Closes {@code c} without telling the workload (the workload decided it). */
    void close(Conn c) {
        if (c.channel != null) {
            try {
                c.channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        if (c.state != Conn.FAILED) {
            c.state = Conn.CLOSED;
        }
    }

    private void fail(Conn c, String reason) {
        if (!c.open()) {
            return;
        }
        c.stateBeforeFailure = c.state;
        close(c);
        c.state = Conn.FAILED;
        workload.closed(c, reason);
    }

    void markDirty(Conn c) {
        if (!c.dirty) {
            c.dirty = true;
            if (dirtyCount == dirty.length) {
                dirty = java.util.Arrays.copyOf(dirty, dirty.length * 2);
            }
            dirty[dirtyCount++] = c;
        }
    }

    private void flushDirty() {
        for (int i = 0; i < dirtyCount; i++) {
            Conn c = dirty[i];
            dirty[i] = null;
            c.dirty = false;
            if (!c.writeInterest && c.open() && c.state != Conn.CONNECTING) {
                flush(c);
            }
        }
        dirtyCount = 0;
    }

    private void flush(Conn c) {
        ByteBuffer out = c.out;
        if (out.position() == 0) {
            return;
        }
        out.flip();
        int n;
        long started = System.nanoTime();
        try {
            n = c.channel.write(out);
        } catch (IOException e) {
            out.clear();
            fail(c, "write: " + e.getMessage());
            return;
        }
        boolean left = out.hasRemaining();
        out.compact();
        if (n > 0) {
            c.bytesWritten += n;
            workload.wrote(c, started, System.nanoTime());
        }
        if (left != c.writeInterest) {
            c.writeInterest = left;
            c.key.interestOps(left ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }
    }

    private void onKeyThenPoll(SelectionKey k) {
        onKey(k);
        now = System.nanoTime();
        workload.poll(now);
        flushDirty();
    }

    private void onKey(SelectionKey k) {
        Conn c = (Conn) k.attachment();
        if (!k.isValid()) {
            return;
        }
        int ready = k.readyOps();
        if ((ready & SelectionKey.OP_CONNECT) != 0) {
            try {
                if (!c.channel.finishConnect()) {
                    return;
                }
            } catch (IOException e) {
                fail(c, "connect: " + e.getMessage());
                return;
            }
            c.state = Conn.CONNECTED;
            k.interestOps(SelectionKey.OP_READ);
            workload.connected(c, System.nanoTime());
            return;
        }
        if ((ready & SelectionKey.OP_READ) != 0) {
            read(c);
        }
        if ((ready & SelectionKey.OP_WRITE) != 0 && c.open()) {
            flush(c);
        }
    }

    private void read(Conn c) {
        for (int i = 0; i < MAX_READS_PER_EVENT && c.open(); i++) {
            ByteBuffer into = c.discard ? discardBuffer : inBuffer;
            into.clear();
            int n;
            try {
                n = c.channel.read(into);
            } catch (IOException e) {
                fail(c, "read: " + e.getMessage());
                return;
            }
            if (n < 0) {
                fail(c, "closed by server");
                return;
            }
            if (n == 0) {
                return;
            }
            bytesIn += n;
            if (c.discard) {
                c.discarded += n;
            } else {
                workload.received(c, in, 0, n, System.nanoTime());
            }
            if (n < into.capacity()) {
                return;
            }
        }
    }

    /** Fails {@code c} from workload code (protocol error); the workload's closed() is called. */
    void failFromWorkload(Conn c, String reason) {
        fail(c, reason);
    }

    /** The time taken at the start of the current loop iteration. */
    long loopNow() {
        return now;
    }
}
