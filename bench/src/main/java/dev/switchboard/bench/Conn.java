package dev.switchboard.bench;

import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * One simulated client. Owned by one {@link Reactor} thread; nothing here is thread-safe.
 *
 * <p>Output is appended to {@link #out} (a heap buffer in fill mode) and written when the reactor
 * flushes its dirty connections, so everything queued in one loop iteration leaves in one write.
 */
final class Conn {

    static final int NEW = 0;
    static final int CONNECTING = 1;
    static final int CONNECTED = 2;
    static final int HANDSHAKE_SENT = 3;
    static final int LOGGED_IN = 4;
    static final int FAILED = 5;
    static final int CLOSED = 6;

    /** A line this long without '\n' is a broken server: the client fails instead of buffering on. */
    static final int MAX_PARTIAL = 16 << 20;

    final int index;
    final byte[] name;
    final Reactor reactor;
    SocketChannel channel;
    SelectionKey key;
    int state = NEW;
    /** The state {@code c} was in when it failed (valid once {@link #state} is FAILED). */
    int stateBeforeFailure;

    ByteBuffer out;
    /** Bytes of {@link #out} written to the socket so far (set by the reactor). */
    long bytesWritten;
    boolean dirty;
    boolean writeInterest;

    /** Bytes of an unfinished line carried over from the previous read. */
    byte[] partial;
    int partialLen;

    /** When the connect started and when WELCOME arrived (nanoTime). */
    long connectStart;
    long loginAt;

    /** Read and count whatever arrives without looking at it. */
    boolean discard;
    long discarded;

    /** Scenario state (a pair, a presence tracker). */
    Object attachment;

    Conn(int index, byte[] name, Reactor reactor, int outCapacity) {
        this.index = index;
        this.name = name;
        this.reactor = reactor;
        this.out = ByteBuffer.allocate(outCapacity);
    }

    /** Queues bytes for the next flush, growing the buffer if needed. */
    void send(byte[] b, int off, int len) {
        ensureRoom(len);
        out.put(b, off, len);
        reactor.markDirty(this);
    }

    void send(byte[] b) {
        send(b, 0, b.length);
    }

    void ensureRoom(int len) {
        if (out.remaining() < len) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(out.capacity() * 2, out.position() + len));
            out.flip();
            bigger.put(out);
            out = bigger;
        }
    }

    void appendPartial(byte[] b, int off, int len) {
        int need = partialLen + len;
        if (partial == null || need > partial.length) {
            partial = Arrays.copyOf(partial == null ? new byte[0] : partial, Math.max(256, Math.max(need, partialLen * 2)));
        }
        System.arraycopy(b, off, partial, partialLen, len);
        partialLen = need;
    }

    boolean open() {
        return state != FAILED && state != CLOSED;
    }

    String nameString() {
        return new String(name, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
