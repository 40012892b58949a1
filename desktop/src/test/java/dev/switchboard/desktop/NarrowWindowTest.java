package dev.switchboard.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.event.InputEvent;
import java.awt.event.KeyEvent;
import org.junit.jupiter.api.Test;

/** A narrow window keeps room for the conversation: the contact list shrinks, then shows avatars only. */
class NarrowWindowTest {

    /** 31 characters: a name this long must wrap, not be cut off, in a narrow conversation. */
    private static final String LONG_NAME = "bartholomew.the.quick.brown.fox";

    @Test
    void aNarrowWindowCollapsesTheContactListAndWrapsTheEmptyConversation() throws Exception {
        try (Desk desk = new Desk()) {
            desk.login(LONG_NAME);
            ChatWindow alice = desk.login("alice");
            Gui.until("listed", () -> alice.model().contact(LONG_NAME) != null);
            Gui.run(() -> alice.open(alice.model().contact(LONG_NAME)));

            Gui.run(() -> alice.setSize(520, 420));
            Gui.until("520 px wide (was " + Gui.edt(alice::getWidth) + ")", () -> alice.getWidth() == 520);
            Gui.until("the list shows avatars only", () -> alice.compactSidebar() && alice.sidebarWidth() <= 100);
            Gui.until("the message box has room (" + Gui.edt(() -> alice.input().getWidth()) + " px)",
                    () -> alice.input().getWidth() >= 300);
            assertThat(Gui.edt(alice::emptyStateFits)).as("empty conversation text fits: " + Gui.edt(alice::emptyStateLines))
                    .isTrue();
            assertThat(Gui.edt(alice::emptyStateLines)).as("the long name wraps onto a line of its own").hasSizeGreaterThan(2);

            // Ctrl+K shows the list in full, to search by name; Esc goes back to the message box and avatars.
            Gui.run(alice::toFront);
            Gui.click(alice.input());
            Gui.until("box focused", () -> alice.input().isFocusOwner());
            assertThat(Gui.press(alice.input(), KeyEvent.VK_K, InputEvent.CTRL_DOWN_MASK)).isTrue();
            Gui.until("searching shows the names", () -> alice.search().isFocusOwner() && !alice.compactSidebar()
                    && alice.sidebarWidth() == ChatWindow.FULL_SIDEBAR);
            assertThat(Gui.press(alice.search(), KeyEvent.VK_ESCAPE, 0)).isTrue();
            Gui.until("avatars again", () -> alice.input().isFocusOwner() && alice.compactSidebar());

            // Between narrow and wide, the list shrinks instead of collapsing.
            Gui.run(() -> alice.setSize(800, 600));
            Gui.until("a narrower list with names", () -> !alice.compactSidebar()
                    && alice.sidebarWidth() > ChatWindow.NARROW_SIDEBAR && alice.sidebarWidth() < ChatWindow.FULL_SIDEBAR);
            Gui.run(() -> alice.setSize(1040, 700));
            Gui.until("the full list", () -> alice.sidebarWidth() == ChatWindow.FULL_SIDEBAR);
        }
    }

    @Test
    void inANarrowWindowARoomsMembersAreAPopoverAndTheConversationKeepsItsRoom() throws Exception {
        try (Desk desk = new Desk(); Peer bob = Peer.login(desk, "bob")) {
            bob.join("#rust");
            ChatWindow alice = desk.login("alice");
            Conversation rust = RoomsTest.join(alice, "#rust");
            Gui.until("both members", () -> alice.memberRows().size() == 2);
            Gui.run(() -> alice.setSize(1040, 700));
            Gui.until("the panel beside the room", () -> alice.getWidth() == 1040 && alice.membersPanelShown());
            int wide = Gui.edt(alice::messagesWidth);

            // Narrow: no panel (the conversation keeps its width), the button opens a popover.
            Gui.run(() -> alice.setSize(520, 420));
            Gui.until("520 px wide", () -> alice.getWidth() == 520 && alice.compactSidebar());
            Gui.until("no panel", () -> !alice.membersPanelShown());
            Gui.until("the message box has room (" + Gui.edt(() -> alice.input().getWidth()) + " px)",
                    () -> alice.input().getWidth() >= 300);
            assertThat(Gui.edt(() -> alice.membersButton().isShowing())).isTrue();
            Gui.run(() -> alice.membersButton().doClick());
            Gui.until("the popover", alice::membersPopoverShown);
            assertThat(Gui.edt(alice::memberRows)).containsExactly("bob", "alice");
            assertThat(Gui.edt(alice::membersPanelShown)).isFalse();
            Gui.run(() -> alice.membersButton().doClick());
            Gui.until("the popover closed", () -> !alice.membersPopoverShown());

            // Wide again: the panel is back, as the user left it; hidden by choice, it stays hidden.
            Gui.run(() -> alice.setSize(1040, 700));
            Gui.until("the panel again, the conversation as wide as before",
                    () -> alice.membersPanelShown() && alice.messagesWidth() == wide);
            assertThat(Gui.press(alice.input(), KeyEvent.VK_M, InputEvent.CTRL_DOWN_MASK | InputEvent.SHIFT_DOWN_MASK))
                    .as("Ctrl+Shift+M is bound").isTrue();
            Gui.until("hidden", () -> !alice.membersPanelShown());
            Gui.until("the conversation wider", () -> alice.messagesWidth() > wide);
            assertThat(Gui.edt(() -> alice.membersButton().isSelected())).isFalse();
            assertThat(Gui.edt(() -> rust.isJoined())).isTrue();
        }
    }
}
