package dev.switchboard.server;

import dev.switchboard.protocol.Limits;
import java.io.IOException;
import java.net.BindException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.concurrent.Callable;
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

    @Override
    public Integer call() throws InterruptedException {
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
        Thread stopper = Thread.ofPlatform().name("shutdown").unstarted(server::stop);
        Runnable onSignal = () -> {
            if (stopper.getState() == Thread.State.NEW) {
                try {
                    stopper.start();
                } catch (IllegalThreadStateException alreadyStarted) {
                    // a second signal while stopping: the first one is already at work
                }
            }
        };
        // Handled ourselves rather than by shutdown hooks, so that a clean stop exits with 0.
        Signal.handle(new Signal("TERM"), s -> onSignal.run());
        Signal.handle(new Signal("INT"), s -> onSignal.run());
        server.awaitStopped();
        return 0;
    }
}
