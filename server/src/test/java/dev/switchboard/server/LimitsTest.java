package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.net.ServerStats;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each limit of the hardening issue, with numbers small enough to test; each fails if its limit is removed. */
class LimitsTest {

    @Nested
    class HandshakeTimeout {
        @RegisterExtension
        final ServerExtension ext = new ServerExtension(c -> c.withHandshakeTimeout(Duration.ofMillis(300)));

        @Test
        void silentAndHalfNamedConnectionsAreClosedWithTheReason() throws Exception {
            LineClient alice = ext.login("alice");
            LineClient silent = ext.client();
            LineClient half = ext.client().sendRaw("half-a-na".getBytes(StandardCharsets.UTF_8));
            LineClient capOnly = ext.client().send("CAP|LS");
            assertThat(silent.awaitClosed()).containsExactly("ERROR|Handshake timeout");
            assertThat(half.awaitClosed()).containsExactly("ERROR|Handshake timeout");
            assertThat(capOnly.awaitClosed()).containsExactly("CAP|LS|presence,heartbeat,rooms", "ERROR|Handshake timeout");
            // The logged-in user outlived every timeout and is untouched.
            alice.send("alice|still here");
            alice.awaitLine("MSG|alice|still here");
            ext.awaitLog(l -> l.contains("handshake timeout"), 3, "three handshake timeouts in the log");
            assertThat(ext.logLines()).filteredOn(l -> l.contains("handshake timeout")).hasSize(3);
            assertThat(ext.server().stats().drops(ServerStats.Drop.HANDSHAKE)).isEqualTo(3);
        }
    }

    @Nested
    class Heartbeat {
        @RegisterExtension
        final ServerExtension ext = new ServerExtension(c -> c.withHeartbeat(Duration.ofMillis(200), Duration.ofMillis(300)));

        @Test
        void silentHeartbeatClientIsDroppedAndItsNameIsFreeAtOnce() throws Exception {
            LineClient seed = ext.login("seed");
            LineClient hb = ext.client();
            hb.send("CAP|REQ|heartbeat", "hb");
            assertThat(hb.next()).isEqualTo("CAP|ACK|heartbeat");
            assertThat(hb.next()).startsWith("WELCOME|");
            List<String> last = hb.awaitClosed();
            assertThat(last).anyMatch(l -> l.startsWith("PING|")).endsWith("ERROR|Ping timeout");
            ext.login("hb"); // the name is free again
            // The quiet seed-style client outlived the whole ping cycle and never got a PING.
            assertThat(seed.sync()).noneMatch(l -> l.startsWith("PING|"));
            ext.awaitLog(l -> l.startsWith("[LEAVE] hb (ping timeout"), 1, "the ping timeout in the log");
        }

        @Test
        void answeringClientStaysThroughManyPings() throws Exception {
            LineClient hb = ext.client();
            hb.send("hb", "CAP|REQ|heartbeat");
            hb.awaitLine("CAP|ACK|heartbeat");
            for (int i = 0; i < 4; i++) {
                String ping = hb.await(l -> l.startsWith("PING|"), "a heartbeat PING");
                hb.send("PONG|" + ping.substring(5));
            }
            hb.send("hb|alive");
            hb.awaitLine("MSG|hb|alive");
        }
    }

    @Nested
    class Flood {
        @RegisterExtension
        final ServerExtension ext = new ServerExtension(c -> c.withFlood(50, 5, Duration.ofSeconds(2), true));

        @Test
        void overTheRateLinesAreDelayedNotDropped() throws Exception {
            LineClient a = ext.login("a");
            LineClient b = ext.login("b");
            StringBuilder burst = new StringBuilder();
            for (int i = 0; i < 30; i++) {
                burst.append("b|m").append(i).append('\n');
            }
            long start = System.nanoTime();
            a.sendRaw(burst.toString().getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 30; i++) {
                b.awaitLine("MSG|a|m" + i);
            }
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            // 5 at once, then 25 at 50 per second: at least half a second of fakelag.
            assertThat(tookMillis).isGreaterThanOrEqualTo(450);
            a.send("b|after the burst");
            b.awaitLine("MSG|a|after the burst");
        }

        @Test
        void clientThatKeepsFloodingIsDroppedWithExcessFlood() throws Exception {
            LineClient a = ext.login("a");
            LineClient b = ext.login("b");
            StringBuilder flood = new StringBuilder();
            for (int i = 0; i < 1_000; i++) {
                flood.append("b|f").append(i).append('\n');
            }
            a.sendRaw(flood.toString().getBytes(StandardCharsets.UTF_8));
            assertThat(a.awaitClosed()).endsWith("ERROR|Excess flood");
            // What got through before the cut arrived whole and in order; far from all of it.
            int next = 0;
            for (String l : b.sync()) {
                if (l.startsWith("MSG|a|")) {
                    assertThat(l).isEqualTo("MSG|a|f" + next++);
                }
            }
            assertThat(next).isBetween(5, 999);
            ext.awaitLog(l -> l.startsWith("[LEAVE] a (excess flood"), 1, "the excess flood in the log");
        }
    }

    @Nested
    class Connections {
        @RegisterExtension
        final ServerExtension ext = new ServerExtension(c -> c.withConnectionLimits(3, 2, true));

        @Test
        void perIpLimitRefusesTheThirdFromOneAddressButNotOthers() throws Exception {
            ext.client();
            ext.client();
            LineClient third = ext.client();
            assertThat(third.awaitClosed()).containsExactly("ERROR|Too many connections");
            try (Socket other = new Socket()) {
                other.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
                other.connect(new InetSocketAddress("127.0.0.1", ext.port()));
                other.setSoTimeout(10_000);
                other.getOutputStream().write("other\n".getBytes(StandardCharsets.UTF_8));
                byte[] buf = new byte[64];
                int n = other.getInputStream().read(buf);
                assertThat(new String(buf, 0, n, StandardCharsets.UTF_8)).startsWith("WELCOME|");
            }
        }

        @Test
        void connectionLimitCountsSocketsNotUsersAndFreesUp() throws Exception {
            LineClient first = ext.client();
            try (Socket b = new Socket(); Socket c = new Socket()) {
                b.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
                b.connect(new InetSocketAddress("127.0.0.1", ext.port()));
                c.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.3"), 0));
                c.connect(new InetSocketAddress("127.0.0.1", ext.port()));
                Awaitility.await().atMost(LineClient.TIMEOUT).until(() -> ext.server().connectionCount() == 3);
                LineClient fourth = ext.client();
                assertThat(fourth.awaitClosed()).containsExactly("ERROR|Too many connections");
            }
            Awaitility.await().atMost(LineClient.TIMEOUT).until(() -> ext.server().connectionCount() == 1);
            ext.login("late");
            first.login("first");
            assertThat(ext.server().stats().drops(ServerStats.Drop.TOO_MANY)).isEqualTo(1);
        }
    }

    @Nested
    class Stats {
        @RegisterExtension
        final ServerExtension ext = new ServerExtension();

        @Test
        void statsLineCountsConnectionsUsersTrafficAndDrops() throws IOException {
            LineClient a = ext.login("a");
            a.send("a|one", "a|two");
            a.awaitLine("MSG|a|two");
            ext.client().send("a").awaitClosed();
            Awaitility.await().atMost(LineClient.TIMEOUT).until(() -> ext.server().connectionCount() == 1);
            ext.server().logStats();
            String line = ext.logLines().stream().filter(l -> l.startsWith("[STATS]")).findFirst().orElseThrow();
            assertThat(line).contains("connections 1", "users 1", "rejected login 1", "send queue 0");
            assertThat(ext.server().stats().delivered.sum()).isEqualTo(2);
        }
    }
}
