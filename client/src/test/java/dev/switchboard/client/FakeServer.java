package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A scripted server on loopback for client tests: each accepted connection is a {@link Peer} the
 * test drives by hand (send lines, take what the client sent, close, half-close, reset, stop
 * reading). Nothing is answered automatically. Every wait has a timeout and fails the test.
 */
public final class FakeServer implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(5);

    private final ServerSocket listener;
    private final BlockingQueue<Peer> accepted = new LinkedBlockingQueue<>();
    private final List<Peer> all = new ArrayList<>();
    private final Thread acceptor;

    public FakeServer() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "fake-server-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** The next connection the client opened. */
    public Peer accept() throws InterruptedException {
        Peer p = accepted.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (p == null) {
            fail("the client did not connect within " + WAIT);
        }
        return p;
    }

    /** Asserts the client opens no connection within {@code d}. */
    public void expectNoConnection(Duration d) throws InterruptedException {
        assertThat(accepted.poll(d.toMillis(), TimeUnit.MILLISECONDS)).as("unexpected connection").isNull();
    }

    /** Stops listening: connection attempts are refused from now on. */
    @Override
    public void close() throws IOException {
        listener.close();
        synchronized (all) {
            for (Peer p : all) {
                p.close();
            }
        }
    }

    private void acceptLoop() {
        try {
            while (true) {
                Peer p = new Peer(listener.accept());
                synchronized (all) {
                    all.add(p);
                }
                accepted.add(p);
            }
        } catch (IOException e) {
            // listener closed: done
        }
    }

    /** One accepted connection. */
    public static final class Peer implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        private final CountDownLatch eof = new CountDownLatch(1);
        private final CountDownLatch resume = new CountDownLatch(1);
        private volatile boolean paused;

        Peer(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            Thread t = new Thread(this::readLoop, "fake-server-peer-" + socket.getPort());
            t.setDaemon(true);
            t.start();
        }

        private void readLoop() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while (true) {
                    if (paused) {
                        resume.await();
                    }
                    line = in.readLine();
                    if (line == null) {
                        break;
                    }
                    received.add(line);
                }
            } catch (IOException | InterruptedException e) {
                // socket closed or reset
            } finally {
                eof.countDown();
            }
        }

        /** Sends each line with its {@code \n}. */
        public Peer send(String... lines) throws IOException {
            StringBuilder sb = new StringBuilder();
            for (String l : lines) {
                sb.append(l).append('\n');
            }
            sendRaw(sb.toString().getBytes(StandardCharsets.UTF_8));
            return this;
        }

        public Peer sendRaw(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
            return this;
        }

        /** The next line the client sent. */
        public String take() throws InterruptedException {
            String l = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (l == null) {
                fail("the client sent nothing within " + WAIT + " (so far it closed: " + (eof.getCount() == 0) + ")");
            }
            return l;
        }

        /** Takes the login lines and checks them: CAP|LS, CAP|REQ|presence, then the name. */
        public Peer expectLogin(String name) throws InterruptedException {
            assertThat(take()).isEqualTo("CAP|LS");
            assertThat(take()).isEqualTo("CAP|REQ|presence");
            assertThat(take()).isEqualTo(name);
            return this;
        }

        /** Takes lines until one starting with {@code prefix}; returns it. */
        public String takeStartingWith(String prefix) throws InterruptedException {
            while (true) {
                String l = take();
                if (l.startsWith(prefix)) {
                    return l;
                }
            }
        }

        /** Waits until the client closed its sending side (or the socket). */
        public void awaitClientEof() throws InterruptedException {
            assertThat(eof.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("client closed").isTrue();
        }

        /** Stops reading: the client's writes pile up in the kernel, then in its send queue. */
        public void stopReading() {
            paused = true;
        }

        public void resumeReading() {
            paused = false;
            resume.countDown();
        }

        /** Closes our sending side only (FIN); we still read. */
        public void halfClose() throws IOException {
            socket.shutdownOutput();
        }

        /** Closes with an RST instead of a FIN. */
        public void reset() throws IOException {
            socket.setSoLinger(true, 0);
            socket.close();
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is all we wanted
            }
        }
    }
}
