package dev.switchboard.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench latency}: open-loop send-to-receive time, measured with a floor far below what it
 * measures.
 *
 * <p><b>Open loop, corrected for coordinated omission.</b> Every message has an intended send time
 * fixed before the run ({@link OpenLoopSchedule}: one evenly spaced stream of R msgs/s over P
 * pairs) and carries it; latency is receive time minus <em>intended</em> time. A server that stalls
 * delays every message scheduled during the stall and all of those delays are recorded; a load
 * generator that falls behind sends the overdue messages at once and they still count from their
 * intended times. The latency from the actual write is reported beside it (not corrected), and so
 * is the difference: the send lag.
 *
 * <p><b>A low floor.</b> The one reactor thread spins ({@link Reactor.Wait#SPIN}): it never sleeps
 * in {@code select(ms)}, whose millisecond resolution would quantise the schedule, and no
 * scheduler wake-up stands between a reply's arrival and its receive time. It allocates nothing
 * per message and the coordinator stays asleep while it measures. What the instrument itself costs
 * is measured in every run and printed as its floor: the send lag (how late each message was really
 * handed to the kernel: the start of its write) and the loop gap (the longest the loop looked away,
 * which bounds how late a receive time can be), plus GC, JIT and allocation of the load generator
 * inside the measured window. Against relay.c the whole distribution is that floor plus a minimal
 * server: the yardstick.
 */
@Command(name = "latency", mixinStandardHelpOptions = true,
        description = {"Open-loop latency percentiles at a fixed rate, with the instrument's own floor.",
                "Open loop at --rate msgs/s in total over --pairs pairs, each message due at a fixed time "
                + "(the pairs evenly staggered); latency percentiles of receive time - intended send time "
                + "(HdrHistogram; corrected for coordinated omission), and of receive time - actual write "
                + "time (not corrected).",
                "Every run also prints the instrument's floor: the send lag (start of the actual write - intended "
                + "time), the loop gap (longest time the load generator looked away) and the time of the "
                + "write system call itself, with GC, JIT and "
                + "allocation of the load generator in the window. A run against the C yardstick (--label "
                + "relay.c, or --server-pid of a process named relay) is marked as such.",
                "By default the load generator spins on its core (pin it: taskset -c 1) with one selector "
                + "thread (--threads N: N, each needing a core of its own) and first warms up its own code "
                + "against an in-process relay. stdout ends with one JSON line for scripts (all of the "
                + "above; --histograms adds the whole distributions for bench report)."})
final class LatencyScenario extends Scenario {

    /** Sender output buffer at the start; it grows while a server is not reading. */
    static final int SENDER_BUFFER = 256 * 1024;

    /**
     * A sender whose unsent backlog passes this fails the run: the server has stopped reading
     * (at 50k msgs/s of 64 B that is over 10 s of traffic).
     */
    static final int MAX_BACKLOG = 64 << 20;

    /** Highest latency the histograms track: one minute. */
    static final long MAX_TRACKED_NANOS = 60_000_000_000L;

    /** Significant digits of the histograms: 0.1% resolution. */
    static final int HISTOGRAM_DIGITS = 3;

    /** The load generator's own warm-up runs at least this fast, so that it takes a second or two. */
    static final double JIT_WARMUP_MIN_RATE = 20_000;

    /**
     * Most warm-up rounds: on a quiet core two or three suffice; more means the JIT keeps finding
     * work (or the core is shared), and the window's "JIT ms" will say so.
     */
    static final int JIT_WARMUP_MAX_ROUNDS = 10;

    /**
     * The coordinator's snapshots (JIT, GC, allocation, the server's /proc figures) are taken this
     * long before the window opens and after it closes, so that their own cost falls outside it;
     * the JIT and GC counts cover the window and these margins.
     */
    static final long EDGE_NANOS = 20_000_000L;

    /** When the first message is due after all clients are logged in. */
    static final long START_DELAY_NANOS = 10_000_000L;

    @Option(names = "--pairs", defaultValue = "100", description = "Sender->receiver pairs (default: ${DEFAULT-VALUE}).")
    int pairs;

    @Option(names = "--rate", defaultValue = "10000", description = "Messages per second, all pairs together (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--size", defaultValue = "64", description = "Content bytes per message, at least "
            + Content.MIN_SIZE + " (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--duration", defaultValue = "10", description = "Measured seconds (default: ${DEFAULT-VALUE}).")
    double duration;

    @Option(names = "--warmup", defaultValue = "2", description = "Seconds sent on the same schedule before the "
            + "measured window, not recorded (default: ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = "--jit-warmup", defaultValue = "20000", paramLabel = "MSGS",
            description = "Before connecting to the server, send rounds of this many messages through an in-process "
            + "relay, untimed, until a round runs without JIT compilation, so that the load generator's own code "
            + "is compiled before it measures; 0: none (default: ${DEFAULT-VALUE}).")
    int jitWarmup;

    @Option(names = "--histograms", description = "Add the whole latency and send-lag histograms to the JSON line "
            + "(base64 of HdrHistogram's compressed encoding, in nanoseconds), for bench report's percentile "
            + "distribution chart.")
    boolean histograms;

    @Option(names = "--timeline", paramLabel = "FILE",
            description = "Also write every message of the window to FILE as CSV (intended send time as wall-clock "
            + "ISO-8601, latency in microseconds), in send order: to line a server's tail up with its own logs "
            + "(-Xlog:...:time, perf sched).")
    java.nio.file.Path timeline;

    @Option(names = "--spin", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Busy-poll: the load generator never sleeps in select, so it sends and reads on time "
            + "(default; it takes a whole core, pin it). --no-spin sleeps in select(ms) between messages "
            + "like a plain event loop, to show what that costs.")
    boolean spin;

    @Override
    Report execute() throws Exception {
        Content.checkSize(size);
        if (pairs < 1 || !(rate > 0) || !(duration > 0) || !(warmup >= 0) || jitWarmup < 0) {
            throw new IllegalArgumentException("--pairs >= 1, --rate > 0, --duration > 0, --warmup >= 0, --jit-warmup >= 0");
        }
        int cores = Runtime.getRuntime().availableProcessors();
        // One reactor sends and reads 100k msgs/s with room to spare; more spinning threads than
        // cores would only take turns on one.
        int threads = Math.min(common.threads == null ? 1 : common.threads(), pairs);
        if (spin && threads > cores) {
            throw new IllegalArgumentException("--threads " + threads + " spinning selector threads on " + cores
                    + " core(s) would take turns; use fewer, or --no-spin");
        }
        String label = common.label();
        boolean yardstick = isYardstick(label, common.serverPid);
        Report r = new Report("latency", label);
        r.param("proto", common.proto().name().toLowerCase(Locale.ROOT)).param("pairs", pairs).param("rate", rate).param("size", size).param("duration_s", duration)
                .param("warmup_s", warmup).param("threads", threads).param("spin", spin).param("jit_warmup", jitWarmup);
        r.data("yardstick", yardstick);
        // How busy the machine was when the run began: timing on a shared machine is only as good as this.
        r.data("load_average_1m", ProcStats.loadAverage());
        Names names = new Names(common.prefix, 2 * pairs);
        if (jitWarmup > 0 && !warmUpLoadGenerator(r, threads, names)) {
            return r;
        }
        RunContext ctx = context(2 * pairs);
        ctx.say("latency: %d pairs, %.0f msgs/s (one per %.1f µs per pair), %d B, to %s, %d %s selector thread(s)",
                pairs, rate, pairs * 1e6 / rate, size, ctx.remoteText, threads, spin ? "spinning" : "sleeping");
        ProcStats before = server();
        Run run = run(ctx, r, threads, names, rate, warmup, duration, true);
        if (run != null) {
            summarize(r, run, before, yardstick);
        }
        checkClients(r, ctx);
        return r;
    }

    /**
     * Runs this scenario's own code against a {@link LoopbackRelay} in this process, untimed, in
     * rounds of {@link #jitWarmup} messages at {@link #JIT_WARMUP_MIN_RATE} msgs/s or more, until
     * a round has run its second half without the JIT compiling anything (at most
     * {@link #JIT_WARMUP_MAX_ROUNDS}): so that the load generator's hot path is compiled before the
     * measured window and not during it (C2 compiling on the load generator's one core delays its
     * sends and reads by milliseconds). Returns false, with the reason in {@code r}, if it failed.
     */
    private boolean warmUpLoadGenerator(Report r, int threads, Names names) throws Exception {
        long t0 = System.nanoTime();
        double wRate = Math.max(rate, JIT_WARMUP_MIN_RATE);
        double wSeconds = jitWarmup / wRate;
        int rounds = 0;
        long lastRoundJit = -1;
        try (LoopbackRelay relay = LoopbackRelay.start()) {
            InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), relay.port());
            if (!common.quiet) {
                err.printf(Locale.ROOT, "load generator warm-up: rounds of %,d messages at %.0f msgs/s through an "
                        + "in-process relay, untimed, until one runs without JIT compilation%n", jitWarmup, wRate);
            }
            while (rounds < JIT_WARMUP_MAX_ROUNDS && lastRoundJit != 0) {
                rounds++;
                RunContext ctx = new RunContext(at, common.sources(), 2 * pairs, true, err);
                // The in-process relay speaks the line protocol; an IRC run compiles its own
                // parsing in its warm-up seconds.
                ctx.proto = Proto.LINE;
                Report scratch = new Report("latency", "warm-up");
                // The second half counts as a window, so both sides of everything run.
                Run run = run(ctx, scratch, threads, names, wRate, wSeconds / 2, wSeconds / 2, false);
                if (run == null || !scratch.ok() || ctx.failed.get() > 0) {
                    r.failure("load generator warm-up against its in-process relay failed: "
                            + (ctx.firstFailure() != null ? ctx.firstFailure() : scratch.failures()));
                    return false;
                }
                lastRoundJit = run.jvm1().compileMillis() - run.jvm0().compileMillis();
                if (!common.quiet) {
                    err.printf(Locale.ROOT, "  round %d: %d ms of JIT compilation in its second half (JVM uptime %.3f-%.3f s)%n",
                            rounds, lastRoundJit, run.jvm0().uptimeMillis() / 1e3, run.jvm1().uptimeMillis() / 1e3);
                }
            }
        }
        // Whatever the warm-up left on the heap goes now, not in the window.
        System.gc();
        double secs = (System.nanoTime() - t0) / 1e9;
        if (!common.quiet) {
            err.printf(Locale.ROOT, "load generator warm-up: %d round(s), %.1f s, last round's JIT %d ms%n", rounds, secs,
                    lastRoundJit);
        }
        r.data("loadgen_warmup_rounds", rounds);
        r.data("loadgen_warmup_s", Report.round(secs, 2));
        return true;
    }

    /** What one open-loop run leaves for the summary. */
    record Run(LatencyWorkload[] workloads, JvmActivity jvm0, JvmActivity jvm1, ProcStats srv0, ProcStats srv1) {
    }

    /**
     * One open-loop run on {@code ctx}: connect and log in, send on the schedule (warm-up seconds,
     * then the measured window), drain. Returns null after a failure (added to {@code r}).
     * {@code snapshots}: read the server's /proc figures at the window's edges.
     */
    private Run run(RunContext ctx, Report r, int threads, Names names, double rate, double warmup, double duration,
                    boolean snapshots) throws Exception {
        int clients = 2 * pairs;
        Reactor[] reactors = reactors(threads, spin ? Reactor.Wait.SPIN : Reactor.Wait.SLEEP);
        LatencyWorkload[] ws = start(reactors, new LatencyWorkload[threads], clients, names, i -> (i / 2) % threads,
                i -> i % 2 == 0 ? SENDER_BUFFER : 256,
                (re, conns) -> new LatencyWorkload(re, ctx, conns, size,
                        timeline == null ? 0 : (int) (rate * duration / threads * 1.2) + 1_000));
        try {
            if (!ctx.await(() -> ctx.loggedIn.get() + ctx.failed.get() >= clients, deadline(), "login", () -> loginProgress(ctx))
                    || ctx.failed.get() > 0) {
                r.failure("login: " + loginProgress(ctx) + (ctx.firstFailure() != null ? ", first failure: " + ctx.firstFailure() : ""));
                return null;
            }
            long start = System.nanoTime() + START_DELAY_NANOS;
            OpenLoopSchedule schedule = new OpenLoopSchedule(start, pairs, rate);
            ctx.runStart = start;
            ctx.measureStart = start + (long) (warmup * 1e9);
            ctx.measureEnd = ctx.measureStart + (long) (duration * 1e9);
            ctx.runEnd = ctx.measureEnd;
            for (LatencyWorkload w : ws) {
                w.schedule = schedule;
            }
            // Everything the coordinator does at the window's edges runs once now, so that then it
            // is compiled code and loaded classes, not milliseconds on the load generator's core.
            JvmActivity.now(reactors);
            if (snapshots) {
                server();
            }
            ctx.phase = RunContext.PHASE_RUN;
            for (Reactor re : reactors) {
                re.wakeup();
            }
            long[] last = {0, System.nanoTime()};
            ctx.awaitInstant(ctx.measureStart - EDGE_NANOS, "warmup", () -> progress(ws, last));
            if (snapshots) {
                ctx.say("  measuring for %.1f s from JVM uptime %.3f s, silently (this thread stays off the load "
                        + "generator's core)", duration, ManagementFactory.getRuntimeMXBean().getUptime() / 1e3
                        + EDGE_NANOS / 1e6 / 1e3);
            }
            JvmActivity jvm0 = JvmActivity.now(reactors);
            Instant windowStart = Instant.now().plusNanos(EDGE_NANOS);
            ProcStats srv0 = snapshots ? server() : null;
            // No progress lines inside the window: printing one cost the reactor 1-2 ms each
            // second (the coordinator and the JIT compiling its formatting, on the same core).
            ctx.awaitInstant(ctx.measureEnd + EDGE_NANOS, "run", null);
            JvmActivity jvm1 = JvmActivity.now(reactors);
            // Wall-clock edges of the window, to find it in a server's logs (-Xlog:...:time).
            r.data("window_start", windowStart.toString());
            r.data("window_end", Instant.now().minusNanos(EDGE_NANOS).toString());
            timelineStart = windowStart;
            ProcStats srv1 = snapshots ? server() : null;
            ctx.phase = RunContext.PHASE_DRAIN;
            boolean drained = ctx.await(() -> allDone(ws) || ctx.failed.get() > 0,
                    System.nanoTime() + common.timeout().toNanos(), "drain", () -> progress(ws, last));
            stop(reactors, r);
            if (!drained) {
                r.failure("messages still outstanding after " + common.timeoutSeconds + " s");
            }
            return new Run(ws, jvm0, jvm1, srv0, srv1);
        } finally {
            stop(reactors, r);
        }
    }

    /** relay.c, the C yardstick: by its label, or by the name of the --server-pid process. */
    static boolean isYardstick(String label, Integer serverPid) {
        if (label.toLowerCase(Locale.ROOT).startsWith("relay")) {
            return true;
        }
        String comm = serverPid == null ? null : ProcStats.command(serverPid);
        return comm != null && comm.startsWith("relay");
    }

    private Instant timelineStart;

    /** The --timeline file: every traced message of every reactor, by intended time. */
    private void writeTimeline(LatencyWorkload[] ws, long measureStart) throws java.io.IOException {
        int n = 0;
        for (LatencyWorkload w : ws) {
            n += w.traced;
        }
        long[][] rows = new long[n][];
        int k = 0;
        for (LatencyWorkload w : ws) {
            for (int i = 0; i < w.traced; i++) {
                rows[k++] = new long[] {w.traceIntended[i], w.traceLatency[i]};
            }
        }
        java.util.Arrays.sort(rows, (a, b) -> Long.compare(a[0], b[0]));
        try (var out = java.nio.file.Files.newBufferedWriter(timeline)) {
            out.write("intended,latency_us\n");
            for (long[] row : rows) {
                out.write(timelineStart.plusNanos(row[0] - measureStart) + "," + String.format(Locale.ROOT, "%.1f", row[1] / 1e3) + "\n");
            }
        }
    }

    private void summarize(Report r, Run run, ProcStats before, boolean yardstick) {
        LatencyWorkload[] ws = run.workloads();
        if (timeline != null && timelineStart != null) {
            try {
                writeTimeline(ws, ws[0].ctx.measureStart);
            } catch (java.io.IOException e) {
                r.failure("timeline: " + e.getMessage());
            }
        }
        JvmActivity jvm0 = run.jvm0();
        JvmActivity jvm1 = run.jvm1();
        ProcStats srv0 = run.srv0();
        ProcStats srv1 = run.srv1();
        Histogram h = histogram();
        Histogram fromWrite = histogram();
        Histogram lag = histogram();
        Histogram gap = histogram();
        Histogram write = histogram();
        long sent = 0;
        long received = 0;
        long errors = 0;
        long windowMessages = 0;
        String firstError = null;
        for (LatencyWorkload w : ws) {
            h.add(w.latency[IN_WINDOW]);
            fromWrite.add(w.latencyFromWrite[IN_WINDOW]);
            lag.add(w.sendLag[IN_WINDOW]);
            gap.add(w.loopGap[IN_WINDOW]);
            write.add(w.writeTime[IN_WINDOW]);
            sent += w.queued;
            received += w.received;
            errors += w.errors;
            windowMessages += w.queuedBy[IN_WINDOW];
            if (firstError == null) {
                firstError = w.firstError;
            }
        }
        long n = h.getTotalCount();
        r.metric("recorded", n, "messages measured", String.format(Locale.ROOT, "%,d", n));
        r.metric("achieved_rate", Math.round(n / duration), "measured msgs/s", Report.si(n / duration));
        percentiles(r, h, "", "latency", true);
        r.metric("mean_us", Report.round(h.getMean() / 1e3, 1), "latency mean", Report.micros(h.getMean()));
        percentiles(r, fromWrite, "from_write_", "latency from the actual write", false);
        percentiles(r, lag, "send_lag_", "send lag (write began - intended)", false);
        percentiles(r, write, "write_", "write system call (sender)", false);
        long gap99 = gap.getValueAtPercentile(99);
        r.metric("loop_gap_p99_us", us(gap99), "loop gap p99", Report.micros(gap99));
        r.metric("loop_gap_max_us", us(gap.getMaxValue()), "loop gap max", Report.micros(gap.getMaxValue()));
        long alloc = jvm1.reactorAllocated() - jvm0.reactorAllocated();
        double allocPerMsg = windowMessages == 0 ? 0 : (double) alloc / windowMessages;
        long gcs = jvm1.collections() - jvm0.collections();
        long jitMillis = jvm1.compileMillis() - jvm0.compileMillis();
        r.data("loadgen_gc_in_window", gcs);
        r.data("loadgen_jit_ms_in_window", jitMillis);
        r.data("loadgen_alloc_bytes_per_msg", Report.round(allocPerMsg, 3));
        r.row("instrument floor", String.format(Locale.ROOT,
                "send lag p50 %s, p99 %s, max %s; loop gap p99 %s, max %s; write p50 %s, p99 %s; in the "
                + "window %d GC, %d ms JIT, %.3f B/msg allocated (load generator, %s)",
                Report.micros(lag.getValueAtPercentile(50)), Report.micros(lag.getValueAtPercentile(99)),
                Report.micros(lag.getMaxValue()), Report.micros(gap99), Report.micros(gap.getMaxValue()),
                Report.micros(write.getValueAtPercentile(50)), Report.micros(write.getValueAtPercentile(99)), gcs,
                jitMillis, allocPerMsg, spin ? "spinning" : "sleeping in select"));
        if (yardstick) {
            r.row("yardstick", String.format(Locale.ROOT,
                    "%s is the C yardstick: its p50 %s, p99 %s, p99.9 %s are this instrument's floor with a "
                    + "minimal server; compare other servers to these, measured the same way",
                    common.label(), Report.micros(h.getValueAtPercentile(50)), Report.micros(h.getValueAtPercentile(99)),
                    Report.micros(h.getValueAtPercentile(99.9))));
        }
        if (histograms) {
            r.data("histogram", encode(h));
            r.data("send_lag_histogram", encode(lag));
        }
        if (srv0 != null && srv1 != null) {
            double cpu = srv1.cpuSeconds() - srv0.cpuSeconds();
            r.metric("server_cpu_window_s", Report.round(cpu, 2), "server CPU in window",
                    String.format(Locale.ROOT, "%.2f s (%.0f%% of one core)", cpu, 100 * cpu / duration));
            r.server("at end", srv1, before);
        }
        if (errors > 0) {
            r.failure(errors + " verification error(s), first: " + firstError);
        }
        if (received != sent) {
            r.failure((sent - received) + " message(s) sent but not delivered");
        }
    }

    /** p50, p90 (with {@code all}), p99, p99.9, p99.99 (with {@code all}) and max as {@code prefix + p99_us} etc. */
    private static void percentiles(Report r, Histogram h, String prefix, String human, boolean all) {
        double[] ps = all ? new double[] {50, 90, 99, 99.9, 99.99} : new double[] {50, 99, 99.9};
        for (double p : ps) {
            long v = h.getValueAtPercentile(p);
            String name = p == 99.9 ? "99.9" : p == 99.99 ? "99.99" : Integer.toString((int) p);
            String key = p == 99.9 ? "p999" : p == 99.99 ? "p9999" : "p" + (int) p;
            r.metric(prefix + key + "_us", us(v), human + " p" + name, Report.micros(v));
        }
        r.metric(prefix + "max_us", us(h.getMaxValue()), human + " max", Report.micros(h.getMaxValue()));
    }

    static Histogram histogram() {
        return new Histogram(MAX_TRACKED_NANOS, HISTOGRAM_DIGITS);
    }

    /** A histogram as base64 of its compressed HdrHistogram encoding (values in nanoseconds). */
    static String encode(Histogram h) {
        ByteBuffer b = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int n = h.encodeIntoCompressedByteBuffer(b);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(b.array(), n));
    }

    static Histogram decode(String base64) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
        } catch (java.util.zip.DataFormatException e) {
            throw new IllegalArgumentException("not an encoded histogram: " + e.getMessage(), e);
        }
    }

    private static boolean allDone(LatencyWorkload[] ws) {
        for (LatencyWorkload w : ws) {
            if (!w.finished) {
                return false;
            }
        }
        return true;
    }

    private static String progress(LatencyWorkload[] ws, long[] last) {
        long n = 0;
        for (LatencyWorkload w : ws) {
            n += w.publishedReceived;
        }
        long t = System.nanoTime();
        double rate = (n - last[0]) / ((t - last[1]) / 1e9);
        last[0] = n;
        last[1] = t;
        return String.format(Locale.ROOT, "received %,d  %s msgs/s", n, Report.si(rate));
    }

    /**
     * GC collections and JIT compilation time of this JVM so far, and the bytes the reactor threads
     * have allocated: read by the coordinator, so that the reactors' hot path has nothing to do
     * at the window's edges.
     */
    record JvmActivity(long collections, long compileMillis, long reactorAllocated, long uptimeMillis) {
        static JvmActivity now(Reactor[] reactors) {
            long gcs = 0;
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                gcs += Math.max(0, gc.getCollectionCount());
            }
            var jit = ManagementFactory.getCompilationMXBean();
            long ms = jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
            long alloc = 0;
            for (Reactor r : reactors) {
                alloc += r.allocatedBytesSoFar();
            }
            return new JvmActivity(gcs, ms, alloc, ManagementFactory.getRuntimeMXBean().getUptime());
        }

    }

    /** Index of the histograms and counters of the measured window; 0 is everything outside it. */
    static final int IN_WINDOW = 1;

    /**
     * {@link #IN_WINDOW} when {@code start <= t < end}, else 0, computed without a branch: the
     * warm-up must run exactly the code the window runs. (A test "is this inside the window?"
     * that the warm-up never passes is compiled as a trap, and the first message of the window
     * would deoptimize and recompile the hot path, inside the window, on the load generator's
     * core.)
     */
    static int windowIndex(long t, long start, long end) {
        return (int) ((((t - start) >>> 63) | (~(t - end) >>> 63)) ^ 1);
    }

    private static Histogram[] histograms() {
        return new Histogram[] {histogram(), histogram()};
    }

    /** One sender on the schedule and its receiver. */
    static final class Pair {
        /**
         * Write times kept per pair for the uncorrected latency: enough for this many messages in
         * flight (at 100 pairs and 50k msgs/s, 8 s of a stalled server). A power of two.
         */
        static final int WRITTEN_AT_SLOTS = 4096;

        final int number;
        final Conn sender;
        final Conn receiver;
        final byte[] line;
        final int contentAt;
        /** How the receiver's copy begins ({@link Proto#senderPrefix}). */
        final byte[] header;
        final int size;
        final long[] writtenAt = new long[WRITTEN_AT_SLOTS];
        /** Bytes the sender had queued before its first message (the handshake). */
        long baseBytes = -1;
        /** Messages queued, wholly written, and received. */
        long queued;
        long written;
        long received;

        Pair(int number, Conn sender, Conn receiver, int size, Proto proto) {
            this.number = number;
            this.sender = sender;
            this.receiver = receiver;
            this.line = proto.message(receiver.name, size);
            this.contentAt = proto.messageContentAt(receiver.name);
            this.header = proto.senderPrefix(sender.nameString());
            this.size = size;
        }
    }

    /** The pairs of one reactor. Every method runs on that reactor's thread. */
    static final class LatencyWorkload extends LoginWorkload implements LoginWorkload.LineSink {

        // Every histogram and counter has two slots, outside and inside the window, chosen by
        // windowIndex (by intended send time for messages, by loop time for the loop gap).

        /** Receive time - intended send time: the latency (corrected for coordinated omission). */
        final Histogram[] latency = histograms();
        /** Receive time - actual write time: what a closed-loop tool would see. */
        final Histogram[] latencyFromWrite = histograms();
        /**
         * When the write that put a message wholly into its socket began, minus its intended
         * time: how late the load generator itself was.
         */
        final Histogram[] sendLag = histograms();
        /** How long each sender's write took, by when it began. */
        final Histogram[] writeTime = histograms();
        /**
         * Time between two loop iterations: how long the load generator could neither send nor
         * see a reply (a receive time is late by at most this).
         */
        final Histogram[] loopGap = histograms();
        /** Messages queued, by whether they are due inside the window. */
        final long[] queuedBy = new long[2];
        /** Set by the coordinator before {@link RunContext#PHASE_RUN}. */
        volatile OpenLoopSchedule schedule;
        private final Pair[] pairs;
        private OpenLoopSchedule.Cursor cursor;
        private boolean allQueued;
        private long measureStart;
        private long measureEnd;
        private long runEnd;
        private long lastPoll;
        long queued;
        long received;
        long errors;
        String firstError;
        volatile long publishedReceived;
        volatile boolean finished;

        /** --timeline: intended time and latency of in-window messages, in arrival order. */
        final long[] traceIntended;
        final long[] traceLatency;
        int traced;

        LatencyWorkload(Reactor reactor, RunContext ctx, Conn[] conns, int size, int traceCapacity) {
            super(reactor, ctx, conns, new byte[0], true, conns.length);
            this.traceIntended = new long[traceCapacity];
            this.traceLatency = new long[traceCapacity];
            this.pairs = new Pair[conns.length / 2];
            for (int i = 0; i < pairs.length; i++) {
                Pair p = new Pair(conns[2 * i].index / 2, conns[2 * i], conns[2 * i + 1], size, ctx.proto);
                p.sender.attachment = p;
                p.receiver.attachment = p;
                pairs[i] = p;
            }
        }

        @Override
        long pollScenario(long now) {
            if (ctx.phase < RunContext.PHASE_RUN) {
                return Long.MAX_VALUE;
            }
            if (cursor == null) {
                begin(now);
            }
            loopGap[windowIndex(now, measureStart, measureEnd)].recordValue(clamp(now - lastPoll));
            lastPoll = now;
            while (!allQueued && cursor.due() - now <= 0) {
                long due = cursor.due();
                if (due - runEnd >= 0) {
                    allQueued = true;
                    break;
                }
                queue(pairs[cursor.pairIndex()], cursor.seq(), due);
                cursor.advance();
            }
            publishedReceived = received;
            if (allQueued && (received == queued || errors > 0)) {
                finished = true;
            }
            return allQueued ? Long.MAX_VALUE : cursor.due();
        }

        private void begin(long now) {
            OpenLoopSchedule s = schedule;
            int[] numbers = new int[pairs.length];
            for (int i = 0; i < pairs.length; i++) {
                numbers[i] = pairs[i].number;
            }
            cursor = s.new Cursor(numbers);
            measureStart = ctx.measureStart;
            measureEnd = ctx.measureEnd;
            runEnd = ctx.runEnd;
            lastPoll = now;
        }

        /** Puts message {@code seq} of {@code p} into its sender's buffer, stamped with its intended time. */
        private void queue(Pair p, long seq, long intended) {
            Conn s = p.sender;
            if (!s.open()) {
                return;
            }
            if (p.baseBytes < 0) {
                p.baseBytes = s.bytesWritten + s.out.position();
            }
            byte[] line = p.line;
            if (s.out.remaining() < line.length) {
                if (s.out.position() + line.length > MAX_BACKLOG) {
                    reactor.failFromWorkload(s, "server not reading: " + (MAX_BACKLOG >> 20) + " MiB unsent");
                    return;
                }
                s.ensureRoom(line.length);
            }
            int pos = s.out.position();
            s.out.put(line);
            byte[] out = s.out.array();
            Content.digits(out, pos + p.contentAt, Content.SEQ_DIGITS, seq);
            Content.digits(out, pos + p.contentAt + Content.SEQ_DIGITS, Content.TIME_DIGITS, intended - ctx.epoch);
            p.queued++;
            queued++;
            queuedBy[windowIndex(intended, measureStart, measureEnd)]++;
            reactor.markDirty(s);
        }

        /**
         * A message counts as sent when the write that hands its last byte to the kernel begins:
         * the send lag is the load generator's own lateness. The write itself (on loopback it
         * runs the TCP path into the server's socket and wakes the server: about 10 µs here) is
         * part of the latency, and measured apart.
         */
        @Override
        public void wrote(Conn c, long started, long now) {
            if (!(c.attachment instanceof Pair p) || c != p.sender || p.baseBytes < 0) {
                return;
            }
            writeTime[windowIndex(started, measureStart, measureEnd)].recordValue(clamp(now - started));
            long whole = (c.bytesWritten - p.baseBytes) / p.line.length;
            OpenLoopSchedule s = schedule;
            for (long seq = p.written; seq < whole; seq++) {
                long intended = s.intended(p.number, seq);
                sendLag[windowIndex(intended, measureStart, measureEnd)].recordValue(clamp(started - intended));
                p.writtenAt[(int) seq & (Pair.WRITTEN_AT_SLOTS - 1)] = started;
            }
            p.written = Math.max(p.written, whole);
        }

        @Override
        void afterLogin(Conn c, byte[] buf, int off, int len, long now) {
            lines(c, buf, off, len, now, this);
        }

        @Override
        public void line(Conn c, byte[] b, int off, int len, long now) {
            Pair p = (Pair) c.attachment;
            Proto proto = ctx.proto;
            if (proto.isMessage(b, off, len)) {
                int at = c == p.receiver ? proto.contentAt(b, off, len, p.header, p.size) : -1;
                if (at < 0) {
                    error(c.nameString() + " got an unexpected line: " + new String(b, off, Math.min(len, 80), StandardCharsets.UTF_8));
                    return;
                }
                long seq = Content.parse(b, at, Content.SEQ_DIGITS);
                long intended = ctx.epoch + Content.parse(b, at + Content.SEQ_DIGITS, Content.TIME_DIGITS);
                if (seq != p.received) {
                    error(c.nameString() + " expected message " + p.received + ", got " + seq);
                    if (seq < p.received) {
                        return;
                    }
                    p.received = seq;
                }
                if (schedule.intended(p.number, seq) != intended) {
                    error(c.nameString() + ": message " + seq + " carries the wrong send time");
                    return;
                }
                p.received++;
                received++;
                int w = windowIndex(intended, measureStart, measureEnd);
                latency[w].recordValue(clamp(now - intended));
                if (w == 1 && traced < traceIntended.length) {
                    traceIntended[traced] = intended;
                    traceLatency[traced++] = now - intended;
                }
                // The write time of seq is still in its slot unless more than a ring's worth has
                // been written since.
                if (seq < p.written && p.written - seq <= Pair.WRITTEN_AT_SLOTS) {
                    latencyFromWrite[w].recordValue(clamp(now - p.writtenAt[(int) seq & (Pair.WRITTEN_AT_SLOTS - 1)]));
                }
            } else if (proto.isError(b, off, len)) {
                error(c.nameString() + " got " + new String(b, off, Math.min(len, 80), StandardCharsets.UTF_8));
            }
        }

        private static long clamp(long nanos) {
            return Math.min(MAX_TRACKED_NANOS, Math.max(0, nanos));
        }

        private void error(String what) {
            if (errors++ == 0) {
                firstError = what;
            }
        }
    }
}
