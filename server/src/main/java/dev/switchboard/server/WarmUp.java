package dev.switchboard.server;

import dev.switchboard.net.OpenFiles;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.slf4j.LoggerFactory;

/**
 * A short real load against a private server on a loopback port, run before the real server
 * listens, so that the JIT has compiled logins, presence rounds, relaying and writing by the time
 * the first clients arrive.
 *
 * <p>Why: the first burst a chat server sees is often its largest, every client of the previous
 * run reconnecting at once after a restart. On a cold JVM that burst runs in the interpreter and
 * pays for the compiler's work on the same core: on one core, 5,000 clients logging in at once
 * took 0.85-0.95 s on a fresh server and 0.42-0.49 s after a warm-up (docs/BENCHMARKS.md).
 *
 * <p>The load: {@link #ROUNDS} rounds; in each, {@link #CLIENTS} clients (every fourth with the
 * {@code presence} capability) connect and log in at once, each sends {@link #MESSAGES} private
 * messages to the next in one write and one {@code USERS}, reads until it has the messages
 * addressed to it, then sends {@link #SINGLES} more one at a time (each after the previous one
 * from its neighbour arrived), then {@code QUIT}. The clients are virtual threads with blocking socket channels, the
 * same I/O classes the server uses. The private server's event lines go to the logger
 * {@code dev.switchboard.warmup}, which the shipped logback.xml discards.
 *
 * <p>Never fatal: any failure (no loopback, too few descriptors) ends the warm-up early and the
 * real server starts anyway, cold.
 */
final class WarmUp {

    static final int CLIENTS = 1_000;
    static final int MESSAGES = 20;
    /**
     * Messages each client then sends one at a time. Each is a full wake-up of reader and writer
     * (tens of microseconds), so few: 3 rounds x 1,000 clients x 5 is 15,000, enough for the JIT.
     */
    static final int SINGLES = 5;
    static final int ROUNDS = 3;
    /** Pairs of the trickle phase (see {@link #trickle}). */
    static final int TRICKLE_PAIRS = 20;
    /** Messages per trickle round. */
    static final int TRICKLE_MESSAGES = 5_000;
    /** Trickle rounds at most; it ends earlier after two rounds in a row during which nothing was compiled. */
    static final int TRICKLE_ROUNDS = 20;
    /** With room for fewer clients than this (a low open-files limit) the warm-up is skipped. */
    static final int MIN_CLIENTS = 50;
    /** The warm-up ends after this long whatever it has done (7-10 s on one core of this VM, with the trickle). */
    static final Duration BUDGET = Duration.ofSeconds(20);

    /** What was done; {@code stoppedBy} is null when every round ran. */
    record Result(int rounds, int clients, long messages, long trickled, Duration took, String stoppedBy) { }

    private WarmUp() {
    }

    /** Runs the warm-up with the defaults above; {@code stop} is checked between rounds. */
    static Result run(ServerConfig base, BooleanSupplier stop) {
        return run(base, CLIENTS, MESSAGES, SINGLES, ROUNDS, TRICKLE_MESSAGES, BUDGET, stop);
    }

    static Result run(ServerConfig base, int wanted, int messages, int singles, int rounds, int trickleMessages,
                      Duration budget, BooleanSupplier stop) {
        long started = System.nanoTime();
        long deadline = started + budget.toNanos();
        // Each warm-up client holds two descriptors here (its socket and the server's); keep a
        // third in reserve, and do not bother below a few dozen clients.
        OpenFiles files = OpenFiles.now();
        long room = files == null ? Long.MAX_VALUE : files.free();
        int clients = (int) Math.min(wanted, room / 3);
        if (clients < Math.min(wanted, MIN_CLIENTS)) {
            return new Result(0, clients, 0, 0, Duration.ZERO,
                    "the open-files limit leaves room for only " + Math.max(0, clients) + " warm-up clients");
        }
        // Without TLS: the warm-up exercises the chat, and must not make or read certificates.
        ServerConfig config = base.withoutTls().withHost(InetAddress.getLoopbackAddress().getHostAddress()).withEphemeralPorts()
                .withMaxClients(clients).withoutFloodControl().withConnectionLimits(0, 0, false)
                .withStatsInterval(Duration.ZERO);
        int done = 0;
        long delivered = 0;
        long trickled = 0;
        String stoppedBy = null;
        try (SwitchboardServer server = new SwitchboardServer(config,
                LoggerFactory.getLogger("dev.switchboard.warmup")).start()) {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
            for (int r = 0; r < rounds; r++) {
                if (stop.getAsBoolean()) {
                    stoppedBy = "stop requested";
                    break;
                }
                delivered += round(address, r, clients, messages, singles, deadline);
                done++;
            }
            if (stoppedBy == null && rounds > 0) {
                InetSocketAddress irc = null;
                try {
                    irc = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port(ServerConfig.Protocol.IRC));
                } catch (RuntimeException noIrc) {
                    // --no-irc: the trickle is line protocol only
                }
                trickled = trickle(address, irc, Math.min(TRICKLE_PAIRS, clients / 2), trickleMessages, TRICKLE_ROUNDS,
                        deadline, stop);
            }
        } catch (TimeoutException e) {
            stoppedBy = "its time budget of " + budget.toMillis() + " ms ran out";
        } catch (IOException | RuntimeException e) {
            stoppedBy = e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stoppedBy = "interrupted";
        }
        if (stoppedBy == null) {
            awaitQuietCompiler(deadline);
            // The warm-up's garbage goes now, before anyone connects: otherwise the first young
            // collection under real load copies what is left of 3,000 warm-up clients.
            System.gc();
        }
        return new Result(done, clients, delivered, trickled, Duration.ofNanos(System.nanoTime() - started), stoppedBy);
    }

    /**
     * Waits until the JIT has finished what the load queued (compilation time stops growing for
     * two checks 100 ms apart), or the deadline: the compiler threads share the core with the
     * server, and compilations still queued would run during the first real burst.
     */
    private static void awaitQuietCompiler(long deadline) {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return;
        }
        long last = jit.getTotalCompilationTime();
        int quiet = 0;
        try {
            while (quiet < 2 && System.nanoTime() < deadline) {
                Thread.sleep(100);
                long now = jit.getTotalCompilationTime();
                quiet = now == last ? quiet + 1 : 0;
                last = now;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The shape of a steady chat: one message in flight at a time, round-robin over a few pairs,
     * from a platform thread outside the server's scheduler, so that between two messages the
     * server runs out of work and its carrier, the poller and the writers park and wake again, as
     * they do for every message of a real chat at a few thousand messages a second. The bursts of
     * {@link #round} never let the scheduler go idle; without this the first minutes of quiet
     * traffic recompiled the scheduler's and the poller's loops on the server's core while people
     * waited: hundreds of ms of C2 time in 5 s, latency tails of 3-6 ms (docs/BENCHMARKS.md).
     * Rounds of {@code perRound} messages until two in a row run without JIT compilation; returns the
     * messages delivered.
     */
    private static long trickle(InetSocketAddress address, InetSocketAddress irc, int pairs, int perRound, int maxRounds,
                                long deadline, BooleanSupplier stop) throws IOException, TimeoutException {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean timed = jit != null && jit.isCompilationTimeMonitoringSupported();
        List<SocketChannel> channels = new ArrayList<>(2 * pairs);
        try {
            // With an IRC port, every other pair is IRC both ways: the IRC front end's decoding
            // and encoding are compiled too (without it, IRC's p99 at 10k msgs/s was 2-6x the
            // line protocol's on the same server).
            Lines[] in = new Lines[2 * pairs];
            for (int i = 0; i < 2 * pairs; i++) {
                boolean overIrc = irc != null && (i / 2) % 2 == 1;
                SocketChannel ch = SocketChannel.open(overIrc ? irc : address);
                channels.add(ch);
                in[i] = new Lines(ch);
                String name = "warm-up-t-" + i;
                write(ch, overIrc ? "NICK " + name + "\r\nUSER " + name + " 0 * :" + name + "\r\n" : name + "\n");
                while (in[i].welcomes == 0) {
                    in[i].pump();
                }
            }
            byte[][] lines = new byte[pairs][];
            for (int k = 0; k < pairs; k++) {
                String to = "warm-up-t-" + (2 * k + 1);
                boolean overIrc = irc != null && k % 2 == 1;
                lines[k] = (overIrc ? "PRIVMSG " + to + " :warm-up trickle\r\n" : to + "|warm-up trickle\n")
                        .getBytes(StandardCharsets.UTF_8);
            }
            long delivered = 0;
            int quiet = 0;
            for (int r = 0; r < maxRounds && quiet < 2 && !stop.getAsBoolean(); r++) {
                long compiled = timed ? jit.getTotalCompilationTime() : 0;
                for (int m = 0; m < perRound; m++) {
                    if (System.nanoTime() - deadline > 0) {
                        throw new TimeoutException("warm-up trickle out of time");
                    }
                    int k = m % pairs;
                    Lines receiver = in[2 * k + 1];
                    int before = receiver.msgs;
                    ByteBuffer b = ByteBuffer.wrap(lines[k]);
                    while (b.hasRemaining()) {
                        channels.get(2 * k).write(b);
                    }
                    while (receiver.msgs == before) {
                        receiver.pump();
                    }
                    delivered++;
                }
                if (!timed) {
                    break;
                }
                quiet = jit.getTotalCompilationTime() == compiled ? quiet + 1 : 0;
            }
            return delivered;
        } finally {
            for (SocketChannel ch : channels) {
                closeQuietly(ch);
            }
        }
    }

    /** One round; returns the private messages delivered. The first failing client ends it at once. */
    private static long round(InetSocketAddress address, int round, int n, int messages, int singles, long deadline)
            throws IOException, InterruptedException, TimeoutException {
        Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
        CountDownLatch allIn = new CountDownLatch(n);
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        AtomicBoolean aborted = new AtomicBoolean();
        Runnable abort = () -> {
            // Flag first, then close what is open: a client registers its channel first, then
            // checks the flag, so every client either sees the flag or has its channel closed.
            aborted.set(true);
            for (SocketChannel ch : open) {
                closeQuietly(ch);
            }
            while (allIn.getCount() > 0) {
                allIn.countDown();
            }
        };
        List<Future<Integer>> clients = new ArrayList<>(n);
        try (ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor()) {
            try {
                for (int i = 0; i < n; i++) {
                    int me = i;
                    clients.add(exec.submit(() -> {
                        try {
                            return client(address, name(round, me), name(round, (me + 1) % n), me % 4 == 0,
                                    messages, singles, allIn, deadline, open, aborted);
                        } catch (Exception e) {
                            if (firstFailure.compareAndSet(null, e)) {
                                abort.run();
                            }
                            throw e;
                        }
                    }));
                }
                long delivered = 0;
                for (Future<Integer> f : clients) {
                    delivered += f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
                return delivered;
            } catch (ExecutionException e) {
                Throwable first = firstFailure.get() != null ? firstFailure.get() : e.getCause();
                if (first instanceof TimeoutException t) {
                    throw t;
                }
                throw first instanceof IOException io ? io : new IOException(first);
            } finally {
                // On failure or timeout the clients still blocked in a read fail at once.
                abort.run();
            }
        }
    }

    private static String name(int round, int i) {
        return "warm-up-" + round + "-" + i;
    }

    private static int client(InetSocketAddress address, String name, String next, boolean presence, int messages,
                              int singles, CountDownLatch allIn, long deadline, Set<SocketChannel> open, AtomicBoolean aborted)
            throws IOException, InterruptedException, TimeoutException {
        try (SocketChannel ch = SocketChannel.open()) {
            open.add(ch);
            if (aborted.get()) {
                throw new IOException("round aborted");
            }
            ch.connect(address);
            Lines in = new Lines(ch);
            write(ch, (presence ? "CAP|REQ|presence\n" : "") + name + "\n");
            while (in.welcomes == 0) {
                in.pump();
            }
            allIn.countDown();
            if (!allIn.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new TimeoutException("warm-up clients did not all log in in time");
            }
            StringBuilder out = new StringBuilder(messages * 40);
            for (int m = 0; m < messages; m++) {
                out.append(next).append("|warm-up message ").append(m).append('\n');
            }
            out.append("USERS\n");
            write(ch, out.toString());
            while (in.msgs < messages) {
                in.pump();
            }
            // Then one at a time, each after the previous one from our neighbour arrived: single
            // lines per read and per write, the shape of chat at a human pace. Without it the JIT
            // has only seen batches, and the first quiet traffic after start deoptimizes and
            // recompiles the relay path while people wait (measured: p99 2.3 ms instead of 1 ms).
            for (int m = 0; m < singles; m++) {
                write(ch, next + "|warm-up single " + m + "\n");
                while (in.msgs < messages + m + 1) {
                    in.pump();
                }
            }
            write(ch, "QUIT\n");
            while (in.pump()) {
                // until the server closes
            }
            open.remove(ch);
            return in.msgs;
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // ending the round anyway
        }
    }

    private static void write(SocketChannel ch, String s) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** Counts the lines that matter, looking only at how each begins; lines of any length pass. */
    private static final class Lines {
        private final SocketChannel ch;
        private final ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
        private final byte[] head = new byte[160];
        private int headLen;
        int welcomes;
        int msgs;

        Lines(SocketChannel ch) {
            this.ch = ch;
        }

        /** Reads once; false at the end of the stream. An {@code ERROR} line fails the client. */
        boolean pump() throws IOException {
            buf.clear();
            if (ch.read(buf) < 0) {
                if (welcomes == 0) {
                    throw new IOException("closed before WELCOME");
                }
                return false;
            }
            byte[] a = buf.array();
            for (int i = 0, end = buf.position(); i < end; i++) {
                byte x = a[i];
                if (x == '\n') {
                    line();
                    headLen = 0;
                } else if (headLen < head.length) {
                    head[headLen++] = x;
                }
            }
            return true;
        }

        private void line() throws IOException {
            if (starts("MSG|") || ircCommand("PRIVMSG")) {
                msgs++;
            } else if (starts("WELCOME|") || ircCommand("001")) {
                welcomes++;
            } else if (starts("ERROR|")) {
                throw new IOException("the warm-up server answered " + new String(head, 0, headLen, StandardCharsets.UTF_8) + "...");
            }
        }

        /** An IRC line {@code :prefix COMMAND ...} (the head kept is long enough for the trickle's). */
        private boolean ircCommand(String command) {
            if (headLen == 0 || head[0] != ':') {
                return false;
            }
            int sp = 1;
            while (sp < headLen && head[sp] != ' ') {
                sp++;
            }
            if (sp + 1 + command.length() > headLen) {
                return false;
            }
            for (int i = 0; i < command.length(); i++) {
                if (head[sp + 1 + i] != command.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        private boolean starts(String prefix) {
            if (headLen < prefix.length()) {
                return false;
            }
            for (int i = 0; i < prefix.length(); i++) {
                if (head[i] != prefix.charAt(i)) {
                    return false;
                }
            }
            return true;
        }
    }
}
