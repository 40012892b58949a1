package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** 50 clients in a ring, each sending 20 messages to each neighbour at the same moment. */
class RingTest {
    static final int CLIENTS = 50;
    static final int PER_NEIGHBOUR = 20;

    @RegisterExtension
    final ServerExtension ext = new ServerExtension();

    @Test
    void everyMessageArrivesExactlyOnceInOrderPerPair() throws Exception {
        List<LineClient> ring = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            ring.add(ext.login("r" + i));
        }
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> sends = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                int me = i;
                sends.add(pool.submit(() -> {
                    String left = "r" + ((me + CLIENTS - 1) % CLIENTS);
                    String right = "r" + ((me + 1) % CLIENTS);
                    String[] lines = new String[2 * PER_NEIGHBOUR];
                    for (int k = 0; k < PER_NEIGHBOUR; k++) {
                        lines[2 * k] = left + "|" + k + " from r" + me;
                        lines[2 * k + 1] = right + "|" + k + " from r" + me;
                    }
                    go.await();
                    ring.get(me).send(lines);
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : sends) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < CLIENTS; i++) {
            LineClient c = ring.get(i);
            String left = "r" + ((i + CLIENTS - 1) % CLIENTS);
            String right = "r" + ((i + 1) % CLIENTS);
            Map<String, Integer> next = new HashMap<>(Map.of(left, 0, right, 0));
            int received = 0;
            while (received < 2 * PER_NEIGHBOUR) {
                String l = c.next();
                if (!l.startsWith("MSG|")) {
                    continue; // presence
                }
                String[] f = l.split("\\|", 3);
                String sender = f[1];
                assertThat(next).as("r%d got a message from a non-neighbour: %s", i, l).containsKey(sender);
                int expected = next.get(sender);
                assertThat(f[2]).as("r%d, message %d from %s", i, expected, sender)
                        .isEqualTo(expected + " from " + sender);
                next.put(sender, expected + 1);
                received++;
            }
            assertThat(c.sync()).as("r%d got more than it should", i).noneMatch(l -> l.startsWith("MSG|"));
        }
    }
}
