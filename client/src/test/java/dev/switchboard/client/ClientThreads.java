package dev.switchboard.client;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

/** Leak check: every thread a client starts is named {@code switchboard-client-...} and must end. */
final class ClientThreads {
    private ClientThreads() {}

    static List<String> alive() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith("switchboard-client-"))
                .toList();
    }

    /** Waits until no client thread is left; fails naming the ones that are. */
    static void assertNoneLeft() {
        await("client threads to end").atMost(Duration.ofSeconds(5)).until(ClientThreads::alive, List::isEmpty);
    }
}
