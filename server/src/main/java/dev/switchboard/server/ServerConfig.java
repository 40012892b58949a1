package dev.switchboard.server;

import dev.switchboard.protocol.Limits;
import java.time.Duration;

/**
 * Everything a server can be told at start. Defaults live here and nowhere else; each states its
 * reason. {@link ServerCommand} maps the command line onto this record.
 *
 * @param host address to bind ({@code 0.0.0.0} = every IPv4 interface)
 * @param port TCP port; 0 picks any free port (the {@code [INIT]} line shows the real one)
 * @param maxClients most logged-in users; the next login gets {@code ERROR|Server is full}
 * @param maxLineBytes longest accepted line in bytes, line end excluded
 * @param sendqBytes most bytes queued for one client before it is dropped as a slow consumer
 * @param closeGrace how long a closing connection may take to flush before it is cut
 */
public record ServerConfig(String host, int port, int maxClients, int maxLineBytes, long sendqBytes,
                           Duration closeGrace) {

    public static final String DEFAULT_HOST = "0.0.0.0";

    /** Ten thousand users: a big community on one core, well inside the 20,000 open-files limit. */
    public static final int DEFAULT_MAX_CLIENTS = 10_000;

    /**
     * 256 KiB per client: four maximal lines, or thousands of ordinary ones, for a client that is
     * briefly slow (a phone changing networks). Past that the client is not keeping up and holding
     * more only moves the problem into the server's memory (19,900 x 256 KiB is 5 GiB at worst).
     * InspIRCd's default user sendq is the same size; Ergo uses 96 KiB.
     */
    public static final long DEFAULT_SENDQ_BYTES = 256 * 1024;

    /** A client told to go (QUIT, rejection, shutdown) gets two seconds to read its last lines. */
    public static final Duration DEFAULT_CLOSE_GRACE = Duration.ofSeconds(2);

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
    }

    /** The defaults, on the given port. */
    public static ServerConfig defaults(int port) {
        return new ServerConfig(DEFAULT_HOST, port, DEFAULT_MAX_CLIENTS, Limits.DEFAULT_MAX_LINE_BYTES,
                DEFAULT_SENDQ_BYTES, DEFAULT_CLOSE_GRACE);
    }

    public ServerConfig withHost(String h) {
        return new ServerConfig(h, port, maxClients, maxLineBytes, sendqBytes, closeGrace);
    }

    public ServerConfig withMaxClients(int n) {
        return new ServerConfig(host, port, n, maxLineBytes, sendqBytes, closeGrace);
    }

    public ServerConfig withMaxLineBytes(int n) {
        return new ServerConfig(host, port, maxClients, n, sendqBytes, closeGrace);
    }

    public ServerConfig withSendqBytes(long n) {
        return new ServerConfig(host, port, maxClients, maxLineBytes, n, closeGrace);
    }

    public ServerConfig withCloseGrace(Duration d) {
        return new ServerConfig(host, port, maxClients, maxLineBytes, sendqBytes, d);
    }
}
