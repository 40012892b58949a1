package dev.switchboard.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Locale;

/**
 * The load of {@code scripts/soak.sh}: N clients on one selector thread, each logged in with the
 * {@code presence} capability (asked before the name, so the server sends one snapshot and then
 * JOIN/LEAVE deltas, not a full list per change), paired sender to receiver, sending at a steady
 * total rate. Every receiver checks its messages: from its own sender, numbered without a gap or
 * a repeat. Any {@code ERROR|} line, a connection the server closes, an out-of-order or foreign
 * message is an error.
 *
 * <p>No JUnit and no dependency: {@code soak.sh} compiles this one file with {@code javac} and
 * runs it. Prints a progress line every 10 s on stderr and a summary on stdout; exits 0 only with
 * 0 errors and 0 messages lost.
 *
 * <p>{@code java SoakLoad.java PORT CLIENTS RATE SECONDS}
 */
public final class SoakLoad {
    private static final int CONNECTS_IN_FLIGHT = 500;
    private static final long DRAIN_NANOS = 60_000_000_000L;

    private final int port;
    private final int clients;
    private final double rate;
    private final long runNanos;
    private final Selector selector;
    private final Client[] all;
    private final ByteBuffer readBuf = ByteBuffer.allocateDirect(256 * 1024);
    private long loggedIn;
    private long sent;
    private long received;
    private long errors;
    private String firstError;
    private int connecting;
    private int nextToConnect;

    private SoakLoad(int port, int clients, double rate, long seconds) throws IOException {
        this.port = port;
        this.clients = clients;
        this.rate = rate;
        this.runNanos = seconds * 1_000_000_000L;
        this.selector = Selector.open();
        this.all = new Client[clients];
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: SoakLoad PORT CLIENTS RATE SECONDS");
            System.exit(2);
        }
        SoakLoad s = new SoakLoad(Integer.parseInt(args[0]), Integer.parseInt(args[1]), Double.parseDouble(args[2]),
                Long.parseLong(args[3]));
        System.exit(s.run() ? 0 : 1);
    }

    /** One connection and what it has seen. */
    private final class Client {
        final int index;
        final String name;
        final byte[] msgPrefix; // "MSG|<its sender>|" for a receiver
        SocketChannel ch;
        boolean welcomed;
        boolean closed;
        long nextExpected;
        long nextToSend;
        // The start of the line being read (up to 128 bytes), and its length so far.
        final byte[] line = new byte[128];
        int lineLen;
        final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();

        Client(int index) {
            this.index = index;
            this.name = String.format(Locale.ROOT, "k%05d", index);
            this.msgPrefix = index % 2 == 1
                    ? ("MSG|" + String.format(Locale.ROOT, "k%05d", index - 1) + "|").getBytes(StandardCharsets.US_ASCII)
                    : null;
        }

        void onLine(int fullLen) {
            String head = new String(line, 0, Math.min(lineLen, line.length), StandardCharsets.UTF_8);
            if (!welcomed) {
                if (head.startsWith("WELCOME|")) {
                    welcomed = true;
                    loggedIn++;
                } else if (head.startsWith("ERROR|")) {
                    error(name + " login refused: " + head);
                }
                return;
            }
            if (head.startsWith("MSG|")) {
                if (msgPrefix == null || !head.startsWith(new String(msgPrefix, StandardCharsets.US_ASCII))) {
                    error(name + " got a message not meant for it: " + head);
                    return;
                }
                int at = msgPrefix.length;
                int space = head.indexOf(' ', at);
                long seq = Long.parseLong(head.substring(at, space < 0 ? head.length() : space));
                if (seq != nextExpected) {
                    error(name + " expected #" + nextExpected + " but got #" + seq);
                }
                nextExpected = seq + 1;
                received++;
            } else if (head.startsWith("ERROR|")) {
                error(name + " got " + head);
            }
            // USERS, JOIN, LEAVE, CAP|ACK: presence traffic, not checked here.
        }
    }

    private void error(String what) {
        if (errors++ == 0) {
            firstError = what;
        }
    }

    private boolean run() throws IOException {
        long t0 = System.nanoTime();
        long lastReport = t0;
        for (int i = 0; i < clients; i++) {
            all[i] = new Client(i);
        }
        // Connect and log in, a bounded number of connects at a time.
        while (loggedIn < clients && errors == 0) {
            while (connecting < CONNECTS_IN_FLIGHT && nextToConnect < clients) {
                connect(all[nextToConnect++]);
            }
            poll(100);
            long now = System.nanoTime();
            if (now - lastReport > 10_000_000_000L) {
                lastReport = now;
                System.err.printf(Locale.ROOT, "soak-load: login %.0fs: connected %d, logged in %d/%d%n",
                        (now - t0) / 1e9, nextToConnect - connecting, loggedIn, clients);
            }
            if (now - t0 > 600_000_000_000L) {
                error("logins took more than 10 minutes: " + loggedIn + "/" + clients);
            }
        }
        long loginSecs = (System.nanoTime() - t0) / 1_000_000_000L;
        System.err.printf(Locale.ROOT, "soak-load: %d clients logged in after %d s%n", loggedIn, loginSecs);

        // Steady traffic: every 10 ms, the messages now due, round robin over the senders.
        int pairs = clients / 2;
        long start = System.nanoTime();
        long end = start + runNanos;
        long due = 0;
        int next = 0;
        byte[] pad = " soak-payload-0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        while (errors == 0 && System.nanoTime() < end) {
            long now = System.nanoTime();
            long shouldHave = (long) ((now - start) / 1e9 * rate);
            while (due < shouldHave) {
                Client from = all[2 * next];
                Client to = all[2 * next + 1];
                next = (next + 1) % pairs;
                due++;
                byte[] head = (to.name + "|" + from.nextToSend++).getBytes(StandardCharsets.US_ASCII);
                ByteBuffer b = ByteBuffer.allocate(head.length + pad.length + 1);
                b.put(head).put(pad).put((byte) '\n').flip();
                write(from, b);
                sent++;
            }
            poll(10);
            if (now - lastReport > 10_000_000_000L) {
                lastReport = now;
                System.err.printf(Locale.ROOT, "soak-load: run %.0fs: sent %d, received %d, errors %d%n",
                        (now - start) / 1e9, sent, received, errors);
            }
        }
        // Drain: everything sent must arrive.
        long drainEnd = System.nanoTime() + DRAIN_NANOS;
        while (errors == 0 && received < sent && System.nanoTime() < drainEnd) {
            poll(50);
        }
        long lost = sent - received;
        for (Client c : all) {
            if (c.ch != null) {
                c.ch.close();
            }
        }
        System.out.printf(Locale.ROOT, "clients %d, logged in %d (in %d s), rate %.0f msgs/s for %d s%n",
                clients, loggedIn, loginSecs, rate, runNanos / 1_000_000_000L);
        System.out.printf(Locale.ROOT, "messages sent %d, received %d, lost %d, errors %d%s%n", sent, received, lost,
                errors, firstError == null ? "" : " (first: " + firstError + ")");
        return errors == 0 && lost == 0 && loggedIn == clients;
    }

    private void connect(Client c) throws IOException {
        SocketChannel ch = SocketChannel.open();
        ch.configureBlocking(false);
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        c.ch = ch;
        connecting++;
        if (ch.connect(new InetSocketAddress("127.0.0.1", port))) {
            connected(c);
        } else {
            ch.register(selector, SelectionKey.OP_CONNECT, c);
        }
    }

    private void connected(Client c) throws IOException {
        connecting--;
        c.ch.register(selector, SelectionKey.OP_READ, c);
        write(c, ByteBuffer.wrap(("CAP|REQ|presence\n" + c.name + "\n").getBytes(StandardCharsets.US_ASCII)));
    }

    private void write(Client c, ByteBuffer b) throws IOException {
        if (c.closed) {
            return;
        }
        if (c.pending.isEmpty()) {
            c.ch.write(b);
            if (!b.hasRemaining()) {
                return;
            }
        }
        c.pending.add(b);
        c.ch.keyFor(selector).interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
    }

    private void poll(long millis) throws IOException {
        selector.select(millis);
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
            SelectionKey k = it.next();
            it.remove();
            Client c = (Client) k.attachment();
            try {
                if (k.isConnectable()) {
                    c.ch.finishConnect();
                    connected(c);
                    continue;
                }
                if (k.isWritable()) {
                    while (!c.pending.isEmpty()) {
                        ByteBuffer b = c.pending.peek();
                        c.ch.write(b);
                        if (b.hasRemaining()) {
                            break;
                        }
                        c.pending.poll();
                    }
                    if (c.pending.isEmpty()) {
                        k.interestOps(SelectionKey.OP_READ);
                    }
                }
                if (k.isReadable()) {
                    read(c, k);
                }
            } catch (IOException e) {
                closedByServer(c, k, e.toString());
            }
        }
    }

    private void read(Client c, SelectionKey k) throws IOException {
        while (true) {
            readBuf.clear();
            int n = c.ch.read(readBuf);
            if (n < 0) {
                closedByServer(c, k, "end of stream");
                return;
            }
            if (n == 0) {
                return;
            }
            readBuf.flip();
            while (readBuf.hasRemaining()) {
                byte b = readBuf.get();
                if (b == '\n') {
                    c.onLine(c.lineLen);
                    c.lineLen = 0;
                } else {
                    if (c.lineLen < c.line.length) {
                        c.line[c.lineLen] = b;
                    }
                    c.lineLen++;
                }
            }
        }
    }

    private void closedByServer(Client c, SelectionKey k, String why) throws IOException {
        if (!c.closed) {
            c.closed = true;
            k.cancel();
            c.ch.close();
            error(c.name + " was disconnected: " + why);
        }
    }
}
