package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LoginRulesTest {

    @RegisterExtension
    final ServerExtension ext = new ServerExtension(c -> c.withMaxClients(3));

    @Test
    void duplicateLoginNeverEvictsOrDisturbsTheOwner() throws Exception {
        LineClient owner = ext.login("owner");
        LineClient friend = ext.login("friend");
        WireProtocolTest.awaitUsers(owner, "owner", "friend");
        owner.sync();
        for (String attempt : new String[] {"owner", "OWNER", "Owner"}) {
            LineClient dup = ext.client().send(attempt);
            assertThat(dup.awaitClosed()).containsExactly("ERROR|Username already taken");
        }
        // The owner saw nothing at all of the attempts, and still works both ways.
        assertThat(owner.sync()).isEmpty();
        friend.send("owner|still yours");
        owner.awaitLine("MSG|friend|still yours");
        owner.send("friend|yes");
        friend.awaitLine("MSG|owner|yes");
        assertThat(ext.server().usersOnline()).isEqualTo(2);
    }

    @Test
    void fullServerRejectsExactlyTheNextLoginAndAcceptsAgainAfterOneLeaves() throws Exception {
        LineClient a = ext.login("a");
        ext.login("b");
        LineClient c = ext.login("c");
        LineClient d = ext.client().send("d");
        assertThat(d.awaitClosed()).containsExactly("ERROR|Server is full");
        // Past the list from before c came (USERS|a,b), so that the next one proves c is gone.
        WireProtocolTest.awaitUsers(a, "a", "b", "c");
        c.close();
        WireProtocolTest.awaitUsers(a, "a", "b");
        LineClient e = ext.login("e");
        WireProtocolTest.awaitUsers(e, "a", "b", "e");
    }

    @Test
    void fullCountsLoggedInUsersNotSockets() throws Exception {
        // Ten open sockets that never log in do not make the server full.
        for (int i = 0; i < 10; i++) {
            ext.client();
        }
        ext.login("a");
        ext.login("b");
        LineClient c = ext.login("c");
        PresenceTracker t = new PresenceTracker(c);
        t.awaitExactly(Set.of("a", "b", "c"));
    }

    @Test
    void rejectedNameIsFreeAgainForItsOwnerAfterLeaving() throws Exception {
        LineClient first = ext.login("sam");
        assertThat(ext.client().send("SAM").awaitClosed()).containsExactly("ERROR|Username already taken");
        first.send("QUIT|bye");
        first.awaitClosed();
        ext.login("Sam");
    }
}
