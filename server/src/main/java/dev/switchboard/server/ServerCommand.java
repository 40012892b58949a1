package dev.switchboard.server;

import dev.switchboard.irc.IrcConfig;
import dev.switchboard.net.ConnectionConfig;
import dev.switchboard.protocol.Limits;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import sun.misc.Signal;

/** {@code switchboard server}: runs the chat server until SIGTERM or Ctrl-C. */
@Command(name = "server", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Start the chat server.", "",
                "Clients connect with TCP and speak the line protocol in docs/PROTOCOL.md; try 'nc localhost 5555'.",
                "IRC clients connect to the IRC port (docs/IRC.md); try 'irssi -c localhost'."},
        footer = {"", "SIGTERM or Ctrl-C: stop accepting, send 'ERROR|Server shutting down' (IRC: 'ERROR :Closing link: "
                + "(Server shutting down)') to every client, flush, exit 0.",
                "SIGHUP: read the TLS certificate and key again; new handshakes use them, nobody is dropped.",
                "SIGUSR1: log one [STATS] line."})
public final class ServerCommand implements Callable<Integer> {

    @Option(names = "--host", paramLabel = "ADDR", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host = ServerConfig.DEFAULT_HOST;

    @Option(names = "--port", paramLabel = "PORT",
            description = "TCP port; 0 picks a free one, shown in the [INIT] line (default: ${DEFAULT-VALUE}).")
    int port = Limits.DEFAULT_PORT;

    @Option(names = "--irc-port", paramLabel = "PORT",
            description = "IRC port; 0 picks a free one, shown in the [INIT] IRC line (default: ${DEFAULT-VALUE}).")
    int ircPort = ServerConfig.DEFAULT_IRC_PORT;

    @Option(names = "--irc", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Listen for IRC clients; --no-irc turns the IRC port off (default: on).")
    boolean irc = true;

    @Option(names = "--tls-port", paramLabel = "PORT",
            description = "The line protocol over TLS; 0 picks a free one, shown in the [INIT] TLS line (default: ${DEFAULT-VALUE}).")
    int tlsPort = ServerConfig.DEFAULT_TLS_PORT;

    @Option(names = "--tls", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Listen for the line protocol over TLS; --no-tls turns the TLS port off (default: on).")
    boolean tls = true;

    @Option(names = "--irc-tls-port", paramLabel = "PORT",
            description = "IRC over TLS; 0 picks a free one, shown in the [INIT] IRC TLS line (default: ${DEFAULT-VALUE}).")
    int ircTlsPort = ServerConfig.DEFAULT_IRC_TLS_PORT;

    @Option(names = "--irc-tls", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Listen for IRC over TLS; --no-irc-tls turns the IRC TLS port off (default: on; --no-irc leaves it on).")
    boolean ircTls = true;

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "The TLS certificate chain, PEM, the server's own first (e.g. an ACME client's fullchain.pem);"
                    + " re-read on SIGHUP. Without it, a self-signed certificate under --data-dir.")
    java.nio.file.Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE",
            description = "The private key of --tls-cert, PEM, unencrypted PKCS#8, EC or RSA; re-read on SIGHUP.")
    java.nio.file.Path tlsKey;

    @Option(names = "--server-name", paramLabel = "NAME",
            description = "The server's name as IRC clients see it (default: this machine's host name, or '"
                    + IrcConfig.FALLBACK_SERVER_NAME + "').")
    String serverName;

    @Option(names = "--max-clients", paramLabel = "N",
            description = "Most users logged in at once; the next gets 'ERROR|Server is full' (default: ${DEFAULT-VALUE}).")
    int maxClients = ServerConfig.DEFAULT_MAX_CLIENTS;

    @Option(names = "--max-line-bytes", paramLabel = "BYTES",
            description = "Longest accepted line; longer ones get 'ERROR|Line too long' (default: ${DEFAULT-VALUE}, minimum "
                    + Limits.MIN_MAX_LINE_BYTES + ").")
    int maxLineBytes = Limits.DEFAULT_MAX_LINE_BYTES;

    @Option(names = "--sendq-bytes", paramLabel = "BYTES",
            description = "Most bytes queued for one client; a client that falls further behind is dropped as a slow consumer (default: ${DEFAULT-VALUE}).")
    long sendqBytes = ConnectionConfig.DEFAULT_SENDQ_BYTES;

    @Option(names = "--close-grace-ms", paramLabel = "MS",
            description = "How long a closing client may take to read its last lines (default: ${DEFAULT-VALUE}).")
    long closeGraceMs = ConnectionConfig.DEFAULT_CLOSE_GRACE.toMillis();

    @Option(names = "--handshake-timeout", paramLabel = "SECONDS",
            description = "A connection that sends no valid username in time gets 'ERROR|Handshake timeout' (default: ${DEFAULT-VALUE}).")
    double handshakeTimeout = ConnectionConfig.DEFAULT_HANDSHAKE_TIMEOUT.toSeconds();

    @Option(names = "--ping-interval", paramLabel = "SECONDS",
            description = "Clients with the heartbeat capability get 'PING|token' after this long idle (default: ${DEFAULT-VALUE}).")
    double pingInterval = ConnectionConfig.DEFAULT_PING_INTERVAL.toSeconds();

    @Option(names = "--ping-timeout", paramLabel = "SECONDS",
            description = "...and 'ERROR|Ping timeout' when nothing comes back in this time (default: ${DEFAULT-VALUE}).")
    double pingTimeout = ConnectionConfig.DEFAULT_PING_TIMEOUT.toSeconds();

    @Option(names = "--flood-rate", paramLabel = "LINES/S",
            description = "Lines per second per client before the server reads it more slowly; 0 turns flood control off (default: ${DEFAULT-VALUE}).")
    double floodRate = ConnectionConfig.DEFAULT_FLOOD_RATE;

    @Option(names = "--flood-burst", paramLabel = "LINES",
            description = "Lines a client may send at once before the rate applies (default: ${DEFAULT-VALUE}).")
    int floodBurst = ConnectionConfig.DEFAULT_FLOOD_BURST;

    @Option(names = "--flood-max-lag", paramLabel = "SECONDS",
            description = "A client throttled this long without a break gets 'ERROR|Excess flood' (default: ${DEFAULT-VALUE}).")
    double floodMaxLag = ConnectionConfig.DEFAULT_FLOOD_MAX_LAG.toSeconds();

    @Option(names = "--flood-on-loopback",
            description = "Apply flood control to loopback clients too. Off by default (local bots, bridges and benchmarks are the operator's own); on as soon as any --flood-* value is given.")
    boolean floodOnLoopback;

    @Option(names = "--max-connections", paramLabel = "N",
            description = "Most open sockets, logged in or not; more get 'ERROR|Too many connections'. 0 = what the open-files limit allows (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--max-per-ip", paramLabel = "N",
            description = "Most open sockets from one IP address; 0 = no limit (default: ${DEFAULT-VALUE}). Loopback addresses are exempt unless this option is given.")
    int maxPerIp = ConnectionConfig.DEFAULT_MAX_PER_IP;

    @Option(names = "--stats-interval", paramLabel = "SECONDS",
            description = "Log a [STATS] line this often; 0 = only on SIGUSR1 (default: ${DEFAULT-VALUE}).")
    double statsInterval;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the server keeps what outlives it: its TLS key and certificate, its database"
                    + " (default: $XDG_DATA_HOME/switchboard, else ~/.local/share/switchboard).")
    java.nio.file.Path dataDir;

    @Option(names = "--warm-up", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Before listening, run a short load (" + WarmUp.ROUNDS + " rounds of " + WarmUp.CLIENTS
                    + " clients, a few seconds) on a private loopback port, so that the first burst of clients, such as"
                    + " everyone reconnecting after a restart, finds compiled code. --no-warm-up starts at once (default: on).")
    boolean warmUp = true;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Runs the server alone (the {@code switchboard} jar's entry point normally does this). */
    public static void main(String[] args) {
        System.exit(new picocli.CommandLine(new ServerCommand()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        ServerConfig config;
        try {
            var parsed = spec.commandLine().getParseResult();
            boolean floodExplicit = floodOnLoopback || parsed.hasMatchedOption("--flood-rate")
                    || parsed.hasMatchedOption("--flood-burst") || parsed.hasMatchedOption("--flood-max-lag");
            boolean perIpExplicit = parsed.hasMatchedOption("--max-per-ip");
            ConnectionConfig connections = new ConnectionConfig(sendqBytes, Duration.ofMillis(closeGraceMs),
                    seconds("--handshake-timeout", handshakeTimeout),
                    new ConnectionConfig.Heartbeat(seconds("--ping-interval", pingInterval),
                            seconds("--ping-timeout", pingTimeout)),
                    new ConnectionConfig.Flood(floodRate, floodBurst, seconds("--flood-max-lag", floodMaxLag), floodExplicit),
                    new ConnectionConfig.Limits(maxConnections, maxPerIp, perIpExplicit));
            List<ServerConfig.ListenerConfig> listeners = new ArrayList<>();
            listeners.add(new ServerConfig.ListenerConfig(ServerConfig.Protocol.LINE, host, port));
            if (irc) {
                listeners.add(new ServerConfig.ListenerConfig(ServerConfig.Protocol.IRC, host, ircPort));
            }
            if (tls) {
                listeners.add(new ServerConfig.ListenerConfig(ServerConfig.Protocol.TLS, host, tlsPort));
            }
            if (ircTls) {
                listeners.add(new ServerConfig.ListenerConfig(ServerConfig.Protocol.IRC_TLS, host, ircTlsPort));
            }
            IrcConfig ircConfig = IrcConfig.defaults(serverName != null ? serverName : IrcConfig.defaultServerName());
            config = new ServerConfig(listeners, new ServerConfig.Chat(maxClients, maxLineBytes), ircConfig, connections,
                    statsInterval == 0 ? Duration.ZERO : seconds("--stats-interval", statsInterval),
                    dataDir != null ? dataDir : ServerConfig.defaultDataDir(), new ServerConfig.Tls(tlsCert, tlsKey));
        } catch (IllegalArgumentException e) {
            // A bad value: reported like picocli's own parse errors (exit status 2).
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        // Handled ourselves rather than by shutdown hooks, so that a clean stop exits with 0; set
        // before the warm-up, so that a signal during start-up is a clean stop too.
        CountDownLatch stopRequested = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), s -> stopRequested.countDown());
        Signal.handle(new Signal("INT"), s -> stopRequested.countDown());
        SwitchboardServer server = new SwitchboardServer(config);
        WarmUp.Result warm = null;
        try {
            if (config.hasTls()) {
                // A missing or broken certificate is one line now, before any warm-up; this also
                // makes the self-signed one on the first start. start() reads it again.
                TlsIdentities.load(config.tls(), config.dataDir(), java.time.Instant.now());
            }
            if (warmUp) {
                // Fail on a taken port now, not after seconds of warm-up.
                probe(config);
                warm = WarmUp.run(config, () -> stopRequested.getCount() == 0);
                if (stopRequested.getCount() == 0) {
                    return 0;
                }
            }
            server.start();
        } catch (ListenFailure | IOException e) {
            // Listener.bind words its failure as "cannot listen on host:port: why".
            System.err.println("switchboard server: " + e.getMessage());
            return 1;
        }
        if (warm != null) {
            // Reported after the [INIT] line, which stays the first line the server prints.
            reportWarmUp(warm);
        }
        Signal.handle(new Signal("USR1"), s -> server.logStats());
        if (config.hasTls()) {
            // SIGHUP: read the certificate again (an ACME client renewed it); nobody is dropped.
            Signal.handle(new Signal("HUP"), s -> reloadTls(server));
        }
        stopRequested.await();
        server.stop();
        return 0;
    }

    /** Fails now, not after seconds of warm-up, when a configured port is taken. */
    private static void probe(ServerConfig config) throws ListenFailure {
        for (ServerConfig.ListenerConfig l : config.listeners()) {
            if (l.port() == 0) {
                continue;
            }
            try (ServerSocketChannel probe = ServerSocketChannel.open()) {
                probe.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                probe.bind(new InetSocketAddress(l.host(), l.port()));
            } catch (IOException | UnresolvedAddressException e) {
                throw ListenFailure.of(l.host(), l.port(), e);
            }
        }
    }

    private static void reloadTls(SwitchboardServer server) {
        try {
            server.reloadTls();
        } catch (IOException | RuntimeException e) {
            LoggerFactory.getLogger(ServerCommand.class).warn("[WARN] TLS certificate not reloaded, the old one stays: {}",
                    e.getMessage());
        }
    }

    private static void reportWarmUp(WarmUp.Result r) {
        Logger log = LoggerFactory.getLogger(ServerCommand.class);
        String what = String.format(Locale.ROOT, "%d round(s) of %,d clients, %,d messages, then %,d one at a time, in %.1f s",
                r.rounds(), r.clients(), r.messages(), r.trickled(), r.took().toMillis() / 1000.0);
        if (r.stoppedBy() == null) {
            log.info("[INIT] Warmed up before listening: {} on a private loopback port (--no-warm-up skips this)", what);
        } else if (r.rounds() == 0 && r.took().isZero()) {
            log.warn("[WARN] No warm-up: {}; started cold", r.stoppedBy());
        } else {
            log.warn("[WARN] Warm-up ended early ({}): {}; started anyway", r.stoppedBy(), what);
        }
    }

    private static Duration seconds(String option, double s) {
        if (s <= 0 || Double.isNaN(s) || Double.isInfinite(s)) {
            throw new IllegalArgumentException(option + " must be a positive number of seconds, got "
                    + (s == Math.rint(s) && !Double.isInfinite(s) ? String.valueOf((long) s) : String.valueOf(s)));
        }
        return Duration.ofNanos((long) (s * 1e9));
    }
}
