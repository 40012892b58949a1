package dev.switchboard.server;

import dev.switchboard.protocol.Limits;
import java.time.Duration;

/**
 * Everything a server can be told at start. Defaults live here and nowhere else; each states its
 * reason and, where it helps, what the IRC servers people run chose. {@link ServerCommand} maps
 * the command line onto this record; tests change it with the {@code with...} methods.
 *
 * @param host address to bind ({@code 0.0.0.0} = every IPv4 interface)
 * @param port TCP port; 0 picks any free port (the {@code [INIT]} line shows the real one)
 * @param maxClients most logged-in users; the next login gets {@code ERROR|Server is full}
 * @param maxLineBytes longest accepted line in bytes, line end excluded
 * @param sendqBytes most bytes queued for one client before it is dropped as a slow consumer
 * @param closeGrace how long a closing connection may take to flush before it is cut
 * @param handshakeTimeout how long a new connection may take to send a valid username
 * @param pingInterval idle time after which a {@code heartbeat} client is sent {@code PING}
 * @param pingTimeout how long a {@code heartbeat} client has to answer before it is dropped
 * @param floodRate sustained lines per second per client before fakelag; 0 turns flood control off
 * @param floodBurst lines a client may send at once before the rate applies
 * @param floodMaxLag how long a client may stay throttled without a break before it is dropped
 * @param floodOnLoopback whether flood control applies to clients on a loopback address
 * @param maxConnections most open sockets, logged in or not; 0 = as many as the open-files limit allows
 * @param maxPerIp most open sockets from one IP address; 0 = no limit
 * @param perIpOnLoopback whether the per-IP limit applies to loopback addresses
 * @param statsInterval how often to log a {@code [STATS]} line; zero = only on SIGUSR1
 */
public record ServerConfig(String host, int port, int maxClients, int maxLineBytes, long sendqBytes,
                           Duration closeGrace, Duration handshakeTimeout, Duration pingInterval,
                           Duration pingTimeout, double floodRate, int floodBurst, Duration floodMaxLag,
                           boolean floodOnLoopback, int maxConnections, int maxPerIp, boolean perIpOnLoopback,
                           Duration statsInterval) {

    public static final String DEFAULT_HOST = "0.0.0.0";

    /** Ten thousand users: a big community on one core, well inside the 20,000 open-files limit. */
    public static final int DEFAULT_MAX_CLIENTS = 10_000;

    /**
     * 256 KiB per client: four maximal lines, or thousands of ordinary ones, for a client that is
     * briefly slow (a phone changing networks). Past that the client is not keeping up and holding
     * more only moves the problem into the server's memory (19,900 x 256 KiB is 5 GiB at worst).
     * InspIRCd's example hard sendq is 1 MiB (soft 8 KiB); Ergo's default max-sendq is 96 KiB.
     */
    public static final long DEFAULT_SENDQ_BYTES = 256 * 1024;

    /** A client told to go (QUIT, rejection, shutdown) gets two seconds to read its last lines. */
    public static final Duration DEFAULT_CLOSE_GRACE = Duration.ofSeconds(2);

    /**
     * 30 s to send a username: a person typing in {@code nc} needs a few seconds, a client
     * program milliseconds; a scanner that connects and says nothing is gone after 30 s instead
     * of holding a descriptor forever. InspIRCd's default registration timeout is 90 s (its
     * example config uses 10 s).
     */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);

    /**
     * PING a {@code heartbeat} client after 60 s of silence: shorter than the idle timeout of
     * common NAT boxes (a few minutes), long enough to cost nothing. ngIRCd and InspIRCd ping
     * after 120 s.
     */
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(60);

    /** 30 s to answer a PING: a slow mobile link answers in seconds. ngIRCd's PongTimeout is 20 s. */
    public static final Duration DEFAULT_PING_TIMEOUT = Duration.ofSeconds(30);

    /**
     * 5 lines per second sustained: a very fast typist sends one or two. InspIRCd allows 1 per
     * second after a penalty of 10; Ergo 2 per second after a burst of 5.
     */
    public static final double DEFAULT_FLOOD_RATE = 5.0;

    /** A 25-line paste goes through at once; longer pastes continue at the rate. */
    public static final int DEFAULT_FLOOD_BURST = 25;

    /**
     * Dropped with {@code ERROR|Excess flood} only after 30 s of uninterrupted throttling: a
     * 175-line paste still arrives whole (slowly); a bot flooding without pause is cut.
     */
    public static final Duration DEFAULT_FLOOD_MAX_LAG = Duration.ofSeconds(30);

    /**
     * 16 sockets per IP: a household or an office behind one NAT, several devices each. Ergo's
     * default is 16, ngIRCd's 5, InspIRCd's example config 3.
     */
    public static final int DEFAULT_MAX_PER_IP = 16;

    public ServerConfig {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0-65535, got " + port);
        }
        if (maxClients < 1) {
            throw new IllegalArgumentException("max clients must be at least 1, got " + maxClients);
        }
        if (maxLineBytes < Limits.MIN_MAX_LINE_BYTES) {
            throw new IllegalArgumentException("max line bytes must be at least " + Limits.MIN_MAX_LINE_BYTES
                    + " (a 4,000-character message must always fit), got " + maxLineBytes);
        }
        if (sendqBytes < maxLineBytes + Limits.MAX_RELAY_OVERHEAD_BYTES + 1L) {
            throw new IllegalArgumentException("send queue bytes must hold at least one maximal line ("
                    + (maxLineBytes + Limits.MAX_RELAY_OVERHEAD_BYTES + 1) + " bytes), got " + sendqBytes);
        }
        requirePositive("close grace", closeGrace);
        requirePositive("handshake timeout", handshakeTimeout);
        requirePositive("ping interval", pingInterval);
        requirePositive("ping timeout", pingTimeout);
        requirePositive("flood max lag", floodMaxLag);
        if (floodRate < 0 || Double.isNaN(floodRate) || Double.isInfinite(floodRate)) {
            throw new IllegalArgumentException("flood rate must be 0 (off) or a positive number of lines per second, got " + floodRate);
        }
        if (floodBurst < 1) {
            throw new IllegalArgumentException("flood burst must be at least 1, got " + floodBurst);
        }
        if (maxConnections < 0) {
            throw new IllegalArgumentException("max connections must be 0 (open-files limit) or positive, got " + maxConnections);
        }
        if (maxPerIp < 0) {
            throw new IllegalArgumentException("max per IP must be 0 (no limit) or positive, got " + maxPerIp);
        }
        if (statsInterval.isNegative()) {
            throw new IllegalArgumentException("stats interval must not be negative, got " + statsInterval);
        }
    }

    private static void requirePositive(String what, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
    }

    /** The defaults, on the given port. */
    public static ServerConfig defaults(int port) {
        return new ServerConfig(DEFAULT_HOST, port, DEFAULT_MAX_CLIENTS, Limits.DEFAULT_MAX_LINE_BYTES,
                DEFAULT_SENDQ_BYTES, DEFAULT_CLOSE_GRACE, DEFAULT_HANDSHAKE_TIMEOUT, DEFAULT_PING_INTERVAL,
                DEFAULT_PING_TIMEOUT, DEFAULT_FLOOD_RATE, DEFAULT_FLOOD_BURST, DEFAULT_FLOOD_MAX_LAG, false,
                0, DEFAULT_MAX_PER_IP, false, Duration.ZERO);
    }

    /** Whether flood control is on at all. */
    public boolean floodControl() {
        return floodRate > 0;
    }

    public ServerConfig withHost(String v) {
        return with(b -> b.host = v);
    }

    public ServerConfig withPort(int v) {
        return with(b -> b.port = v);
    }

    public ServerConfig withMaxClients(int v) {
        return with(b -> b.maxClients = v);
    }

    public ServerConfig withMaxLineBytes(int v) {
        return with(b -> b.maxLineBytes = v);
    }

    public ServerConfig withSendqBytes(long v) {
        return with(b -> b.sendqBytes = v);
    }

    public ServerConfig withCloseGrace(Duration v) {
        return with(b -> b.closeGrace = v);
    }

    public ServerConfig withHandshakeTimeout(Duration v) {
        return with(b -> b.handshakeTimeout = v);
    }

    public ServerConfig withHeartbeat(Duration interval, Duration timeout) {
        return with(b -> {
            b.pingInterval = interval;
            b.pingTimeout = timeout;
        });
    }

    /** Flood control with these numbers, applied to loopback clients as well when {@code onLoopback}. */
    public ServerConfig withFlood(double rate, int burst, Duration maxLag, boolean onLoopback) {
        return with(b -> {
            b.floodRate = rate;
            b.floodBurst = burst;
            b.floodMaxLag = maxLag;
            b.floodOnLoopback = onLoopback;
        });
    }

    /** Flood control off. */
    public ServerConfig withoutFloodControl() {
        return with(b -> b.floodRate = 0);
    }

    /** Connection limits; {@code perIpOnLoopback} applies the per-IP one to loopback addresses too. */
    public ServerConfig withConnectionLimits(int maxConns, int perIp, boolean onLoopback) {
        return with(b -> {
            b.maxConnections = maxConns;
            b.maxPerIp = perIp;
            b.perIpOnLoopback = onLoopback;
        });
    }

    public ServerConfig withStatsInterval(Duration v) {
        return with(b -> b.statsInterval = v);
    }

    /** A copy with {@code change} applied; validated like any new config. */
    private ServerConfig with(java.util.function.Consumer<Copy> change) {
        Copy b = new Copy(this);
        change.accept(b);
        return b.build();
    }

    /** The fields of a config, to change a few and build a new one. */
    private static final class Copy {
        String host;
        int port;
        int maxClients;
        int maxLineBytes;
        long sendqBytes;
        Duration closeGrace;
        Duration handshakeTimeout;
        Duration pingInterval;
        Duration pingTimeout;
        double floodRate;
        int floodBurst;
        Duration floodMaxLag;
        boolean floodOnLoopback;
        int maxConnections;
        int maxPerIp;
        boolean perIpOnLoopback;
        Duration statsInterval;

        Copy(ServerConfig c) {
            host = c.host;
            port = c.port;
            maxClients = c.maxClients;
            maxLineBytes = c.maxLineBytes;
            sendqBytes = c.sendqBytes;
            closeGrace = c.closeGrace;
            handshakeTimeout = c.handshakeTimeout;
            pingInterval = c.pingInterval;
            pingTimeout = c.pingTimeout;
            floodRate = c.floodRate;
            floodBurst = c.floodBurst;
            floodMaxLag = c.floodMaxLag;
            floodOnLoopback = c.floodOnLoopback;
            maxConnections = c.maxConnections;
            maxPerIp = c.maxPerIp;
            perIpOnLoopback = c.perIpOnLoopback;
            statsInterval = c.statsInterval;
        }

        ServerConfig build() {
            return new ServerConfig(host, port, maxClients, maxLineBytes, sendqBytes, closeGrace, handshakeTimeout,
                    pingInterval, pingTimeout, floodRate, floodBurst, floodMaxLag, floodOnLoopback, maxConnections,
                    maxPerIp, perIpOnLoopback, statsInterval);
        }
    }
}
