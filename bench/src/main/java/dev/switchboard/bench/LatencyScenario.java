package dev.switchboard.bench;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench latency}: open-loop send-to-receive time. Every pair sends on a fixed schedule
 * (R/P messages per second each, pairs staggered) whatever the server does, and each message
 * carries its <em>intended</em> send time: a server that stalls delays every message scheduled
 * during the stall, and those delays are all recorded. That is the coordinated-omission
 * correction: a message that could not even be sent on time counts from when it should have been.
 */
@Command(name = "latency", mixinStandardHelpOptions = true,
        description = {"Open-loop latency percentiles at a fixed rate.",
                "Open loop at --rate msgs/s in total over --pairs pairs; p50/p90/p99/p99.9/max of "
                + "send->receive time (HdrHistogram), measured from the intended send time (corrected for "
                + "coordinated omission)."})
final class LatencyScenario extends Scenario {

    /** Sender backlog kept before generation pauses (the intended times still stand). */
    static final int SENDER_BUFFER = 256 * 1024;

    /** Highest latency the histogram tracks: one minute. */
    static final long MAX_TRACKED_NANOS = 60_000_000_000L;

    @Option(names = "--pairs", defaultValue = "100", description = "Sender->receiver pairs (default: ${DEFAULT-VALUE}).")
    int pairs;

    @Option(names = "--rate", defaultValue = "10000", description = "Messages per second, all pairs together (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--size", defaultValue = "64", description = "Content bytes per message, at least "
            + Content.MIN_SIZE + " (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--duration", defaultValue = "10", description = "Measured seconds (default: ${DEFAULT-VALUE}).")
    double duration;

    @Option(names = "--warmup", defaultValue = "2", description = "Unmeasured seconds first (default: ${DEFAULT-VALUE}).")
    double warmup;

    @Override
    Report execute() throws Exception {
        Content.checkSize(size);
        if (pairs < 1 || rate <= 0 || duration <= 0 || warmup < 0) {
            throw new IllegalArgumentException("--pairs >= 1, --rate > 0, --duration > 0, --warmup >= 0");
        }
        int clients = 2 * pairs;
        Report r = new Report("latency", common.label());
        r.param("pairs", pairs).param("rate", rate).param("size", size).param("duration_s", duration)
                .param("warmup_s", warmup).param("threads", common.threads());
        RunContext ctx = context(clients);
        Names names = new Names(common.prefix, clients);
        Reactor[] reactors = reactors(Math.min(common.threads(), pairs));
        int k = reactors.length;
        long interval = Math.max(1, Math.round(pairs * 1e9 / rate));
        ctx.say("latency: %d pairs, %.0f msgs/s (one per %.1f µs per pair), %d B, to %s, %d selector thread(s)",
                pairs, rate, interval / 1e3, size, ctx.remoteText, k);
        ProcStats before = server();
        LatencyWorkload[] ws = start(reactors, new LatencyWorkload[k], clients, names, i -> (i / 2) % k,
                i -> i % 2 == 0 ? SENDER_BUFFER : 256,
                (re, conns) -> new LatencyWorkload(re, ctx, conns, size, interval, pairs));
        try {
            if (!ctx.await(() -> ctx.loggedIn.get() + ctx.failed.get() >= clients, deadline(), "login", () -> loginProgress(ctx))
                    || ctx.failed.get() > 0) {
                r.failure("login: " + loginProgress(ctx) + (ctx.firstFailure() != null ? ", first failure: " + ctx.firstFailure() : ""));
                return r;
            }
            long start = System.nanoTime() + 10_000_000L;
            ctx.runStart = start;
            ctx.measureStart = start + (long) (warmup * 1e9);
            ctx.measureEnd = ctx.measureStart + (long) (duration * 1e9);
            ctx.runEnd = ctx.measureEnd;
            ctx.phase = RunContext.PHASE_RUN;
            for (Reactor re : reactors) {
                re.wakeup();
            }
            long[] last = {0, System.nanoTime()};
            ctx.await(() -> System.nanoTime() >= ctx.measureStart, ctx.measureStart + 1_000_000_000L, "warmup",
                    () -> progress(ws, last));
            ProcStats srv0 = server();
            ctx.await(() -> System.nanoTime() >= ctx.measureEnd, ctx.measureEnd + 1_000_000_000L, "run",
                    () -> progress(ws, last));
            ProcStats srv1 = server();
            ctx.phase = RunContext.PHASE_DRAIN;
            boolean drained = ctx.await(() -> allDone(ws) || ctx.failed.get() > 0,
                    System.nanoTime() + common.timeout().toNanos(), "drain", () -> progress(ws, last));
            stop(reactors, r);
            summarize(r, ws, srv0, srv1, before);
            if (!drained) {
                r.failure("messages still outstanding after " + common.timeoutSeconds + " s");
            }
        } finally {
            stop(reactors, r);
        }
        checkClients(r, ctx);
        return r;
    }

    private void summarize(Report r, LatencyWorkload[] ws, ProcStats srv0, ProcStats srv1, ProcStats before) {
        Histogram h = new Histogram(MAX_TRACKED_NANOS, 3);
        Histogram lag = new Histogram(MAX_TRACKED_NANOS, 3);
        long sent = 0;
        long received = 0;
        long errors = 0;
        String firstError = null;
        for (LatencyWorkload w : ws) {
            h.add(w.histogram);
            lag.add(w.sendLag);
            sent += w.sent();
            received += w.received;
            errors += w.errors;
            if (firstError == null) {
                firstError = w.firstError;
            }
        }
        r.metric("recorded", h.getTotalCount(), "messages measured", String.format(Locale.ROOT, "%,d", h.getTotalCount()));
        r.metric("achieved_rate", Math.round(h.getTotalCount() / duration), "measured msgs/s", Report.si(h.getTotalCount() / duration));
        double[] ps = {50, 90, 99, 99.9};
        String[] keys = {"p50_us", "p90_us", "p99_us", "p999_us"};
        for (int i = 0; i < ps.length; i++) {
            long v = h.getValueAtPercentile(ps[i]);
            r.metric(keys[i], us(v), "latency p" + (ps[i] == 99.9 ? "99.9" : Integer.toString((int) ps[i])), Report.micros(v));
        }
        r.metric("max_us", us(h.getMaxValue()), "latency max", Report.micros(h.getMaxValue()));
        r.metric("mean_us", Report.round(h.getMean() / 1e3, 1), "latency mean", Report.micros(h.getMean()));
        long lag99 = lag.getValueAtPercentile(99);
        r.metric("loadgen_send_lag_p99_us", us(lag99), "load generator send lag p99 (its own lateness)", Report.micros(lag99));
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

    /** One sender on a schedule and its receiver. */
    static final class Pair {
        final Conn sender;
        final Conn receiver;
        final byte[] line;
        final int contentAt;
        final byte[] header;
        final int deliveredLen;
        final long offset;
        long next;
        long sent;
        long received;

        Pair(Conn sender, Conn receiver, int size, long offset) {
            this.sender = sender;
            this.receiver = receiver;
            this.line = Content.line(receiver.name, size);
            this.contentAt = receiver.name.length + 1;
            this.header = ("MSG|" + sender.nameString() + "|").getBytes(StandardCharsets.US_ASCII);
            this.deliveredLen = header.length + size + 1;
            this.offset = offset;
        }
    }

    /** The pairs of one reactor. */
    static final class LatencyWorkload extends LoginWorkload implements LoginWorkload.LineSink {
        private static final byte[] MSG = "MSG|".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] ERR = "ERROR|".getBytes(StandardCharsets.US_ASCII);

        final Histogram histogram = new Histogram(MAX_TRACKED_NANOS, 3);
        /**
         * How late the load generator itself put each message into its socket buffer: a check on
         * the tool (a descheduled or overloaded load generator shows here, not only in latency).
         */
        final Histogram sendLag = new Histogram(MAX_TRACKED_NANOS, 3);
        private final Pair[] pairs;
        private final long interval;
        private boolean started;
        long received;
        long errors;
        String firstError;
        volatile long publishedReceived;
        volatile boolean finished;

        LatencyWorkload(Reactor reactor, RunContext ctx, Conn[] conns, int size, long interval, int totalPairs) {
            super(reactor, ctx, conns, new byte[0], true, conns.length);
            this.interval = interval;
            this.pairs = new Pair[conns.length / 2];
            for (int i = 0; i < pairs.length; i++) {
                int global = conns[2 * i].index / 2;
                Pair p = new Pair(conns[2 * i], conns[2 * i + 1], size, interval * global / totalPairs);
                p.sender.attachment = p;
                p.receiver.attachment = p;
                pairs[i] = p;
            }
        }

        long sent() {
            long n = 0;
            for (Pair p : pairs) {
                n += p.sent;
            }
            return n;
        }

        @Override
        long pollScenario(long now) {
            if (ctx.phase < RunContext.PHASE_RUN) {
                return Long.MAX_VALUE;
            }
            long runEnd = ctx.runEnd;
            if (!started) {
                started = true;
                for (Pair p : pairs) {
                    p.next = ctx.runStart + p.offset;
                }
            }
            long nextDue = Long.MAX_VALUE;
            boolean allSent = true;
            long epoch = ctx.epoch;
            for (Pair p : pairs) {
                Conn s = p.sender;
                if (!s.open()) {
                    continue;
                }
                byte[] line = p.line;
                while (p.next - now <= 0 && p.next - runEnd < 0 && s.out.remaining() >= line.length) {
                    int pos = s.out.position();
                    s.out.put(line);
                    byte[] out = s.out.array();
                    Content.digits(out, pos + p.contentAt, Content.SEQ_DIGITS, p.sent);
                    Content.digits(out, pos + p.contentAt + Content.SEQ_DIGITS, Content.TIME_DIGITS, p.next - epoch);
                    if (p.next - ctx.measureStart >= 0) {
                        sendLag.recordValue(Math.min(MAX_TRACKED_NANOS, Math.max(0, now - p.next)));
                    }
                    p.sent++;
                    p.next += interval;
                    reactor.markDirty(s);
                }
                if (p.next - runEnd < 0) {
                    allSent = false;
                    nextDue = Math.min(nextDue, p.next);
                }
            }
            publishedReceived = received;
            if (allSent && (received == sent() || errors > 0)) {
                finished = true;
            }
            return nextDue;
        }

        @Override
        void afterLogin(Conn c, byte[] buf, int off, int len, long now) {
            lines(c, buf, off, len, now, this);
        }

        @Override
        public void line(Conn c, byte[] b, int off, int len, long now) {
            Pair p = (Pair) c.attachment;
            if (startsWith(b, off, len, MSG)) {
                if (c != p.receiver || len != p.deliveredLen - 1 || !startsWith(b, off, len, p.header)) {
                    error(c.nameString() + " got an unexpected line: " + new String(b, off, Math.min(len, 80), StandardCharsets.UTF_8));
                    return;
                }
                int at = off + p.header.length;
                long seq = Content.parse(b, at, Content.SEQ_DIGITS);
                long intended = ctx.epoch + Content.parse(b, at + Content.SEQ_DIGITS, Content.TIME_DIGITS);
                if (seq != p.received) {
                    error(c.nameString() + " expected message " + p.received + ", got " + seq);
                    if (seq < p.received) {
                        return;
                    }
                    p.received = seq;
                }
                p.received++;
                received++;
                if (intended - ctx.measureStart >= 0) {
                    histogram.recordValue(Math.min(MAX_TRACKED_NANOS, Math.max(0, now - intended)));
                }
            } else if (startsWith(b, off, len, ERR)) {
                error(c.nameString() + " got " + new String(b, off, Math.min(len, 80), StandardCharsets.UTF_8));
            }
        }

        private void error(String what) {
            if (errors++ == 0) {
                firstError = what;
            }
        }
    }
}
