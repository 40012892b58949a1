package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A raw line client for black-box tests: a real socket, a reader thread that collects every line
 * the server sends (split on {@code \n} exactly as received) into a queue, and waits with
 * timeouts. {@link #sync()} is the PING/PONG barrier: once its PONG arrives, everything the
 * server queued for this client before it is in the queue too.
 */
final class LineClient implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String EOF = "\u0000EOF";
    private static final AtomicLong TOKENS = new AtomicLong();

    final Socket socket;
    private final OutputStream out;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread reader;
    private volatile boolean eof;

    LineClient(int port) throws IOException {
        this(port, true);
    }

    LineClient(int port, boolean startReading) throws IOException {
        this(connect(port), startReading);
    }

    /** A client over a socket already connected (a TLS socket, say). */
    LineClient(Socket connected, boolean startReading) throws IOException {
        socket = connected;
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        reader = Thread.ofPlatform().daemon(true).name("test-client-" + socket.getLocalPort()).unstarted(this::readLoop);
        if (startReading) {
            reader.start();
        }
    }

    static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        return s;
    }

    /** Starts reading (for clients created with {@code startReading = false}). */
    void startReading() {
        reader.start();
    }

    private void readLoop() {
        try {
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        lines.add(line.toString(StandardCharsets.UTF_8));
                        line.reset();
                    } else {
                        line.write(buf[i]);
                    }
                }
            }
        } catch (IOException ignored) {
            // reset or closed: same as EOF for the test
        } finally {
            eof = true;
            lines.add(EOF);
        }
    }

    LineClient send(String... ls) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String l : ls) {
            sb.append(l).append('\n');
        }
        sendRaw(sb.toString().getBytes(StandardCharsets.UTF_8));
        return this;
    }

    LineClient sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Logs in and checks WELCOME; the first USERS line may still be on its way. */
    LineClient login(String name) throws IOException {
        send(name);
        String first = next();
        assertThat(first).as("first line after logging in as %s", name).startsWith("WELCOME|");
        return this;
    }

    /** The next line, failing the test after {@link #TIMEOUT}. */
    String next() {
        try {
            String l = lines.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (l == null) {
                fail("no line from the server within %s", TIMEOUT);
            }
            if (l.equals(EOF)) {
                lines.add(EOF);
                fail("the server closed the connection");
            }
            return l;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Skips lines until one matches; returns it. */
    String await(Predicate<String> p, String what) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        List<String> skipped = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            String l;
            try {
                l = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            if (l == null) {
                break;
            }
            if (l.equals(EOF)) {
                lines.add(EOF);
                fail("connection closed while waiting for %s; skipped %s", what, tail(skipped));
            }
            if (p.test(l)) {
                return l;
            }
            skipped.add(l);
        }
        return fail("no %s within %s; skipped %s", what, TIMEOUT, tail(skipped));
    }

    String awaitLine(String exact) {
        return await(exact::equals, "'" + exact + "'");
    }

    /** PING/PONG barrier: returns every line the server sent before the PONG. */
    List<String> sync() throws IOException {
        String token = "sync" + TOKENS.incrementAndGet();
        send("PING|" + token);
        List<String> before = new ArrayList<>();
        while (true) {
            String l = next();
            if (l.equals("PONG|" + token)) {
                return before;
            }
            before.add(l);
        }
    }

    /** Waits for the server to close the connection; returns the lines that came before. */
    List<String> awaitClosed() {
        List<String> before = new ArrayList<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String l;
            try {
                l = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            if (l == null) {
                break;
            }
            if (l.equals(EOF)) {
                lines.add(EOF);
                return before;
            }
            before.add(l);
        }
        return fail("the server did not close the connection within %s; got %s", TIMEOUT, tail(before));
    }

    /** Lines already received, without waiting. */
    List<String> drain() {
        List<String> got = new ArrayList<>();
        lines.drainTo(got);
        if (got.remove(EOF)) {
            lines.add(EOF);
        }
        return got;
    }

    boolean closedByServer() {
        return eof;
    }

    /** Closes with RST instead of FIN. */
    void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    /** Half-close: FIN our side, keep reading. */
    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        if (reader.isAlive() || reader.getState() != Thread.State.NEW) {
            try {
                reader.join(TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static List<String> tail(List<String> l) {
        return l.size() <= 10 ? l : l.subList(l.size() - 10, l.size());
    }
}
