package dev.switchboard.bench;

import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The prototype of docs/BENCHMARKS.md's latency analysis: the seed relay of {@link LoopbackRelay}
 * (names, {@code Target|Content} to {@code MSG|Sender|Content}, nothing else) as one Java
 * selector thread in its own process, so that {@code bench latency} can measure what an event
 * loop on the JVM, without virtual threads and their poller hand-offs, does against relay.c.
 */
@Command(name = "java-relay", mixinStandardHelpOptions = true,
        description = {"A minimal seed relay: one Java selector thread, no presence, no limits, no validation "
                + "(a yardstick for the latency analysis, not a server to use). Runs until killed."})
final class JavaRelayCommand implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "17403", description = "Port (default: ${DEFAULT-VALUE}).")
    int port;

    @Override
    public Integer call() throws Exception {
        LoopbackRelay relay = LoopbackRelay.start(new InetSocketAddress(host, port));
        System.out.println("java-relay listening on " + host + ":" + relay.port());
        relay.join();
        return 0;
    }
}
