package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * {@code bench latency} against a tiny relay in this test that stalls once for 50 ms in the
 * middle of the measured window: the stall must show as a tail of many messages (every message
 * scheduled during it waits), in p99.9 and max, while the load generator itself stays on time.
 */
@Timeout(60)
class LatencyStallTest {

    private static final long STALL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private StallingRelay relay;

    @AfterEach
    void stop() throws IOException {
        if (relay != null) {
            relay.close();
        }
    }

    @Test
    void aFiftyMillisecondServerStallIsATailNotOneLateMessage() throws Exception {
        // 1,000 msgs/s over 2 pairs, 0.2 s unmeasured then 1 s: the stall comes at message 700,
        // half a second into the window.
        relay = new StallingRelay(700);
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new BenchCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        int code = cl.execute("latency", "--port", Integer.toString(relay.port()), "--pairs", "2", "--rate", "1000",
                "--duration", "1", "--warmup", "0.2", "--jit-warmup", "0", "--histograms", "--label", "relay.c",
                "--quiet", "--timeout", "30", "--prefix", "z");
        assertThat(code).as(out.toString()).isZero();
        assertThat(relay.stalled).as("the relay stalled").isTrue();
        Map<String, Object> json = out.toString().lines().map(Json::parse).filter(m -> m != null).reduce((a, b) -> b)
                .orElseThrow();
        Histogram h = LatencyScenario.decode((String) json.get("histogram"));
        assertThat(h.getTotalCount()).isEqualTo(((Double) json.get("recorded")).longValue()).isEqualTo(1_000);
        // The message the relay held for 50 ms, and at 1,000 msgs/s the ten due in the first 10 ms
        // of the stall waited at least 40 ms each: however busy this machine is, it only adds.
        assertThat((Double) json.get("max_us")).isGreaterThanOrEqualTo(50_000);
        assertThat(h.getCountBetweenValues(TimeUnit.MILLISECONDS.toNanos(40), Long.MAX_VALUE / 2)).isGreaterThanOrEqualTo(10);
        assertThat((Double) json.get("p999_us")).isGreaterThanOrEqualTo(40_000);
        // The run against relay.c is marked as the yardstick; every run prints its floor.
        assertThat(json.get("yardstick")).isEqualTo(true);
        assertThat(out.toString()).contains("instrument floor").contains("send lag p50").contains("yardstick");
        assertThat(json).containsKeys("send_lag_p50_us", "send_lag_p99_us", "send_lag_max_us", "loop_gap_max_us",
                "from_write_p99_us", "write_p50_us", "write_p99_us", "loadgen_gc_in_window", "loadgen_jit_ms_in_window");
        Histogram lag = LatencyScenario.decode((String) json.get("send_lag_histogram"));
        assertThat(lag.getTotalCount()).isEqualTo(1_000);
    }

    /**
     * The seed protocol's relay on blocking sockets, a thread per client, relaying under one lock;
     * relaying message number {@code stallAt} (counted over all clients) holds that lock for 50 ms,
     * once, so that nothing is relayed meanwhile.
     */
    static final class StallingRelay implements AutoCloseable {
        final ServerSocket server;
        final Map<String, OutputStream> clients = new ConcurrentHashMap<>();
        final Object relayLock = new Object();
        final AtomicLong relayed = new AtomicLong();
        final long stallAt;
        volatile boolean stalled;

        StallingRelay(long stallAt) throws IOException {
            this.stallAt = stallAt;
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofPlatform().daemon().name("stalling-relay-accept").start(this::accept);
        }

        int port() {
            return server.getLocalPort();
        }

        private void accept() {
            try {
                while (true) {
                    Socket s = server.accept();
                    s.setTcpNoDelay(true);
                    Thread.ofPlatform().daemon().name("stalling-relay-client").start(() -> serve(s));
                }
            } catch (IOException closed) {
                // the test is over
            }
        }

        private void serve(Socket s) {
            try (s) {
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                OutputStream out = s.getOutputStream();
                String name = in.readLine();
                clients.put(name, out);
                synchronized (out) {
                    out.write(("WELCOME|" + name + "\n").getBytes(StandardCharsets.UTF_8));
                }
                String line;
                while ((line = in.readLine()) != null) {
                    int bar = line.indexOf('|');
                    synchronized (relayLock) {
                        if (relayed.incrementAndGet() == stallAt) {
                            stalled = true;
                            stall();
                        }
                        OutputStream target = clients.get(line.substring(0, bar));
                        synchronized (target) {
                            target.write(("MSG|" + name + "|" + line.substring(bar + 1) + "\n").getBytes(StandardCharsets.UTF_8));
                        }
                    }
                }
            } catch (IOException | RuntimeException gone) {
                // a client left; the run's own checks say whether that was wrong
            }
        }

        /** The stall itself (what this server is for, not a wait for anything). */
        private static void stall() {
            long until = System.nanoTime() + STALL_NANOS;
            for (long left; (left = until - System.nanoTime()) > 0; ) {
                LockSupport.parkNanos(left);
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (OutputStream o : clients.values()) {
                o.close();
            }
        }
    }
}
