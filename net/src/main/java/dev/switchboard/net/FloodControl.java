package dev.switchboard.net;

/**
 * Per-client flood control as fakelag: a client over its rate is not refused, it is read more
 * slowly. Each line is admitted at its theoretical arrival time (a token bucket kept as one
 * timestamp, the generic cell rate algorithm): {@code burst} lines pass at once, then one per
 * {@code 1/rate}. The reader waits out the delay before acting on the line, so nothing is lost and
 * the client's own TCP buffers fill up behind it. A client that stays throttled without a break
 * for longer than {@code maxLag} is flooding on purpose and is dropped.
 *
 * <p>Confined to the connection's reader thread.
 */
public final class FloodControl {
    private final long intervalNanos;
    private final long toleranceNanos;
    private final long maxLagNanos;
    private long theoreticalArrival = Long.MIN_VALUE;
    private long throttledSince = -1;

    public FloodControl(double ratePerSecond, int burst, long maxLagNanos) {
        this.intervalNanos = Math.max(1, (long) (1e9 / ratePerSecond));
        this.toleranceNanos = (burst - 1) * intervalNanos;
        this.maxLagNanos = maxLagNanos;
    }

    /**
     * Admits one line arriving at {@code now}: returns how many nanoseconds to wait before acting
     * on it, or -1 when the client has been throttled for longer than the maximum lag.
     */
    public long admit(long now) {
        if (theoreticalArrival == Long.MIN_VALUE) {
            theoreticalArrival = now;
        }
        long wait = Math.max(0, theoreticalArrival - toleranceNanos - now);
        if (wait == 0) {
            throttledSince = -1;
        } else {
            if (throttledSince < 0) {
                throttledSince = now;
            }
            if (now + wait - throttledSince > maxLagNanos) {
                return -1;
            }
        }
        theoreticalArrival = Math.max(theoreticalArrival, now + wait) + intervalNanos;
        return wait;
    }
}
