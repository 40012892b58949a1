package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What clients see when the server stops while presence is still on its way to them. */
class ShutdownTest {

    static final int CLIENTS = 200;

    @RegisterExtension
    final ServerExtension ext = new ServerExtension();

    /**
     * 200 clients log in at once and the server stops at once: presence rounds for those logins
     * are still queued in many of them (a coalesced USERS line waiting in its slot). Whatever
     * was queued, {@code ERROR|Server shutting down} is the last line every client reads.
     */
    @RepeatedTest(3)
    void shutdownErrorIsTheLastLineEveryClientSees() throws Exception {
        List<LineClient> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(ext.client().send("user" + i));
        }
        for (LineClient c : clients) {
            assertThat(c.next()).startsWith("WELCOME|");
        }
        ext.server().stop();

        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            List<String> got = clients.get(i).awaitClosed();
            String last = got.isEmpty() ? "(nothing)" : got.get(got.size() - 1);
            if (!last.equals("ERROR|Server shutting down")) {
                wrong.add("user" + i + " ended with " + abbreviate(last));
            }
        }
        assertThat(wrong).as("clients whose last line was not the shutdown error").isEmpty();
    }

    private static String abbreviate(String line) {
        return line.length() > 60 ? line.substring(0, 60) + "..." : line;
    }
}
