package dev.switchboard.server;

import static org.assertj.core.api.Assertions.fail;

import java.util.HashSet;
import java.util.Set;

/** Follows one client's view of who is online, from USERS snapshots and JOIN/LEAVE deltas. */
final class PresenceTracker {
    private final LineClient client;
    private final Set<String> view = new HashSet<>();
    private int usersLines;

    PresenceTracker(LineClient client) {
        this.client = client;
    }

    /** Applies one line if it is about presence; returns whether it was. */
    boolean apply(String line) {
        if (line.startsWith("USERS|")) {
            view.clear();
            view.addAll(WireProtocolTest.users(line));
            usersLines++;
            return true;
        }
        if (line.startsWith("JOIN|")) {
            if (!view.add(line.substring(5))) {
                fail("JOIN for a name already in view: %s (view %s)", line, view);
            }
            return true;
        }
        if (line.startsWith("LEAVE|")) {
            if (!view.remove(line.substring(6))) {
                fail("LEAVE for a name not in view: %s (view %s)", line, view);
            }
            return true;
        }
        return false;
    }

    /** Reads lines until the view equals {@code expected}; then checks a barrier keeps it so. */
    void awaitExactly(Set<String> expected) throws Exception {
        long deadline = System.nanoTime() + LineClient.TIMEOUT.toNanos();
        while (!view.equals(expected)) {
            if (System.nanoTime() > deadline) {
                fail("presence view %s never became %s", view, expected);
            }
            apply(client.next());
        }
        // Anything already queued behind the exact state must not change it.
        for (String l : client.sync()) {
            apply(l);
        }
        if (!view.equals(expected)) {
            fail("presence view moved on to %s after reaching %s", view, expected);
        }
    }

    int usersLines() {
        return usersLines;
    }
}
