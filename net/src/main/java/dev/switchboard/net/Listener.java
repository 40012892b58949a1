package dev.switchboard.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * One endpoint (address and port) speaking one front end's protocol: binds, and accepts on a
 * platform thread of its own, handing every new channel to the server's {@link Connections}
 * (limits, TCP options, the connection's threads). Every front end gets its listeners from here;
 * none has an accept loop of its own.
 */
public final class Listener {

    /** Accept backlog: a storm of thousands of clients connecting at once waits here, not in SYN retries. */
    static final int BACKLOG = 4096;

    private final String label;
    private final String host;
    private final int port;
    private final FrontEnd frontEnd;
    private final Connections connections;
    private final TransportFactory transports;
    private ServerSocketChannel channel;
    private Thread acceptor;
    private volatile boolean closing;
    private InetSocketAddress bound;

    /**
     * @param label what the operator calls this listener in logs ("IRC", "TLS")
     * @param port 0 picks any free port ({@link #port()} tells which)
     */
    public Listener(String label, String host, int port, FrontEnd frontEnd, Connections connections) {
        this(label, host, port, frontEnd, connections, TransportFactory.PLAIN);
    }

    /**
     * A listener whose connections run over {@code transports}: plain TCP, or TLS
     * ({@link TlsTransport.Factory}). The accept path is the same for both.
     */
    public Listener(String label, String host, int port, FrontEnd frontEnd, Connections connections,
                    TransportFactory transports) {
        this.transports = transports;
        this.label = label;
        this.host = host;
        this.port = port;
        this.frontEnd = frontEnd;
        this.connections = connections;
    }

    /** Binds now, so that a taken port is reported before anything else starts. */
    public Listener bind() throws IOException {
        channel = ServerSocketChannel.open();
        try {
            // Lets a restarted server bind at once although old connections sit in TIME_WAIT.
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(new InetSocketAddress(host, port), BACKLOG);
        } catch (IOException | java.nio.channels.UnresolvedAddressException e) {
            channel.close();
            throw bindFailure(e);
        }
        bound = (InetSocketAddress) channel.getLocalAddress();
        return this;
    }

    /** The failure in one line an operator understands: "cannot listen on host:port: address already in use". */
    private java.net.BindException bindFailure(Exception e) {
        String why = e.getMessage();
        if (e instanceof java.nio.channels.UnresolvedAddressException) {
            why = "unknown host '" + host + "'";
        } else if (why != null && why.contains("in use")) {
            why = "address already in use";
        }
        java.net.BindException b = new java.net.BindException("cannot listen on " + host + ":" + port + ": " + why);
        b.initCause(e);
        return b;
    }

    /** Starts accepting, on a platform thread named {@code acceptor-<front end>} ({@code acceptor-<front end>-tls} for TLS). */
    public void start() {
        String name = "acceptor-" + frontEnd.name() + (transports.plaintext() ? "" : "-tls");
        acceptor = Thread.ofPlatform().name(name).unstarted(this::acceptLoop);
        acceptor.start();
    }

    public String label() {
        return label;
    }

    public String host() {
        return host;
    }

    /** The port actually bound. */
    public int port() {
        return bound.getPort();
    }

    public FrontEnd frontEnd() {
        return frontEnd;
    }

    /** Stops accepting and waits (up to 5 s) for the acceptor to end. */
    public void close() {
        closing = true;
        Connections.closeQuietly(channel);
        if (acceptor != null) {
            try {
                acceptor.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void acceptLoop() {
        long lastLimitLog = 0;
        while (!closing) {
            SocketChannel ch;
            try {
                ch = channel.accept();
            } catch (ClosedChannelException e) {
                break;
            } catch (IOException e) {
                if (closing) {
                    break;
                }
                if (isTooManyOpenFiles(e)) {
                    long now = System.nanoTime();
                    if (now - lastLimitLog > TimeUnit.SECONDS.toNanos(10)) {
                        lastLimitLog = now;
                        connections.log().warn("[LIMIT] Open-files limit reached with {} connections: refusing new ones "
                                + "as full until some leave", connections.count());
                    }
                    connections.refuseWithSpareDescriptor(channel, frontEnd, transports);
                } else {
                    connections.log().warn("[WARN] accept failed on {}: {}", label, e.toString());
                }
                continue;
            }
            connections.admit(ch, frontEnd, transports);
        }
    }

    private static boolean isTooManyOpenFiles(IOException e) {
        String m = e.getMessage();
        return m != null && m.contains("Too many open files");
    }
}
