package dev.switchboard.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lines waiting for one connection's writer, bounded in bytes. Producers (any thread) never
 * block: a line over the limit is refused. The writer takes everything queued at once, so one
 * flush carries many lines. Thread-safe; all fields are guarded by {@code lock}.
 */
final class SendQueue {

    private final long limitBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final ArrayDeque<byte[]> lines = new ArrayDeque<>();
    private long queuedBytes;
    /** No more lines are taken; the writer drains what is queued, then stops. */
    private boolean finished;

    SendQueue(long limitBytes) {
        this.limitBytes = limitBytes;
    }

    /** Queues a line (with its {@code \n}) if it fits under the limit; false if full or finished. */
    boolean offer(byte[] line) {
        return add(line, false);
    }

    /**
     * Queues a line past the limit: for the few protocol lines that must go out even when the
     * user has filled the queue (a PONG, the QUIT). False only if finished.
     */
    boolean offerUrgent(byte[] line) {
        return add(line, true);
    }

    private boolean add(byte[] line, boolean urgent) {
        lock.lock();
        try {
            if (finished || (!urgent && queuedBytes + line.length > limitBytes)) {
                return false;
            }
            lines.add(line);
            queuedBytes += line.length;
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Takes no more lines; what is queued is still handed to the writer. */
    void finish() {
        lock.lock();
        try {
            finished = true;
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Drops what is queued and takes no more: the connection is gone. */
    void discard() {
        lock.lock();
        try {
            finished = true;
            lines.clear();
            queuedBytes = 0;
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits up to {@code timeoutMillis} for lines and takes all that are queued. Returns an empty
     * list on timeout, and null once finished and drained: the writer's signal to stop.
     */
    List<byte[]> takeAll(long timeoutMillis) throws InterruptedException {
        lock.lock();
        try {
            long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            while (lines.isEmpty()) {
                if (finished) {
                    return null;
                }
                if (nanos <= 0) {
                    return List.of();
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            List<byte[]> out = new ArrayList<>(lines);
            lines.clear();
            queuedBytes = 0;
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Bytes queued now. */
    long queuedBytes() {
        lock.lock();
        try {
            return queuedBytes;
        } finally {
            lock.unlock();
        }
    }
}
