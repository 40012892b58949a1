package dev.switchboard.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.ChatClient;
import dev.switchboard.client.ChatListener;
import dev.switchboard.client.ClientConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Takes the screenshots in {@code docs/screenshots/}: login, conversations and rooms, light and dark.
 * The clock is set by hand, so every run paints the same times.
 */
class ScreenshotTest {

    private static final int SCREENSHOT_PORT = 47555;

    private final Desk.ManualClock clock = new Desk.ManualClock(Instant.parse("2025-05-14T09:41:00Z"), ZoneOffset.UTC);

    @Test
    void loginAndConversationInLightAndDark() throws Exception {
        List<ChatClient> others = new ArrayList<>();
        // A fixed port when it is free, so the address shown is the same in every run's pictures.
        try (Desk desk = new Desk(SCREENSHOT_PORT).withClock(clock)) {
            try {
                // Login dialog, light, as a first-time user sees it.
                DesktopApp app = desk.start(desk.prefs(), new DesktopApp.Options("chat.example.org", 5555, "alice"));
                Gui.run(() -> app.loginDialog().pack());
                shot(app.loginDialog(), "login-light.png");

                // Dark, after the server refused a taken name.
                ChatClient taken = client(desk, "bob", others);
                DesktopApp dark = desk.start();
                Gui.run(() -> Themes.apply(Themes.DARK.id(), 0));
                Desk.submit(dark, "127.0.0.1", desk.port(), "bob");
                Gui.until("error", () -> dark.loginDialog().errorText() != null);
                shot(dark.loginDialog(), "login-dark.png");
                Gui.run(dark::quit);
                Gui.run(app::quit);
                Gui.run(() -> Themes.apply(Themes.LIGHT.id(), 0));

                ChatWindow alice = desk.login("alice");
                Gui.run(() -> alice.setSize(1040, 700));
                ChatClient carol = client(desk, "carol", others);
                ChatClient dave = client(desk, "dave.miller", others);
                ChatClient erin = client(desk, "erin", others);
                client(desk, "frank", others);
                Gui.until("everyone listed", () -> alice.contactRows().size() == 6);

                say(alice, erin, "alice", "Heading out, talk tomorrow!");
                erin.close();
                Gui.until("erin offline", () -> !alice.model().contact("erin").isOnline());
                Gui.run(() -> alice.open(alice.model().contact("erin")));
                mine(alice, "Wait, one more thing about the release");
                Gui.until("failure", () -> alice.model().contact("erin").last().failure() != null);

                Gui.run(() -> alice.open(alice.model().contact("bob")));
                say(alice, taken, "alice", "Morning! Did the load test finish overnight?");
                mine(alice, "It did: 5,000 clients, p99 under 3 ms \ud83d\udc4d");
                mine(alice, "Report is in docs/BENCHMARKS.md");
                say(alice, taken, "alice", "Nice. And the restart test?");
                clock.advance(Duration.ofMinutes(2));
                mine(alice, "Every window came back by itself.\nNobody noticed the server was gone.");
                say(alice, taken, "alice", "That's exactly what we wanted.");
                say(alice, taken, "alice", "Let's ship it this afternoon \ud83d\ude80");
                everyone(alice, dave, "Standup in 5 minutes, same room as usual");
                say(alice, carol, "alice", "Can you review my pull request?");
                say(alice, carol, "alice", "It's the small one about presence deltas");
                Gui.until("unread", () -> alice.model().totalUnread() == 3);
                shot(alice, "conversation-light.png");

                // Right-to-left text and emoji, in the bubbles and in a draft typed into the box.
                ChatClient dana = client(desk, "dana", others);
                Gui.until("dana listed", () -> alice.model().contact("dana") != null);
                Gui.run(() -> alice.open(alice.model().contact("dana")));
                say(alice, dana, "alice", "\u05e9\u05dc\u05d5\u05dd! \u05d4\u05db\u05dc \u05e2\u05d5\u05d1\u05d3 \u05d0\u05e6\u05dc\u05da?");
                mine(alice, "\u05db\u05df, \u05ea\u05d5\u05d3\u05d4 \ud83d\ude42 the build is green again");
                say(alice, dana, "alice", "\u0645\u0645\u062a\u0627\u0632 \ud83c\udf89 see you at 10");
                Gui.run(() -> alice.input().requestFocusInWindow());
                Gui.typeKeys(alice.input(), "\u05de\u05d7\u05e8 \u05d1\u05e2\u05e9\u05e8 ");
                Gui.commit(alice.input(), "\ud83d\udc4b");
                Gui.until("draft typed", () -> alice.input().getText().endsWith("\ud83d\udc4b"));
                shot(alice, "conversation-international-light.png");
                Gui.run(() -> alice.input().setText(""));

                // A narrow window: avatars only in the list, the conversation keeps its room.
                Gui.run(() -> alice.open(alice.model().contact("bob")));
                Gui.run(() -> alice.setSize(520, 420));
                Gui.until("avatars only", () -> alice.getWidth() == 520 && alice.compactSidebar());
                shot(alice, "narrow-light.png");
                Gui.run(() -> alice.setSize(1040, 700));
                Gui.until("full list again", () -> alice.sidebarWidth() == ChatWindow.FULL_SIDEBAR);

                Gui.run(() -> Themes.apply(Themes.DARK.id(), 0));
                Gui.run(alice::themeChanged);
                Gui.run(() -> alice.open(alice.model().contact("erin")));
                shot(alice, "conversation-dark.png");
                Gui.run(() -> alice.open(alice.model().contact("bob")));
                shot(alice, "conversation-dark-bob.png");
                Gui.run(() -> Themes.apply(Themes.LIGHT.id(), 0));
            } finally {
                for (ChatClient c : others) {
                    c.close();
                }
            }
        }
    }

    @Test
    void roomsInLightAndDark() throws Exception {
        List<Peer> peers = new ArrayList<>();
        try (Desk desk = new Desk(SCREENSHOT_PORT).withClock(clock)) {
            try {
                Peer bob = peer(desk, "bob", peers);
                Peer carol = peer(desk, "carol", peers);
                Peer dave = peer(desk, "dave.miller", peers);
                Peer erin = peer(desk, "erin", peers);
                Peer frank = peer(desk, "frank", peers);
                bob.join("#design");
                bob.client.setTopic("#design", "Release 2.0: sidebar mockups by Friday, review on Monday");
                bob.await("topic:");
                carol.join("#design");

                ChatWindow alice = desk.login("alice");
                Gui.run(() -> alice.setSize(1040, 700));
                Gui.until("everyone listed", () -> alice.contactRows().size() == 6);

                // alice makes #rust (she is its operator), then joins #design from the dialog.
                Conversation rust = RoomsTest.join(alice, "#rust");
                Gui.run(() -> alice.session().setTopic(rust, "Borrow checker support group \ud83e\udd80"));
                Gui.until("topic set", () -> !rust.topic().isEmpty());
                erin.join("#rust");
                frank.join("#rust");
                Gui.until("three in #rust", () -> rust.members().size() == 3);
                JoinRoomDialog d = RoomsTest.joinFromDialog(alice, "#design");
                Gui.until("#design open", () -> alice.model().selected().name().equals("#design") && !d.isShowing());
                Conversation design = Gui.edt(() -> alice.model().room("#design"));
                dave.join("#design");
                erin.join("#design");
                Gui.until("five in #design", () -> design.members().size() == 5);

                roomSay(alice, design, bob, "Morning! The new sidebar mockups are in the shared drive");
                roomSay(alice, design, carol, "Rooms get a square # tile, people stay round");
                mine(alice, "Love it. Members on the right, operators tagged");
                roomSay(alice, design, dave, "Can rooms count unread messages like contacts do?");
                roomSay(alice, rust, erin, "Anyone seen this lifetime error before?");
                roomSay(alice, rust, frank, "Paste it, we'll sort it out \ud83d\ude42");
                roomSay(alice, design, bob, "They do: look at #rust in the list \ud83d\udc40");
                Gui.until("unread in #rust", () -> rust.unread() == 2);
                shot(alice, "rooms-light.png");

                // The join dialog, with the rule and an error for a name against it.
                JoinRoomDialog again = RoomsTest.joinFromDialog(alice, "#release notes");
                Gui.until("the error", () -> again.errorText() != null);
                shot(again, "join-room-light.png");
                Gui.run(() -> again.setVisible(false));

                // Dark: #rust, where alice is the operator (the topic line offers Edit).
                Gui.run(() -> Themes.apply(Themes.DARK.id(), 0));
                Gui.run(alice::themeChanged);
                Gui.run(() -> alice.open(rust));
                mine(alice, "Sure, send it over");
                roomSay(alice, rust, erin, "error[E0499]: cannot borrow `list` as mutable more than once at a time");
                frank.client.leaveRoom("#rust", "lunch");
                Gui.until("frank left", () -> rust.members().size() == 2);
                shot(alice, "rooms-dark.png");
                Gui.run(() -> Themes.apply(Themes.LIGHT.id(), 0));
            } finally {
                for (Peer p : peers) {
                    p.close();
                }
            }
        }
    }

    private Peer peer(Desk desk, String name, List<Peer> peers) throws Exception {
        Peer p = Peer.login(desk, name);
        peers.add(p);
        return p;
    }

    private void roomSay(ChatWindow w, Conversation room, Peer from, String text) {
        clock.advance(Duration.ofSeconds(35));
        int before = Gui.edt(() -> room.messages().size());
        from.say(room.name(), text);
        Gui.until("room message from " + from.name(), () -> room.messages().size() == before + 1);
    }

    private ChatClient client(Desk desk, String name, List<ChatClient> others) throws Exception {
        ChatClient c = new ChatClient(ClientConfig.of("127.0.0.1", desk.port(), name), new ChatListener() {});
        others.add(c);
        c.connect().get(10, TimeUnit.SECONDS);
        return c;
    }

    private void say(ChatWindow w, ChatClient from, String to, String text) {
        clock.advance(Duration.ofSeconds(40));
        int before = Gui.edt(() -> count(w, from.name()));
        from.sendPrivate(to, text);
        Gui.until("message from " + from.name(), () -> count(w, from.name()) == before + 1);
    }

    private void everyone(ChatWindow w, ChatClient from, String text) {
        clock.advance(Duration.ofSeconds(30));
        int before = Gui.edt(() -> w.model().everyone().messages().size());
        from.sendToEveryone(text);
        Gui.until("room message", () -> w.model().everyone().messages().size() == before + 1);
    }

    private void mine(ChatWindow w, String text) {
        clock.advance(Duration.ofSeconds(25));
        Gui.run(() -> {
            w.input().setText(text);
            w.sendButton().doClick();
        });
    }

    private static int count(ChatWindow w, String name) {
        Conversation c = w.model().contact(name);
        return c == null ? 0 : c.messages().size();
    }

    /**
     * The real mouse pointer to the screen's far corner, off every window: where an earlier test
     * left it, a button under it would be painted hovered in one run's picture and not the next.
     */
    private static void mouseAway() {
        java.awt.Dimension screen = java.awt.Toolkit.getDefaultToolkit().getScreenSize();
        java.awt.Robot robot = Gui.robot();
        robot.mouseMove(screen.width - 1, screen.height - 1);
        robot.waitForIdle();
    }

    private static void shot(javax.swing.RootPaneContainer window, String file) throws Exception {
        mouseAway();
        // Let pending repaints and layout settle before painting; no blinking title in a picture.
        Gui.run(() -> {
            if (window instanceof ChatWindow w) {
                w.notifier().stopFlash();
            }
        });
        Path p = Gui.edt(() -> Gui.screenshot(window, file));
        assertThat(Files.size(p)).isGreaterThan(5_000);
    }
}
