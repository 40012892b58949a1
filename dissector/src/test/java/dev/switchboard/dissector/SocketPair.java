package dev.switchboard.dissector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A client and a server socket of one loopback TCP connection, both written by the test, so each
 * side's bytes are exactly what the test wants on the wire.
 *
 * <p>Segmentation is controlled: Nagle is off, every {@link #client}/{@link #server} call is one
 * {@code write}, and it returns only after the peer has read all of it. So each call is one TCP
 * segment (far below the loopback MSS), never merged with the next.
 */
final class SocketPair implements AutoCloseable {

    /** Reads here wait for bytes already sent over loopback; seconds mean something is wrong. */
    private static final int READ_TIMEOUT_MILLIS = 10_000;

    private final Socket client;
    private final Socket server;

    private SocketPair(Socket client, Socket server) throws IOException {
        this.client = client;
        this.server = server;
        for (Socket s : new Socket[] {client, server}) {
            s.setTcpNoDelay(true);
            s.setSoTimeout(READ_TIMEOUT_MILLIS);
        }
    }

    /** Connects a new client to listener (on loopback) and accepts it. */
    static SocketPair connect(ServerSocket listener) throws IOException {
        Socket client = new Socket();
        try {
            client.connect(new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort()),
                    READ_TIMEOUT_MILLIS);
            listener.setSoTimeout(READ_TIMEOUT_MILLIS);
            return new SocketPair(client, listener.accept());
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    int clientPort() {
        return client.getLocalPort();
    }

    /** Client → server: one segment with exactly these bytes. */
    SocketPair client(byte[] bytes) throws IOException {
        transfer(client, server, bytes);
        return this;
    }

    /** Server → client: one segment with exactly these bytes. */
    SocketPair server(byte[] bytes) throws IOException {
        transfer(server, client, bytes);
        return this;
    }

    private static void transfer(Socket from, Socket to, byte[] bytes) throws IOException {
        from.getOutputStream().write(bytes);
        from.getOutputStream().flush();
        byte[] got = to.getInputStream().readNBytes(bytes.length);
        assertThat(got).as("bytes received by the peer").isEqualTo(bytes);
    }

    /**
     * Normal close: the client sends FIN, the server reads end of stream and closes too, and the
     * client sees the server's FIN.
     */
    void closeNormally() throws IOException {
        client.shutdownOutput();
        assertThat(server.getInputStream().read()).as("server sees end of stream").isEqualTo(-1);
        server.close();
        InputStream in = client.getInputStream();
        assertThat(in.read()).as("client sees end of stream").isEqualTo(-1);
        client.close();
    }

    /** Abortive close: SO_LINGER 0 makes the client's close send RST instead of FIN. */
    void reset() throws IOException {
        client.setSoLinger(true, 0);
        client.close();
        try {
            assertThat(server.getInputStream().read()).isEqualTo(-1);
        } catch (IOException expected) {
            // "Connection reset": the RST has arrived.
        }
        server.close();
    }

    @Override
    public void close() throws IOException {
        try {
            client.close();
        } finally {
            server.close();
        }
    }
}
