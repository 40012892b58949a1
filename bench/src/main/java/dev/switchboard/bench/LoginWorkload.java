package dev.switchboard.bench;

import java.nio.charset.StandardCharsets;
import org.HdrHistogram.Histogram;

/**
 * The part every scenario shares: open this reactor's connections (at most {@code budget} not yet
 * done at a time), send the handshake, wait for {@code WELCOME|} ({@code ERROR|...} or a close
 * is a failed client), then hand everything after the welcome line to {@link #afterLogin}.
 */
abstract class LoginWorkload implements Workload {

    final Reactor reactor;
    final RunContext ctx;
    final Conn[] conns;
    /** Login latency (connect start to WELCOME) in nanoseconds. */
    final Histogram loginNanos = new Histogram(3_600_000_000_000L, 3);
    private final byte[] handshakePrefix;
    private final boolean handshakeOnConnect;
    private final int budget;
    private int nextToOpen;
    private int inProgress;
    private boolean burstSent;

    /**
     * @param handshakePrefix sent before the name (e.g. {@code CAP|REQ|presence\n}), may be empty
     * @param handshakeOnConnect send the handshake as soon as connected; otherwise wait for the
     *        {@link RunContext#PHASE_BURST} and send every handshake at once
     * @param budget most connections of this reactor in progress at once (connecting, or for
     *        handshake-on-connect also waiting for WELCOME)
     */
    LoginWorkload(Reactor reactor, RunContext ctx, Conn[] conns, byte[] handshakePrefix,
                  boolean handshakeOnConnect, int budget) {
        this.reactor = reactor;
        this.ctx = ctx;
        this.conns = conns;
        this.handshakePrefix = handshakePrefix;
        this.handshakeOnConnect = handshakeOnConnect;
        this.budget = Math.max(1, budget);
    }

    @Override
    public long poll(long now) {
        while (inProgress < budget && nextToOpen < conns.length) {
            Conn c = conns[nextToOpen++];
            inProgress++;
            reactor.open(c, ctx.remote, ctx.sourceFor(c.index));
        }
        if (!handshakeOnConnect && !burstSent && ctx.phase >= RunContext.PHASE_BURST) {
            burstSent = true;
            for (Conn c : conns) {
                if (c.state == Conn.CONNECTED) {
                    sendHandshake(c, now);
                }
            }
        }
        return pollScenario(now);
    }

    /** Scenario part of {@link #poll}; returns the next deadline or {@link Long#MAX_VALUE}. */
    long pollScenario(long now) {
        return Long.MAX_VALUE;
    }

    private void sendHandshake(Conn c, long now) {
        byte[] h = ctx.proto.handshake(handshakePrefix, c.name);
        c.ensureRoom(h.length);
        c.out.put(h);
        c.state = Conn.HANDSHAKE_SENT;
        c.connectStart = handshakeOnConnect ? c.connectStart : now;
        reactor.markDirty(c);
    }

    @Override
    public void connected(Conn c, long now) {
        ctx.connected.incrementAndGet();
        if (handshakeOnConnect) {
            sendHandshake(c, now);
        } else {
            inProgress--;
            if (burstSent) {
                sendHandshake(c, now);
            }
        }
    }

    @Override
    public void received(Conn c, byte[] buf, int off, int len, long now) {
        int end = off + len;
        while (c.state == Conn.HANDSHAKE_SENT && off < end) {
            int nl = indexOf(buf, off, end);
            if (nl < 0) {
                c.appendPartial(buf, off, end - off);
                return;
            }
            if (c.partialLen > 0) {
                c.appendPartial(buf, off, nl - off);
                int n = c.partialLen;
                c.partialLen = 0;
                beforeLoginLine(c, c.partial, 0, n, now);
            } else {
                beforeLoginLine(c, buf, off, nl - off, now);
            }
            off = nl + 1;
        }
        if (c.state == Conn.LOGGED_IN && off < end) {
            afterLogin(c, buf, off, end - off, now);
        }
    }

    private void beforeLoginLine(Conn c, byte[] b, int off, int len, long now) {
        Proto proto = ctx.proto;
        if (proto.welcome(b, off, len)) {
            c.state = Conn.LOGGED_IN;
            c.loginAt = now;
            loginNanos.recordValue(Math.max(0, now - c.connectStart));
            if (handshakeOnConnect) {
                inProgress--;
            }
            ctx.loginDone(now);
            loggedIn(c, now);
        } else if (proto.refused(b, off, len)) {
            reactor.failFromWorkload(c, "login refused: " + new String(b, off, len, StandardCharsets.UTF_8));
        } else {
            byte[] reply = proto.reply(b, off, len);
            if (reply != null) {
                c.ensureRoom(reply.length);
                c.out.put(reply);
                reactor.markDirty(c);
            }
        }
        // Anything else before the welcome (CAP|ACK|..., IRC notices) is not ours to judge.
    }

    @Override
    public void closed(Conn c, String reason) {
        int was = c.stateBeforeFailure;
        if (was == Conn.CONNECTING || handshakeOnConnect && was != Conn.LOGGED_IN) {
            inProgress--;
        }
        ctx.fail(c, reason);
    }

    /** {@code c} just logged in. */
    void loggedIn(Conn c, long now) {
    }

    /** Bytes that arrived for {@code c} after its welcome line. */
    abstract void afterLogin(Conn c, byte[] buf, int off, int len, long now);

    static int indexOf(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    static boolean startsWith(byte[] b, int off, int len, byte[] prefix) {
        if (len < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[off + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Splits {@code buf} into lines for {@code c}, carrying an unfinished line over. */
    static void lines(Conn c, byte[] buf, int off, int len, long now, LineSink sink) {
        int end = off + len;
        while (off < end) {
            int nl = indexOf(buf, off, end);
            if (nl < 0) {
                if (c.partialLen + end - off > Conn.MAX_PARTIAL) {
                    c.reactor.failFromWorkload(c, "line longer than " + Conn.MAX_PARTIAL + " bytes");
                    return;
                }
                c.appendPartial(buf, off, end - off);
                return;
            }
            if (c.partialLen > 0) {
                c.appendPartial(buf, off, nl - off);
                int n = c.partialLen;
                c.partialLen = 0;
                sink.line(c, c.partial, 0, n, now);
            } else {
                sink.line(c, buf, off, nl - off, now);
            }
            off = nl + 1;
            if (!c.open()) {
                return;
            }
        }
    }

    /** Receives whole lines (without '\n'); the slice is valid only during the call. */
    interface LineSink {
        void line(Conn c, byte[] b, int off, int len, long now);
    }
}
