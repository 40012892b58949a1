package dev.switchboard.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The seed protocol's relay, only as much of it as the load generator uses, on a loopback port in
 * the load generator's own process: first line = name, answered {@code WELCOME|name};
 * {@code target|content} goes to the target as {@code MSG|sender|content}. No presence, no
 * limits, no validation.
 *
 * <p>It exists so that {@code bench latency} can run its own hot path (the same classes, the same
 * call sites, the same one-line reads) until the JIT has compiled it, before it meets the server
 * under test: warming up against that server would change the server's state too. One platform
 * thread; every method but {@link #start} and {@link #close} runs on it.
 */
final class LoopbackRelay implements AutoCloseable {

    private static final byte[] WELCOME = "WELCOME|".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MSG = "MSG|".getBytes(StandardCharsets.US_ASCII);

    /** A line longer than this closes the client: the load generator never sends one. */
    static final int MAX_LINE = 64 * 1024;

    private final Selector selector;
    private final ServerSocketChannel server;
    private final Map<String, Client> byName = new HashMap<>();
    private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
    private final Thread thread;
    private volatile boolean closing;

    private static final class Client {
        final SocketChannel channel;
        final SelectionKey key;
        String name;
        byte[] header;
        byte[] partial = new byte[256];
        int partialLen;
        ByteBuffer out = ByteBuffer.allocate(4096);

        Client(SocketChannel channel, SelectionKey key) {
            this.channel = channel;
            this.key = key;
        }
    }

    private LoopbackRelay() throws IOException {
        this(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    private LoopbackRelay(InetSocketAddress at) throws IOException {
        selector = Selector.open();
        server = ServerSocketChannel.open();
        server.bind(at, 1024);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        thread = Thread.ofPlatform().name("bench-loopback-relay").daemon(true).unstarted(this::run);
    }

    /** A relay listening on 127.0.0.1 and an ephemeral port, already running. */
    static LoopbackRelay start() throws IOException {
        LoopbackRelay r = new LoopbackRelay();
        r.thread.start();
        return r;
    }

    /** The same relay on a given address, for {@code bench java-relay}. */
    static LoopbackRelay start(InetSocketAddress at) throws IOException {
        LoopbackRelay r = new LoopbackRelay(at);
        r.thread.start();
        return r;
    }

    /** Waits until the relay thread ends (it runs until {@link #close}). */
    void join() throws InterruptedException {
        thread.join();
    }

    int port() {
        return server.socket().getLocalPort();
    }

    @Override
    public void close() throws InterruptedException {
        closing = true;
        selector.wakeup();
        thread.join(10_000);
    }

    private void run() {
        try {
            while (!closing) {
                selector.select(this::onKey);
            }
        } catch (IOException e) {
            // The warm-up runs against this relay; its clients fail and say so.
        } finally {
            for (SelectionKey k : selector.keys()) {
                try {
                    k.channel().close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // as above
            }
        }
    }

    private void onKey(SelectionKey k) {
        try {
            if (k.isAcceptable()) {
                SocketChannel ch;
                while ((ch = server.accept()) != null) {
                    ch.configureBlocking(false);
                    ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    SelectionKey ck = ch.register(selector, SelectionKey.OP_READ);
                    ck.attach(new Client(ch, ck));
                }
                return;
            }
            Client c = (Client) k.attachment();
            if (k.isReadable()) {
                read(c);
            }
            if (k.isValid() && k.isWritable()) {
                flush(c);
            }
        } catch (IOException | RuntimeException e) {
            drop((Client) k.attachment());
        }
    }

    private void read(Client c) throws IOException {
        in.clear();
        int n = c.channel.read(in);
        if (n < 0) {
            drop(c);
            return;
        }
        byte[] b = in.array();
        int off = 0;
        for (int i = 0; i < n; i++) {
            if (b[i] == '\n') {
                if (c.partialLen > 0) {
                    append(c, b, off, i - off);
                    line(c, c.partial, 0, c.partialLen);
                    c.partialLen = 0;
                } else {
                    line(c, b, off, i - off);
                }
                off = i + 1;
            }
        }
        if (off < n) {
            append(c, b, off, n - off);
        }
    }

    private static void append(Client c, byte[] b, int off, int len) throws IOException {
        if (c.partialLen + len > MAX_LINE) {
            throw new IOException("line too long");
        }
        if (c.partialLen + len > c.partial.length) {
            c.partial = java.util.Arrays.copyOf(c.partial, Math.max(c.partial.length * 2, c.partialLen + len));
        }
        System.arraycopy(b, off, c.partial, c.partialLen, len);
        c.partialLen += len;
    }

    private void line(Client c, byte[] b, int off, int len) throws IOException {
        if (c.name == null) {
            c.name = new String(b, off, len, StandardCharsets.UTF_8);
            byte[] name = c.name.getBytes(StandardCharsets.UTF_8);
            c.header = new byte[MSG.length + name.length + 1];
            System.arraycopy(MSG, 0, c.header, 0, MSG.length);
            System.arraycopy(name, 0, c.header, MSG.length, name.length);
            c.header[c.header.length - 1] = '|';
            byName.put(c.name, c);
            send(c, WELCOME, 0, WELCOME.length, name, 0, name.length);
            return;
        }
        int bar = -1;
        for (int i = off; i < off + len; i++) {
            if (b[i] == '|') {
                bar = i;
                break;
            }
        }
        if (bar < 0) {
            return;
        }
        Client target = byName.get(new String(b, off, bar - off, StandardCharsets.UTF_8));
        if (target != null) {
            send(target, c.header, 0, c.header.length, b, bar + 1, off + len - bar - 1);
        }
    }

    /** Queues {@code a + b + '\n'} for {@code c} and writes what the socket takes now. */
    private void send(Client c, byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen) throws IOException {
        int need = aLen + bLen + 1;
        if (c.out.remaining() < need) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(c.out.capacity() * 2, c.out.position() + need));
            c.out.flip();
            bigger.put(c.out);
            c.out = bigger;
        }
        c.out.put(a, aOff, aLen).put(b, bOff, bLen).put((byte) '\n');
        flush(c);
    }

    private void flush(Client c) throws IOException {
        c.out.flip();
        c.channel.write(c.out);
        boolean left = c.out.hasRemaining();
        c.out.compact();
        c.key.interestOps(left ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    private void drop(Client c) {
        if (c == null) {
            return;
        }
        if (c.name != null) {
            byName.remove(c.name, c);
        }
        c.key.cancel();
        try {
            c.channel.close();
        } catch (IOException ignored) {
            // dropping anyway
        }
    }
}
