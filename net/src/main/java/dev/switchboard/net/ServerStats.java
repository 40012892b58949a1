package dev.switchboard.net;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters for the operator's {@code [STATS]} line. {@link LongAdder}s: written on hot paths by
 * many threads without contention, read rarely.
 */
public final class ServerStats {

    /** Why the server dropped a client (counted; each is also logged with the client). */
    public enum Drop {
        SENDQ("send queue"), FLOOD("flood"), PING("ping timeout"), HANDSHAKE("handshake timeout"),
        TOO_MANY("too many connections"), REJECTED_LOGIN("rejected login");

        final String label;

        Drop(String label) {
            this.label = label;
        }
    }

    public final LongAdder linesIn = new LongAdder();
    public final LongAdder delivered = new LongAdder();
    public final LongAdder bytesIn = new LongAdder();
    public final LongAdder bytesOut = new LongAdder();
    /** Times a reader stopped reading its client because the client's own queue was long. */
    public final LongAdder readPauses = new LongAdder();
    private final Map<Drop, LongAdder> drops = new EnumMap<>(Drop.class);

    private long lastAt = System.nanoTime();
    private long lastLines;
    private long lastBytesIn;
    private long lastBytesOut;
    private long lastDelivered;

    public ServerStats() {
        for (Drop d : Drop.values()) {
            drops.put(d, new LongAdder());
        }
    }

    public void dropped(Drop why) {
        drops.get(why).increment();
    }

    public long drops(Drop why) {
        return drops.get(why).sum();
    }

    /** One log line with rates since the previous call. Called by one thread at a time. */
    public synchronized String line(int connections, int users) {
        long now = System.nanoTime();
        double secs = Math.max(1e-9, (now - lastAt) / 1e9);
        long lines = linesIn.sum();
        long in = bytesIn.sum();
        long out = bytesOut.sum();
        long del = delivered.sum();
        StringBuilder sb = new StringBuilder();
        sb.append("[STATS] connections ").append(connections)
                .append(", users ").append(users)
                .append(String.format(", lines in %.1f/s, delivered %.1f/s, in %s/s, out %s/s",
                        (lines - lastLines) / secs, (del - lastDelivered) / secs,
                        bytes((in - lastBytesIn) / secs), bytes((out - lastBytesOut) / secs)))
                .append(", read pauses ").append(readPauses.sum())
                .append(", dropped:");
        for (Drop d : Drop.values()) {
            sb.append(' ').append(d.label).append(' ').append(drops.get(d).sum()).append(d.ordinal() < Drop.values().length - 1 ? "," : "");
        }
        lastAt = now;
        lastLines = lines;
        lastBytesIn = in;
        lastBytesOut = out;
        lastDelivered = del;
        return sb.toString();
    }

    private static String bytes(double b) {
        if (b >= 1 << 20) {
            return String.format("%.1f MiB", b / (1 << 20));
        }
        if (b >= 1 << 10) {
            return String.format("%.1f KiB", b / (1 << 10));
        }
        return String.format("%.0f B", b);
    }
}
