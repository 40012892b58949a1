package dev.switchboard.desktop;

import com.formdev.flatlaf.FlatClientProperties;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.Insets;
import javax.swing.JTextPane;
import javax.swing.text.AttributeSet;
import javax.swing.text.BadLocationException;
import javax.swing.text.DefaultStyledDocument;
import javax.swing.text.DocumentFilter;
import javax.swing.text.Element;
import javax.swing.text.SimpleAttributeSet;
import javax.swing.text.StyleConstants;
import javax.swing.text.StyledDocument;

/**
 * The message box. A styled text pane rather than a text area, because a text area draws all its
 * text in one font, and emoji the UI font lacks were empty boxes there: a document filter sets
 * each run of emoji in the shipped emoji font's family ({@link Fonts}) and every other run in the
 * box's own font, whatever the caret's attributes were. The user never chooses fonts here. It
 * also paints the placeholder ({@link FlatClientProperties#PLACEHOLDER_TEXT}), which FlatLaf
 * paints for text fields only. EDT only.
 */
final class MessageBox extends JTextPane {

    MessageBox() {
        Fonts.emoji(); // loaded and registered before any run names its family
        DefaultStyledDocument doc = new DefaultStyledDocument();
        doc.setDocumentFilter(new EmojiRuns());
        setDocument(doc);
    }

    /** Lines wrap at the box's width; it never scrolls sideways. */
    @Override
    public boolean getScrollableTracksViewportWidth() {
        return true;
    }

    @Override
    protected void paintComponent(Graphics g0) {
        super.paintComponent(g0);
        Object placeholder = getClientProperty(FlatClientProperties.PLACEHOLDER_TEXT);
        if (getDocument().getLength() > 0 || !(placeholder instanceof String text) || text.isEmpty()) {
            return;
        }
        Graphics2D g = (Graphics2D) g0.create();
        try {
            Avatar.hints(g);
            Insets in = getInsets();
            g.setFont(getFont());
            FontMetrics fm = g.getFontMetrics();
            g.setColor(Palette.muted());
            String shown = ConversationCell.clip(text, fm, getWidth() - in.left - in.right);
            Fonts.draw(g, shown, in.left, in.top + fm.getAscent());
        } finally {
            g.dispose();
        }
    }

    /** Gives every inserted run of text the font it needs: the emoji font's family for emoji, the box's otherwise. */
    private final class EmojiRuns extends DocumentFilter {
        @Override
        public void insertString(FilterBypass fb, int offset, String text, AttributeSet attr) throws BadLocationException {
            insertRuns(fb, offset, text, attr);
        }

        @Override
        public void replace(FilterBypass fb, int offset, int length, String text, AttributeSet attrs)
                throws BadLocationException {
            if (length > 0) {
                fb.remove(offset, length);
            }
            if (text != null && !text.isEmpty()) {
                insertRuns(fb, offset, text, attrs);
            }
        }

        private void insertRuns(FilterBypass fb, int offset, String text, AttributeSet given) throws BadLocationException {
            StyledDocument doc = (StyledDocument) fb.getDocument();
            if (offset > 0 && Character.isLowSurrogate(text.charAt(0))
                    && Character.isHighSurrogate(doc.getText(offset - 1, 1).charAt(0))) {
                // The second half of a pair typed as its own key (input methods commit text that way
                // to a box with key listeners): judge the whole code point, with its first half.
                String high = doc.getText(offset - 1, 1);
                fb.remove(offset - 1, 1);
                insertRuns(fb, offset - 1, high + text, given);
                return;
            }
            Font base = getFont();
            boolean emoji = offset > 0 && isEmojiRun(doc, offset - 1);
            boolean runEmoji = emoji;
            int runStart = 0;
            for (int i = 0; i < text.length(); ) {
                int cp = text.codePointAt(i);
                emoji = (emoji && Fonts.joinsEmoji(cp)) || Fonts.isEmoji(text, i, base);
                if (i == 0) {
                    runEmoji = emoji;
                } else if (emoji != runEmoji) {
                    fb.insertString(offset + runStart, text.substring(runStart, i), attributes(given, runEmoji));
                    runStart = i;
                    runEmoji = emoji;
                }
                i += Character.charCount(cp);
            }
            fb.insertString(offset + runStart, text.substring(runStart), attributes(given, runEmoji));
        }

        private boolean isEmojiRun(StyledDocument doc, int offset) {
            Element e = doc.getCharacterElement(offset);
            return Fonts.EMOJI_FAMILY.equals(e.getAttributes().getAttribute(StyleConstants.FontFamily));
        }

        private AttributeSet attributes(AttributeSet given, boolean emoji) {
            SimpleAttributeSet a = given == null ? new SimpleAttributeSet() : new SimpleAttributeSet(given);
            if (emoji) {
                StyleConstants.setFontFamily(a, Fonts.EMOJI_FAMILY);
            } else {
                a.removeAttribute(StyleConstants.FontFamily);
            }
            return a;
        }
    }
}
