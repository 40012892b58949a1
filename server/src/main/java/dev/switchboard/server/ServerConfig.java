package dev.switchboard.server;

import dev.switchboard.irc.IrcConfig;
import dev.switchboard.net.ConnectionConfig;
import dev.switchboard.protocol.Limits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Everything a server can be told at start, as nested records: the listeners (one per endpoint,
 * each speaking one protocol), the chat's limits, and how connections are treated
 * ({@link ConnectionConfig}, whose defaults live there). Defaults of this level live here and
 * nowhere else. {@link ServerCommand} maps the command line onto this record; tests change it
 * with the {@code with...} methods.
 *
 * @param listeners the endpoints to listen on; the first line-protocol one is "the" server port
 * @param chat limits of the chat itself
 * @param irc what IRC clients are told about the server (its name, the network, the MOTD)
 * @param connections how connections are treated, on every listener
 * @param statsInterval how often to log a {@code [STATS]} line; zero = only on SIGUSR1
 * @param dataDir where the server keeps what must outlive it (its TLS key and certificate, its
 *     database); see {@link #defaultDataDir}
 * @param tls the certificate of the TLS listeners, if there are any
 */
public record ServerConfig(List<ListenerConfig> listeners, Chat chat, IrcConfig irc, ConnectionConfig connections,
                           Duration statsInterval, Path dataDir, Tls tls) {

    public static final String DEFAULT_HOST = "0.0.0.0";

    /** Ten thousand users: a big community on one core, well inside the 20,000 open-files limit. */
    public static final int DEFAULT_MAX_CLIENTS = 10_000;

    /**
     * The IRC port: 6667, the port IRC clients try first (IANA's ircu range 6665-6669; plain text,
     * as the line port is).
     */
    public static final int DEFAULT_IRC_PORT = 6667;

    /** The line protocol over TLS: the plaintext port plus one, as 5555 and 5556. */
    public static final int DEFAULT_TLS_PORT = 5556;

    /** IRC over TLS: 6697, the port RFC 7194 registers and every IRC client proposes for TLS. */
    public static final int DEFAULT_IRC_TLS_PORT = 6697;

    /** The protocols a listener may speak. */
    public enum Protocol {
        /** The seed's line protocol ({@code docs/PROTOCOL.md}). */
        LINE("Line", false),
        /** IRC ({@code docs/IRC.md}). */
        IRC("IRC", false),
        /** The line protocol over TLS: the same front end and chat, another transport. */
        TLS("TLS", true),
        /** IRC over TLS. */
        IRC_TLS("IRC TLS", true);

        private final String label;
        private final boolean tls;

        Protocol(String label, boolean tls) {
            this.label = label;
            this.tls = tls;
        }

        /** Whether connections to it run over TLS. */
        public boolean tls() {
            return tls;
        }

        /** Whether it speaks IRC (else the line protocol). */
        public boolean irc() {
            return this == IRC || this == IRC_TLS;
        }

        /** What the operator calls it: {@code [INIT] IRC listening on ...}. */
        public String label() {
            return label;
        }
    }

    /**
     * One endpoint.
     *
     * @param protocol what it speaks
     * @param host address to bind ({@code 0.0.0.0} = every IPv4 interface)
     * @param port TCP port; 0 picks any free port (the {@code [INIT]} line shows the real one)
     */
    public record ListenerConfig(Protocol protocol, String host, int port) {
        public ListenerConfig {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0-65535, got " + port);
            }
        }
    }

    /**
     * @param maxClients most logged-in users; the next login gets {@code ERROR|Server is full}
     * @param maxLineBytes longest accepted line in bytes, line end excluded
     */
    public record Chat(int maxClients, int maxLineBytes) {
        public Chat {
            if (maxClients < 1) {
                throw new IllegalArgumentException("max clients must be at least 1, got " + maxClients);
            }
            if (maxLineBytes < Limits.MIN_MAX_LINE_BYTES) {
                throw new IllegalArgumentException("max line bytes must be at least " + Limits.MIN_MAX_LINE_BYTES
                        + " (a 4,000-character message must always fit), got " + maxLineBytes);
            }
        }
    }

    /**
     * Where the TLS listeners' certificate comes from: PEM files given by the operator (an ACME
     * client's, say), re-read on SIGHUP, or, when both are null, a self-signed certificate the
     * server makes and keeps under the data directory ({@link TlsIdentities}).
     *
     * @param cert the certificate chain, PEM, the server's own first
     * @param key its private key, PEM, unencrypted PKCS#8 (EC or RSA)
     */
    public record Tls(Path cert, Path key) {
        /** A self-signed certificate under the data directory. */
        public static final Tls SELF_SIGNED = new Tls(null, null);

        public Tls {
            if ((cert == null) != (key == null)) {
                throw new IllegalArgumentException("--tls-cert and --tls-key go together: give both, or neither for a "
                        + "self-signed certificate");
            }
        }

        /** Whether the server makes its own certificate. */
        public boolean selfSigned() {
            return cert == null;
        }
    }

    public ServerConfig {
        listeners = List.copyOf(listeners);
        java.util.Objects.requireNonNull(tls, "tls");
        java.util.Objects.requireNonNull(irc, "irc");
        java.util.Objects.requireNonNull(dataDir, "dataDir");
        if (listeners.stream().noneMatch(l -> l.protocol() == Protocol.LINE)) {
            throw new IllegalArgumentException("a server needs a line-protocol listener");
        }
        if (connections.sendqBytes() < chat.maxLineBytes() + Limits.MAX_RELAY_OVERHEAD_BYTES + 1L) {
            throw new IllegalArgumentException("send queue bytes must hold at least one maximal line ("
                    + (chat.maxLineBytes() + Limits.MAX_RELAY_OVERHEAD_BYTES + 1) + " bytes), got "
                    + connections.sendqBytes());
        }
        if (statsInterval.isNegative()) {
            throw new IllegalArgumentException("stats interval must not be negative, got " + statsInterval);
        }
    }

    /**
     * The defaults, with the line protocol on {@code port} and IRC on a free port (so that servers
     * made from the defaults, in tests above all, never contend for 6667; the command line's own
     * default is {@link #DEFAULT_IRC_PORT}). No TLS listener: one needs a key in the data directory,
     * which a test asks for with {@link #withListener} and {@link #withDataDir}. The server name is
     * {@value IrcConfig#FALLBACK_SERVER_NAME}: looking up the host name is for the command line.
     */
    public static ServerConfig defaults(int port) {
        return new ServerConfig(List.of(new ListenerConfig(Protocol.LINE, DEFAULT_HOST, port),
                        new ListenerConfig(Protocol.IRC, DEFAULT_HOST, 0)),
                new Chat(DEFAULT_MAX_CLIENTS, Limits.DEFAULT_MAX_LINE_BYTES),
                IrcConfig.defaults(IrcConfig.FALLBACK_SERVER_NAME), ConnectionConfig.defaults(), Duration.ZERO,
                defaultDataDir(), Tls.SELF_SIGNED);
    }

    /**
     * The data directory when none is given: {@code $XDG_DATA_HOME/switchboard}, else
     * {@code ~/.local/share/switchboard} (the XDG base-directory rule for user data).
     */
    public static Path defaultDataDir() {
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
                ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("switchboard");
    }

    /** The same, keeping what outlives the server in {@code dir}. */
    public ServerConfig withDataDir(Path dir) {
        return new ServerConfig(listeners, chat, irc, connections, statsInterval, dir, tls);
    }

    /** The first line-protocol listener: the port of the {@code [INIT] Server running on} line. */
    public ListenerConfig lineListener() {
        return listeners.stream().filter(l -> l.protocol() == Protocol.LINE).findFirst().orElseThrow();
    }

    /** The address the line protocol listens on. */
    public String host() {
        return lineListener().host();
    }

    /** The port the line protocol listens on. */
    public int port() {
        return lineListener().port();
    }

    // ---- copies with a few fields changed (tests, the warm-up) ----

    /** Every listener on {@code host}. */
    public ServerConfig withHost(String host) {
        return withListeners(l -> new ListenerConfig(l.protocol(), host, l.port()));
    }

    /** The line-protocol listener on {@code port}. */
    public ServerConfig withPort(int port) {
        return withListener(Protocol.LINE, port);
    }

    /** The listener of {@code protocol} on {@code port}, added if there is none. */
    public ServerConfig withListener(Protocol protocol, int port) {
        List<ListenerConfig> ls = new ArrayList<>();
        boolean found = false;
        for (ListenerConfig l : listeners) {
            if (l.protocol() == protocol && !found) {
                ls.add(new ListenerConfig(protocol, l.host(), port));
                found = true;
            } else {
                ls.add(l);
            }
        }
        if (!found) {
            ls.add(new ListenerConfig(protocol, host(), port));
        }
        return new ServerConfig(ls, chat, irc, connections, statsInterval, dataDir, tls);
    }

    /** Every listener on a free port (the warm-up's private server). */
    public ServerConfig withEphemeralPorts() {
        return withListeners(l -> new ListenerConfig(l.protocol(), l.host(), 0));
    }

    /** The TLS certificate's source replaced. */
    public ServerConfig withTls(Tls v) {
        return new ServerConfig(listeners, chat, irc, connections, statsInterval, dataDir, v);
    }

    /** Whether any listener speaks TLS. */
    public boolean hasTls() {
        return listeners.stream().anyMatch(l -> l.protocol().tls());
    }

    /** Without any TLS listener. */
    public ServerConfig withoutTls() {
        return withoutListener(Protocol.TLS).withoutListener(Protocol.IRC_TLS);
    }

    /** The IRC settings replaced. */
    public ServerConfig withIrc(IrcConfig v) {
        return new ServerConfig(listeners, chat, v, connections, statsInterval, dataDir, tls);
    }

    /** Without any listener of {@code protocol} (never the line protocol's). */
    public ServerConfig withoutListener(Protocol protocol) {
        return new ServerConfig(listeners.stream().filter(l -> l.protocol() != protocol).toList(), chat, irc,
                connections, statsInterval, dataDir, tls);
    }

    private ServerConfig withListeners(UnaryOperator<ListenerConfig> change) {
        return new ServerConfig(listeners.stream().map(change).toList(), chat, irc, connections, statsInterval, dataDir, tls);
    }

    public ServerConfig withMaxClients(int v) {
        return new ServerConfig(listeners, new Chat(v, chat.maxLineBytes()), irc, connections, statsInterval, dataDir, tls);
    }

    public ServerConfig withMaxLineBytes(int v) {
        return new ServerConfig(listeners, new Chat(chat.maxClients(), v), irc, connections, statsInterval, dataDir, tls);
    }

    public ServerConfig withConnections(UnaryOperator<ConnectionConfig> change) {
        return new ServerConfig(listeners, chat, irc, change.apply(connections), statsInterval, dataDir, tls);
    }

    public ServerConfig withSendqBytes(long v) {
        return withConnections(c -> new ConnectionConfig(v, c.closeGrace(), c.handshakeTimeout(), c.heartbeat(),
                c.flood(), c.limits()));
    }

    public ServerConfig withCloseGrace(Duration v) {
        return withConnections(c -> new ConnectionConfig(c.sendqBytes(), v, c.handshakeTimeout(), c.heartbeat(),
                c.flood(), c.limits()));
    }

    public ServerConfig withHandshakeTimeout(Duration v) {
        return withConnections(c -> new ConnectionConfig(c.sendqBytes(), c.closeGrace(), v, c.heartbeat(),
                c.flood(), c.limits()));
    }

    public ServerConfig withHeartbeat(Duration interval, Duration timeout) {
        return withConnections(c -> new ConnectionConfig(c.sendqBytes(), c.closeGrace(), c.handshakeTimeout(),
                new ConnectionConfig.Heartbeat(interval, timeout), c.flood(), c.limits()));
    }

    /** Flood control with these numbers, applied to loopback clients as well when {@code onLoopback}. */
    public ServerConfig withFlood(double rate, int burst, Duration maxLag, boolean onLoopback) {
        return withConnections(c -> new ConnectionConfig(c.sendqBytes(), c.closeGrace(), c.handshakeTimeout(),
                c.heartbeat(), new ConnectionConfig.Flood(rate, burst, maxLag, onLoopback), c.limits()));
    }

    /** Flood control off. */
    public ServerConfig withoutFloodControl() {
        ConnectionConfig.Flood f = connections.flood();
        return withFlood(0, f.burst(), f.maxLag(), f.onLoopback());
    }

    /** Connection limits; {@code perIpOnLoopback} applies the per-IP one to loopback addresses too. */
    public ServerConfig withConnectionLimits(int maxConns, int perIp, boolean onLoopback) {
        return withConnections(c -> new ConnectionConfig(c.sendqBytes(), c.closeGrace(), c.handshakeTimeout(),
                c.heartbeat(), c.flood(), new ConnectionConfig.Limits(maxConns, perIp, onLoopback)));
    }

    public ServerConfig withStatsInterval(Duration v) {
        return new ServerConfig(listeners, chat, irc, connections, v, dataDir, tls);
    }
}
