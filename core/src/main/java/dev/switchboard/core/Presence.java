package dev.switchboard.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Tells every client who is online, on one platform thread of its own.
 *
 * <p>Each round takes one consistent snapshot of the directory and gives every client one of:
 * the snapshot as a full list (clients that want full lists coalesce them: one that has not yet
 * written the previous list gets only the newest); the snapshot once, for a client that just
 * asked for deltas; or the difference between this round's snapshot and the last. Rounds are
 * sequential, so every client sees changes in the order they happened, and the last round after
 * changes stop leaves everyone with the exact set. Front ends encode a round once per wire.
 *
 * <p>Cost: a round is O(N) memory work plus the bytes it hands to writers. Changes that arrive
 * during a round are merged into the next, and rounds are paced, slice by slice, so that presence
 * traffic stays under {@link #BYTES_PER_SECOND}: 5,000 users logging in at once cost a few rounds
 * of full lists, not one list per login per client (which would be O(N^3) bytes).
 */
public final class Presence {

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
     * rounds instead of one per wake-up (relay.c, the yardstick, does the same).
     */
    static final long MIN_ROUND_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** Rounds smaller than 1 MiB (a few hundred users) are not held back by the interval. */
    static final long MERGE_ABOVE_BYTES = 1L << 20;

    /**
     * Bytes handed out between two pacing checks within a round (4 MiB, about 120 writers of a
     * 5,000-user list). Handing out a big round slice by slice, instead of waking 20,000 writers
     * at once, keeps logins and messages flowing between the slices: they queue for a carrier
     * behind one slice's writers at most.
     */
    static final long SLICE_BYTES = 4L << 20;

    private final Directory directory;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private boolean pending;   // guarded by lock
    private boolean stopped;   // guarded by lock
    private final Thread thread;
    /** Why users went offline, until the next round reports it. */
    private final Map<User, String> leaveReasons = new ConcurrentHashMap<>();

    // Owned by the presence thread.
    private Set<User> previous = Collections.newSetFromMap(new IdentityHashMap<>());

    Presence(Directory directory, String threadName) {
        this.directory = directory;
        this.thread = Thread.ofPlatform().name(threadName).daemon(true).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** Something changed: schedules a round. Cheap and non-blocking; call from any thread. */
    public void changed() {
        lock.lock();
        try {
            pending = true;
            wake.signal();
        } finally {
            lock.unlock();
        }
    }

    /** {@code u} went offline because of {@code reason}: the next round's delta says so. */
    void left(User u, String reason) {
        leaveReasons.put(u, reason);
    }

    /** Stops rounds: no client hears of presence any more (shutdown). */
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

    /** One round, paced to {@link #BYTES_PER_SECOND}; returns the bytes handed to writers. */
    long round() throws InterruptedException {
        long started = System.nanoTime();
        UserList snapshot = directory.snapshot();
        List<User> now = snapshot.users();
        Set<User> current = Collections.newSetFromMap(new IdentityHashMap<>(now.size() * 2));
        current.addAll(now);
        List<PresenceRound.Departure> left = new ArrayList<>();
        for (User u : previous) {
            if (!current.contains(u)) {
                String why = leaveReasons.remove(u);
                left.add(new PresenceRound.Departure(u, why == null ? "" : why));
            }
        }
        List<User> joined = new ArrayList<>();
        for (User u : now) {
            if (!previous.contains(u)) {
                joined.add(u);
            }
        }
        previous = current;
        // What is left is for users in this snapshot (they left after it: the next round tells)
        // or in neither round (they came and went in between: nobody ever heard of them).
        leaveReasons.keySet().removeIf(u -> !current.contains(u));
        PresenceRound round = new PresenceRound(snapshot, joined, left);
        long bytes = 0;
        long paced = 0;
        for (User u : now) {
            for (Client c : u.clients()) {
                if (bytes - paced >= SLICE_BYTES) {
                    paced = bytes;
                    pace(started, bytes);
                }
                switch (c.presenceMode.get()) {
                    case Client.FULL_LISTS -> bytes += c.endpoint().presenceList(round);
                    case Client.DELTAS_NEED_SNAPSHOT -> {
                        if (c.presenceMode.compareAndSet(Client.DELTAS_NEED_SNAPSHOT, Client.DELTAS_SYNCED)) {
                            bytes += c.endpoint().presenceSnapshot(round);
                        }
                    }
                    default -> {
                        if (round.hasDelta()) {
                            bytes += c.endpoint().presenceDelta(round);
                        }
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
