package dev.switchboard.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A user who goes offline leaves its rooms before it leaves the directory, so the rooms'
 * {@code RoomLeft} events (quit) always come before any presence round that reports the
 * departure; and a notice stays a notice on its way through the core.
 */
class LogoutOrderTest {

    /** Records, at each room leave it hears of, whether the leaver was still in the directory. */
    static final class Recorder implements Endpoint {
        final ChatCore core;
        final List<String> seen = new CopyOnWriteArrayList<>();
        final List<ChatEvent.Message> messages = new CopyOnWriteArrayList<>();

        Recorder(ChatCore core) {
            this.core = core;
        }

        @Override
        public boolean deliver(ChatEvent.Message m) {
            messages.add(m);
            return true;
        }

        @Override
        public void roomEvent(ChatEvent.RoomEvent e) {
            if (e instanceof ChatEvent.RoomLeft l && l.quit()) {
                seen.add(l.room().name() + " " + l.user().name() + " online=" + (core.find(l.user().name()) != null));
            }
        }

        @Override
        public long presenceList(PresenceRound round) {
            return 0;
        }

        @Override
        public long presenceSnapshot(PresenceRound round) {
            return 0;
        }

        @Override
        public long presenceDelta(PresenceRound round) {
            return 0;
        }

        @Override
        public String peer() {
            return "memory";
        }
    }

    @Test
    void roomsAreLeftBeforeTheDirectoryForgetsTheUser() {
        ChatCore core = new ChatCore(new LocalDirectory(10), new GuestAuthenticator(), "test-presence");
        Recorder aliceSees = new Recorder(core);
        Client alice = core.newClient(aliceSees);
        Client bob = core.newClient(new Recorder(core));
        core.login(alice, "alice", () -> { });
        core.login(bob, "bob", () -> { });
        core.join(alice, "#a");
        core.join(alice, "#b");
        core.join(bob, "#a");
        core.join(bob, "#b");
        assertThat(core.logout(bob, "quit: bye")).isTrue();
        assertThat(aliceSees.seen).containsExactlyInAnyOrder("#a bob online=true", "#b bob online=true");
        assertThat(core.find("bob")).isNull();
        assertThat(core.room("#a").members()).extracting(m -> m.user().name()).containsExactly("alice");
        assertThat(core.logout(bob, "again")).isFalse();
    }

    @Test
    void aNoticeStaysANotice() {
        ChatCore core = new ChatCore(new LocalDirectory(10), new GuestAuthenticator(), "test-presence");
        Recorder aliceSees = new Recorder(core);
        Client alice = core.newClient(aliceSees);
        Client bob = core.newClient(new Recorder(core));
        core.login(alice, "alice", () -> { });
        core.login(bob, "bob", () -> { });
        core.join(alice, "#a");
        core.join(bob, "#a");
        core.sendPrivate(bob, alice.user(), Text.of("p"), true);
        core.sendToEveryone(bob, Text.of("l"), true);
        core.sendToRoom(bob, "#a", Text.of("r"), true);
        core.sendPrivate(bob, alice.user(), Text.of("plain"));
        assertThat(aliceSees.messages).extracting(m -> m.kind() + " " + m.text() + " " + m.notice())
                .containsExactly("PRIVATE p true", "LOBBY l true", "ROOM r true", "PRIVATE plain false");
    }
}
