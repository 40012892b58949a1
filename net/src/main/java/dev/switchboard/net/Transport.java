package dev.switchboard.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ByteChannel;

/**
 * The byte stream under a {@link Connection}: plain TCP ({@link TcpTransport}) or TLS
 * ({@link TlsTransport}). Reads happen on the
 * connection's reader thread only, writes on its writer only; {@link #close} and
 * {@link #shutdownInput} may come from any thread and wake a blocked read or write.
 */
public interface Transport extends ByteChannel {

    /** Makes a blocked or later read return end-of-stream. */
    void shutdownInput() throws IOException;

    /** The peer's address. */
    InetSocketAddress remoteAddress();

    /** Whether the bytes are encrypted on the wire (TLS). */
    default boolean secure() {
        return false;
    }
}
