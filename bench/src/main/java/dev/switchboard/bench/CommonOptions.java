package dev.switchboard.bench;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Options every scenario shares: where the server is, how many selector threads, what to report. */
final class CommonOptions {

    /**
     * Source addresses 127.0.0.2 ... 127.0.0.(1+N). One address has ~28,000 ephemeral ports
     * (Linux 32768-60999), and a run of 19,900 clients leaves as many in TIME_WAIT for a minute:
     * spreading clients over eight addresses lets runs follow each other at once.
     */
    static final int DEFAULT_SOURCE_ADDRESSES = 8;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Server address (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "5555", description = "Server port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--threads", description = "Selector threads (default: available cores, at most 4).")
    Integer threads;

    @Option(names = "--source-addrs", description = "Bind clients round-robin to 127.0.0.2, 127.0.0.3, ...: "
            + "this many addresses; 0 = let the kernel choose (default: 8 on Linux with a loopback server, else 0).")
    Integer sourceAddresses;

    @Option(names = "--server-pid", description = "Read the server's RSS, threads and CPU time from /proc/PID.")
    Integer serverPid;

    @Option(names = "--label", description = "Name of the server under test in the table, JSON and charts "
            + "(default: host:port).")
    String label;

    @Option(names = "--prefix", defaultValue = "u", description = "Username prefix; names are prefix + zero-padded "
            + "index, e.g. u00042 (default: ${DEFAULT-VALUE}).")
    String prefix;

    @Option(names = "--timeout", defaultValue = "120", description = "Give up (and fail) when a phase takes longer "
            + "than this many seconds (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--quiet", description = "No progress lines on stderr.")
    boolean quiet;

    @Option(names = "--proto", defaultValue = "line", paramLabel = "line|irc|irc-lobby",
            description = "The wire: line (the seed's protocol: name, Target|Content), irc (NICK/USER until 001, "
            + "PRIVMSG) or irc-lobby (irc, then JOIN #lobby: logged in at the end of NAMES), to measure our IRC "
            + "front end and other IRC servers the same way (default: ${DEFAULT-VALUE}).")
    String proto;

    Proto proto() {
        return switch (proto.toLowerCase(java.util.Locale.ROOT)) {
            case "line" -> Proto.LINE;
            case "irc" -> Proto.IRC;
            case "irc-lobby" -> Proto.IRC_LOBBY;
            default -> throw new IllegalArgumentException("--proto must be line, irc or irc-lobby, got " + proto);
        };
    }

    int threads() {
        if (threads != null) {
            if (threads < 1) {
                throw new IllegalArgumentException("--threads must be at least 1");
            }
            return threads;
        }
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    String label() {
        return label != null ? label : host + ":" + port;
    }

    Duration timeout() {
        return Duration.ofSeconds(timeoutSeconds);
    }

    InetSocketAddress remote() throws UnknownHostException {
        return new InetSocketAddress(InetAddress.getByName(host), port);
    }

    /** Local addresses to bind clients to, or an empty array for "any". */
    InetSocketAddress[] sources() throws UnknownHostException {
        InetAddress server = InetAddress.getByName(host);
        boolean linux = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux");
        int n = sourceAddresses != null ? sourceAddresses
                : (linux && server.isLoopbackAddress() && server.getAddress().length == 4 ? DEFAULT_SOURCE_ADDRESSES : 0);
        if (n > 250) {
            throw new IllegalArgumentException("--source-addrs must be at most 250");
        }
        InetSocketAddress[] out = new InetSocketAddress[n];
        for (int i = 0; i < n; i++) {
            out[i] = new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (2 + i)}), 0);
        }
        return out;
    }
}
