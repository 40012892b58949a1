package dev.switchboard.server;

import dev.switchboard.protocol.LineDecoder;
import dev.switchboard.protocol.ServerMessage.ErrorReply;
import java.io.IOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: its socket, its reader (the virtual thread that runs {@link #run}), its
 * outbound queue and writer, and its {@link Session}.
 *
 * <p>The whole life of the connection is the reader's {@code try/finally}: whatever ends it (EOF,
 * reset, a write error, a slow consumer, QUIT, a rejected login, shutdown), the reader leaves its
 * loop and the {@code finally} block is the one cleanup path: log the user out (everyone else
 * hears of it), flush what may still be flushed, close.
 */
final class Connection implements Runnable, Link, OutboundQueue.Events {

    private static final Logger log = LoggerFactory.getLogger(Connection.class);

    /** Reads start small (idle connections are the common case) and grow while data streams in. */
    private static final int MIN_READ_BUFFER = 1024;
    private static final int MAX_READ_BUFFER = 64 * 1024;

    private static final byte[] SENDQ_EXCEEDED = Lines.of(new ErrorReply(ErrorReply.SENDQ_EXCEEDED));

    private final SocketChannel channel;
    private final String peer;
    private final SwitchboardServer server;
    private final OutboundQueue out;
    private final Session session;
    private final LineDecoder decoder;
    /** Why the connection ends; the first reason given wins. */
    private final AtomicReference<String> endReason = new AtomicReference<>();
    /** Counts down when the reader is done and when the socket is closed; at zero it is gone. */
    private final AtomicInteger liveParts = new AtomicInteger(2);

    Connection(SocketChannel channel, String peer, SwitchboardServer server) {
        this.channel = channel;
        this.peer = peer;
        this.server = server;
        ServerConfig config = server.config();
        String writerName = "write-" + peer;
        this.out = new OutboundQueue(channel, config.sendqBytes(), SENDQ_EXCEEDED,
                r -> server.startVirtual(writerName, r), this);
        this.session = new Session(this, server.registry(), server.presence()::changed);
        this.decoder = new LineDecoder(config.maxLineBytes());
    }

    Session session() {
        return session;
    }

    @Override
    public String peer() {
        return peer;
    }

    /** The reader. Runs on this connection's virtual thread until the connection is over. */
    @Override
    public void run() {
        String reason = "connection closed by peer";
        try {
            ByteBuffer buf = ByteBuffer.allocate(MIN_READ_BUFFER);
            int smallReads = 0;
            while (session.active()) {
                int n = channel.read(buf);
                if (n < 0) {
                    break;
                }
                decoder.feed(buf.array(), 0, n, session);
                // Grow while reads fill the buffer; shrink back after a run of small reads.
                if (n == buf.capacity() && buf.capacity() < MAX_READ_BUFFER) {
                    buf = ByteBuffer.allocate(buf.capacity() * 4);
                    smallReads = 0;
                } else if (buf.capacity() > MIN_READ_BUFFER && n < buf.capacity() / 8 && ++smallReads > 16) {
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
        } catch (IOException e) {
            reason = "read failed (" + e.getMessage() + ")";
        } catch (RuntimeException | Error e) {
            // A bug, not the peer's doing: say so loudly, but still clean up below.
            log.warn("[BUG] reader of {} failed", peer, e);
            reason = "internal error: " + e;
        } finally {
            endReason.compareAndSet(null, reason);
            session.disconnected(endReason.get());
            out.close(null);
            if (channel.isOpen()) {
                server.scheduleForceClose(this);
            }
            partDone();
        }
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
    public void sendUsers(byte[] usersLine) {
        out.offerUsers(usersLine);
    }

    @Override
    public void finish(String reason, byte[] lastLine) {
        if (endReason.compareAndSet(null, reason)) {
            out.close(lastLine);
            stopReading();
        }
    }

    /** The queue passed its byte limit: the client is not keeping up, so it is dropped. */
    @Override
    public void overflowed() {
        if (endReason.compareAndSet(null, "send queue exceeded (" + server.config().sendqBytes() + " bytes)")) {
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
    void shutdown(byte[] lastLine) {
        finish("server shutting down", lastLine);
    }

    /** Cuts the connection now, flushed or not. Wakes a reader or writer blocked on the socket. */
    void forceClose() {
        out.abort();
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
