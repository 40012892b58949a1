package dev.switchboard.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * An open byte stream to the server, as a {@link ClientTransport} made it. The client's reader
 * thread is the only one reading {@link #input()}, its writer the only one writing
 * {@link #output()}; {@link #close()} may come from any thread and wakes a blocked read or write.
 */
public interface TransportConnection {

    /** The bytes from the server. */
    InputStream input() throws IOException;

    /** The bytes to the server. Closing it is not how a client ends a connection: see {@link #shutdownOutput()}. */
    OutputStream output() throws IOException;

    /** Sends end-of-stream after what was written (a FIN), while the input stays open for the server's last lines. */
    void shutdownOutput() throws IOException;

    /** Closes both directions; idempotent, from any thread. */
    void close();

    /** Whether {@link #close()} has been called (or the transport closed itself). */
    boolean isClosed();

    /** Whether the bytes are encrypted on the wire. */
    default boolean secure() {
        return false;
    }
}
