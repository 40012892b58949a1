package dev.switchboard.net;

import java.time.Duration;

/**
 * How connections are treated, whatever their protocol. The defaults live here and nowhere else;
 * each states its reason and what the IRC servers people run chose.
 *
 * @param sendqBytes most bytes queued for one client before it is dropped as a slow consumer
 * @param closeGrace how long a closing connection may take to flush before it is cut
 * @param handshakeTimeout how long a new connection may take to log in
 * @param heartbeat when idle clients that are pinged get a ping, and how long they have to answer
 * @param flood flood control
 * @param limits how many connections, in all and per address
 */
public record ConnectionConfig(long sendqBytes, Duration closeGrace, Duration handshakeTimeout,
                               Heartbeat heartbeat, Flood flood, Limits limits) {

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
     * 30 s to log in: a person typing in {@code nc} needs a few seconds, a client program
     * milliseconds; a scanner that connects and says nothing is gone after 30 s instead of holding
     * a descriptor forever. InspIRCd's default registration timeout is 90 s (its example config
     * uses 10 s).
     */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Ping a client after 60 s of silence: shorter than the idle timeout of common NAT boxes (a few
     * minutes), long enough to cost nothing. ngIRCd and InspIRCd ping after 120 s.
     */
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(60);

    /** 30 s to answer a ping: a slow mobile link answers in seconds. ngIRCd's PongTimeout is 20 s. */
    public static final Duration DEFAULT_PING_TIMEOUT = Duration.ofSeconds(30);

    /**
     * 5 lines per second sustained: a very fast typist sends one or two. InspIRCd allows 1 per
     * second after a penalty of 10; Ergo 2 per second after a burst of 5.
     */
    public static final double DEFAULT_FLOOD_RATE = 5.0;

    /** A 25-line paste goes through at once; longer pastes continue at the rate. */
    public static final int DEFAULT_FLOOD_BURST = 25;

    /**
     * Dropped only after 30 s of uninterrupted throttling: a 175-line paste still arrives whole
     * (slowly); a bot flooding without pause is cut.
     */
    public static final Duration DEFAULT_FLOOD_MAX_LAG = Duration.ofSeconds(30);

    /**
     * 16 sockets per IP: a household or an office behind one NAT, several devices each. Ergo's
     * default is 16, ngIRCd's 5, InspIRCd's example config 3.
     */
    public static final int DEFAULT_MAX_PER_IP = 16;

    /**
     * @param interval idle time after which a pinged client is sent a ping
     * @param timeout how long it has to answer before it is dropped
     */
    public record Heartbeat(Duration interval, Duration timeout) {
        public Heartbeat {
            requirePositive("ping interval", interval);
            requirePositive("ping timeout", timeout);
        }
    }

    /**
     * @param rate sustained lines per second per client before fakelag; 0 turns flood control off
     * @param burst lines a client may send at once before the rate applies
     * @param maxLag how long a client may stay throttled without a break before it is dropped
     * @param onLoopback whether flood control applies to clients on a loopback address
     */
    public record Flood(double rate, int burst, Duration maxLag, boolean onLoopback) {
        public Flood {
            if (rate < 0 || Double.isNaN(rate) || Double.isInfinite(rate)) {
                throw new IllegalArgumentException("flood rate must be 0 (off) or a positive number of lines per second, got " + rate);
            }
            if (burst < 1) {
                throw new IllegalArgumentException("flood burst must be at least 1, got " + burst);
            }
            requirePositive("flood max lag", maxLag);
        }

        /** Whether flood control is on at all. */
        public boolean on() {
            return rate > 0;
        }
    }

    /**
     * @param maxConnections most open sockets, logged in or not; 0 = as many as the open-files limit allows
     * @param maxPerIp most open sockets from one IP address; 0 = no limit
     * @param perIpOnLoopback whether the per-IP limit applies to loopback addresses
     */
    public record Limits(int maxConnections, int maxPerIp, boolean perIpOnLoopback) {
        public Limits {
            if (maxConnections < 0) {
                throw new IllegalArgumentException("max connections must be 0 (open-files limit) or positive, got " + maxConnections);
            }
            if (maxPerIp < 0) {
                throw new IllegalArgumentException("max per IP must be 0 (no limit) or positive, got " + maxPerIp);
            }
        }
    }

    public ConnectionConfig {
        if (sendqBytes < 1) {
            throw new IllegalArgumentException("send queue bytes must be positive, got " + sendqBytes);
        }
        requirePositive("close grace", closeGrace);
        requirePositive("handshake timeout", handshakeTimeout);
    }

    /** The defaults. */
    public static ConnectionConfig defaults() {
        return new ConnectionConfig(DEFAULT_SENDQ_BYTES, DEFAULT_CLOSE_GRACE, DEFAULT_HANDSHAKE_TIMEOUT,
                new Heartbeat(DEFAULT_PING_INTERVAL, DEFAULT_PING_TIMEOUT),
                new Flood(DEFAULT_FLOOD_RATE, DEFAULT_FLOOD_BURST, DEFAULT_FLOOD_MAX_LAG, false),
                new Limits(0, DEFAULT_MAX_PER_IP, false));
    }

    static void requirePositive(String what, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
    }
}
