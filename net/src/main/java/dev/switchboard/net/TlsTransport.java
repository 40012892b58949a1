package dev.switchboard.net;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

/**
 * TLS over an accepted channel: the JDK's own {@link SSLSocket} (JSSE), layered over the channel's
 * blocking socket, so the reader and writer stay the plain blocking loops they are on TCP. No
 * cryptography is done here; this class only decides when the handshake runs and how the
 * connection closes.
 *
 * <p>The handshake runs on the first {@link #read}, that is on the connection's own reader thread,
 * under the connection's handshake timeout: a client that stops halfway is cut by the timer like
 * one that never sends a username ({@link #shutdownInput} closes the socket while the handshake is
 * unfinished), so it holds one connection slot for at most the timeout and no thread but its own.
 * A client whose first byte is not a TLS handshake record (someone typing into {@code nc}) is
 * closed at once, without a word: anything written would be plaintext on a port that promises none.
 *
 * <p>Threads: reads on the reader only, writes on the writer only (the SSLSocket allows one of
 * each at a time); {@link #close} and {@link #shutdownInput} from any thread.
 */
public final class TlsTransport implements Transport {

    /** TLS 1.3, and 1.2 for older clients; never anything older (RFC 8996). */
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    /** The TLS record type of a handshake message: the first byte of every TLS connection. */
    private static final int HANDSHAKE_RECORD = 22;

    /** The first read takes what has arrived (a whole ClientHello is usually 250-600 bytes) and hands it to JSSE. */
    private static final int FIRST_READ = 2048;

    private final SocketChannel channel;
    private final InetSocketAddress remote;
    private final Factory factory;
    /** Held by a write in progress; {@link #close} sends close_notify only when it gets it at once. */
    private final ReentrantLock writeLock = new ReentrantLock();
    private SSLSocket ssl;
    private InputStream in;
    private OutputStream out;
    /** Set by the reader once the handshake is done; {@link #ssl}, {@link #in} and {@link #out} are set before. */
    private volatile boolean handshaken;

    TlsTransport(SocketChannel channel, InetSocketAddress remote, Factory factory) {
        this.channel = channel;
        this.remote = remote;
        this.factory = factory;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!handshaken && !handshake()) {
            return -1;
        }
        int n;
        if (dst.hasArray()) {
            n = in.read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
            if (n > 0) {
                dst.position(dst.position() + n);
            }
        } else {
            byte[] b = new byte[dst.remaining()];
            n = in.read(b);
            if (n > 0) {
                dst.put(b, 0, n);
            }
        }
        return n;
    }

    /** The server side of the handshake, on the reader thread; false when the peer left before a byte. */
    private boolean handshake() throws IOException {
        ByteBuffer first = ByteBuffer.allocate(FIRST_READ);
        if (channel.read(first) < 0) {
            return false;
        }
        if ((first.get(0) & 0xFF) != HANDSHAKE_RECORD) {
            throw new NotTlsException();
        }
        SSLSocket s = (SSLSocket) factory.context().getSocketFactory().createSocket(channel.socket(),
                new ByteArrayInputStream(first.array(), 0, first.position()), true);
        s.setUseClientMode(false);
        s.setEnabledProtocols(PROTOCOLS);
        s.setEnabledCipherSuites(forwardSecret(s.getEnabledCipherSuites()));
        ssl = s;
        s.startHandshake();
        in = s.getInputStream();
        out = s.getOutputStream();
        handshaken = true;
        return true;
    }

    /**
     * The JDK's enabled suites without RSA key exchange ({@code TLS_RSA_*}, TLS 1.2 only, no forward
     * secrecy: a key stolen later would decrypt recorded sessions). JDK 24 and later disable them
     * anyway; Java 21 still enables them for an RSA certificate.
     */
    static String[] forwardSecret(String[] suites) {
        return java.util.Arrays.stream(suites).filter(c -> !c.startsWith("TLS_RSA_")).toArray(String[]::new);
    }

    /**
     * Writes through TLS. Before the handshake is done the bytes are dropped: only the connection
     * layer's endings (handshake timeout, shutdown) can come that early, and a peer that never
     * finished the handshake could not read them.
     */
    @Override
    public int write(ByteBuffer src) throws IOException {
        int n = src.remaining();
        if (!handshaken) {
            src.position(src.limit());
            return n;
        }
        writeLock.lock();
        try {
            if (src.hasArray()) {
                out.write(src.array(), src.arrayOffset() + src.position(), n);
                src.position(src.limit());
            } else {
                byte[] b = new byte[n];
                src.get(b);
                out.write(b);
            }
            out.flush();
        } finally {
            writeLock.unlock();
        }
        return n;
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    /**
     * Sends close_notify when no write is in progress (the usual case: the writer closes after its
     * last line), then closes the socket. A write blocked on a peer that stopped reading holds the
     * write lock; then the socket is closed without close_notify, which also wakes that write.
     * Nothing here waits for the peer.
     */
    @Override
    public void close() throws IOException {
        if (handshaken && writeLock.tryLock()) {
            try {
                ssl.shutdownOutput();
            } catch (IOException | RuntimeException ignored) {
                // the peer is gone or the session already failed: just close below
            } finally {
                writeLock.unlock();
            }
        }
        channel.close();
    }

    /**
     * Makes a blocked read return. After the handshake, end of stream on the TCP socket (JSSE then
     * reports end of stream, as for a peer that closed without close_notify). During the handshake
     * the socket is closed: a client that has not finished it cannot be told anything.
     */
    @Override
    public void shutdownInput() throws IOException {
        if (handshaken) {
            channel.shutdownInput();
        } else {
            channel.close();
        }
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public boolean secure() {
        return true;
    }

    /** The first byte on a TLS port was not a TLS handshake record: a plaintext client on the wrong port. */
    static final class NotTlsException extends SSLException {
        NotTlsException() {
            super("plaintext on a TLS port");
        }
    }

    /**
     * Makes the TLS transports of one listener (or of several: the line and IRC TLS ports share
     * one). {@link #use} swaps the certificate for handshakes that start afterwards; connections
     * already up keep the session they have.
     */
    public static final class Factory implements TransportFactory {
        /** Null until the server has loaded its certificate, before any listener accepts. */
        private volatile SSLContext context;

        /** A factory whose certificate comes with the first {@link #use}, before its listeners start. */
        public Factory() {
        }

        public Factory(SSLContext context) {
            this.context = java.util.Objects.requireNonNull(context, "context");
        }

        /** New handshakes use {@code next}; thread-safe (a reload runs on the signal thread). */
        public void use(SSLContext next) {
            context = java.util.Objects.requireNonNull(next, "context");
        }

        SSLContext context() {
            SSLContext c = context;
            if (c == null) {
                throw new IllegalStateException("a TLS listener accepted before its certificate was loaded");
            }
            return c;
        }

        @Override
        public Transport open(SocketChannel channel, InetSocketAddress remote) {
            return new TlsTransport(channel, remote, this);
        }

        @Override
        public boolean plaintext() {
            return false;
        }
    }
}
