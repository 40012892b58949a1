package dev.switchboard.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code switchboard bench}: the load generator. Every scenario drives many non-blocking client
 * sockets from a few selector threads, speaks the Switchboard line protocol (any server that
 * speaks the seed protocol works, e.g. the relay.c yardstick), prints progress on stderr and a
 * table plus one JSON line on stdout, and exits non-zero if any client failed.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Load generator and benchmark charts.",
                "Run the server and the load on different cores, e.g. taskset -c 0 for the server and",
                "taskset -c 1 for the bench; see docs/BENCHMARKS.md."},
        subcommands = {ConnectScenario.class, ThroughputScenario.class, LatencyScenario.class, StormScenario.class,
                JavaRelayCommand.class, ReportCommand.class, CommandLine.HelpCommand.class})
public final class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs {@code bench} alone (for tests and profiling): {@code java -cp ... dev.switchboard.bench.BenchCommand}. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }
}
