package dev.switchboard.bench;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench throughput}: closed-loop relay rate. Each of P senders keeps at most W messages in
 * flight to its receiver (a message counts as delivered when the receiver has read it) and every
 * delivered message is checked: right sender, right size, sequence numbers exactly once and in
 * order.
 *
 * <p>Both ends of a pair live on the same reactor, so a delivery frees window space without any
 * cross-thread hand-off; the refill happens once per loop iteration, which batches many messages
 * into one write.
 */
@Command(name = "throughput", mixinStandardHelpOptions = true,
        description = {"Closed-loop relay rate: P pairs, W messages in flight each.",
                "P sender->receiver pairs, at most W messages in flight per sender; delivered msgs/s and "
                + "bytes/s over --duration after --warmup, every message verified (exactly once, in order)."})
final class ThroughputScenario extends Scenario {

    /** Most messages in flight per sender; more only buffers in the kernel. */
    static final int MAX_WINDOW = 100_000;

    /** How long the in-flight messages may take to arrive after sending stops. */
    static final long DRAIN_NANOS = 10_000_000_000L;

    @Option(names = "--pairs", defaultValue = "10", description = "Sender->receiver pairs (default: ${DEFAULT-VALUE}).")
    int pairs;

    @Option(names = "--window", defaultValue = "1000", description = "Messages in flight per sender (default: ${DEFAULT-VALUE}).")
    int window;

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
        if (pairs < 1 || window < 1 || window > MAX_WINDOW || duration <= 0 || warmup < 0) {
            throw new IllegalArgumentException("--pairs >= 1, --window 1.." + MAX_WINDOW + ", --duration > 0, --warmup >= 0");
        }
        int clients = 2 * pairs;
        Report r = new Report("throughput", common.label());
        r.param("proto", common.proto().name().toLowerCase(Locale.ROOT)).param("pairs", pairs).param("window", window).param("size", size).param("duration_s", duration)
                .param("warmup_s", warmup).param("threads", common.threads());
        RunContext ctx = context(clients);
        Names names = new Names(common.prefix, clients);
        Reactor[] reactors = reactors(Math.min(common.threads(), pairs));
        int k = reactors.length;
        ctx.say("throughput: %d pairs, window %d, %d B, to %s, %d selector thread(s)", pairs, window, size, ctx.remoteText, k);
        int senderOut = Math.max(64 * 1024, window * (names.name(0).length + size + 2));
        ProcStats before = server();
        ThroughputWorkload[] ws = start(reactors, new ThroughputWorkload[k], clients, names, i -> (i / 2) % k,
                i -> i % 2 == 0 ? senderOut : 256,
                (re, conns) -> new ThroughputWorkload(re, ctx, conns, window, size));
        try {
            if (!ctx.await(() -> ctx.loggedIn.get() + ctx.failed.get() >= clients, deadline(), "login", () -> loginProgress(ctx))
                    || ctx.failed.get() > 0) {
                r.failure("login: " + loginProgress(ctx) + (ctx.firstFailure() != null ? ", first failure: " + ctx.firstFailure() : ""));
                stop(reactors, r);
                return r;
            }
            long start = System.nanoTime();
            ctx.runStart = start;
            ctx.measureStart = start + (long) (warmup * 1e9);
            ctx.measureEnd = ctx.measureStart + (long) (duration * 1e9);
            ctx.phase = RunContext.PHASE_RUN;
            for (Reactor re : reactors) {
                re.wakeup();
            }
            long[] last = {0, System.nanoTime()};
            ProcStats[] self = new ProcStats[2];
            ProcStats[] srv = new ProcStats[2];
            ctx.await(() -> System.nanoTime() >= ctx.measureStart, ctx.measureStart + 1_000_000_000L, "warmup",
                    () -> progress(ws, last));
            self[0] = ProcStats.self();
            srv[0] = server();
            ctx.await(() -> allSnapped(ws), ctx.measureEnd + common.timeout().toNanos(), "run", () -> progress(ws, last));
            self[1] = ProcStats.self();
            srv[1] = server();
            ctx.phase = RunContext.PHASE_DRAIN;
            boolean drained = ctx.await(() -> inflight(ws) == 0 || ctx.failed.get() > 0,
                    System.nanoTime() + DRAIN_NANOS, "drain", () -> "in flight " + inflight(ws));
            ctx.phase = RunContext.PHASE_DONE;
            stop(reactors, r);
            summarize(r, ws, self, srv, before);
            if (!drained) {
                r.failure(inflight(ws) + " message(s) never delivered");
            }
        } finally {
            stop(reactors, r);
        }
        checkClients(r, ctx);
        return r;
    }

    private void summarize(Report r, ThroughputWorkload[] ws, ProcStats[] self, ProcStats[] srv, ProcStats before) {
        double rate = 0;
        double byteRate = 0;
        long measured = 0;
        long alloc = 0;
        long delivered = 0;
        long sent = 0;
        long errors = 0;
        String firstError = null;
        for (ThroughputWorkload w : ws) {
            double secs = (w.endTime - w.startTime) / 1e9;
            long n = w.endCount - w.startCount;
            measured += n;
            rate += n / secs;
            byteRate += (w.endBytes - w.startBytes) / secs;
            alloc += w.endAlloc - w.startAlloc;
            delivered += w.delivered;
            sent += w.sent();
            errors += w.errors;
            if (firstError == null) {
                firstError = w.firstError;
            }
        }
        r.metric("msgs_per_s", Math.round(rate), "delivered msgs/s", Report.si(rate));
        r.metric("bytes_per_s", Math.round(byteRate), "delivered bytes/s (MSG lines)",
                String.format(Locale.ROOT, "%.1f MB/s", byteRate / 1e6));
        r.metric("content_bytes_per_s", Math.round(rate * size), "delivered content bytes/s",
                String.format(Locale.ROOT, "%.1f MB/s", rate * size / 1e6));
        r.metric("measured_msgs", measured, "messages in measured window", String.format(Locale.ROOT, "%,d", measured));
        r.metric("delivered", delivered, "messages delivered and verified", String.format(Locale.ROOT, "%,d of %,d sent", delivered, sent));
        double allocPerMsg = measured == 0 ? 0 : (double) alloc / measured;
        r.metric("loadgen_alloc_bytes_per_msg", Report.round(allocPerMsg, 3), "load generator allocation",
                String.format(Locale.ROOT, "%.3f B/msg", allocPerMsg));
        if (self[0] != null && self[1] != null) {
            double cpu = self[1].cpuSeconds() - self[0].cpuSeconds();
            r.metric("loadgen_cpu_s", Report.round(cpu, 2), "load generator CPU in window",
                    String.format(Locale.ROOT, "%.2f s (%.0f%% of one core)", cpu, 100 * cpu / duration));
        }
        if (srv[0] != null && srv[1] != null) {
            double cpu = srv[1].cpuSeconds() - srv[0].cpuSeconds();
            r.metric("server_cpu_window_s", Report.round(cpu, 2), "server CPU in window",
                    String.format(Locale.ROOT, "%.2f s (%.0f%% of one core)", cpu, 100 * cpu / duration));
            r.server("at end", srv[1], before);
        }
        if (errors > 0) {
            r.failure(errors + " verification error(s), first: " + firstError);
        }
        if (delivered != sent) {
            r.failure((sent - delivered) + " message(s) sent but not delivered");
        }
    }

    private static boolean allSnapped(ThroughputWorkload[] ws) {
        for (ThroughputWorkload w : ws) {
            if (!w.snappedEnd) {
                return false;
            }
        }
        return true;
    }

    private static long inflight(ThroughputWorkload[] ws) {
        long n = 0;
        for (ThroughputWorkload w : ws) {
            n += w.publishedInflight;
        }
        return n;
    }

    private static String progress(ThroughputWorkload[] ws, long[] last) {
        long n = 0;
        for (ThroughputWorkload w : ws) {
            n += w.publishedDelivered;
        }
        long t = System.nanoTime();
        double rate = (n - last[0]) / ((t - last[1]) / 1e9);
        last[0] = n;
        last[1] = t;
        return String.format(Locale.ROOT, "delivered %,d  %s msgs/s", n, Report.si(rate));
    }

    /** One sender and its receiver. */
    static final class Pair {
        final Conn sender;
        final Conn receiver;
        /** {@code receiver|content\n}; the sequence digits are rewritten per message. */
        final byte[] line;
        final int seqAt;
        /** How the receiver's copy begins: {@code MSG|sender|}, or IRC's {@code :sender!}. */
        final byte[] header;
        /** Length of a delivered line including '\n'; -1 on IRC, whose lines vary with the host part. */
        final int deliveredLen;
        final int size;
        long sent;
        long received;
        int inflight;
        boolean queued;

        Pair(Conn sender, Conn receiver, int size, Proto proto) {
            this.sender = sender;
            this.receiver = receiver;
            this.line = proto.message(receiver.name, size);
            this.seqAt = proto.messageContentAt(receiver.name);
            this.header = proto.senderPrefix(sender.nameString());
            this.size = size;
            this.deliveredLen = proto == Proto.LINE ? header.length + size + 1 : -1;
        }
    }

    /** The pairs of one reactor. */
    static final class ThroughputWorkload extends LoginWorkload implements LoginWorkload.LineSink {

        private final Pair[] pairs;
        private final int window;
        private Pair[] refill;
        private int refillCount;
        private boolean started;

        long delivered;
        long deliveredBytes;
        long errors;
        String firstError;
        volatile long publishedDelivered;
        volatile long publishedInflight;

        boolean snappedStart;
        volatile boolean snappedEnd;
        long startCount;
        long startBytes;
        long startTime;
        long startAlloc;
        long endCount;
        long endBytes;
        long endTime;
        long endAlloc;

        ThroughputWorkload(Reactor reactor, RunContext ctx, Conn[] conns, int window, int size) {
            super(reactor, ctx, conns, new byte[0], true, conns.length);
            this.window = window;
            this.pairs = new Pair[conns.length / 2];
            for (int i = 0; i < pairs.length; i++) {
                Pair p = new Pair(conns[2 * i], conns[2 * i + 1], size, ctx.proto);
                p.sender.attachment = p;
                p.receiver.attachment = p;
                pairs[i] = p;
            }
            this.refill = new Pair[pairs.length];
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
            int phase = ctx.phase;
            if (phase < RunContext.PHASE_RUN) {
                return Long.MAX_VALUE;
            }
            if (!started) {
                started = true;
                for (Pair p : pairs) {
                    queue(p);
                }
            }
            if (!snappedStart && now >= ctx.measureStart) {
                snappedStart = true;
                startCount = delivered;
                startBytes = deliveredBytes;
                startTime = now;
                startAlloc = Reactor.allocatedBytes();
            }
            if (!snappedEnd && now >= ctx.measureEnd) {
                endCount = delivered;
                endBytes = deliveredBytes;
                endTime = now;
                endAlloc = Reactor.allocatedBytes();
                snappedEnd = true;
            }
            if (phase == RunContext.PHASE_RUN) {
                for (int i = 0; i < refillCount; i++) {
                    Pair p = refill[i];
                    p.queued = false;
                    fill(p);
                }
            }
            refillCount = 0;
            long inflight = 0;
            for (Pair p : pairs) {
                inflight += p.inflight;
            }
            publishedDelivered = delivered;
            publishedInflight = inflight;
            return snappedEnd ? Long.MAX_VALUE : (snappedStart ? ctx.measureEnd : ctx.measureStart);
        }

        private void queue(Pair p) {
            if (!p.queued) {
                p.queued = true;
                refill[refillCount++] = p;
            }
        }

        /** Tops the sender's window up, writing straight into its output buffer. */
        private void fill(Pair p) {
            Conn s = p.sender;
            if (!s.open()) {
                return;
            }
            int n = window - p.inflight;
            if (n <= 0) {
                return;
            }
            byte[] line = p.line;
            int len = line.length;
            s.ensureRoom(n * len);
            byte[] out = s.out.array();
            int pos = s.out.arrayOffset() + s.out.position();
            long seq = p.sent;
            for (int i = 0; i < n; i++) {
                System.arraycopy(line, 0, out, pos, len);
                Content.digits(out, pos + p.seqAt, Content.SEQ_DIGITS, seq++);
                pos += len;
            }
            s.out.position(pos - s.out.arrayOffset());
            p.sent = seq;
            p.inflight += n;
            reactor.markDirty(s);
        }

        @Override
        void afterLogin(Conn c, byte[] buf, int off, int len, long now) {
            Pair p = (Pair) c.attachment;
            if (c != p.receiver || c.partialLen > 0 || p.deliveredLen < 0) {
                lines(c, buf, off, len, now, this);
                return;
            }
            // Fast path: a whole expected MSG line where it should be, no scanning for '\n'.
            int end = off + len;
            byte[] header = p.header;
            int dl = p.deliveredLen;
            while (off < end) {
                int nl = off + dl - 1;
                if (nl < end && buf[nl] == '\n' && startsWith(buf, off, dl, header)) {
                    verify(p, buf, off + header.length, dl);
                    off = nl + 1;
                    continue;
                }
                lines(c, buf, off, end - off, now, this);
                return;
            }
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
                verify(p, b, at, len + 1);
            } else if (proto.isError(b, off, len)) {
                error(c.nameString() + " got " + new String(b, off, Math.min(len, 80), StandardCharsets.UTF_8));
            }
            // USERS / JOIN / LEAVE / PING lines: not part of this measurement.
        }

        private void verify(Pair p, byte[] b, int contentAt, int lineBytes) {
            long seq = Content.parse(b, contentAt, Content.SEQ_DIGITS);
            if (seq != p.received) {
                error(p.receiver.nameString() + " expected message " + p.received + " from " + p.sender.nameString()
                        + ", got " + seq);
                if (seq > p.received) {
                    // Skip ahead so one loss is one error, not one per following message.
                    p.inflight -= (int) Math.min(p.inflight, seq - p.received);
                    p.received = seq;
                } else {
                    return;
                }
            }
            p.received++;
            p.inflight--;
            delivered++;
            deliveredBytes += lineBytes;
            queue(p);
        }

        private void error(String what) {
            if (errors++ == 0) {
                firstError = what;
            }
        }
    }
}
