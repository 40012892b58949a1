package dev.switchboard.server;

import dev.switchboard.protocol.Limits;
import java.io.IOException;
import java.net.BindException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/** {@code switchboard server}: runs the chat server until SIGTERM or Ctrl-C. */
@Command(name = "server", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Start the chat server.", "",
                "Clients connect with TCP and speak the line protocol in docs/PROTOCOL.md; try 'nc localhost 5555'."},
        footer = {"", "SIGTERM or Ctrl-C: stop accepting, send 'ERROR|Server shutting down' to every client, flush, exit 0."})
public final class ServerCommand implements Callable<Integer> {

    @Option(names = "--host", paramLabel = "ADDR", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host = ServerConfig.DEFAULT_HOST;

    @Option(names = "--port", paramLabel = "PORT",
            description = "TCP port; 0 picks a free one, shown in the [INIT] line (default: ${DEFAULT-VALUE}).")
    int port = Limits.DEFAULT_PORT;

    @Option(names = "--max-clients", paramLabel = "N",
            description = "Most users logged in at once; the next gets 'ERROR|Server is full' (default: ${DEFAULT-VALUE}).")
    int maxClients = ServerConfig.DEFAULT_MAX_CLIENTS;

    @Option(names = "--max-line-bytes", paramLabel = "BYTES",
            description = "Longest accepted line; longer ones get 'ERROR|Line too long' (default: ${DEFAULT-VALUE}, minimum "
                    + Limits.MIN_MAX_LINE_BYTES + ").")
    int maxLineBytes = Limits.DEFAULT_MAX_LINE_BYTES;

    @Option(names = "--sendq-bytes", paramLabel = "BYTES",
            description = "Most bytes queued for one client; a client that falls further behind is dropped as a slow consumer (default: ${DEFAULT-VALUE}).")
    long sendqBytes = ServerConfig.DEFAULT_SENDQ_BYTES;

    @Option(names = "--close-grace-ms", paramLabel = "MS",
            description = "How long a closing client may take to read its last lines (default: ${DEFAULT-VALUE}).")
    long closeGraceMs = ServerConfig.DEFAULT_CLOSE_GRACE.toMillis();

    /** Runs the server alone (the {@code switchboard} jar's entry point normally does this). */
    public static void main(String[] args) {
        System.exit(new picocli.CommandLine(new ServerCommand()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        // Handled ourselves rather than by shutdown hooks, so that a clean stop exits with 0; set
        // first, so that a signal during start-up is a clean stop too.
        CountDownLatch stopRequested = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), s -> stopRequested.countDown());
        Signal.handle(new Signal("INT"), s -> stopRequested.countDown());
        ServerConfig config;
        try {
            config = new ServerConfig(host, port, maxClients, maxLineBytes, sendqBytes, Duration.ofMillis(closeGraceMs));
        } catch (IllegalArgumentException e) {
            System.err.println("switchboard server: " + e.getMessage());
            return 2;
        }
        SwitchboardServer server = new SwitchboardServer(config);
        try {
            server.start();
        } catch (BindException e) {
            System.err.println("switchboard server: cannot listen on " + host + ":" + port + ": "
                    + (e.getMessage() != null && e.getMessage().contains("in use") ? "address already in use" : e.getMessage()));
            return 1;
        } catch (UnresolvedAddressException | UnknownHostException e) {
            System.err.println("switchboard server: unknown host '" + host + "'");
            return 1;
        } catch (IOException e) {
            System.err.println("switchboard server: cannot listen on " + host + ":" + port + ": " + e.getMessage());
            return 1;
        }
        stopRequested.await();
        server.stop();
        return 0;
    }
}
