package dev.switchboard.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;

/**
 * What a {@link Listener} puts between an accepted channel and its {@link Connection}: nothing
 * ({@link #PLAIN}) or TLS ({@link TlsTransport.Factory}). Called on the acceptor thread, so it
 * must not block: a TLS handshake happens later, on the connection's own reader thread.
 */
public interface TransportFactory {

    /** Plain TCP: the accepted channel itself. */
    TransportFactory PLAIN = TcpTransport::new;

    /** The transport for one accepted channel. */
    Transport open(SocketChannel channel, InetSocketAddress remote) throws IOException;

    /**
     * Whether a refusal at accept ({@code ERROR|Too many connections}) may be written to the raw
     * socket in the front end's words. Not on TLS: a client waiting for a ServerHello would read
     * those bytes as a broken record, so a refused TLS client is closed without a word.
     */
    default boolean plaintext() {
        return true;
    }
}
