package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A transport without a socket, for tests that feed the client's lines by hand: each connection's
 * input stays silent until it is closed (so its reader never touches the client's state and the
 * test thread may call {@link ChatClient#processLine}), and what the client writes is kept, line
 * by line, for {@link Connection#take()}.
 */
public final class FeedTransport implements ClientTransport {

    public static final Duration WAIT = Duration.ofSeconds(5);

    private final BlockingQueue<Connection> opened = new LinkedBlockingQueue<>();
    private volatile boolean refusing;
    private volatile CountDownLatch hang;

    /** From now on, connecting fails as a refused TCP connection does. */
    public FeedTransport refuse() {
        refusing = true;
        return this;
    }

    /** From now on, connecting blocks until the attempt is cancelled (a server that never answers the SYN). */
    public FeedTransport hang() {
        hang = new CountDownLatch(1);
        return this;
    }

    /** The next connection the client opened. */
    public Connection next() throws InterruptedException {
        Connection c = opened.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (c == null) {
            fail("the client opened no connection within " + WAIT);
        }
        return c;
    }

    /** Asserts the client opens no connection within {@code d}. */
    public void expectNoConnection(Duration d) throws InterruptedException {
        assertThat(opened.poll(d.toMillis(), TimeUnit.MILLISECONDS)).as("unexpected connection").isNull();
    }

    @Override
    public Attempt attempt(String host, int port) {
        CountDownLatch cancelled = new CountDownLatch(1);
        return new Attempt() {
            @Override
            public TransportConnection connect(Duration timeout) throws IOException {
                CountDownLatch h = hang;
                if (h != null) {
                    try {
                        cancelled.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new ConnectException("cancelled");
                }
                if (refusing || cancelled.getCount() == 0) {
                    throw new ConnectException("Connection refused");
                }
                Connection c = new Connection();
                opened.add(c);
                return c;
            }

            @Override
            public void cancel() {
                cancelled.countDown();
            }
        };
    }

    /** One connection: a silent input the test can end, and the client's lines. */
    public static final class Connection implements TransportConnection {
        private final CountDownLatch closed = new CountDownLatch(1);
        private final CountDownLatch outputShut = new CountDownLatch(1);
        private final BlockingQueue<String> sent = new LinkedBlockingQueue<>();

        private final InputStream in = new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    closed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted");
                }
                return -1;
            }
        };

        private final OutputStream out = new OutputStream() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) throws IOException {
                if (closed.getCount() == 0) {
                    throw new IOException("closed");
                }
                if (b == '\n') {
                    sent.add(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                } else {
                    line.write(b);
                }
            }
        };

        /** The next line the client sent. */
        public String take() throws InterruptedException {
            String l = sent.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (l == null) {
                fail("the client sent nothing within " + WAIT);
            }
            return l;
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

        /** Asserts the client sends nothing more within {@code d}. */
        public void expectNothing(Duration d) throws InterruptedException {
            assertThat(sent.poll(d.toMillis(), TimeUnit.MILLISECONDS)).as("unexpected line from the client").isNull();
        }

        /** Takes the login lines: CAP|LS, CAP|REQ|presence, then the name. */
        public Connection expectLogin(String name) throws InterruptedException {
            assertThat(take()).isEqualTo("CAP|LS");
            assertThat(take()).isEqualTo("CAP|REQ|presence");
            assertThat(take()).isEqualTo(name);
            return this;
        }

        /** Whether the client half-closed (after its QUIT) or closed. */
        public boolean awaitOutputShut() throws InterruptedException {
            return outputShut.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public InputStream input() {
            return in;
        }

        @Override
        public OutputStream output() {
            return out;
        }

        /** The client's FIN after its QUIT: a server closes in turn, and so does this one. */
        @Override
        public void shutdownOutput() {
            outputShut.countDown();
            closed.countDown();
        }

        /** Also what the test calls for "the server closed the connection": the reader sees EOF. */
        @Override
        public void close() {
            closed.countDown();
            outputShut.countDown();
        }

        @Override
        public boolean isClosed() {
            return closed.getCount() == 0;
        }
    }
}
