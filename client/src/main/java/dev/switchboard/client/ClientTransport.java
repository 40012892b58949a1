package dev.switchboard.client;

import java.io.IOException;
import java.time.Duration;

/**
 * How a {@link ChatClient} reaches its server: plain TCP by default ({@link #tcp()}); TLS is
 * another implementation of this interface, given with {@link ClientConfig#withTransport}.
 *
 * <p>A connection is made in two steps so that another thread can abort it: {@link #attempt}
 * only prepares, {@link Attempt#connect} blocks (on the client's control thread), and
 * {@link Attempt#cancel} (from {@link ChatClient#close()}) makes a connect in progress fail at once.
 */
public interface ClientTransport {

    /** Plain TCP, with {@code TCP_NODELAY} (a chat line should not wait for the next) and keepalive. */
    static ClientTransport tcp() {
        return TcpClientTransport.INSTANCE;
    }

    /** A new attempt to reach {@code host:port}; nothing is opened until {@link Attempt#connect}. */
    Attempt attempt(String host, int port);

    /** One connection attempt. */
    interface Attempt {

        /**
         * Opens the connection (and whatever the transport needs before the first line: a TLS
         * handshake) within {@code timeout}. Called once.
         *
         * @throws IOException when the server cannot be reached, or after {@link #cancel}
         */
        TransportConnection connect(Duration timeout) throws IOException;

        /** From any thread: a {@link #connect} in progress fails at once, a later one at its start. */
        void cancel();
    }
}
