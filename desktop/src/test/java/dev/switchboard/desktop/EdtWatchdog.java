package dev.switchboard.desktop;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.swing.SwingUtilities;

/**
 * Measures how long the EDT keeps events waiting. Every {@link #PERIOD_MILLIS} it posts a ping to
 * the EDT and, at the same instant, to an idle reference thread, and records how long each waited
 * to run. A stall is the EDT's wait minus the reference thread's: what every thread of the JVM
 * suffered at that moment (a starved CPU on a shared machine, a GC pause) is not the EDT's doing,
 * while work that blocks the EDT shows in full.
 */
final class EdtWatchdog {

    static final long PERIOD_MILLIS = 5;

    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "edt-watchdog"));
    private final ExecutorService reference = Executors.newSingleThreadExecutor(r -> daemon(r, "edt-watchdog-reference"));
    private final ConcurrentHashMap<Integer, long[]> waits = new ConcurrentHashMap<>();
    private final AtomicInteger ticks = new AtomicInteger();
    private volatile long stoppedAt;

    EdtWatchdog() {
        ticker.scheduleAtFixedRate(this::tick, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        int i = ticks.getAndIncrement();
        long posted = System.nanoTime();
        long[] w = {-1, -1, posted};
        waits.put(i, w);
        reference.execute(() -> w[1] = System.nanoTime() - posted);
        SwingUtilities.invokeLater(() -> w[0] = System.nanoTime() - posted);
    }

    /**
     * Stops posting and waits until every posted ping has run, or 10 s for a frozen EDT: its pings
     * that never ran count as having waited until then, so a freeze is the worst stall.
     */
    void stop() throws InterruptedException {
        ticker.shutdown();
        ticker.awaitTermination(5, TimeUnit.SECONDS);
        java.util.concurrent.CountDownLatch drained = new java.util.concurrent.CountDownLatch(1);
        SwingUtilities.invokeLater(drained::countDown);
        drained.await(10, TimeUnit.SECONDS);
        stoppedAt = System.nanoTime();
        reference.shutdown();
        reference.awaitTermination(5, TimeUnit.SECONDS);
    }

    int samples() {
        return waits.size();
    }

    /** The longest wait of an EDT ping beyond the reference thread's wait at the same moment. */
    long worstStallMillis() {
        long worst = 0;
        for (long[] w : waits.values()) {
            if (w[1] >= 0) {
                worst = Math.max(worst, edtWait(w) - w[1]);
            }
        }
        return TimeUnit.NANOSECONDS.toMillis(worst);
    }

    long worstRawMillis() {
        long worst = 0;
        for (long[] w : waits.values()) {
            worst = Math.max(worst, edtWait(w));
        }
        return TimeUnit.NANOSECONDS.toMillis(worst);
    }

    String report() {
        return samples() + " pings, worst EDT stall " + worstStallMillis() + " ms (raw wait " + worstRawMillis()
                + " ms, including what the whole JVM waited)";
    }

    /** How long the EDT kept this ping waiting; a ping still waiting at {@link #stop} waited until then. */
    private long edtWait(long[] w) {
        return w[0] >= 0 ? w[0] : stoppedAt > 0 ? stoppedAt - w[2] : 0;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
