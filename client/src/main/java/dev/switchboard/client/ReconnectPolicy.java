package dev.switchboard.client;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * When to try again after a dropped connection: capped exponential backoff with jitter.
 *
 * <p>The delay before attempt {@code n} (1-based) is {@code initial * 2^(n-1)}, capped at
 * {@code max}, then shortened by a random fraction of at most {@code jitter} so that many clients
 * dropped by one server restart do not all come back in the same millisecond. Tests use
 * {@link #immediate()}, which never waits. Immutable and thread-safe.
 */
public final class ReconnectPolicy {

    /** First delay: long enough for a restarting server to bind its port again, short enough to feel prompt. */
    public static final Duration DEFAULT_INITIAL = Duration.ofSeconds(2);

    /** Longest delay: a client left running overnight against a dead server still tries twice a minute. */
    public static final Duration DEFAULT_MAX = Duration.ofSeconds(30);

    /** Up to a quarter of each delay is random: enough to spread a reconnect storm over the window. */
    public static final double DEFAULT_JITTER = 0.25;

    private static final ReconnectPolicy NEVER = new ReconnectPolicy(false, Duration.ZERO, Duration.ZERO, 0, 0, null);

    private final boolean enabled;
    private final Duration initial;
    private final Duration max;
    private final double jitter;
    private final int maxAttempts;
    private final RandomGenerator random;

    private ReconnectPolicy(boolean enabled, Duration initial, Duration max, double jitter, int maxAttempts,
                            RandomGenerator random) {
        this.enabled = enabled;
        this.initial = initial;
        this.max = max;
        this.jitter = jitter;
        this.maxAttempts = maxAttempts;
        this.random = random;
    }

    /** The defaults: 2 s, doubling up to 30 s, 25 % jitter, never giving up. */
    public static ReconnectPolicy defaults() {
        return backoff(DEFAULT_INITIAL, DEFAULT_MAX, DEFAULT_JITTER);
    }

    /** Capped exponential backoff; {@code jitter} is the largest random fraction taken off a delay (0 to 1). */
    public static ReconnectPolicy backoff(Duration initial, Duration max, double jitter) {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 <= initial <= max, got " + initial + " and " + max);
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be within 0..1, got " + jitter);
        }
        return new ReconnectPolicy(true, initial, max, jitter, 0, RandomGenerator.getDefault());
    }

    /** Reconnects at once, every time: for tests, so that nothing waits on a clock. */
    public static ReconnectPolicy immediate() {
        return backoff(Duration.ZERO, Duration.ZERO, 0);
    }

    /** Never reconnects: a dropped connection ends the client. */
    public static ReconnectPolicy never() {
        return NEVER;
    }

    /** The same policy, giving up after {@code attempts} failed attempts in a row (0 = never give up). */
    public ReconnectPolicy withMaxAttempts(int attempts) {
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must be >= 0, got " + attempts);
        }
        return new ReconnectPolicy(enabled, initial, max, jitter, attempts, random);
    }

    /** The same policy drawing its jitter from {@code generator} (a seeded one makes delays repeatable). */
    public ReconnectPolicy withRandom(RandomGenerator generator) {
        return new ReconnectPolicy(enabled, initial, max, jitter, maxAttempts, Objects.requireNonNull(generator));
    }

    /** Whether this policy reconnects at all. */
    public boolean enabled() {
        return enabled;
    }

    /**
     * The delay before attempt {@code attempt} (1 = the first try after the drop), or null when
     * the policy gives up before it.
     */
    public Duration delayBefore(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt counts from 1, got " + attempt);
        }
        if (!enabled || (maxAttempts > 0 && attempt > maxAttempts)) {
            return null;
        }
        long base = initial.toMillis();
        // Doubling past 2^30 overflows long soon after, and max is reached long before anyway.
        for (int i = 1; i < Math.min(attempt, 31) && base < max.toMillis(); i++) {
            base *= 2;
        }
        base = Math.min(base, max.toMillis());
        long cut = jitter == 0 || base == 0 ? 0 : (long) (base * jitter * random.nextDouble());
        return Duration.ofMillis(base - cut);
    }

    @Override
    public String toString() {
        if (!enabled) {
            return "ReconnectPolicy[never]";
        }
        return "ReconnectPolicy[initial=" + initial + ", max=" + max + ", jitter=" + jitter
                + (maxAttempts > 0 ? ", maxAttempts=" + maxAttempts : "") + "]";
    }
}
