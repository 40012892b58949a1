package dev.switchboard.net;

import dev.switchboard.protocol.LineDecoder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One client connection, whatever its protocol: its {@link Transport}, its reader (the virtual
 * thread that runs {@link #run}), its outbound queue and writer, its timeouts, and the
 * {@link ProtocolHandler} its front end made for it.
 *
 * <p>The whole life of the connection is the reader's {@code try/finally}: whatever ends it (EOF,
 * reset, a write error, a slow consumer, QUIT, a rejected login, shutdown), the reader leaves its
 * loop and the {@code finally} block is the one cleanup path: log the user out (everyone else
 * hears of it), flush what may still be flushed, close.
 */
final class Connection implements Runnable, Link, OutboundQueue.Events {

    /** Reads start small (idle connections are the common case) and grow while data streams in. */
    private static final int MIN_READ_BUFFER = 1024;
    private static final int MAX_READ_BUFFER = 64 * 1024;
    /** A busy client keeps its big buffer through short lulls; an idle one gives it back. */
    private static final int SHRINK_AFTER_SMALL_READS = 256;
    /** How often a close grace may be extended for a writer still waiting for a carrier. */
    private static final int MAX_GRACE_EXTENSIONS = 5;
    /**
     * The first byte of every TLS connection (a handshake record). It is a C0 control no line may
     * start with (SYN), so a plaintext port that reads it first is talking to a TLS client: it is
     * answered at once ({@link Ending#TLS_ON_PLAINTEXT}) instead of waiting for a line end that a
     * ClientHello never has.
     */
    private static final byte TLS_HANDSHAKE_RECORD = 22;

    private final Transport channel;
    private final String peer;
    private final Connections server;
    private final ConnectionConfig config;
    private final FrontEnd frontEnd;
    private final FloodControl flood;
    private final OutboundQueue out;
    private final ProtocolHandler session;
    private final LineDecoder decoder;
    /** Why the connection ends; the first reason given wins. */
    private final AtomicReference<String> endReason = new AtomicReference<>();
    /** Counts down when the reader is done and when the socket is closed; at zero it is gone. */
    private final AtomicInteger liveParts = new AtomicInteger(2);
    private final ServerStats stats;
    /** The address counted against the per-IP limit, or null when it is not counted. */
    private final InetAddress countedAddress;
    /** When the reader last got bytes (System.nanoTime); written by the reader, read by the timer. */
    private volatile long lastReadNanos = System.nanoTime();
    /** When the outstanding heartbeat PING was sent, or -1. Timer thread only. */
    private long pingSentNanos = -1;
    private long pingCount;
    /** Timer thread only. */
    private int graceExtensions;
    private volatile ScheduledFuture<?> handshakeTimer;
    private volatile ScheduledFuture<?> heartbeatTimer;

    /**
     * {@code flood} is this client's flood control, or null when it is exempt or flood control is
     * off. Made on the acceptor thread; the front end's handler is made here too, so a shutdown
     * racing with the start always finds it.
     */
    Connection(Transport channel, String peer, Connections server, FrontEnd frontEnd, FloodControl flood,
               InetAddress countedAddress) {
        this.countedAddress = countedAddress;
        this.channel = channel;
        this.peer = peer;
        this.server = server;
        this.config = server.config();
        this.frontEnd = frontEnd;
        this.flood = flood;
        this.stats = server.stats();
        String writerName = "write-" + peer;
        this.out = new OutboundQueue(channel, config.sendqBytes(), frontEnd.endingLine(Ending.SENDQ_EXCEEDED),
                r -> server.startVirtual(writerName, r), this, stats.bytesOut);
        this.session = frontEnd.open(this);
        this.decoder = new LineDecoder(frontEnd.maxLineBytes(), frontEnd.controlPolicy());
    }

    InetAddress countedAddress() {
        return countedAddress;
    }

    @Override
    public String peer() {
        return peer;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    @Override
    public boolean secure() {
        return channel.secure();
    }

    /** The reader. Runs on this connection's virtual thread until the connection is over. */
    @Override
    public void run() {
        String reason = "connection closed by peer";
        try {
            handshakeTimer = server.schedule(this::handshakeExpired, config.handshakeTimeout().toNanos());
            ByteBuffer buf = ByteBuffer.allocate(MIN_READ_BUFFER);
            int smallReads = 0;
            boolean first = true;
            while (session.active()) {
                int n = channel.read(buf);
                if (n < 0) {
                    break;
                }
                lastReadNanos = System.nanoTime();
                stats.bytesIn.add(n);
                if (first && n > 0 && !channel.secure() && buf.get(0) == TLS_HANDSHAKE_RECORD) {
                    finish("TLS handshake on a plaintext port", frontEnd.endingLine(Ending.TLS_ON_PLAINTEXT));
                    break;
                }
                first = false;
                decoder.feed(buf.array(), 0, n, session);
                // Grow while reads fill the buffer; shrink back after a run of small reads.
                if (n == buf.capacity() && buf.capacity() < MAX_READ_BUFFER) {
                    buf = ByteBuffer.allocate(buf.capacity() * 4);
                    smallReads = 0;
                } else if (buf.capacity() > MIN_READ_BUFFER && n < buf.capacity() / 8 && ++smallReads > SHRINK_AFTER_SMALL_READS) {
                    buf = ByteBuffer.allocate(MIN_READ_BUFFER);
                    smallReads = 0;
                } else {
                    buf.clear();
                }
            }
        } catch (ClosedChannelException e) {
            reason = "connection closed";
        } catch (SocketException e) {
            reason = "connection reset (" + e.getMessage() + ")";
        } catch (javax.net.ssl.SSLException e) {
            reason = "TLS failed (" + e.getMessage() + ")";
        } catch (IOException e) {
            reason = "read failed (" + e.getMessage() + ")";
        } catch (RuntimeException | Error e) {
            // A bug, not the peer's doing: say so loudly, but still clean up below.
            server.log().warn("[BUG] reader of {} failed", peer, e);
            reason = "internal error: " + e;
        } finally {
            cancel(handshakeTimer);
            cancel(heartbeatTimer);
            if (out.hasOverflowed()) {
                overflowed(); // the writer may have closed the channel before the offerer said why
            }
            endReason.compareAndSet(null, reason);
            session.disconnected(endReason.get());
            out.close(null);
            out.release();
            if (channel.isOpen()) {
                server.scheduleForceClose(this);
            }
            partDone();
        }
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    @Override
    public boolean ending() {
        return endReason.get() != null;
    }

    @Override
    public void loggedIn() {
        cancel(handshakeTimer);
    }

    /** Timer: the client did not log in within the handshake timeout. */
    private void handshakeExpired() {
        if (!session.online() && endReason.get() == null) {
            stats.dropped(ServerStats.Drop.HANDSHAKE);
            finish("handshake timeout (" + config.handshakeTimeout().toSeconds() + " s)",
                    frontEnd.endingLine(Ending.HANDSHAKE_TIMEOUT));
        }
    }

    @Override
    public void startHeartbeat() {
        if (heartbeatTimer == null) {
            heartbeatTimer = server.schedule(this::heartbeat, config.heartbeat().interval().toNanos());
        }
    }

    @Override
    public boolean paced() {
        if (flood == null) {
            return true;
        }
        long wait = flood.admit(System.nanoTime());
        if (wait < 0) {
            stats.dropped(ServerStats.Drop.FLOOD);
            finish("excess flood", frontEnd.endingLine(Ending.EXCESS_FLOOD));
            return false;
        }
        if (wait > 0) {
            try {
                Thread.sleep(java.time.Duration.ofNanos(wait));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                finish("interrupted", null);
                return false;
            }
        }
        return !ending();
    }

    /**
     * Timer: pings a {@code heartbeat} client that has been silent for the ping interval and drops
     * it when the ping timeout passes without anything read. Any line counts as an answer.
     */
    private void heartbeat() {
        if (endReason.get() != null) {
            return;
        }
        ConnectionConfig.Heartbeat c = config.heartbeat();
        long now = System.nanoTime();
        long lastRead = lastReadNanos;
        long next;
        if (pingSentNanos >= 0 && lastRead - pingSentNanos < 0) {
            long waited = now - pingSentNanos;
            if (waited >= c.timeout().toNanos()) {
                stats.dropped(ServerStats.Drop.PING);
                finish("ping timeout (" + c.timeout().toMillis() + " ms)", frontEnd.endingLine(Ending.PING_TIMEOUT));
                return;
            }
            next = c.timeout().toNanos() - waited;
        } else {
            pingSentNanos = -1;
            long idle = now - lastRead;
            if (idle >= c.interval().toNanos()) {
                pingSentNanos = now;
                send(session.ping("hb" + (++pingCount)));
                next = c.timeout().toNanos();
            } else {
                next = c.interval().toNanos() - idle;
            }
        }
        heartbeatTimer = server.schedule(this::heartbeat, next);
    }

    private void partDone() {
        if (liveParts.decrementAndGet() == 0) {
            server.connectionGone(this);
        }
    }

    @Override
    public boolean send(byte[] line) {
        return out.offer(line);
    }

    @Override
    public boolean sendList(byte[] usersLine) {
        return out.offerList(usersLine);
    }

    @Override
    public void backPressure() {
        if (out.needsBackPressure()) {
            stats.readPauses.increment();
            out.awaitRoom();
        }
    }

    @Override
    public boolean sendSnapshot(byte[] usersLine) {
        return out.offerSnapshot(usersLine);
    }

    @Override
    public void writeFailed(IOException failure) {
        endReason.compareAndSet(null, "write failed (" + failure.getMessage() + ")");
    }

    @Override
    public boolean offerUsers(byte[] usersLine) {
        return out.offerUsers(usersLine);
    }

    @Override
    public void finish(String reason, byte[] lastLine) {
        if (endReason.compareAndSet(null, reason)) {
            out.closeHeld(lastLine);
            if (!channel.secure() || lastLine == null) {
                stopReading();
            } else {
                // TLS: the reader is stopped once the last line is written (heldFlushed). Ending
                // TCP input under JSSE while the writer still encrypts can close the socket
                // under the writer, and the client never reads why it was dropped. A writer
                // stuck on a client that does not read is cut after the close grace instead.
                server.schedule(this::stopReading, config.closeGrace().toNanos());
            }
        }
    }

    /** The writer has written a held close's last line: on TLS, now the reader may stop. */
    @Override
    public void heldFlushed() {
        if (channel.secure()) {
            stopReading();
        }
    }

    /** The queue passed its byte limit: the client is not keeping up, so it is dropped. */
    @Override
    public void overflowed() {
        if (endReason.compareAndSet(null, "send queue exceeded (" + config.sendqBytes() + " bytes)")) {
            stats.dropped(ServerStats.Drop.SENDQ);
            stopReading();
            server.scheduleForceClose(this);
        }
    }

    @Override
    public void closed(IOException failure) {
        if (failure != null) {
            endReason.compareAndSet(null, "write failed (" + failure.getMessage() + ")");
        }
        partDone();
    }

    /** Server shutdown: tell the client, flush, close. */
    void shutdown() {
        finish("server shutting down", frontEnd.endingLine(Ending.SHUTTING_DOWN));
    }

    /** Cuts the connection now, flushed or not. Wakes a reader or writer blocked on the socket. */
    void forceClose() {
        out.abort();
    }

    /**
     * The close grace ran out. A writer that has not had a carrier yet (the server is busy, not
     * the client slow) gets the grace again, up to {@link #MAX_GRACE_EXTENSIONS} times; a writer
     * blocked on the peer is cut.
     */
    void graceOver() {
        if (out.waitingForCpu() && graceExtensions++ < MAX_GRACE_EXTENSIONS) {
            server.scheduleForceClose(this);
        } else {
            forceClose();
        }
    }

    /** Why the connection ended, or null while it is up. */
    String endReason() {
        return endReason.get();
    }

    /** Makes a blocked read return end-of-stream, so the reader runs its cleanup. */
    private void stopReading() {
        try {
            channel.shutdownInput();
        } catch (IOException e) {
            forceClose();
        }
    }
}
