package dev.switchboard.server;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Tells every client who is online, on one platform thread of its own.
 *
 * <p>Each round takes one consistent snapshot of the registry and sends: to full-list (seed)
 * clients the snapshot as one shared {@code USERS} line in their coalescing slot, so a client
 * that has not yet written the previous list gets only the newest; to {@code presence} clients
 * new since the last round the snapshot, and to the others one shared block of
 * {@code LEAVE}/{@code JOIN} lines: the difference between this round's snapshot and the last.
 * Rounds are sequential, so every client sees changes in the order they happened, and the last
 * round after changes stop leaves everyone with the exact set.
 *
 * <p>Cost: a round is O(N) memory work plus the bytes it hands to writers. Changes that arrive
 * during a round are merged into the next, and rounds are paced, slice by slice, so that presence
 * traffic stays under {@link #BYTES_PER_SECOND}: 5,000 users logging in at once cost a few rounds of full
 * lists, not one list per login per client (which would be O(N^3) bytes).
 */
final class PresenceBroadcaster {

    /**
     * Pacing floor for presence bytes handed to writers (512 MiB/s, about half of what one core
     * pushes through loopback): a slice of B bytes never waits longer than B / budget before the
     * next. It waits less when the writers it woke have already had their turn on a carrier (see
     * {@link #pace}): an otherwise idle server sends a 5,000-user list to 5,000 clients (about
     * 175 MB) as fast as its core writes it, and a busy one interleaves the slices with logins and
     * chat. There is no cap: a cap would let presence alone saturate the core at 20,000 users
     * (2.8 GB per round).
     */
    static final long BYTES_PER_SECOND = 512L << 20;

    /**
     * After a round of at least {@link #MERGE_ABOVE_BYTES}, at most one round every 50 ms: a
     * person does not see a 50 ms delay in a user list, and a burst of logins is merged into few
     * rounds instead of one per broadcaster wake-up (relay.c, the yardstick, does the same).
     */
    static final long MIN_ROUND_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** Rounds smaller than 1 MiB (a few hundred users) are not held back by the interval. */
    static final long MERGE_ABOVE_BYTES = 1L << 20;

    private final UserRegistry registry;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private boolean pending;   // guarded by lock
    private boolean stopped;   // guarded by lock
    private final Thread thread;

    // Owned by the broadcaster thread.
    private Set<Session> previous = Collections.newSetFromMap(new IdentityHashMap<>());

    PresenceBroadcaster(UserRegistry registry) {
        this.registry = registry;
        this.thread = Thread.ofPlatform().name("presence").daemon(true).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** Something changed: schedules a round. Cheap and non-blocking; call from any thread. */
    void changed() {
        lock.lock();
        try {
            pending = true;
            wake.signal();
        } finally {
            lock.unlock();
        }
    }

    void stop() {
        lock.lock();
        try {
            stopped = true;
            wake.signal();
        } finally {
            lock.unlock();
        }
        thread.interrupt();
    }

    private void run() {
        try {
            while (true) {
                lock.lock();
                try {
                    while (!pending && !stopped) {
                        wake.await();
                    }
                    if (stopped) {
                        return;
                    }
                    pending = false;
                } finally {
                    lock.unlock();
                }
                long started = System.nanoTime();
                long bytes = round();
                // After a big round, changes that come in the next moment go into one round
                // with each other; a small server keeps presence immediate.
                long gap = MIN_ROUND_INTERVAL_NANOS - (System.nanoTime() - started);
                if (bytes >= MERGE_ABOVE_BYTES && gap > 0) {
                    TimeUnit.NANOSECONDS.sleep(gap);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Bytes handed out between two pacing checks within a round (4 MiB, about 120 writers of a
     * 5,000-user list). Handing out a big round slice by slice, instead of waking 20,000 writers
     * at once, keeps logins and messages flowing between the slices: they queue for a carrier
     * behind one slice's writers at most.
     */
    static final long SLICE_BYTES = 4L << 20;

    /** One round, paced to {@link #BYTES_PER_SECOND}; returns the bytes handed to writers. */
    long round() throws InterruptedException {
        long started = System.nanoTime();
        List<Session> now = registry.snapshot();
        byte[] users = Session.usersLine(now);
        Set<Session> current = Collections.newSetFromMap(new IdentityHashMap<>(now.size() * 2));
        current.addAll(now);
        StringBuilder delta = new StringBuilder();
        for (Session s : previous) {
            if (!current.contains(s)) {
                delta.append("LEAVE|").append(s.name()).append('\n');
            }
        }
        for (Session s : now) {
            if (!previous.contains(s)) {
                delta.append("JOIN|").append(s.name()).append('\n');
            }
        }
        previous = current;
        byte[] deltaLines = delta.toString().getBytes(StandardCharsets.UTF_8);
        long bytes = 0;
        long paced = 0;
        for (Session s : now) {
            if (bytes - paced >= SLICE_BYTES) {
                paced = bytes;
                pace(started, bytes);
            }
            switch (s.presenceMode.get()) {
                case Session.FULL_LISTS -> {
                    if (s.deliverUsers(users)) {
                        bytes += users.length;
                    }
                }
                case Session.DELTAS_NEED_SNAPSHOT -> {
                    if (s.presenceMode.compareAndSet(Session.DELTAS_NEED_SNAPSHOT, Session.DELTAS_SYNCED)) {
                        s.deliverSnapshot(users);
                        bytes += users.length;
                    }
                }
                default -> {
                    if (deltaLines.length > 0) {
                        s.deliver(deltaLines);
                        bytes += deltaLines.length;
                    }
                }
            }
        }
        pace(started, bytes);
        return bytes;
    }

    /**
     * Waits until the writers woken so far have had their turn on a carrier, or until
     * {@code bytes} handed out since {@code started} fit {@link #BYTES_PER_SECOND}, whichever
     * comes first. The turn is seen by a marker virtual thread started after the writers: the
     * scheduler runs it once the carriers got through what was queued before it (the writers, and
     * any reader or chat writer that became ready meanwhile). A writer blocked on a slow client
     * parks and does not hold the marker back.
     */
    private static void pace(long started, long bytes) throws InterruptedException {
        long due = started + (long) (bytes * 1e9 / BYTES_PER_SECOND);
        long wait = due - System.nanoTime();
        if (wait > 100_000) {
            CountDownLatch turn = new CountDownLatch(1);
            Thread.ofVirtual().name("presence-pace").start(turn::countDown);
            turn.await(wait, TimeUnit.NANOSECONDS);
        }
    }
}
