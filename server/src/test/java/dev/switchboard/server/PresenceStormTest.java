package dev.switchboard.server;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 30 clients log in at once, then half of them leave at once (FIN and RST mixed). Every client
 * that stays must end with a presence view equal to the real set, whether it gets full USERS
 * lines (seed style) or a snapshot and JOIN/LEAVE deltas (capability presence).
 */
class PresenceStormTest {
    static final int CLIENTS = 30;

    @RegisterExtension
    final ServerExtension ext = new ServerExtension();

    @Test
    void lastPresenceStateEqualsTheRealSet() throws Exception {
        List<LineClient> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(ext.client());
        }
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> logins = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                LineClient c = clients.get(i);
                boolean deltas = i % 2 == 1;
                String name = "s" + i;
                logins.add(pool.submit(() -> {
                    go.await();
                    if (deltas) {
                        c.send("CAP|REQ|presence", name);
                    } else {
                        c.send(name);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : logins) {
                f.get();
            }
            Set<String> everyone = new HashSet<>();
            for (int i = 0; i < CLIENTS; i++) {
                everyone.add("s" + i);
            }
            List<PresenceTracker> trackers = new ArrayList<>();
            for (LineClient c : clients) {
                PresenceTracker t = new PresenceTracker(c);
                t.awaitExactly(everyone);
                trackers.add(t);
            }

            // Half leave at once: even indexes among the first 15 with FIN, odd ones with RST.
            CountDownLatch leave = new CountDownLatch(1);
            List<Future<?>> leaves = new ArrayList<>();
            Set<String> stay = new HashSet<>(everyone);
            for (int i = 0; i < CLIENTS / 2; i++) {
                LineClient c = clients.get(i);
                boolean rst = i % 2 == 1;
                stay.remove("s" + i);
                leaves.add(pool.submit(() -> {
                    leave.await();
                    if (rst) {
                        c.reset();
                    } else {
                        c.close();
                    }
                    return null;
                }));
            }
            leave.countDown();
            for (Future<?> f : leaves) {
                f.get();
            }
            for (int i = CLIENTS / 2; i < CLIENTS; i++) {
                trackers.get(i).awaitExactly(stay);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
