package dev.switchboard.bench;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench storm -n N}: N connected clients send their handshake at the same moment; how long
 * until every one of them holds the full user list, and how many presence bytes that took.
 * Connecting happens first and is not timed, so the figure is about presence, not the backlog.
 */
@Command(name = "storm", mixinStandardHelpOptions = true,
        description = {"N clients log in at once; time until all hold the full user list.",
                "N clients connect, then all log in at once; time until every client holds the full user "
                + "list (USERS lines, counted: a line of N names of this run's width is the full list; with "
                + "--presence the snapshot plus JOIN/LEAVE deltas of the presence capability, decoded name "
                + "by name) and the presence bytes received."})
final class StormScenario extends Scenario {

    private static final byte[] CAP_PRESENCE = "CAP|REQ|presence\n".getBytes(StandardCharsets.US_ASCII);

    @Option(names = {"-n", "--clients"}, defaultValue = "1000", description = "Clients (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--presence", description = "Ask for the presence capability (CAP|REQ|presence before the name).")
    boolean presence;

    @Option(names = "--concurrency", defaultValue = "" + ConnectScenario.DEFAULT_CONCURRENCY,
            description = "Connects in progress at once while setting up (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Override
    Report execute() throws Exception {
        if (clients < 1 || concurrency < 1) {
            throw new IllegalArgumentException("-n and --concurrency must be positive");
        }
        Report r = new Report("storm", common.label());
        r.param("clients", clients).param("presence", presence).param("threads", common.threads());
        if (common.proto() != Proto.LINE) {
            throw new IllegalArgumentException("storm measures the line protocol's user lists; --proto irc is for "
                    + "connect, throughput and latency");
        }
        RunContext ctx = context(clients);
        Names names = new Names(common.prefix, clients);
        Reactor[] reactors = reactors(common.threads());
        int k = reactors.length;
        ctx.say("storm: %,d clients to %s%s, %d selector thread(s)", clients, ctx.remoteText,
                presence ? " with the presence capability" : "", k);
        ProcStats before = server();
        StormWorkload[] ws = start(reactors, new StormWorkload[k], clients, names, i -> i % k, i -> 256,
                (re, conns) -> new StormWorkload(re, ctx, conns, presence ? CAP_PRESENCE : new byte[0],
                        Math.max(1, concurrency / k), names, clients, !presence));
        try {
            if (!ctx.await(() -> ctx.connected.get() + ctx.failed.get() >= clients, deadline(), "connect",
                    () -> loginProgress(ctx)) || ctx.failed.get() > 0) {
                r.failure("connect: " + loginProgress(ctx) + (ctx.firstFailure() != null ? ", first failure: " + ctx.firstFailure() : ""));
                return r;
            }
            warmUpParser(names, !presence);
            ProcStats srv0 = server();
            ProcStats self0 = ProcStats.self();
            long t0 = System.nanoTime();
            ctx.runStart = t0;
            ctx.phase = RunContext.PHASE_BURST;
            for (Reactor re : reactors) {
                re.wakeup();
            }
            boolean done = ctx.await(() -> ctx.goal.get() >= clients || ctx.failed.get() > 0, deadline(), "storm",
                    () -> String.format(Locale.ROOT, "logged in %,d/%,d  full list %,d/%,d  failed %,d",
                            ctx.loggedIn.get(), clients, ctx.goal.get(), clients, ctx.failed.get()));
            ProcStats srv1 = server();
            ProcStats self1 = ProcStats.self();
            stop(reactors, r);
            if (self0 != null && self1 != null) {
                double cpu = self1.cpuSeconds() - self0.cpuSeconds();
                r.metric("loadgen_cpu_s", Report.round(cpu, 2), "load generator CPU during storm", String.format(Locale.ROOT, "%.2f s", cpu));
            }
            if (ctx.loggedIn.get() == clients) {
                long t = ctx.allLoggedInAt.get() - t0;
                r.metric("all_logged_in_s", Report.round(t / 1e9, 3), "time until all logged in", Report.seconds(t));
            }
            if (done && ctx.goal.get() >= clients) {
                long t = ctx.goalAt.get() - t0;
                r.metric("all_full_list_s", Report.round(t / 1e9, 3), "time until everyone holds the full list", Report.seconds(t));
            } else {
                r.failure(String.format(Locale.ROOT, "after %d s only %,d of %,d clients hold the full list",
                        common.timeoutSeconds, ctx.goal.get(), clients));
            }
            Histogram h = new Histogram(3_600_000_000_000L, 3);
            long bytes = 0;
            for (StormWorkload w : ws) {
                h.add(w.fullListNanos);
                bytes += w.presenceBytes();
            }
            if (h.getTotalCount() > 0) {
                r.metric("full_list_p50_ms", ms(h.getValueAtPercentile(50)), "per client: full list p50", Report.millis(h.getValueAtPercentile(50)));
                r.metric("full_list_p99_ms", ms(h.getValueAtPercentile(99)), "per client: full list p99", Report.millis(h.getValueAtPercentile(99)));
            }
            r.metric("presence_bytes", bytes, "presence bytes received (all clients)",
                    String.format(Locale.ROOT, "%,d (%,.0f per client)", bytes, (double) bytes / clients));
            Scenario.loginLatency(r, ws);
            if (srv0 != null && srv1 != null) {
                r.server("at the end", srv1, srv0);
            }
        } finally {
            stop(reactors, r);
        }
        checkClients(r, ctx);
        return r;
    }

    /**
     * Runs the user-list parser over made-up lists until the JIT has compiled it, so that the first
     * storm in a JVM measures the server rather than the load generator's interpreter. Untimed.
     */
    static void warmUpParser(Names names, boolean countOnly) {
        int n = 2_000;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes("USERS|".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(names.name(i));
        }
        out.write('\n');
        if (!countOnly) {
            out.writeBytes("JOIN|".getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(names.name(0));
            out.write('\n');
        }
        byte[] lists = out.toByteArray();
        for (int round = 0; round < 400; round++) {
            PresenceTracker t = new PresenceTracker(names.prefix(), names.nameLength(), n, countOnly);
            for (int off = 0; off < lists.length; off += 1_500) {
                t.feed(lists, off, Math.min(lists.length, off + 1_500));
            }
            if (!t.complete()) {
                throw new IllegalStateException("the user-list parser failed on a made-up list");
            }
        }
    }

    /** Logs in on the burst, then tracks presence until the client holds everyone. */
    static final class StormWorkload extends LoginWorkload {
        final Histogram fullListNanos = new Histogram(3_600_000_000_000L, 3);
        private final Names names;
        private final int n;
        private final boolean countOnly;

        StormWorkload(Reactor reactor, RunContext ctx, Conn[] conns, byte[] handshakePrefix, int budget,
                      Names names, int n, boolean countOnly) {
            super(reactor, ctx, conns, handshakePrefix, false, budget);
            this.names = names;
            this.n = n;
            this.countOnly = countOnly;
        }

        @Override
        void loggedIn(Conn c, long now) {
            c.attachment = new PresenceTracker(names.prefix(), names.nameLength(), n, countOnly);
        }

        @Override
        void afterLogin(Conn c, byte[] buf, int off, int len, long now) {
            PresenceTracker t = (PresenceTracker) c.attachment;
            if (t.feed(buf, off, off + len) && !t.reached && t.complete()) {
                t.reached = true;
                fullListNanos.recordValue(Math.max(0, now - ctx.runStart));
                ctx.goalReached(now);
            }
        }

        long presenceBytes() {
            long b = 0;
            for (Conn c : conns) {
                if (c.attachment instanceof PresenceTracker t) {
                    b += t.presenceBytes;
                }
            }
            return b;
        }
    }
}
