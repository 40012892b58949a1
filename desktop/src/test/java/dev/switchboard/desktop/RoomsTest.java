package dev.switchboard.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.FakeServer;
import dev.switchboard.protocol.RoomNames;
import java.awt.event.InputEvent;
import java.awt.event.KeyEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rooms in the desktop client against the real server: a window joins, talks, counts unread,
 * follows the member list, shows and sets the topic, leaves and is kicked; the other members are
 * client-core users ({@link Peer}).
 */
class RoomsTest {

    // ---- steps -------------------------------------------------------------------------------

    /** Ctrl+J, the name typed into the dialog, Enter; returns the dialog. */
    static JoinRoomDialog joinFromDialog(ChatWindow w, String typed) {
        assertThat(Gui.press(w.input(), KeyEvent.VK_J, InputEvent.CTRL_DOWN_MASK)).as("Ctrl+J is bound").isTrue();
        JoinRoomDialog d = Gui.edt(w::joinDialog);
        Gui.until("the join dialog shows", d::isShowing);
        Gui.run(() -> d.nameField().setText(typed));
        assertThat(Gui.press(d.nameField(), KeyEvent.VK_ENTER, 0)).as("Enter is bound").isTrue();
        return d;
    }

    /** Joins {@code room} from the dialog and waits until it is the conversation in front. */
    static Conversation join(ChatWindow w, String typed) {
        String room = typed.startsWith("#") ? typed : "#" + typed;
        JoinRoomDialog d = joinFromDialog(w, typed);
        Gui.until(room + " open", () -> w.model().selected().isRoom()
                && RoomNames.key(w.model().selected().name()).equals(RoomNames.key(room)));
        Gui.until("the dialog closed", () -> !d.isShowing());
        return Gui.edt(() -> w.model().room(room));
    }

    /** Clicks the header's topic line with the real mouse, as a person does to edit it. */
    private static void clickTopic(ChatWindow w) {
        java.awt.Point p = Gui.edt(() -> {
            java.awt.Rectangle r = w.topicBounds();
            java.awt.Point at = w.header().getLocationOnScreen();
            return new java.awt.Point(at.x + r.x + 30, at.y + r.y + r.height / 2);
        });
        java.awt.Robot robot = Gui.robot();
        robot.mouseMove(p.x, p.y);
        robot.mousePress(InputEvent.BUTTON1_DOWN_MASK);
        robot.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
        robot.waitForIdle();
    }

    private static void send(ChatWindow w, String text) {
        Gui.run(() -> w.input().setText(text));
        assertThat(Gui.press(w.input(), KeyEvent.VK_ENTER, 0)).isTrue();
    }

    private static List<String> rowNames(ChatWindow w) {
        return Gui.edt(() -> w.contactRows().stream().map(Conversation::name).toList());
    }

    private static List<String> texts(Conversation c) {
        return Gui.edt(() -> c.messages().stream().map(ChatMessage::text).toList());
    }

    private static String lastText(Conversation c) {
        return Gui.edt(() -> c.last() == null ? null : c.last().text());
    }

    // ---- tests -------------------------------------------------------------------------------

    @Test
    void aRoomJoinedFromTheDialogIsAConversationWithItsMembers() throws Exception {
        try (Desk desk = new Desk(); Peer bob = Peer.login(desk, "bob")) {
            ChatWindow alice = desk.login("alice");
            Gui.until("bob listed", () -> alice.model().contact("bob") != null);

            // A name against the rule is explained in the dialog, and nothing is sent.
            JoinRoomDialog d = joinFromDialog(alice, "#two words");
            assertThat(Gui.edt(d::errorText)).contains("\u201c#two words\u201d is not a valid room name")
                    .contains("whitespace").contains(RoomNames.RULE);
            assertThat(Gui.edt(d::isShowing)).as("the dialog stays open to fix it").isTrue();
            assertThat(Gui.edt(() -> alice.model().rooms())).isEmpty();

            // "rust" is #rust: made by alice, who is its operator; it is opened, listed among the rooms.
            Gui.run(() -> d.nameField().setText("rust"));
            assertThat(Gui.press(d.nameField(), KeyEvent.VK_ENTER, 0)).isTrue();
            Gui.until("#rust open", () -> alice.model().selected().name().equals("#rust"));
            Gui.until("the dialog closed", () -> !d.isShowing());
            Conversation rust = Gui.edt(() -> alice.model().room("#rust"));
            assertThat(rowNames(alice)).containsExactly("Everyone", "#rust", "bob");
            assertThat(Gui.edt(rust::isRoom)).isTrue();
            assertThat(Gui.edt(alice::memberRows)).containsExactly("alice");
            assertThat(Gui.edt(() -> rust.isOperator("alice"))).isTrue();
            assertThat(Gui.edt(alice::membersPanelShown)).as("a 1080 px window shows the member panel").isTrue();
            assertThat(Gui.edt(() -> alice.membersButton().getText())).isEqualTo("1");

            // bob joins: the list follows at once, in join order.
            bob.join("#rust");
            Gui.until("bob among the members", () -> alice.memberRows().equals(List.of("alice", "bob")));
            assertThat(Gui.edt(() -> alice.membersButton().getText())).isEqualTo("2");
            assertThat(lastText(rust)).isEqualTo("bob joined");

            // bob talks in the room; alice has it in front, so nothing is unread.
            bob.say("#rust", "hello rust");
            Gui.until("bob's line in #rust", () -> "hello rust".equals(rust.last().text()));
            assertThat(Gui.edt(() -> rust.last().sender())).isEqualTo("bob");
            assertThat(Gui.edt(() -> rust.last().kind())).isEqualTo(ChatMessage.Kind.INCOMING);
            assertThat(Gui.edt(rust::unread)).isZero();
            assertThat(Gui.edt(() -> alice.model().contact("bob").messages())).as("not a private message").isEmpty();

            // alice answers from the message box: it goes to the room.
            send(alice, "hi bob");
            assertThat(bob.await("msg:")).isEqualTo("msg:#rust:alice:hi bob");
            assertThat(Gui.edt(() -> rust.last().isOwn())).isTrue();
        }
    }

    @Test
    void aRoomCountsUnreadWhileAnotherConversationIsOpenAndTheSwitcherFindsIt() throws Exception {
        try (Desk desk = new Desk(); Peer bob = Peer.login(desk, "bob")) {
            ChatWindow alice = desk.login("alice");
            Gui.until("bob listed", () -> alice.model().contact("bob") != null);

            // Ctrl+K, a room's name and Enter: nothing matches, so the room is joined.
            assertThat(Gui.press(alice.input(), KeyEvent.VK_K, InputEvent.CTRL_DOWN_MASK)).isTrue();
            Gui.run(() -> alice.search().setText("#news"));
            assertThat(Gui.press(alice.search(), KeyEvent.VK_ENTER, 0)).isTrue();
            Gui.until("#news joined and open", () -> alice.model().selected().name().equals("#news"));
            Conversation news = Gui.edt(() -> alice.model().room("#news"));
            bob.join("#news");
            Gui.until("bob in #news", () -> news.members().size() == 2);

            // Everyone in front: bob's three lines in #news are unread there, and in the title.
            Gui.run(() -> alice.open(alice.model().everyone()));
            for (String line : List.of("one", "two", "three")) {
                bob.say("#news", line);
            }
            Gui.until("three unread in #news", () -> news.unread() == 3);
            assertThat(Gui.edt(alice::getTitle)).startsWith("(3) ");
            assertThat(Gui.edt(() -> alice.model().everyone().unread())).isZero();
            assertThat(texts(news)).endsWith("one", "two", "three");
            Gui.until("a notice for the room", () -> alice.notifier().lastText() != null
                    && alice.notifier().lastText().equals("New message from bob in #news"));

            // The switcher filters rooms by name as it does people; Enter opens it and reads it.
            assertThat(Gui.press(alice.input(), KeyEvent.VK_K, InputEvent.CTRL_DOWN_MASK)).isTrue();
            Gui.run(() -> alice.search().setText("new"));
            assertThat(rowNames(alice)).containsExactly("#news");
            assertThat(Gui.press(alice.search(), KeyEvent.VK_ENTER, 0)).isTrue();
            assertThat(Gui.edt(() -> alice.model().selected())).isSameAs(news);
            assertThat(Gui.edt(news::unread)).isZero();
            assertThat(Gui.edt(alice::getTitle)).doesNotStartWith("(");

            // Ctrl+Tab goes through the rooms too, in list order: Everyone, #news, bob.
            Gui.run(() -> alice.open(alice.model().everyone()));
            assertThat(Gui.press(alice.input(), KeyEvent.VK_TAB, InputEvent.CTRL_DOWN_MASK)).isTrue();
            assertThat(Gui.edt(() -> alice.model().selected())).isSameAs(news);
            assertThat(Gui.press(alice.input(), KeyEvent.VK_TAB, InputEvent.CTRL_DOWN_MASK)).isTrue();
            assertThat(Gui.edt(() -> alice.model().selected().name())).isEqualTo("bob");
        }
    }

    @Test
    void theMemberListFollowsJoinsLeavesKicksAndANewOperator() throws Exception {
        try (Desk desk = new Desk(); Peer bob = Peer.login(desk, "bob"); Peer carol = Peer.login(desk, "carol");
             Peer dave = Peer.login(desk, "dave")) {
            bob.join("#ops");
            ChatWindow alice = desk.login("alice");
            Conversation ops = join(alice, "#ops");
            assertThat(Gui.edt(alice::memberRows)).containsExactly("bob", "alice");
            assertThat(Gui.edt(() -> ops.isOperator("bob"))).isTrue();
            assertThat(Gui.edt(() -> ops.isOperator("alice"))).isFalse();

            carol.join("#ops");
            Gui.until("carol listed last", () -> alice.memberRows().equals(List.of("bob", "alice", "carol")));

            // bob kicks carol: gone from the list, and the conversation says who did it and why.
            bob.client.kick("#ops", "carol", "spam");
            Gui.until("carol gone", () -> alice.memberRows().equals(List.of("bob", "alice")));
            assertThat(lastText(ops)).isEqualTo("carol was kicked by bob (spam)");

            dave.join("#ops");
            Gui.until("dave listed", () -> alice.memberRows().equals(List.of("bob", "alice", "dave")));

            // The operator leaves: alice, present longest, is the operator now, marked in the list.
            bob.client.leaveRoom("#ops", "lunch");
            Gui.until("bob gone", () -> alice.memberRows().equals(List.of("alice", "dave")));
            assertThat(texts(ops)).contains("bob left (lunch)")
                    .endsWith("You are now the operator of #ops: you may set the topic and kick");
            assertThat(Gui.edt(() -> ops.isOperator("alice"))).isTrue();
            assertThat(Gui.edt(() -> alice.topicItem().isEnabled())).as("an operator may set the topic").isTrue();

            // bob comes back: a member like any other now, listed last.
            bob.join("#ops");
            Gui.until("bob back, last", () -> alice.memberRows().equals(List.of("alice", "dave", "bob")));
            assertThat(Gui.edt(() -> ops.isOperator("bob"))).as("no longer an operator").isFalse();
            assertThat(Gui.edt(() -> ops.isOperator("alice"))).isTrue();

            // As operator, alice kicks dave (the member menu's action, with its reason).
            Gui.run(() -> alice.kick(ops, "dave", "testing"));
            assertThat(dave.await("left:#ops:")).isEqualTo("left:#ops:testing:alice");
            Gui.until("dave gone", () -> alice.memberRows().equals(List.of("alice", "bob")));
            assertThat(lastText(ops)).isEqualTo("dave was kicked by alice (testing)");

            // Someone who goes offline leaves every room, with the server's reason.
            carol.join("#ops");
            Gui.until("carol back", () -> alice.memberRows().equals(List.of("alice", "bob", "carol")));
            carol.close();
            Gui.until("carol offline", () -> alice.memberRows().equals(List.of("alice", "bob")));
            assertThat(lastText(ops)).startsWith("carol left (quit");
        }
    }

    @Test
    void theTopicIsShownInTheHeaderAndAnOperatorSetsIt() throws Exception {
        try (Desk desk = new Desk(); Peer bob = Peer.login(desk, "bob"); Peer dave = Peer.login(desk, "dave")) {
            bob.join("#design");
            bob.client.setTopic("#design", "Mockups by Friday");
            bob.await("topic:#design:bob:");
            ChatWindow alice = desk.login("alice");
            Conversation design = join(alice, "#design");
            Gui.until("the topic in the header", () -> alice.headerSubtitle().equals("Mockups by Friday"));
            assertThat(texts(design)).containsExactly("Topic: Mockups by Friday (set by bob)");

            // Not an operator: the header offers no editing, the menu item is off.
            Gui.run(alice::editTopic);
            assertThat(Gui.edt(() -> alice.topicField().isVisible())).isFalse();
            assertThat(Gui.edt(() -> alice.topicItem().isEnabled())).isFalse();
            // Were it sent anyway (an operator change on its way), the server's refusal shows in the room.
            Gui.run(() -> alice.session().setTopic(design, "mine now"));
            Gui.until("the refusal in #design", () -> design.last().text().startsWith("Not done: only an operator"));
            assertThat(lastText(design)).contains("Not an operator of #design");

            // bob leaves, alice is the operator: the header's topic is edited in place.
            dave.join("#design");
            bob.client.leaveRoom("#design", "");
            Gui.until("alice operator", () -> design.isOperator("alice"));
            assertThat(Gui.edt(alice::headerSubtitle)).isEqualTo("Mockups by Friday");
            Gui.run(alice::toFront);
            clickTopic(alice); // the real mouse, on the topic line
            Gui.until("the topic editor, focused", () -> alice.topicField().isShowing() && alice.topicField().isFocusOwner());
            assertThat(Gui.edt(() -> alice.topicField().getText())).isEqualTo("Mockups by Friday");
            Gui.run(() -> alice.topicField().setText("Ship it on Monday"));
            assertThat(Gui.press(alice.topicField(), KeyEvent.VK_ENTER, 0)).isTrue();
            assertThat(dave.await("topic:#design:alice:")).isEqualTo("topic:#design:alice:Ship it on Monday");
            Gui.until("the new topic in the header", () -> alice.headerSubtitle().equals("Ship it on Monday"));
            assertThat(lastText(design)).isEqualTo("You set the topic: Ship it on Monday");
            assertThat(Gui.edt(() -> alice.topicField().isVisible())).isFalse();

            // Esc leaves the topic as it was.
            Gui.run(alice::editTopic);
            Gui.run(() -> alice.topicField().setText("never sent"));
            assertThat(Gui.press(alice.topicField(), KeyEvent.VK_ESCAPE, 0)).isTrue();
            assertThat(Gui.edt(() -> alice.topicField().isVisible())).isFalse();
            assertThat(Gui.edt(design::topic)).isEqualTo("Ship it on Monday");
        }
    }

    @Test
    void leavingARoomTakesItOffTheListAndJoiningAgainResumesIt() throws Exception {
        try (Desk desk = new Desk(); Peer bob = Peer.login(desk, "bob")) {
            bob.join("#rust");
            ChatWindow alice = desk.login("alice");
            Conversation rust = join(alice, "#rust");
            bob.say("#rust", "before");
            Gui.until("bob's line", () -> "before".equals(rust.last().text()));

            assertThat(Gui.edt(() -> alice.leaveItem().getText())).isEqualTo("Leave #rust");
            Gui.run(() -> alice.leaveItem().doClick());
            assertThat(bob.await("memberLeft:")).isEqualTo("memberLeft:#rust:alice:::");
            Gui.until("#rust off the list", () -> !alice.contactRows().contains(rust));
            assertThat(Gui.edt(() -> alice.model().selected().isEveryone())).as("Everyone in front").isTrue();
            assertThat(Gui.edt(() -> alice.membersButton().isVisible())).isFalse();
            assertThat(Gui.edt(() -> alice.model().joinedRooms())).isEmpty();

            // Joined again, the same conversation goes on.
            join(alice, "rust");
            assertThat(Gui.edt(() -> alice.model().selected())).isSameAs(rust);
            assertThat(texts(rust)).containsSubsequence("before", "You left #rust", "You joined #rust again");
        }
    }

    @Test
    void beingKickedKeepsTheRoomListedWithWhyAndJoinAgain() throws Exception {
        try (Desk desk = new Desk(); Peer bob = Peer.login(desk, "bob")) {
            bob.join("#ops");
            ChatWindow alice = desk.login("alice");
            Conversation ops = join(alice, "#ops");
            Gui.run(() -> alice.input().setText("a draft"));

            bob.client.kick("#ops", "alice", "be nice");
            Gui.until("alice out of #ops", () -> !ops.isJoined());
            assertThat(lastText(ops)).isEqualTo("You were kicked from #ops by bob (be nice)");
            assertThat(rowNames(alice)).as("still listed, to say why").contains("#ops");
            assertThat(Gui.edt(() -> alice.model().selected())).isSameAs(ops);
            assertThat(Gui.edt(alice::sendBlockedShown)).isTrue();
            assertThat(Gui.edt(() -> alice.sendBlockedBanner().getText()))
                    .isEqualTo("You were kicked from #ops by bob (be nice). Join it again to write here.");
            assertThat(Gui.edt(() -> alice.sendButton().isEnabled())).as("nothing goes to a room we are not in").isFalse();
            Gui.run(() -> alice.input().setText("a draft, and more"));
            assertThat(Gui.edt(() -> alice.sendButton().isEnabled())).as("not even after typing").isFalse();
            assertThat(Gui.press(alice.input(), KeyEvent.VK_ENTER, 0)).isTrue();
            assertThat(Gui.edt(() -> alice.input().getText())).as("Enter sends nothing").isEqualTo("a draft, and more");
            assertThat(Gui.edt(() -> alice.rejoinButton().isShowing())).isTrue();
            assertThat(Gui.edt(alice::headerSubtitle)).isEqualTo("You are not in #ops");
            assertThat(Gui.edt(alice::membersPanelShown)).isFalse();

            Gui.run(() -> alice.rejoinButton().doClick());
            Gui.until("back in #ops", () -> ops.isJoined() && alice.memberRows().equals(List.of("bob", "alice")));
            assertThat(Gui.edt(alice::sendBlockedShown)).isFalse();
            assertThat(Gui.edt(() -> alice.sendButton().isEnabled())).isTrue();
            assertThat(Gui.edt(() -> alice.input().getText())).as("the draft stayed").isEqualTo("a draft, and more");
            assertThat(bob.await("memberJoined:")).isEqualTo("memberJoined:#ops:alice");
        }
    }

    @Test
    void roomsComeBackAfterAReconnectAndAtTheNextStart() throws Exception {
        try (Desk desk = new Desk()) {
            DesktopPrefs prefs = desk.prefs();
            ChatWindow alice = desk.login("alice", prefs);
            Conversation rust = join(alice, "#rust");
            Conversation go = join(alice, "#go");
            try (Peer bob = Peer.login(desk, "bob")) {
                bob.join("#rust");
                Gui.run(() -> alice.open(rust));
                Gui.until("bob in #rust", () -> alice.memberRows().equals(List.of("alice", "bob")));
                bob.say("#rust", "before the drop");
                Gui.until("bob's line", () -> "before the drop".equals(rust.last().text()));

                desk.stopServer();
                Gui.until("alice notices the drop", () -> !alice.model().status().canSend());
                assertThat(Gui.edt(alice::headerSubtitle)).startsWith("You are offline");
                assertThat(rowNames(alice)).as("the rooms stay while the connection is down").contains("#rust", "#go");

                desk.restartServer();
                bob.await("reconnected:");
                Gui.until("alice back", () -> alice.model().status().canSend());
                // The client core joined both again: whoever came back first made #rust anew.
                Gui.until("#rust with both again", () -> rust.isJoined()
                        && java.util.Set.copyOf(alice.memberRows()).equals(java.util.Set.of("alice", "bob")));
                Gui.until("#go again, alice its operator", () -> go.isJoined() && go.isOperator("alice"));
                assertThat(Gui.edt(() -> alice.model().selected())).as("still in front").isSameAs(rust);
                assertThat(texts(rust)).as("the same conversation").contains("before the drop");
                assertThat(Gui.edt(alice::sendBlockedShown)).isFalse();
                bob.say("#rust", "after the drop");
                Gui.until("bob's line after", () -> "after the drop".equals(rust.last().text()));
                send(alice, "welcome back");
                assertThat(bob.await("msg:")).isEqualTo("msg:#rust:alice:welcome back");
            }

            // Another start of the same user: the rooms are joined again, Everyone is in front.
            assertThat(prefs.rooms("127.0.0.1", desk.port(), "alice")).containsExactly("#rust", "#go");
            desk.quit(alice);
            ChatWindow again = desk.login("alice", prefs);
            Gui.until("both rooms joined at the start", () -> again.model().joinedRooms().equals(List.of("#rust", "#go")));
            assertThat(Gui.edt(() -> again.model().selected().isEveryone())).isTrue();
            assertThat(rowNames(again)).containsExactly("Everyone", "#go", "#rust");

            // Leaving forgets; a kick would too.
            Gui.run(() -> again.leaveRoom(again.model().room("#go")));
            Gui.until("#go left", () -> again.model().joinedRooms().equals(List.of("#rust")));
            assertThat(prefs.rooms("127.0.0.1", desk.port(), "alice")).containsExactly("#rust");
        }
    }

    @Test
    void theReconnectButtonJoinsTheRoomsAgain() throws Exception {
        try (Desk desk = new Desk().withPolicy(Desk.FAST.withMaxAttempts(2))) {
            ChatWindow alice = desk.login("alice");
            Conversation rust = join(alice, "#rust");
            desk.stopServer();
            Gui.until("offline", () -> alice.model().status().state() == ConnectionStatus.State.OFFLINE);
            desk.restartServer();
            Gui.run(() -> alice.reconnectButton().doClick());
            Gui.until("connected again", () -> alice.model().status().canSend());
            Gui.until("#rust joined by the new login", () -> rust.isJoined() && alice.memberRows().equals(List.of("alice")));
            assertThat(Gui.edt(() -> alice.model().selected())).isSameAs(rust);
            try (Peer bob = Peer.login(desk, "bob")) {
                bob.client.joinRoom("#rust");
                assertThat(bob.await("joined:")).as("alice is in it, made it anew").isEqualTo("joined:#rust:@alice,bob");
            }
        }
    }

    /** Logs a window in to a scripted server that offers {@code caps}; returns the server's side. */
    private static FakeServer.Peer loginToFake(DesktopApp app, FakeServer fake, String caps) throws Exception {
        Desk.submit(app, "127.0.0.1", fake.port(), "alice");
        FakeServer.Peer server = fake.accept().expectLogin("alice");
        server.send("CAP|LS|" + caps, "CAP|ACK|presence", "WELCOME|Welcome alice", "USERS|alice");
        String req = server.takeStartingWith("CAP|REQ|");
        server.send("CAP|ACK|" + req.substring("CAP|REQ|".length()));
        Gui.until("the window, connected", () -> app.window() != null && app.window().model().status().canSend());
        return server;
    }

    @Test
    void whatTheServerAnswersToAJoinIsShownInTheDialog() throws Exception {
        try (Desk desk = new Desk(); FakeServer fake = new FakeServer()) {
            DesktopApp app = desk.start();
            FakeServer.Peer server = loginToFake(app, fake, "presence,heartbeat,rooms");
            ChatWindow alice = Gui.edt(app::window);

            // A name the server refuses (its rule may be stricter than ours): its words, in the dialog.
            JoinRoomDialog d = joinFromDialog(alice, "#x");
            assertThat(server.take()).isEqualTo("JOIN|#x");
            String ping = server.takeStartingWith("PING|");
            Gui.until("waiting for the answer", () -> !d.joinButton().isEnabled());
            server.send("ERROR|Invalid room name", "PONG|" + ping.substring("PING|".length()));
            Gui.until("the refusal shown", () -> d.errorText() != null);
            assertThat(Gui.edt(d::errorText)).isEqualTo("The server refused the name \u201c#x\u201d: Invalid room name.");
            assertThat(Gui.edt(d::isShowing)).isTrue();
            assertThat(Gui.edt(() -> d.joinButton().isEnabled())).as("ready to try again").isTrue();
            assertThat(Gui.edt(() -> alice.model().everyone().messages())).as("not a stray note").isEmpty();

            // A join answered with nothing at all: the barrier behind it tells.
            Gui.run(() -> d.nameField().setText("#y"));
            assertThat(Gui.press(d.nameField(), KeyEvent.VK_ENTER, 0)).isTrue();
            assertThat(server.take()).isEqualTo("JOIN|#y");
            ping = server.takeStartingWith("PING|");
            server.send("PONG|" + ping.substring("PING|".length()));
            Gui.until("no answer shown", () -> "The server did not answer the join.".equals(d.errorText()));

            // The answer it should give: the room, opened, and the dialog gone.
            Gui.run(() -> d.nameField().setText("#z"));
            assertThat(Gui.press(d.nameField(), KeyEvent.VK_ENTER, 0)).isTrue();
            assertThat(server.take()).isEqualTo("JOIN|#z");
            ping = server.takeStartingWith("PING|");
            server.send("USERS|#z|@alice", "PONG|" + ping.substring("PING|".length()));
            Gui.until("#z open", () -> alice.model().selected().name().equals("#z") && !d.isShowing());
        }
    }

    @Test
    void aServerWithoutRoomsIsSaidSoAndNothingIsSent() throws Exception {
        try (Desk desk = new Desk(); FakeServer fake = new FakeServer()) {
            DesktopApp app = desk.start();
            FakeServer.Peer server = loginToFake(app, fake, "presence,heartbeat");
            ChatWindow alice = Gui.edt(app::window);
            JoinRoomDialog d = joinFromDialog(alice, "#rust");
            Gui.until("said so", () -> d.errorText() != null);
            assertThat(Gui.edt(d::errorText)).startsWith("This server does not offer rooms");
            // The next line the server gets is a message sent after it: no JOIN went before it.
            Gui.run(() -> d.setVisible(false));
            send(alice, "still here");
            assertThat(server.take()).isEqualTo("ALL|still here");
        }
    }

    @Test
    void joiningARoomAlreadyOpenOrTheLobbyOpensItWithoutAsking() throws Exception {
        try (Desk desk = new Desk()) {
            ChatWindow alice = desk.login("alice");
            Conversation go = join(alice, "#go");
            Gui.run(() -> alice.open(alice.model().everyone()));
            join(alice, "#GO");
            assertThat(Gui.edt(() -> alice.model().selected())).isSameAs(go);
            JoinRoomDialog d = joinFromDialog(alice, "#lobby");
            Gui.until("Everyone open", () -> alice.model().selected().isEveryone() && !d.isShowing());
            assertThat(Gui.edt(() -> alice.model().rooms())).containsExactly(go);
        }
    }
}
