package dev.switchboard.bench;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.IntUnaryOperator;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A load scenario: runs, prints a table and a JSON line on stdout, exits 1 if any client failed. */
abstract class Scenario implements Callable<Integer> {

    /** How long stopping may take before a reactor is abandoned (it is a daemon thread). */
    static final long STOP_JOIN_MILLIS = 10_000;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    PrintStream err = System.err;

    @Override
    public Integer call() throws Exception {
        Report r;
        try {
            r = execute();
        } catch (IllegalArgumentException e) {
            // A bad option value: reported like picocli's own parse errors (exit status 2).
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        r.print(out);
        return r.ok() ? 0 : 1;
    }

    abstract Report execute() throws Exception;

    RunContext context(int clients) throws java.net.UnknownHostException {
        RunContext ctx = new RunContext(common.remote(), common.sources(), clients, common.quiet, err);
        ctx.proto = common.proto();
        return ctx;
    }

    ProcStats server() {
        return common.serverPid == null ? null : ProcStats.read(common.serverPid);
    }

    /**
     * Creates {@code reactors.length} reactors' worth of clients {@code 0..clients-1}, client
     * {@code i} on reactor {@code reactorOf(i)}, and starts each reactor with its workload.
     */
    static <W extends Workload> W[] start(Reactor[] reactors, W[] workloads, int clients, Names names,
                                          IntUnaryOperator reactorOf, IntUnaryOperator outCapacity,
                                          BiFunction<Reactor, Conn[], W> factory) {
        int k = reactors.length;
        int[] counts = new int[k];
        for (int i = 0; i < clients; i++) {
            counts[reactorOf.applyAsInt(i)]++;
        }
        Conn[][] byReactor = new Conn[k][];
        for (int r = 0; r < k; r++) {
            byReactor[r] = new Conn[counts[r]];
            counts[r] = 0;
        }
        for (int i = 0; i < clients; i++) {
            int r = reactorOf.applyAsInt(i);
            byReactor[r][counts[r]++] = new Conn(i, names.name(i), reactors[r], outCapacity.applyAsInt(i));
        }
        for (int r = 0; r < k; r++) {
            workloads[r] = factory.apply(reactors[r], byReactor[r]);
        }
        for (int r = 0; r < k; r++) {
            reactors[r].start(workloads[r]);
        }
        return workloads;
    }

    static Reactor[] reactors(int n) throws java.io.IOException {
        return reactors(n, Reactor.Wait.HYBRID);
    }

    static Reactor[] reactors(int n, Reactor.Wait mode) throws java.io.IOException {
        Reactor[] rs = new Reactor[n];
        for (int i = 0; i < n; i++) {
            rs[i] = new Reactor(i, mode);
        }
        return rs;
    }

    /** Stops every reactor (closing its sockets); adds a failure for any that crashed. */
    static void stop(Reactor[] reactors, Report report) throws InterruptedException {
        for (Reactor r : reactors) {
            r.stop();
        }
        for (Reactor r : reactors) {
            r.join(STOP_JOIN_MILLIS);
            if (r.crash() != null && r.claimCrashReport()) {
                report.failure("load generator thread " + r.index + " crashed: " + r.crash());
            }
        }
    }

    /** Adds login-latency rows from the workloads' histograms. */
    static void loginLatency(Report r, LoginWorkload[] ws) {
        Histogram h = new Histogram(3_600_000_000_000L, 3);
        for (LoginWorkload w : ws) {
            h.add(w.loginNanos);
        }
        if (h.getTotalCount() == 0) {
            return;
        }
        r.metric("login_p50_ms", ms(h.getValueAtPercentile(50)), "login latency p50", Report.millis(h.getValueAtPercentile(50)));
        r.metric("login_p99_ms", ms(h.getValueAtPercentile(99)), "login latency p99", Report.millis(h.getValueAtPercentile(99)));
        r.metric("login_max_ms", ms(h.getMaxValue()), "login latency max", Report.millis(h.getMaxValue()));
    }

    static double ms(long nanos) {
        return Report.round(nanos / 1e6, 3);
    }

    static double us(long nanos) {
        return Report.round(nanos / 1e3, 1);
    }

    /** Checks the common outcome: everyone logged in, nobody failed. */
    static void checkClients(Report r, RunContext ctx) {
        if (ctx.failed.get() > 0) {
            r.failure(ctx.failed.get() + " client(s) failed, first: " + ctx.firstFailure());
        }
    }

    long deadline() {
        return System.nanoTime() + common.timeout().toNanos();
    }

    String loginProgress(RunContext ctx) {
        return String.format("connected %,d  logged in %,d/%,d  failed %,d", ctx.connected.get(), ctx.loggedIn.get(),
                ctx.clients, ctx.failed.get());
    }
}
