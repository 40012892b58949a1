package dev.switchboard.client;

import dev.switchboard.protocol.DecodeError;
import dev.switchboard.protocol.LineDecoder;
import dev.switchboard.protocol.Limits;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection of a client: a {@link TransportConnection}, its reader thread, its writer thread
 * and its send queue. Framing only: it cuts the bytes into lines and hands each to its
 * {@link Handler} as text on the reader thread, never parsing or acting on one, and reports its
 * end exactly once, from the reader's {@code finally}, whatever ended it (EOF, a read or write
 * error, {@link #abort}).
 */
final class ClientLink {

    private static final Logger log = LoggerFactory.getLogger(ClientLink.class);

    /** Called on this link's reader thread only, in order. Must not throw. */
    interface Handler {
        /** One whole line from the server, without its line end. */
        void line(ClientLink link, String line);

        /** A line that could not be decoded (too long, invalid UTF-8, a NUL) was dropped. */
        void undecodable(ClientLink link, DecodeError error);

        /** The link is over; called once, last. */
        void ended(ClientLink link, Disconnect why);
    }


    /** The writer wakes this often when idle; it only checks whether it should stop. */
    private static final long WRITER_POLL_MILLIS = 1_000;
    private static final int READ_BUFFER = 8 * 1024;

    private final TransportConnection connection;
    private final Handler handler;
    private final SendQueue queue;
    /** Longest line read from the server, line end excluded. */
    private final int maxReadBytes;
    private final String label;
    private final Thread reader;
    private final Thread writer;
    private final CountDownLatch ended = new CountDownLatch(1);
    /** The first reason given for the end wins; later ones (the errors it causes) are noise. */
    private final AtomicReference<Disconnect> cause = new AtomicReference<>();

    /** System.nanoTime() of the last line read; the link check compares against it. */
    private volatile long lastReadNanos = System.nanoTime();
    /** Whether the server answered {@code CAP|LS}: then it speaks the extensions (PING among them). */
    private volatile boolean speaksExtensions;
    /** Whether the server's {@code CAP|LS} offered {@code rooms} (and so the client asked for it). */
    private volatile boolean roomsOffered;

    ClientLink(TransportConnection connection, long sendQueueBytes, int maxLineBytes, String label, Handler handler) {
        this.connection = connection;
        this.handler = handler;
        this.queue = new SendQueue(sendQueueBytes);
        // The server may relay a maximal client line with its "MSG|sender|" prefix in front. At
        // least the default: a client told to send less may still be sent others' longer lines.
        this.maxReadBytes = Math.max(maxLineBytes, Limits.DEFAULT_MAX_LINE_BYTES) + Limits.MAX_RELAY_OVERHEAD_BYTES;
        this.label = label;
        this.reader = new Thread(this::readLoop, "switchboard-client-reader-" + label);
        this.writer = new Thread(this::writeLoop, "switchboard-client-writer-" + label);
        reader.setDaemon(true);
        writer.setDaemon(true);
    }

    void start() {
        writer.start();
        reader.start();
    }

    /** Queues one line (without line end); false if the queue is full or the link finished. */
    boolean send(String line) {
        return queue.offer(bytes(line));
    }

    /** Queues a protocol line that must go out even past the queue limit. */
    boolean sendUrgent(String line) {
        return queue.offerUrgent(bytes(line));
    }

    /**
     * Queues {@code lastLine} after everything queued, then closes our sending side once written:
     * the server sees our FIN after the last line and closes in turn, which ends the reader.
     */
    void finish(String lastLine) {
        queue.offerUrgent(bytes(lastLine));
        queue.finish();
    }

    /** Ends the link now with {@code why} as its cause; queued lines are dropped. */
    void abort(DisconnectCause why, String description) {
        cause.compareAndSet(null, new Disconnect(why, description, ""));
        queue.discard();
        connection.close();
    }

    /** Ends the link now because the server said {@code serverText}; queued lines are dropped. */
    void abort(DisconnectCause why, String description, String serverText) {
        cause.compareAndSet(null, new Disconnect(why, description, serverText));
        queue.discard();
        connection.close();
    }

    /**
     * Records why the link is about to end, if nothing came first: an {@code ERROR} the server
     * sent before closing, or our own {@code QUIT}.
     */
    void expectEnd(DisconnectCause why, String description, String serverText) {
        cause.compareAndSet(null, new Disconnect(why, description, serverText));
    }

    /** Waits until the reader has reported the end; true if it did within the time. */
    boolean awaitEnd(long millis) throws InterruptedException {
        return ended.await(millis, TimeUnit.MILLISECONDS);
    }

    boolean isReaderThread() {
        return Thread.currentThread() == reader;
    }

    long idleNanos() {
        return System.nanoTime() - lastReadNanos;
    }

    boolean speaksExtensions() {
        return speaksExtensions;
    }

    void markSpeaksExtensions() {
        speaksExtensions = true;
    }

    boolean roomsOffered() {
        return roomsOffered;
    }

    void markRoomsOffered() {
        roomsOffered = true;
    }

    String label() {
        return label;
    }

    private void readLoop() {
        Disconnect why = new Disconnect(DisconnectCause.CONNECTION_LOST, "connection lost", "");
        LineDecoder decoder = new LineDecoder(maxReadBytes);
        LineDecoder.Sink sink = new LineDecoder.Sink() {
            @Override
            public void line(byte[] buf, int off, int len) {
                lastReadNanos = System.nanoTime();
                handler.line(ClientLink.this, new String(buf, off, len, StandardCharsets.UTF_8));
            }

            @Override
            public void error(DecodeError error) {
                // Recorded by the handler, never thrown: a broken line must not end the session.
                lastReadNanos = System.nanoTime();
                handler.undecodable(ClientLink.this, error);
            }
        };
        try (InputStream in = connection.input()) {
            byte[] buf = new byte[READ_BUFFER];
            while (true) {
                int n = in.read(buf);
                if (n < 0) {
                    why = new Disconnect(DisconnectCause.SERVER_CLOSED, "the server closed the connection", "");
                    break;
                }
                decoder.feed(buf, 0, n, sink);
            }
        } catch (SocketException e) {
            why = new Disconnect(DisconnectCause.CONNECTION_LOST, "connection lost: " + e.getMessage(), "");
        } catch (IOException e) {
            why = new Disconnect(DisconnectCause.CONNECTION_LOST, "connection lost: " + e, "");
        } catch (RuntimeException e) {
            // The handler never throws (it records what it cannot handle): this is a bug here.
            log.warn("{}: reader failed", label, e);
            why = new Disconnect(DisconnectCause.CONNECTION_LOST, "internal error: " + e, "");
        } finally {
            cause.compareAndSet(null, why);
            queue.discard();
            connection.close();
            try {
                handler.ended(this, cause.get());
            } finally {
                ended.countDown();
            }
        }
    }

    private void writeLoop() {
        // Not closed by this loop: closing a socket stream closes the socket, and after our last
        // line the reader must still see the server's answers and its close.
        try {
            OutputStream out = new BufferedOutputStream(connection.output(), 16 * 1024);
            while (true) {
                List<byte[]> batch = queue.takeAll(WRITER_POLL_MILLIS);
                if (batch == null) {
                    out.flush();
                    if (!connection.isClosed()) {
                        connection.shutdownOutput();
                    }
                    return;
                }
                for (byte[] line : batch) {
                    out.write(line);
                }
                out.flush();
            }
        } catch (IOException e) {
            // The reader sees the closed connection and reports the end with this cause.
            cause.compareAndSet(null, new Disconnect(DisconnectCause.CONNECTION_LOST, "write failed: " + e.getMessage(), ""));
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] bytes(String line) {
        return (line + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
