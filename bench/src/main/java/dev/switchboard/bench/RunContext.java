package dev.switchboard.bench;

import java.io.PrintStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What the coordinating thread and the reactors share in one run: the phase, counters that change
 * a few times per client (never per message), and the instants the reactors record precisely when
 * a goal is reached (the coordinator only polls, so its own clock would be coarse).
 */
final class RunContext {

    static final int PHASE_CONNECT = 0;
    /** Storm: every client connected; send all handshakes now. */
    static final int PHASE_BURST = 1;
    static final int PHASE_RUN = 2;
    /** Stop sending, wait for what is in flight. */
    static final int PHASE_DRAIN = 3;
    static final int PHASE_DONE = 4;

    /** How often the coordinator looks at the counters while waiting. */
    static final long POLL_NANOS = 5_000_000;

    final InetSocketAddress remote;
    /** {@link #remote} as people write it, {@code 127.0.0.1:5555}, for progress lines. */
    final String remoteText;
    final InetSocketAddress[] sources;
    final int clients;
    final long epoch = System.nanoTime();
    final boolean quiet;
    final PrintStream err;
    /** The wire the clients speak; set by the scenario before any client connects. */
    volatile Proto proto = Proto.LINE;

    volatile int phase = PHASE_CONNECT;
    final AtomicInteger connected = new AtomicInteger();
    final AtomicInteger loggedIn = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    /** nanoTime when the last client logged in (set by the reactor that saw it). */
    final AtomicLong allLoggedInAt = new AtomicLong();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    /** Clients that reached the scenario's goal (storm: holds the full user list). */
    final AtomicInteger goal = new AtomicInteger();
    final AtomicLong goalAt = new AtomicLong();
    /** Measurement window and run schedule (nanoTime), set before {@link #PHASE_RUN}. */
    volatile long runStart;
    volatile long measureStart;
    volatile long measureEnd;
    volatile long runEnd;

    RunContext(InetSocketAddress remote, InetSocketAddress[] sources, int clients, boolean quiet, PrintStream err) {
        this.remote = remote;
        this.remoteText = text(remote);
        this.sources = sources;
        this.clients = clients;
        this.quiet = quiet;
        this.err = err;
    }

    /**
     * {@code 127.0.0.1:5555} or {@code [::1]:5555}: the address and port alone. An
     * InetSocketAddress prints itself as {@code hostname/address:port}, {@code /127.0.0.1:5555}
     * when it was given as an address.
     */
    static String text(InetSocketAddress a) {
        InetAddress ip = a.getAddress();
        if (ip == null) {
            return a.getHostString() + ":" + a.getPort();
        }
        String literal = ip.getHostAddress();
        return (ip instanceof Inet6Address ? "[" + literal + "]" : literal) + ":" + a.getPort();
    }

    InetSocketAddress sourceFor(int index) {
        return sources.length == 0 ? null : sources[index % sources.length];
    }

    void fail(Conn c, String reason) {
        failed.incrementAndGet();
        firstFailure.compareAndSet(null, c.nameString() + ": " + reason);
    }

    String firstFailure() {
        return firstFailure.get();
    }

    void loginDone(long now) {
        if (loggedIn.incrementAndGet() == clients) {
            allLoggedInAt.set(now);
        }
    }

    void goalReached(long now) {
        if (goal.incrementAndGet() == clients) {
            goalAt.set(now);
        }
    }

    /**
     * Waits until {@code done} holds or {@code deadline} (nanoTime) passes, printing
     * {@code progress} on stderr about once a second. Returns whether {@code done} held.
     */
    boolean await(BooleanSupplier done, long deadline, String what, Supplier<String> progress) {
        long nextPrint = System.nanoTime() + 1_000_000_000L;
        while (!done.getAsBoolean()) {
            long t = System.nanoTime();
            if (t - deadline >= 0) {
                return false;
            }
            if (!quiet && t - nextPrint >= 0) {
                err.printf("  %-10s %6.1fs  %s%n", what, (t - epoch) / 1e9, progress.get());
                nextPrint += 1_000_000_000L;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        return true;
    }

    /**
     * Waits until {@code instant} (nanoTime), printing {@code progress} on stderr about once a
     * second (never when it is null). Unlike {@link #await} it does not poll: it parks until the
     * next print or the instant, so the coordinator wakes once a second at most, or (without
     * progress) once, instead of 200 times a second on the load generator's own core.
     */
    void awaitInstant(long instant, String what, Supplier<String> progress) {
        long nextPrint = System.nanoTime() + 1_000_000_000L;
        while (true) {
            long t = System.nanoTime();
            if (t - instant >= 0) {
                return;
            }
            boolean printing = !quiet && progress != null;
            if (printing && t - nextPrint >= 0) {
                err.printf("  %-10s %6.1fs  %s%n", what, (t - epoch) / 1e9, progress.get());
                nextPrint += 1_000_000_000L;
            }
            long until = !printing || instant - nextPrint < 0 ? instant : nextPrint;
            LockSupport.parkNanos(until - t);
        }
    }

    void say(String fmt, Object... args) {
        if (!quiet) {
            err.printf(fmt + "%n", args);
        }
    }
}
