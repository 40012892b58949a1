package dev.switchboard.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.event.InputEvent;
import java.awt.event.KeyEvent;
import java.awt.image.BufferedImage;
import java.time.Duration;
import javax.swing.JComponent;
import javax.swing.text.JTextComponent;
import org.junit.jupiter.api.Test;

/**
 * Typing into a fresh window as a person does: the real mouse puts the focus in the message box,
 * then right-to-left scripts, mixed direction, emoji and input-method text arrive on the event
 * queue the way the keyboard and input methods deliver them.
 */
class TypingTest {

    /** Longer than any honest keystroke takes, even on a starved machine; a frozen EDT never answers. */
    private static final Duration KEYSTROKE_LIMIT = Duration.ofSeconds(10);

    @Test
    void rightToLeftMixedAndEmojiTypedIntoAFreshWindowJustWork() throws Exception {
        try (Gui.UncaughtErrors uncaught = new Gui.UncaughtErrors(); Desk desk = new Desk()) {
            ChatWindow bob = desk.login("bob");
            ChatWindow alice = desk.login("alice");
            Gui.until("bob listed", () -> alice.model().contact("bob") != null && alice.model().contact("bob").isOnline());
            JTextComponent input = Gui.edt(alice::input);
            Gui.click(input);
            Gui.until("message box focused", input::isFocusOwner);

            String expected;
            EdtWatchdog watchdog = new EdtWatchdog();
            try {
                // The steps: "ok " from real keys, then Hebrew.
                java.awt.Robot robot = Gui.robot();
                for (int k : new int[] {KeyEvent.VK_O, KeyEvent.VK_K, KeyEvent.VK_SPACE}) {
                    robot.keyPress(k);
                    robot.keyRelease(k);
                }
                robot.waitForIdle();
                expectText(input, "ok ");
                Gui.typeKeys(input, "\u05e9\u05dc\u05d5\u05dd");
                expectText(input, "ok \u05e9\u05dc\u05d5\u05dd");

                // Arabic, digits and Latin inside right-to-left text, one key at a time.
                String mixed = " \u0645\u0631\u062d\u0628\u0627 world 123 \u05e2\u05d5\u05dc\u05dd.";
                Gui.typeKeys(input, mixed);
                expected = "ok \u05e9\u05dc\u05d5\u05dd" + mixed;
                expectText(input, expected);

                // Emoji come from an input method (or the emoji picker) as committed text.
                String emoji = " \ud83d\udc4d\ud83c\udffd\ud83c\udf89 \ud83d\udc69\u200d\ud83d\udcbb";
                Gui.commit(input, emoji);
                expected += emoji;
                expectText(input, expected);

                // An input method composing Hebrew shows uncommitted text, then commits it.
                Gui.compose(input, " \u05ea\u05d5");
                Gui.commit(input, " \u05ea\u05d5\u05d3\u05d4");
                expected += " \u05ea\u05d5\u05d3\u05d4";
                expectText(input, expected);

                // Backspace over right-to-left text.
                Gui.key(input, KeyEvent.VK_BACK_SPACE, 0);
                expected = expected.substring(0, expected.length() - 1);
                expectText(input, expected);

                // A second line long enough to wrap, mixed direction: the box grows with it.
                int oneLine = Gui.within(KEYSTROKE_LIMIT, "box height", () -> inputBox(alice).getHeight());
                Gui.key(input, KeyEvent.VK_ENTER, InputEvent.SHIFT_DOWN_MASK);
                String wrap = "\u05d6\u05d5 \u05e9\u05d5\u05e8\u05d4 \u05d0\u05e8\u05d5\u05db\u05d4 with English words "
                        + "\u0648\u0643\u0644\u0645\u0627\u062a \u0639\u0631\u0628\u064a\u0629 and more words to wrap "
                        + "\u05e2\u05d5\u05d3 \u05d5\u05e2\u05d5\u05d3 \u05d5\u05e2\u05d5\u05d3 until the line is full.";
                Gui.typeKeys(input, wrap);
                expected += "\n" + wrap;
                expectText(input, expected);
                Gui.until("the box grew with the wrapped lines", () -> inputBox(alice).getHeight() > oneLine);

                // The window still paints (the freeze showed as a window that never repainted).
                Gui.within(KEYSTROKE_LIMIT, "paint", () -> {
                    JComponent root = alice.getRootPane();
                    BufferedImage img = new BufferedImage(root.getWidth(), root.getHeight(), BufferedImage.TYPE_INT_RGB);
                    var g = img.createGraphics();
                    root.paint(g);
                    g.dispose();
                    return null;
                });

                // Enter sends both lines, each as it was typed.
                Gui.key(input, KeyEvent.VK_ENTER, 0);
                expectText(input, "");
            } finally {
                watchdog.stop();
            }
            String[] lines = expected.split("\n");
            Gui.until("bob got both lines", () -> bob.model().everyone().messages().size() == 2);
            assertThat(Gui.edt(() -> bob.model().everyone().messages().stream().map(ChatMessage::text).toList()))
                    .containsExactly(lines[0], lines[1]);

            System.out.println("EDT while typing right-to-left text: " + watchdog.report());
            assertThat(uncaught.errors()).as("exceptions thrown on the EDT while typing").isEmpty();
            // Generous: the first glyphs of a script load their fallback font on the EDT; a freeze never ends.
            assertThat(watchdog.worstStallMillis()).as("longest EDT stall while typing, ms (" + watchdog.report() + ")")
                    .isLessThan(1_000);
        }
    }

    private static void expectText(JTextComponent input, String expected) {
        String text = Gui.within(KEYSTROKE_LIMIT, "read the message box", input::getText);
        assertThat(text).isEqualTo(expected);
    }

    /** The scroll pane around the message box, whose height follows the text. */
    private static JComponent inputBox(ChatWindow w) {
        return (JComponent) w.input().getParent().getParent();
    }
}
