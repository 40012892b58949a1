package dev.switchboard.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** Plain TCP: the accepted channel itself, in blocking mode (the reader and writer are virtual threads). */
public final class TcpTransport implements Transport {
    private final SocketChannel channel;
    private final InetSocketAddress remote;

    public TcpTransport(SocketChannel channel, InetSocketAddress remote) {
        this.channel = channel;
        this.remote = remote;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return channel.read(dst);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return channel.write(src);
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    @Override
    public void shutdownInput() throws IOException {
        channel.shutdownInput();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }
}
