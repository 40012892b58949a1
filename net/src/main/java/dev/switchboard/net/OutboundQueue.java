package dev.switchboard.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded outbound queue of one connection, and its writer. Any thread may offer lines; only
 * the writer, a virtual thread started (by {@code writerStarter}) when the queue stops being empty
 * and ending when it is empty again, touches the socket. It takes everything queued at once and writes it with as few
 * {@code write} calls as possible.
 *
 * <p>Two kinds of content: ordinary lines, counted against the byte limit, and the coalesced
 * {@code USERS} slot, which holds only the newest user list (a shared array) and is replaced, not
 * queued, when a newer one arrives. Within one drain, lines go out before the slot, so a line
 * queued before a slot was filled is always written first.
 *
 * <p>Locking: {@link #lock} guards every field below it and is never held during I/O or while
 * calling out. The overflow and failure callbacks run outside it.
 */
public final class OutboundQueue {

    /**
     * Back-pressure marks as fractions of the byte limit: a reader stops reading its client at a
     * quarter of the limit (64 KiB of the default 256 KiB) and goes on at an eighth. A quarter
     * leaves three quarters for what others send the client meanwhile, so a client that only
     * pipelines requests is slowed down long before its own answers could get it dropped.
     */
    static final int HIGH_WATER_FRACTION = 4;
    static final int LOW_WATER_FRACTION = 8;

    /** Longest batch copied into one write; bigger lines are written on their own. */
    private static final int BATCH_BYTES = 64 * 1024;

    /** What the queue reports to its connection. Called outside the lock, at most once each. */
    public interface Events {
        /** The byte limit was passed: the queue now holds only the final error line. */
        void overflowed();

        /** Everything is written after {@link #close}, or writing failed: the channel was closed. */
        void closed(IOException failure);

        /** Writing failed; called before the channel is closed, so the reason is known first. */
        default void writeFailed(IOException failure) {
        }

        /**
         * A held close ({@link #closeHeld}) has written everything, its last line included; the
         * channel now waits for {@link #release}. Called on the writer, without the lock.
         */
        default void heldFlushed() {
        }
    }

    private final WritableByteChannel channel;
    private final long limitBytes;
    private final byte[] overflowLine;
    private final Executor writerStarter;
    private final Events events;
    private final LongAdder bytesOut;

    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<byte[]> lines = new ArrayDeque<>(4); // guarded by lock
    /** Written under lock; read without it by {@link #needsBackPressure}. */
    private volatile long queuedBytes;
    /** Guarded by lock: the reader waits for {@link #room} in {@link #awaitRoom}. */
    private boolean readerWaiting;
    private final Condition room = lock.newCondition();
    /** Guarded by lock: the answer to a USERS request still queued and not yet written, or null. */
    private byte[] pendingList;
    private byte[] usersSlot;    // guarded by lock: newest coalesced USERS line, or null
    private boolean draining;    // guarded by lock: a writer thread is running
    private boolean closing;     // guarded by lock: take nothing more; close the channel once empty
    private boolean held;        // guarded by lock: closing, but keep the channel open until release()
    private boolean closed;      // guarded by lock: the channel is closed
    /**
     * Set (under the lock) when the limit was passed. A writer already running can flush the
     * error line and close the channel before {@link Events#overflowed} has run on the offering
     * thread, so the connection also asks this when it finds its channel closed.
     */
    private volatile boolean overflowed;
    /** True while the writer is inside {@code channel.write} (it may be blocked on the peer). */
    private volatile boolean inWrite;

    public OutboundQueue(WritableByteChannel channel, long limitBytes, byte[] overflowLine,
                  Executor writerStarter, Events events) {
        this(channel, limitBytes, overflowLine, writerStarter, events, new LongAdder());
    }

    /** {@code bytesOut} counts every byte written. */
    public OutboundQueue(WritableByteChannel channel, long limitBytes, byte[] overflowLine,
                  Executor writerStarter, Events events, LongAdder bytesOut) {
        this.bytesOut = bytesOut;
        this.channel = channel;
        this.limitBytes = limitBytes;
        this.overflowLine = overflowLine;
        this.writerStarter = writerStarter;
        this.events = events;
    }

    /**
     * Queues one line (with its {@code \n}). Returns false when the line was not taken: the queue
     * is closing, or the line would pass the byte limit, in which case everything queued is
     * discarded, the overflow line becomes the last line, and {@link Events#overflowed} runs.
     */
    public boolean offer(byte[] line) {
        boolean startWriter;
        boolean overflow = false;
        lock.lock();
        try {
            if (closing) {
                return false;
            }
            if (queuedBytes + line.length > limitBytes) {
                overflow = true;
                overflowed = true;
                held = true; // the reader's cleanup releases it
                lines.clear();
                usersSlot = null;
                lines.add(overflowLine);
                queuedBytes = overflowLine.length;
                closing = true;
                room.signalAll();
            } else {
                lines.add(line);
                queuedBytes += line.length;
            }
            startWriter = !draining;
            draining = true;
        } finally {
            lock.unlock();
        }
        if (overflow) {
            // Before the writer can run: it may flush the error line and close the channel at
            // once, and the reader must already know why.
            events.overflowed();
        }
        if (startWriter) {
            writerStarter.execute(this::drain);
        }
        return !overflow;
    }

    /**
     * Queues the answer to a client's own {@code USERS} request, in order with its other lines,
     * unless an earlier answer is still queued: then that one stands for both (one outstanding
     * list per client). The client still ends up with the exact set, since every change after
     * the queued list follows it (a newer list in the slot, or JOIN/LEAVE deltas). A client
     * that pipelines thousands of requests thus gets as many lists as it reads, not one 54 KB
     * copy per 6-byte request.
     */
    public boolean offerList(byte[] usersLine) {
        lock.lock();
        try {
            if (closing) {
                return false;
            }
            if (pendingList != null) {
                return true;
            }
            pendingList = usersLine;
        } finally {
            lock.unlock();
        }
        return offer(usersLine);
    }

    /**
     * Sets the newest full user list, replacing one not yet written. Not counted in the limit.
     * Returns true when this adds a write, false when it only replaced a list still waiting (or
     * the queue is closing): presence pacing counts only the bytes that will really be written.
     */
    public boolean offerUsers(byte[] usersLine) {
        boolean startWriter;
        boolean replaced;
        lock.lock();
        try {
            if (closing) {
                return false;
            }
            replaced = usersSlot != null;
            usersSlot = usersLine;
            startWriter = !draining;
            draining = true;
        } finally {
            lock.unlock();
        }
        if (startWriter) {
            writerStarter.execute(this::drain);
        }
        return !replaced;
    }

    /**
     * Takes nothing more; writes what is queued plus {@code lastLine} (when not null and the
     * queue is not already closing for another reason), then closes the channel.
     */
    public void close(byte[] lastLine) {
        close(lastLine, false);
    }

    /**
     * Like {@link #close(byte[])}, but the channel stays open after the flush until
     * {@link #release()}: the connection's cleanup (logout, log line) then always happens before
     * the peer sees the connection end, so a client that reconnects at once finds its name free.
     */
    public void closeHeld(byte[] lastLine) {
        close(lastLine, true);
    }

    /** Lets a held close go ahead; closes at once when everything is flushed already. */
    public void release() {
        boolean closeNow;
        lock.lock();
        try {
            held = false;
            closeNow = closing && !closed && !draining && lines.isEmpty() && usersSlot == null;
        } finally {
            lock.unlock();
        }
        if (closeNow) {
            closeChannel(null);
        }
    }

    private void close(byte[] lastLine, boolean hold) {
        boolean startWriter;
        boolean closeNow;
        lock.lock();
        try {
            if (closing) {
                return;
            }
            closing = true;
            held = hold;
            room.signalAll();
            if (usersSlot != null) {
                // A list still waiting goes before the last line, never after it: the last line
                // (a shutdown or rejection) must be the last thing the client reads.
                lines.add(usersSlot);
                queuedBytes += usersSlot.length;
                usersSlot = null;
            }
            if (lastLine != null) {
                lines.add(lastLine);
                queuedBytes += lastLine.length;
            }
            startWriter = !draining && (!lines.isEmpty() || usersSlot != null);
            closeNow = !draining && !startWriter && !held;
            draining |= startWriter;
        } finally {
            lock.unlock();
        }
        if (startWriter) {
            writerStarter.execute(this::drain);
        } else if (closeNow) {
            closeChannel(null);
        }
    }

    /** Whether the byte limit was ever passed. */
    public boolean hasOverflowed() {
        return overflowed;
    }

    /** Closes the channel now, flushed or not; a blocked writer fails and stops. */
    public void abort() {
        closeChannel(null);
    }

    /** The writer: runs on its own virtual thread until the queue is empty. */
    private void drain() {
        byte[][] batch = new byte[16][];
        while (true) {
            int count = 0;
            int bytes = 0;
            byte[] users;
            boolean stop = false;
            boolean heldDone = false;
            lock.lock();
            try {
                while (!lines.isEmpty() && (count == 0 || bytes + lines.peekFirst().length <= BATCH_BYTES)) {
                    byte[] l = lines.pollFirst();
                    if (count == batch.length) {
                        batch = Arrays.copyOf(batch, count * 2);
                    }
                    batch[count++] = l;
                    bytes += l.length;
                    if (l == pendingList) {
                        pendingList = null;
                    }
                }
                queuedBytes -= bytes;
                if (readerWaiting && queuedBytes <= lowWater()) {
                    room.signalAll();
                }
                // The slot goes out only after every line queued before it.
                users = lines.isEmpty() ? usersSlot : null;
                if (users != null) {
                    usersSlot = null;
                }
                if (count == 0 && users == null) {
                    draining = false;
                    if (!closing || closed || held) {
                        stop = true;
                        heldDone = closing && !closed && held;
                    }
                }
            } finally {
                lock.unlock();
            }
            if (stop) {
                if (heldDone) {
                    events.heldFlushed();
                }
                return;
            }
            if (count == 0 && users == null) {
                closeChannel(null); // closing and flushed
                return;
            }
            try {
                writeBatch(batch, count, bytes, users);
            } catch (IOException e) {
                lock.lock();
                try {
                    draining = false;
                    closing = true;
                    room.signalAll();
                    lines.clear();
                    usersSlot = null;
                    queuedBytes = 0;
                } finally {
                    lock.unlock();
                }
                events.writeFailed(e);
                closeChannel(e);
                return;
            }
            Arrays.fill(batch, 0, count, null);
        }
    }

    private void writeBatch(byte[][] batch, int count, int bytes, byte[] users) throws IOException {
        if (count == 1) {
            writeFully(ByteBuffer.wrap(batch[0]));
        } else if (count > 1) {
            byte[] joined = new byte[bytes];
            int pos = 0;
            for (int i = 0; i < count; i++) {
                System.arraycopy(batch[i], 0, joined, pos, batch[i].length);
                pos += batch[i].length;
            }
            writeFully(ByteBuffer.wrap(joined));
        }
        if (users != null) {
            writeFully(ByteBuffer.wrap(users));
        }
    }

    private void writeFully(ByteBuffer buf) throws IOException {
        int n = buf.remaining();
        inWrite = true;
        try {
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        } finally {
            inWrite = false;
        }
        bytesOut.add(n);
    }

    /**
     * Whether the writer is waiting for its turn on a carrier rather than for the peer: lines
     * are queued but no {@code write} is in progress. A close grace that runs out in that state
     * is the server's slowness, not the client's, and is extended.
     */
    public boolean waitingForCpu() {
        if (inWrite) {
            return false;
        }
        lock.lock();
        try {
            return !closed && draining && (!lines.isEmpty() || usersSlot != null);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Back-pressure: whether this client's own queue is over its high-water mark
     * ({@link #HIGH_WATER_FRACTION} of the limit), so its reader should stop reading until the
     * writer catches up. One volatile read: asked before every line a reader acts on.
     */
    public boolean needsBackPressure() {
        return queuedBytes > limitBytes / HIGH_WATER_FRACTION;
    }

    /**
     * Blocks the calling reader until the queue is down to its low-water mark
     * ({@link #LOW_WATER_FRACTION} of the limit), or is closing. A client that sends requests
     * faster than it reads the answers (200,000 pipelined PINGs) is thus read at the pace it
     * reads, instead of being dropped for a send queue its own requests filled. Returns false if
     * interrupted.
     */
    public boolean awaitRoom() {
        lock.lock();
        try {
            while (queuedBytes > lowWater() && !closing) {
                readerWaiting = true;
                room.await(); // signalled under the lock by the writer and by every close
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            readerWaiting = false;
            lock.unlock();
        }
    }

    private long lowWater() {
        return limitBytes / LOW_WATER_FRACTION;
    }

    /**
     * Queues a full presence snapshot for a client switching to deltas, dropping any full list
     * still waiting in the coalescing slot: that older list would be written after the snapshot.
     */
    public boolean offerSnapshot(byte[] usersLine) {
        lock.lock();
        try {
            usersSlot = null;
        } finally {
            lock.unlock();
        }
        return offer(usersLine);
    }

    private void closeChannel(IOException failure) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            closing = true;
            room.signalAll();
            lines.clear();
            usersSlot = null;
            queuedBytes = 0;
        } finally {
            lock.unlock();
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing a socket that already failed: nothing left to tell anyone.
        }
        events.closed(failure);
    }
}
