package dev.switchboard.server;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
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
 * during a round are merged into the next, and rounds are paced so that presence traffic stays
 * under {@link #BYTES_PER_SECOND}: 5,000 users logging in at once cost a few rounds of full
 * lists, not one list per login per client (which would be O(N^3) bytes).
 */
final class PresenceBroadcaster {

    /**
     * Pacing budget for presence bytes handed to writers (512 MiB/s, about half of what one core
     * pushes through loopback): after a round of B bytes the next waits B / budget. A 5,000-user
     * list to 5,000 clients (about 175 MB) then waits a third of a second, leaving the core for
     * logins and chat; with a few hundred users the pause is microseconds. There is no cap: a
     * cap would let presence alone saturate the core at 20,000 users (2.8 GB per round).
     */
    static final long BYTES_PER_SECOND = 512L << 20;

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
                long bytes = round();
                long pause = (long) (bytes * 1e9 / BYTES_PER_SECOND);
                if (pause > 100_000) {
                    TimeUnit.NANOSECONDS.sleep(pause);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One round; returns the bytes handed to writers. */
    long round() {
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
        for (Session s : now) {
            switch (s.presenceMode.get()) {
                case Session.FULL_LISTS -> {
                    s.deliverUsers(users);
                    bytes += users.length;
                }
                case Session.DELTAS_NEED_SNAPSHOT -> {
                    if (s.presenceMode.compareAndSet(Session.DELTAS_NEED_SNAPSHOT, Session.DELTAS_SYNCED)) {
                        s.deliver(users);
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
        return bytes;
    }
}
