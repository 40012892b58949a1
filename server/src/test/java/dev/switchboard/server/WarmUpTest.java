package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60) // a warm-up that hangs fails here instead of holding the build
class WarmUpTest {

    private static final Set<String> SERVER_THREADS = Set.of("acceptor", "presence", "timer");

    private static long serverThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> SERVER_THREADS.contains(t.getName())).count();
    }

    @Test
    void everyRoundDeliversEveryMessageAndLeavesNothingRunning() {
        long before = serverThreads();
        WarmUp.Result r = WarmUp.run(ServerConfig.defaults(0), 40, 5, 3, 2, 100, Duration.ofSeconds(20), () -> false);
        assertThat(r.stoppedBy()).isNull();
        assertThat(r.rounds()).isEqualTo(2);
        assertThat(r.messages()).isEqualTo(2 * 40 * (5 + 3)); // each client: a batch of 5, then 3 one at a time
        // Then the trickle: rounds of 100 over 20 pairs until two in a row compile nothing.
        assertThat(r.trickled()).isPositive().isEqualTo(r.trickled() / 100 * 100);
        await().atMost(Duration.ofSeconds(10)).until(() -> serverThreads() <= before);
    }

    @Test
    void theWarmUpServerBindsNoneOfTheConfiguredPorts() throws Exception {
        // The real server's ports are still to be bound after the warm-up: it must not take them,
        // the IRC port (6667 by default) no more than the line port.
        try (java.net.ServerSocket line = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             java.net.ServerSocket irc = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            ServerConfig base = ServerConfig.defaults(line.getLocalPort()).withHost("127.0.0.1")
                    .withListener(ServerConfig.Protocol.IRC, irc.getLocalPort());
            WarmUp.Result r = WarmUp.run(base, 10, 2, 1, 1, 10, Duration.ofSeconds(20), () -> false);
            assertThat(r.stoppedBy()).as("a warm-up on the configured ports would fail to bind").isNull();
            assertThat(r.rounds()).isEqualTo(1);
        }
    }

    @Test
    void aStopRequestEndsItBetweenRounds() {
        WarmUp.Result r = WarmUp.run(ServerConfig.defaults(0), 10, 1, 1, 5, 10, Duration.ofSeconds(20), () -> true);
        assertThat(r.rounds()).isZero();
        assertThat(r.stoppedBy()).isEqualTo("stop requested");
    }

    @Test
    void runningOutOfTimeEndsItWithAReasonNotAnException() {
        WarmUp.Result r = WarmUp.run(ServerConfig.defaults(0), 200, 50, 5, 50, 100, Duration.ofMillis(300), () -> false);
        assertThat(r.rounds()).isLessThan(50);
        assertThat(r.stoppedBy()).isNotNull();
    }
}
