package dev.switchboard.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.ChatClient;
import dev.switchboard.client.ChatListener;
import dev.switchboard.client.ClientConfig;
import dev.switchboard.client.LoginOutcome;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.event.InputEvent;
import java.awt.event.KeyEvent;
import java.util.List;
import javax.swing.JList;
import javax.swing.JMenu;
import javax.swing.JMenuItem;
import javax.swing.KeyStroke;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Two real desktop clients against a real server: chat, presence, keyboard. */
class ChatWindowTest {

    private static void type(ChatWindow w, String text) {
        Gui.run(() -> w.input().setText(text));
    }

    private static void enter(ChatWindow w) {
        assertThat(Gui.press(w.input(), KeyEvent.VK_ENTER, 0)).as("Enter is bound").isTrue();
    }

    private static List<String> texts(Conversation c) {
        return Gui.edt(() -> c.messages().stream().map(ChatMessage::text).toList());
    }

    @Test
    void twoClientsChatBothWaysWithUnreadCounts() throws Exception {
        try (Desk desk = new Desk()) {
            ChatWindow alice = desk.login("alice");
            ChatWindow bob = desk.login("bob");
            Gui.until("alice sees bob online", () -> alice.model().contact("bob") != null
                    && alice.model().contact("bob").isOnline());
            Gui.until("bob sees alice online", () -> bob.model().contact("alice") != null
                    && bob.model().contact("alice").isOnline());

            // alice opens bob's conversation and writes; Shift+Enter makes a second line, Enter sends both.
            Gui.run(() -> alice.open(alice.model().contact("bob")));
            type(alice, "hi bob");
            assertThat(Gui.press(alice.input(), KeyEvent.VK_ENTER, InputEvent.SHIFT_DOWN_MASK)).isTrue();
            assertThat(Gui.edt(() -> alice.input().getText())).isEqualTo("hi bob\n");
            Gui.run(() -> alice.input().replaceSelection("how are you?"));
            enter(alice);
            assertThat(Gui.edt(() -> alice.input().getText())).as("input cleared after sending").isEmpty();
            assertThat(texts(alice.model().contact("bob"))).containsExactly("hi bob", "how are you?");

            // bob has Everyone in front: alice's conversation counts two unread, shown in the title.
            Gui.until("bob got both lines", () -> bob.model().contact("alice").messages().size() == 2);
            assertThat(Gui.edt(() -> bob.model().contact("alice").unread())).isEqualTo(2);
            assertThat(Gui.edt(bob::getTitle)).startsWith("(2) ");
            ChatMessage first = Gui.edt(() -> bob.model().contact("alice").messages().get(0));
            assertThat(first.sender()).isEqualTo("alice");
            assertThat(first.isOwn()).isFalse();
            Gui.until("bob was notified", () -> bob.notifier().notices() >= 1);

            // bob opens it (read), answers; alice has it in front, so nothing is unread for her.
            Gui.run(() -> bob.open(bob.model().contact("alice")));
            assertThat(Gui.edt(() -> bob.model().totalUnread())).isZero();
            assertThat(Gui.edt(bob::getTitle)).doesNotStartWith("(");
            type(bob, "fine, thanks");
            Gui.run(() -> bob.sendButton().doClick());
            Gui.until("alice got the answer", () -> alice.model().contact("bob").messages().size() == 3);
            ChatMessage answer = Gui.edt(() -> alice.model().contact("bob").last());
            assertThat(answer.text()).isEqualTo("fine, thanks");
            assertThat(answer.sender()).isEqualTo("bob");
            assertThat(Gui.edt(() -> alice.model().contact("bob").unread())).isZero();
            assertThat(Gui.edt(() -> bob.model().contact("alice").last().isOwn())).isTrue();

            // The Everyone room carries ALL messages.
            Gui.run(() -> bob.open(bob.model().everyone()));
            type(bob, "hello everyone");
            enter(bob);
            Gui.until("alice got the room message", () -> alice.model().everyone().messages().size() == 1);
            assertThat(Gui.edt(() -> alice.model().everyone().last().sender())).isEqualTo("bob");
            assertThat(Gui.edt(() -> alice.model().everyone().unread())).isEqualTo(1);
        }
    }

    @Test
    void contactListFollowsJoinsAndLeavesAndKeepsConversations() throws Exception {
        try (Desk desk = new Desk()) {
            ChatWindow alice = desk.login("alice");
            ChatClient carol = new ChatClient(ClientConfig.of("127.0.0.1", desk.port(), "carol"), new ChatListener() {});
            ChatClient dave = new ChatClient(ClientConfig.of("127.0.0.1", desk.port(), "dave"), new ChatListener() {});
            try {
                assertThat(carol.connect().get(10, TimeUnit.SECONDS)).isInstanceOf(LoginOutcome.LoggedIn.class);
                assertThat(dave.connect().get(10, TimeUnit.SECONDS)).isInstanceOf(LoginOutcome.LoggedIn.class);
                Gui.until("carol and dave listed", () -> alice.contactRows().stream().map(Conversation::name).toList()
                        .containsAll(List.of("Everyone", "carol", "dave")));
                assertThat(Gui.edt(() -> alice.contactRows().get(0).isEveryone())).isTrue();

                // carol writes, then leaves: her conversation stays, marked offline.
                carol.sendPrivate("alice", "bye for now");
                Gui.until("carol's message", () -> alice.model().contact("carol") != null
                        && alice.model().contact("carol").messages().size() == 1);
                carol.close();
                dave.close();
                Gui.until("carol offline, dave gone", () -> {
                    Conversation c = alice.model().contact("carol");
                    return c != null && !c.isOnline() && alice.model().contact("dave") == null;
                });
                assertThat(Gui.edt(() -> alice.contactRows().stream().map(Conversation::name).toList()))
                        .containsExactly("Everyone", "carol");
                assertThat(texts(alice.model().contact("carol"))).containsExactly("bye for now", "carol went offline");

                // A message to the offline contact is marked as not delivered.
                Gui.run(() -> alice.open(alice.model().contact("carol")));
                type(alice, "are you there?");
                enter(alice);
                Gui.until("failure marked", () -> "carol is not online".equals(
                        alice.model().contact("carol").last().failure()));

                // carol comes back: the same conversation resumes.
                ChatClient carol2 = new ChatClient(ClientConfig.of("127.0.0.1", desk.port(), "carol"), new ChatListener() {});
                try {
                    assertThat(carol2.connect().get(10, TimeUnit.SECONDS)).isInstanceOf(LoginOutcome.LoggedIn.class);
                    Gui.until("carol back online", () -> alice.model().contact("carol").isOnline());
                    assertThat(texts(alice.model().contact("carol"))).startsWith("bye for now").endsWith("carol is back online");
                } finally {
                    carol2.close();
                }
            } finally {
                carol.close();
                dave.close();
            }
        }
    }

    @Test
    void keyboardSwitchesAndSearchFiltersConversations() throws Exception {
        try (Desk desk = new Desk()) {
            ChatWindow alice = desk.login("alice");
            desk.login("bob");
            desk.login("bert");
            Gui.until("three rows", () -> alice.contactRows().size() == 3);
            assertThat(Gui.edt(() -> alice.model().selected().isEveryone())).isTrue();

            assertThat(Gui.press(alice.input(), KeyEvent.VK_TAB, InputEvent.CTRL_DOWN_MASK)).isTrue();
            assertThat(Gui.edt(() -> alice.model().selected().name())).isEqualTo("bert");
            Gui.press(alice.input(), KeyEvent.VK_TAB, InputEvent.CTRL_DOWN_MASK);
            assertThat(Gui.edt(() -> alice.model().selected().name())).isEqualTo("bob");
            Gui.press(alice.input(), KeyEvent.VK_TAB, InputEvent.CTRL_DOWN_MASK | InputEvent.SHIFT_DOWN_MASK);
            assertThat(Gui.edt(() -> alice.model().selected().name())).isEqualTo("bert");
            Gui.press(alice.input(), KeyEvent.VK_TAB, InputEvent.CTRL_DOWN_MASK);
            Gui.press(alice.input(), KeyEvent.VK_TAB, InputEvent.CTRL_DOWN_MASK);
            assertThat(Gui.edt(() -> alice.model().selected().isEveryone())).as("wraps around").isTrue();

            // Ctrl+K goes to the search field; typing filters; Enter opens the first match.
            assertThat(Gui.press(alice.input(), KeyEvent.VK_K, InputEvent.CTRL_DOWN_MASK)).isTrue();
            Gui.run(() -> alice.search().setText("bo"));
            assertThat(Gui.edt(() -> alice.contactRows().stream().map(Conversation::name).toList()))
                    .containsExactly("bob");
            Gui.run(() -> alice.search().postActionEvent());
            assertThat(Gui.edt(() -> alice.model().selected().name())).isEqualTo("bob");
            assertThat(Gui.edt(() -> alice.contactRows().size())).as("filter cleared").isEqualTo(3);
        }
    }

    @Test
    void typingWhileTheContactListHasTheFocusGoesToTheMessageBox() throws Exception {
        try (Desk desk = new Desk()) {
            ChatWindow alice = desk.login("alice");
            desk.login("bob");
            desk.login("bert");
            Gui.until("three rows", () -> alice.contactRows().size() == 3);
            @SuppressWarnings("unchecked")
            JList<Conversation> list = Gui.edt(() -> Gui.find(alice.getContentPane(), "contacts", JList.class));

            // Click bob's row with the real mouse: his conversation opens, the list has the focus.
            Gui.run(alice::toFront); // the other two windows opened on top of it
            Gui.robot().waitForIdle();
            clickRow(list, "bob");
            Gui.until("bob open", () -> alice.model().selected().name().equals("bob"));
            Gui.until("list focused", list::isFocusOwner);

            // Typing goes to the message box (a 'b' must not jump to bert as the list's own type-ahead would).
            java.awt.Robot robot = Gui.robot();
            for (int k : new int[] {KeyEvent.VK_B, KeyEvent.VK_Y, KeyEvent.VK_E}) {
                robot.keyPress(k);
                robot.keyRelease(k);
            }
            robot.waitForIdle();
            Gui.until("typed into the box", () -> alice.input().getText().equals("bye"));
            assertThat(Gui.edt(() -> alice.input().isFocusOwner())).isTrue();
            assertThat(Gui.edt(() -> alice.model().selected().name())).as("still bob's conversation").isEqualTo("bob");

            // Arrow keys still move in the list; Enter goes to the message box.
            clickRow(list, "bob");
            Gui.until("list focused again", list::isFocusOwner);
            robot.keyPress(KeyEvent.VK_UP);
            robot.keyRelease(KeyEvent.VK_UP);
            robot.waitForIdle();
            Gui.until("up opens the row above", () -> alice.model().selected().name().equals("bert"));
            assertThat(Gui.edt(list::isFocusOwner)).isTrue();
            robot.keyPress(KeyEvent.VK_ENTER);
            robot.keyRelease(KeyEvent.VK_ENTER);
            robot.waitForIdle();
            Gui.until("Enter focuses the box", () -> alice.input().isFocusOwner());
            assertThat(Gui.edt(() -> alice.input().getText())).as("the draft stays").isEqualTo("bye");
        }
    }

    private static void clickRow(JList<Conversation> list, String name) {
        Point p = Gui.edt(() -> {
            int i = -1;
            for (int k = 0; k < list.getModel().getSize(); k++) {
                if (list.getModel().getElementAt(k).name().equals(name)) {
                    i = k;
                }
            }
            Rectangle r = list.getCellBounds(i, i);
            Point at = list.getLocationOnScreen();
            return new Point(at.x + r.x + r.width / 2, at.y + r.y + r.height / 2);
        });
        java.awt.Robot robot = Gui.robot();
        robot.mouseMove(p.x, p.y);
        robot.mousePress(InputEvent.BUTTON1_DOWN_MASK);
        robot.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
        robot.waitForIdle();
    }

    @Test
    void aTooLongMessageSaysTheLimitAndKeepsTheWholeDraft() throws Exception {
        try (Desk desk = new Desk()) {
            ChatWindow alice = desk.login("alice");
            ChatWindow bob = desk.login("bob");
            Gui.until("bob listed", () -> alice.model().contact("bob") != null);
            Gui.run(() -> alice.open(alice.model().contact("bob")));

            // A short first line and a pasted second line over the server's 64 KiB line limit.
            String draft = "here is the log:\n" + "x".repeat(70_000);
            Gui.run(() -> alice.input().setText(draft));
            enter(alice);
            String note = Gui.edt(alice::composerNoteText);
            assertThat(note).as("says the limit").contains("65,532 bytes").contains("70,000");
            assertThat(Gui.edt(() -> alice.input().getText())).as("the draft stays, all of it").isEqualTo(draft);
            assertThat(Gui.edt(() -> alice.model().contact("bob").messages())).as("nothing sent, not even line 1").isEmpty();

            // Cut to size, it goes.
            Gui.run(() -> alice.input().setText("here is the log:\n" + "x".repeat(65_532)));
            enter(alice);
            Gui.until("bob got both lines", () -> bob.model().contact("alice") != null
                    && bob.model().contact("alice").messages().size() == 2);
            assertThat(Gui.edt(() -> alice.input().getText())).isEmpty();
        }
    }

    @Test
    void theViewMenuNamesTheTextSizeKeysAsTheyArePrinted() throws Exception {
        try (Desk desk = new Desk()) {
            ChatWindow alice = desk.login("alice");
            assertThat(Gui.edt(() -> shownShortcut(alice, "View", "Bigger text"))).isEqualTo("Ctrl+=");
            assertThat(Gui.edt(() -> shownShortcut(alice, "View", "Smaller text"))).isEqualTo("Ctrl+-");
            assertThat(Gui.edt(() -> shownShortcut(alice, "View", "Default text size"))).isEqualTo("Ctrl+0");
            assertThat(Gui.edt(() -> shownShortcut(alice, "Go", "Next conversation"))).isEqualTo("Ctrl+Tab");
            // After a theme change (every UI is installed anew) as well.
            Gui.run(() -> Themes.apply(Themes.DARK.id(), 0));
            assertThat(Gui.edt(() -> shownShortcut(alice, "View", "Bigger text"))).isEqualTo("Ctrl+=");
            Gui.run(() -> Themes.apply(Themes.LIGHT.id(), 0));
        }
    }

    /** The shortcut text FlatLaf paints next to a menu item (its renderer is not public). */
    private static String shownShortcut(ChatWindow w, String menu, String item) throws Exception {
        for (int i = 0; i < w.getJMenuBar().getMenuCount(); i++) {
            JMenu m = w.getJMenuBar().getMenu(i);
            if (!m.getText().equals(menu)) {
                continue;
            }
            for (int k = 0; k < m.getItemCount(); k++) {
                JMenuItem mi = m.getItem(k);
                if (mi != null && mi.getText().equals(item)) {
                    java.lang.reflect.Field f = com.formdev.flatlaf.ui.FlatMenuItemUI.class.getDeclaredField("renderer");
                    f.setAccessible(true);
                    Object renderer = f.get(mi.getUI());
                    java.lang.reflect.Method text = com.formdev.flatlaf.ui.FlatMenuItemRenderer.class
                            .getDeclaredMethod("getTextForAccelerator", KeyStroke.class);
                    text.setAccessible(true);
                    return (String) text.invoke(renderer, mi.getAccelerator());
                }
            }
        }
        throw new AssertionError("no item " + item + " in " + menu);
    }
}
