package dev.switchboard.bench;

import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench connect -n N}: N clients connect and log in; how long until all are in. */
@Command(name = "connect", mixinStandardHelpOptions = true,
        description = {"N clients log in; time until all are in, login latency.",
                "At most --concurrency logins are in progress at once. Reports the time until all are "
                + "logged in, login latency p50/p99/max and, with --server-pid, the server's RSS with all "
                + "of them logged in (and per client)."})
final class ConnectScenario extends Scenario {

    /**
     * Logins in flight at once. Unbounded connects would overflow the listen backlog (4096 for
     * relay.c and our server) and turn into 1 s SYN retransmits that measure the kernel, not the
     * server.
     */
    static final int DEFAULT_CONCURRENCY = 1000;

    @Option(names = {"-n", "--clients"}, defaultValue = "1000", description = "Clients (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--concurrency", defaultValue = "" + DEFAULT_CONCURRENCY,
            description = "Logins in progress at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--hold", defaultValue = "0", description = "Keep everyone connected this many seconds "
            + "after the last login, e.g. to look at the server (default: ${DEFAULT-VALUE}).")
    int holdSeconds;

    @Override
    Report execute() throws Exception {
        if (clients < 1 || concurrency < 1 || holdSeconds < 0) {
            throw new IllegalArgumentException("-n and --concurrency must be positive, --hold not negative");
        }
        Report r = new Report("connect", common.label());
        r.param("proto", common.proto().name().toLowerCase(Locale.ROOT)).param("clients", clients).param("concurrency", concurrency).param("threads", common.threads());
        RunContext ctx = context(clients);
        ProcStats before = server();
        Names names = new Names(common.prefix, clients);
        Reactor[] reactors = reactors(common.threads());
        int k = reactors.length;
        ctx.say("connect: %,d clients to %s, %d selector thread(s)", clients, ctx.remoteText, k);
        ProcStats self0 = ProcStats.self();
        long t0 = System.nanoTime();
        ConnectWorkload[] ws = start(reactors, new ConnectWorkload[k], clients, names, i -> i % k, i -> 256,
                (re, conns) -> new ConnectWorkload(re, ctx, conns, Math.max(1, concurrency / k)));
        boolean done = ctx.await(() -> ctx.loggedIn.get() + ctx.failed.get() >= clients, deadline(), "connect",
                () -> loginProgress(ctx));
        ProcStats atFull = server();
        ProcStats self1 = ProcStats.self();
        if (self0 != null && self1 != null) {
            double cpu = self1.cpuSeconds() - self0.cpuSeconds();
            r.metric("loadgen_cpu_s", Report.round(cpu, 2), "load generator CPU until all logged in", String.format(Locale.ROOT, "%.2f s", cpu));
        }
        if (!done) {
            r.failure(String.format(Locale.ROOT, "timed out after %d s: %,d of %,d logged in", common.timeoutSeconds,
                    ctx.loggedIn.get(), clients));
        }
        if (ctx.loggedIn.get() == clients) {
            long t = ctx.allLoggedInAt.get() - t0;
            r.metric("all_logged_in_s", Report.round(t / 1e9, 3), "time until all logged in", Report.seconds(t));
            r.metric("logins_per_s", Report.round(clients / (t / 1e9), 0), "logins per second", Report.si(clients / (t / 1e9)));
        }
        r.metric("logged_in", ctx.loggedIn.get(), "logged in", String.format(Locale.ROOT, "%,d", ctx.loggedIn.get()));
        if (holdSeconds > 0 && done) {
            ctx.say("connect: holding %,d clients for %d s", ctx.loggedIn.get(), holdSeconds);
            long until = System.nanoTime() + holdSeconds * 1_000_000_000L;
            ctx.await(() -> false, until, "hold", () -> loginProgress(ctx));
        }
        int failedBeforeStop = ctx.failed.get();
        stop(reactors, r);
        Scenario.loginLatency(r, ws);
        long after = 0;
        for (ConnectWorkload w : ws) {
            after += w.bytesAfterLogin();
        }
        r.metric("bytes_after_login", after, "bytes received after WELCOME (presence)", String.format(Locale.ROOT, "%,d", after));
        if (atFull != null) {
            r.server("at full login", atFull, before);
            if (before != null && ctx.loggedIn.get() > 0) {
                double per = (atFull.rssKib() - before.rssKib()) * 1024.0 / ctx.loggedIn.get();
                r.metric("server_rss_per_client_bytes", Math.round(per), "server RSS growth per client",
                        String.format(Locale.ROOT, "%,.0f B", per));
            }
        }
        if (failedBeforeStop > 0) {
            r.failure(failedBeforeStop + " client(s) failed, first: " + ctx.firstFailure());
        }
        return r;
    }

    /** Logs in; afterwards only counts what arrives (USERS updates) without parsing it. */
    static final class ConnectWorkload extends LoginWorkload {
        long bytesAfterLogin;

        ConnectWorkload(Reactor reactor, RunContext ctx, Conn[] conns, int budget) {
            super(reactor, ctx, conns, new byte[0], true, budget);
        }

        @Override
        void loggedIn(Conn c, long now) {
            c.discard = true;
        }

        @Override
        void afterLogin(Conn c, byte[] buf, int off, int len, long now) {
            bytesAfterLogin += len;
        }

        long bytesAfterLogin() {
            long n = bytesAfterLogin;
            for (Conn c : conns) {
                n += c.discarded;
            }
            return n;
        }
    }
}
