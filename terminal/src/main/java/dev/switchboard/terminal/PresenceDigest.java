package dev.switchboard.terminal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Decides which presence changes (joined, left) the interactive client shows one by one and which
 * it sums up, so that a load test's 833 logins are a handful of lines, not 833. Pure logic: the
 * caller passes the time ({@code System.nanoTime()}) and prints what it is given.
 *
 * <p>{@link Mode#ON}: changes are shown one by one until more than {@link #BURST} come within
 * {@link #WINDOW}; the rest of such a burst is held and summed up in one line once
 * {@link #QUIET} passes without a change, or every {@link #MAX_HOLD} while it goes on.
 * {@link Mode#SUMMARY}: every change is held that way. {@link Mode#OFF}: none is shown.
 *
 * <p>Thread-safe: the client's event thread reports changes, a timer asks for due summaries.
 */
final class PresenceDigest {

    /** What the user asked for with {@code /presence}. */
    enum Mode { ON, SUMMARY, OFF }

    /** Changes shown one by one within {@link #WINDOW}: a few people arriving is news, a crowd is not. */
    static final int BURST = 5;
    /** The window {@link #BURST} is counted in. */
    static final long WINDOW = TimeUnit.SECONDS.toNanos(1);
    /** A burst is over after this long without a change; its summary is printed then. */
    static final long QUIET = TimeUnit.SECONDS.toNanos(1);
    /** A burst that goes on (a slow ramp of a load test) is summed up at least this often. */
    static final long MAX_HOLD = TimeUnit.SECONDS.toNanos(10);
    /** Up to this many held changes are named in the summary; more are counted. */
    static final int NAMED = 3;

    private Mode mode = Mode.ON;
    /** When the changes shown one by one in the last {@link #WINDOW} came. */
    private final ArrayDeque<Long> shown = new ArrayDeque<>();
    /** Changes are being held until the burst is over. */
    private boolean holding;
    /** Whether some changes of the current burst were shown one by one ("25 more joined"). */
    private boolean burstShown;
    private long heldSince;
    private long lastChange;
    private final List<String> joined = new ArrayList<>();
    private final List<String> left = new ArrayList<>();

    synchronized Mode mode() {
        return mode;
    }

    /** Switches mode; what is held is dropped when presence goes off. */
    synchronized void mode(Mode m) {
        mode = m;
        if (m == Mode.OFF) {
            holding = false;
            joined.clear();
            left.clear();
        }
    }

    /** {@code name} joined (or left) at {@code now}: the line to show now, or null. */
    synchronized String change(String name, boolean join, long now) {
        if (mode == Mode.OFF) {
            return null;
        }
        lastChange = now;
        while (!shown.isEmpty() && now - shown.peekFirst() >= WINDOW) {
            shown.removeFirst();
        }
        if (!holding && mode == Mode.ON && shown.size() < BURST) {
            shown.addLast(now);
            return name + (join ? " joined" : " left");
        }
        if (!holding) {
            holding = true;
            burstShown = mode == Mode.ON;
            heldSince = now;
        }
        (join ? joined : left).add(name);
        return null;
    }

    /**
     * The summary of the held changes when it is due at {@code now}, else null. {@code online}
     * is how many are online now, for the line.
     */
    synchronized String due(long now, int online) {
        if (!holding) {
            return null;
        }
        boolean over = now - lastChange >= QUIET;
        if (!over && now - heldSince < MAX_HOLD) {
            return null;
        }
        String line = joined.isEmpty() && left.isEmpty() ? null : summary(online);
        joined.clear();
        left.clear();
        heldSince = now;
        if (over) {
            holding = false;
            shown.clear();
        }
        return line;
    }

    private String summary(int online) {
        int held = joined.size() + left.size();
        if (held <= NAMED) {
            List<String> parts = new ArrayList<>();
            if (!joined.isEmpty()) {
                parts.add(String.join(", ", joined) + " joined");
            }
            if (!left.isEmpty()) {
                parts.add(String.join(", ", left) + " left");
            }
            return String.join("; ", parts);
        }
        String more = burstShown ? " more" : "";
        List<String> parts = new ArrayList<>();
        if (!joined.isEmpty()) {
            parts.add(String.format(Locale.ROOT, "%,d%s joined", joined.size(), more));
            more = "";
        }
        if (!left.isEmpty()) {
            parts.add(String.format(Locale.ROOT, "%,d%s left", left.size(), more));
        }
        return String.join(", ", parts) + String.format(Locale.ROOT, "; %,d online (/users lists them)", online);
    }
}
