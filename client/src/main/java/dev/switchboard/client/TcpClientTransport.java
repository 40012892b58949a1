package dev.switchboard.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** {@link ClientTransport#tcp()}: a plain {@link Socket}. */
final class TcpClientTransport implements ClientTransport {

    static final TcpClientTransport INSTANCE = new TcpClientTransport();

    private TcpClientTransport() {}

    @Override
    public Attempt attempt(String host, int port) {
        Socket socket = new Socket();
        return new Attempt() {
            @Override
            public TransportConnection connect(Duration timeout) throws IOException {
                try {
                    socket.connect(new InetSocketAddress(host, port), (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
                    socket.setTcpNoDelay(true);
                    socket.setKeepAlive(true);
                } catch (IOException e) {
                    closeQuietly(socket);
                    throw e;
                }
                return new Connection(socket);
            }

            @Override
            public void cancel() {
                closeQuietly(socket);
            }
        };
    }

    @Override
    public String toString() {
        return "tcp";
    }

    private record Connection(Socket socket) implements TransportConnection {
        @Override
        public InputStream input() throws IOException {
            return socket.getInputStream();
        }

        @Override
        public OutputStream output() throws IOException {
            return socket.getOutputStream();
        }

        @Override
        public void shutdownOutput() throws IOException {
            if (!socket.isClosed() && !socket.isOutputShutdown()) {
                socket.shutdownOutput();
            }
        }

        @Override
        public void close() {
            closeQuietly(socket);
        }

        @Override
        public boolean isClosed() {
            return socket.isClosed();
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing is all we wanted
        }
    }
}
