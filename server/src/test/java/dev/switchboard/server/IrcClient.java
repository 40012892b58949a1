package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.switchboard.irc.IrcMessage;
import dev.switchboard.irc.ParsedLine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A raw IRC client for black-box tests: a real socket, a reader thread that collects every line
 * the server sends (without its CR LF) into a queue, and waits with timeouts. {@link #sync()} is
 * the PING/PONG barrier: once its PONG arrives, everything the server queued for this client
 * before it is in the queue too. The reader also checks the framing of every line: CR LF at the
 * end, no CR or NUL inside, at most 512 bytes ({@link #framingErrors()}).
 */
final class IrcClient implements AutoCloseable {
    static final java.time.Duration TIMEOUT = LineClient.TIMEOUT;
    private static final String EOF = "\u0000EOF";
    private static final AtomicLong TOKENS = new AtomicLong();

    final Socket socket;
    private final OutputStream out;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> framingErrors = new CopyOnWriteArrayList<>();
    private final Thread reader;
    String nick;

    IrcClient(int port) throws IOException {
        this(port, true);
    }

    /** A client whose reader starts only when told to ({@link #startReading()}): a slow consumer. */
    IrcClient(int port, boolean startReading) throws IOException {
        this(LineClient.connect(port), startReading);
    }

    /** A client over a socket already connected (a TLS socket, say). */
    IrcClient(Socket connected, boolean startReading) throws IOException {
        socket = connected;
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        reader = Thread.ofPlatform().daemon(true).name("test-irc-" + socket.getLocalPort()).unstarted(this::readLoop);
        if (startReading) {
            reader.start();
        }
    }

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
                    if (buf[i] != '\n') {
                        line.write(buf[i]);
                        continue;
                    }
                    byte[] b = line.toByteArray();
                    line.reset();
                    String s = new String(b, StandardCharsets.UTF_8);
                    if (b.length == 0 || b[b.length - 1] != '\r') {
                        framingErrors.add("no CR LF: " + s);
                    } else {
                        s = s.substring(0, s.length() - 1);
                    }
                    if (b.length + 1 > 512) {
                        framingErrors.add("longer than 512 bytes (" + (b.length + 1) + "): " + s);
                    }
                    if (s.indexOf('\r') >= 0 || s.indexOf('\0') >= 0) {
                        framingErrors.add("CR or NUL inside: " + s);
                    }
                    lines.add(s);
                }
            }
        } catch (IOException ignored) {
            // reset or closed: same as EOF for the test
        } finally {
            lines.add(EOF);
        }
    }

    /** Lines the reader found badly framed; a test ends by checking there are none. */
    List<String> framingErrors() {
        return framingErrors;
    }

    IrcClient send(String... ls) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String l : ls) {
            sb.append(l).append("\r\n");
        }
        return sendRaw(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    IrcClient sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /**
     * NICK and USER, then everything up to and including the lobby burst (the JOIN of #lobby and
     * its names), which the server sends before it reads the next line: the barrier after it
     * proves that. Returns the lines before the barrier.
     */
    List<String> register(String nick) throws IOException {
        this.nick = nick;
        send("NICK " + nick, "USER " + nick + " 0 * :Real " + nick);
        String first = next();
        assertThat(first).as("first line after registering as %s", nick).contains(" 001 " + nick + " ");
        List<String> rest = sync();
        rest.add(0, first);
        assertThat(rest).as("welcome burst of %s", nick).anyMatch(l -> l.contains(" 366 " + nick + " #lobby "));
        return rest;
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

    /** The next line parsed. */
    IrcMessage nextMessage() {
        return parse(next());
    }

    static IrcMessage parse(String line) {
        ParsedLine p = IrcMessage.parse(line);
        assertThat(p).as("a parsable line: %s", line).isInstanceOf(IrcMessage.class);
        return (IrcMessage) p;
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

    /** Waits for a line with this command (or numeric) from anyone; returns it parsed. */
    IrcMessage awaitCommand(String command) {
        return parse(await(l -> command.equals(parse(l).command()), command));
    }

    /** PING/PONG barrier: returns every line the server sent before the PONG. */
    List<String> sync() throws IOException {
        String token = "sync" + TOKENS.incrementAndGet();
        send("PING " + token);
        List<String> before = new ArrayList<>();
        while (true) {
            String l = next();
            IrcMessage m = parse(l);
            if (m.command().equals("PONG") && token.equals(m.param(1))) {
                return before;
            }
            before.add(l);
        }
    }

    /** The lines a command's answer consists of, up to a PING barrier. */
    List<String> ask(String... commands) throws IOException {
        send(commands);
        return sync();
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

    @Override
    public void close() throws IOException {
        socket.close();
        if (reader.getState() == Thread.State.NEW) {
            return;
        }
        try {
            reader.join(TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<String> tail(List<String> l) {
        return l.size() <= 10 ? l : l.subList(l.size() - 10, l.size());
    }
}
