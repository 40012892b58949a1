package dev.switchboard.client;

import dev.switchboard.protocol.Limits;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a {@link ChatClient} is told at start. Defaults live here and state their reasons;
 * change them with the {@code with...} methods.
 *
 * @param host server host name or address
 * @param port server TCP port
 * @param name the username to log in with (and to log in again with after a reconnect)
 * @param connectTimeout how long one TCP connect may take
 * @param loginTimeout how long the server may take to answer the username with WELCOME or ERROR
 * @param pingInterval after this long without a line from a server that speaks the extensions, the
 *                     client sends {@code PING}; zero turns the link check off
 * @param pingTimeout how long past {@code pingInterval} a silent server is given before the link
 *                    is declared dead and dropped
 * @param sendQueueBytes most bytes queued for the writer; a send beyond it is refused, never blocks
 * @param maxLineBytes longest line accepted from the user to send (the server's limit)
 * @param closeTimeout how long {@link ChatClient#close()} waits for the server to take the last lines
 * @param reconnect when to reconnect after a dropped connection
 * @param transport how the server is reached: {@link ClientTransport#tcp()} by default
 */
public record ClientConfig(String host, int port, String name, Duration connectTimeout, Duration loginTimeout,
                           Duration pingInterval, Duration pingTimeout, long sendQueueBytes, int maxLineBytes,
                           Duration closeTimeout, ReconnectPolicy reconnect, ClientTransport transport) {

    /** Five seconds: a server on the same continent answers a SYN in well under one. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /**
     * Ten seconds for WELCOME or ERROR. The client never waits for a CAP answer (a seed-style
     * server gives none); this bounds a server that accepts the socket and then says nothing.
     */
    public static final Duration DEFAULT_LOGIN_TIMEOUT = Duration.ofSeconds(10);

    /** A minute of silence before asking: cheap, and well inside common NAT idle timeouts (2-5 min). */
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(60);

    /** Thirty seconds more for the PONG: a loaded server answers far sooner; silence means the link is gone. */
    public static final Duration DEFAULT_PING_TIMEOUT = Duration.ofSeconds(30);

    /**
     * 1 MiB: sixteen maximal lines, or thousands of typed ones. A person cannot fill it; a script
     * that does is sending faster than the link carries and is told so instead of using memory.
     */
    public static final long DEFAULT_SEND_QUEUE_BYTES = 1024 * 1024;

    /** Two seconds for the server to flush and close after QUIT, as the server gives its clients. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(2);

    public ClientConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(loginTimeout, "loginTimeout");
        Objects.requireNonNull(pingInterval, "pingInterval");
        Objects.requireNonNull(pingTimeout, "pingTimeout");
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        Objects.requireNonNull(reconnect, "reconnect");
        Objects.requireNonNull(transport, "transport");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be 1-65535, got " + port);
        }
        if (sendQueueBytes < maxLineBytes + 1L) {
            throw new IllegalArgumentException("send queue must hold one maximal line (" + (maxLineBytes + 1)
                    + " bytes), got " + sendQueueBytes);
        }
    }

    /** The defaults for {@code name} at {@code host:port}. */
    public static ClientConfig of(String host, int port, String name) {
        return new ClientConfig(host, port, name, DEFAULT_CONNECT_TIMEOUT, DEFAULT_LOGIN_TIMEOUT,
                DEFAULT_PING_INTERVAL, DEFAULT_PING_TIMEOUT, DEFAULT_SEND_QUEUE_BYTES,
                Limits.DEFAULT_MAX_LINE_BYTES, DEFAULT_CLOSE_TIMEOUT, ReconnectPolicy.defaults(), ClientTransport.tcp());
    }

    /** {@code host:port}, as shown in messages. */
    public String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    public ClientConfig withName(String n) {
        return new ClientConfig(host, port, n, connectTimeout, loginTimeout, pingInterval, pingTimeout,
                sendQueueBytes, maxLineBytes, closeTimeout, reconnect, transport);
    }

    public ClientConfig withReconnect(ReconnectPolicy r) {
        return new ClientConfig(host, port, name, connectTimeout, loginTimeout, pingInterval, pingTimeout,
                sendQueueBytes, maxLineBytes, closeTimeout, r, transport);
    }

    public ClientConfig withLoginTimeout(Duration d) {
        return new ClientConfig(host, port, name, connectTimeout, d, pingInterval, pingTimeout,
                sendQueueBytes, maxLineBytes, closeTimeout, reconnect, transport);
    }

    public ClientConfig withPing(Duration interval, Duration timeout) {
        return new ClientConfig(host, port, name, connectTimeout, loginTimeout, interval, timeout,
                sendQueueBytes, maxLineBytes, closeTimeout, reconnect, transport);
    }

    public ClientConfig withSendQueueBytes(long n) {
        return new ClientConfig(host, port, name, connectTimeout, loginTimeout, pingInterval, pingTimeout,
                n, maxLineBytes, closeTimeout, reconnect, transport);
    }

    /** A client for a server started with {@code --max-line-bytes n}; the send queue must hold such a line. */
    public ClientConfig withMaxLineBytes(int n) {
        return new ClientConfig(host, port, name, connectTimeout, loginTimeout, pingInterval, pingTimeout,
                sendQueueBytes, n, closeTimeout, reconnect, transport);
    }

    public ClientConfig withCloseTimeout(Duration d) {
        return new ClientConfig(host, port, name, connectTimeout, loginTimeout, pingInterval, pingTimeout,
                sendQueueBytes, maxLineBytes, d, reconnect, transport);
    }

    /** The same server through another transport (TLS, or a test's in-memory one). */
    public ClientConfig withTransport(ClientTransport t) {
        return new ClientConfig(host, port, name, connectTimeout, loginTimeout, pingInterval, pingTimeout,
                sendQueueBytes, maxLineBytes, closeTimeout, reconnect, t);
    }
}
