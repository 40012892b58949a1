package dev.switchboard.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.awt.font.TextAttribute;
import java.text.AttributedCharacterIterator;
import java.util.List;
import javax.swing.text.StyledDocument;
import org.junit.jupiter.api.Test;

/**
 * Emoji are drawn, not empty boxes, whatever fonts the system has: in the bubbles and every
 * painted line (one fallback for all), and in the message box.
 */
class EmojiTest {

    private static final FontRenderContext FRC = new FontRenderContext(null, true, true);

    /** Thumbs up with a skin tone, party popper, red heart with VS16, a ZWJ sequence, a flag. */
    private static final List<String> EMOJI = List.of("\ud83d\udc4d\ud83c\udffd", "\ud83c\udf89", "\u2764\ufe0f",
            "\ud83d\udc69\u200d\ud83d\udcbb", "\ud83c\uddee\ud83c\uddf1");

    @Test
    void everyEmojiIsSetInAFontThatHasItsGlyph() {
        Gui.requireDisplay();
        Font ui = Gui.edt(() -> {
            Themes.apply(Themes.LIGHT.id(), 0);
            return Palette.font(Font.PLAIN, 0.5f);
        });
        for (String e : EMOJI) {
            String text = "ok " + e + " \u05e9\u05dc\u05d5\u05dd";
            AttributedCharacterIterator it = Fonts.withFallback(text, ui).getIterator();
            for (int i = 3; i < 3 + e.length(); ) {
                int cp = text.codePointAt(i);
                it.setIndex(i);
                Font f = (Font) it.getAttribute(TextAttribute.FONT);
                if (!Fonts.joinsEmoji(cp) && !(cp >= 0x1F1E6 && cp <= 0x1F1FF)) {
                    assertThat(f.canDisplay(cp)).as("%s (U+%X) is set in %s, which can draw it", e, cp, f.getFontName())
                            .isTrue();
                    assertThat(drawsAGlyph(f, text.substring(i, i + Character.charCount(cp))))
                            .as("%s (U+%X) in %s is no missing-glyph box", e, cp, f.getFontName()).isTrue();
                }
                assertThat(f.getFamily()).as("U+%X of %s comes from the shipped emoji font", cp, e).isEqualTo(Fonts.EMOJI_FAMILY);
                i += Character.charCount(cp);
            }
            it.setIndex(0);
            assertThat(it.getAttribute(TextAttribute.FONT)).as("the rest stays in the UI font").isEqualTo(ui);
        }
    }

    @Test
    void emojiTypedIntoTheMessageBoxAreSetInTheEmojiFont() throws Exception {
        try (Desk desk = new Desk()) {
            ChatWindow alice = desk.login("alice");
            MessageBox input = Gui.edt(alice::input);
            Gui.run(input::requestFocusInWindow);
            Gui.typeKeys(input, "ok ");
            Gui.commit(input, "\ud83d\udc4d\ud83c\udffd\ud83c\udf89");
            Gui.typeKeys(input, " fine");
            Gui.until("typed", () -> input.getText().equals("ok \ud83d\udc4d\ud83c\udffd\ud83c\udf89 fine"));
            Gui.run(() -> {
                assertThat(input.getDocument()).as("a document that can set runs in their own font")
                        .isInstanceOf(StyledDocument.class);
                StyledDocument doc = (StyledDocument) input.getDocument();
                for (int offset : new int[] {3, 5, 7}) {
                    Font f = doc.getFont(doc.getCharacterElement(offset).getAttributes());
                    String ch = input.getText().substring(offset, offset + 2);
                    assertThat(f.getFamily()).as("font at %d", offset).isEqualTo(Fonts.EMOJI_FAMILY);
                    assertThat(f.getSize()).as("the box's size").isEqualTo(input.getFont().getSize());
                    assertThat(drawsAGlyph(f, ch)).as("glyph at %d", offset).isTrue();
                }
                Font after = doc.getFont(doc.getCharacterElement(10).getAttributes());
                assertThat(after.getFamily()).as("text typed after an emoji is in the box's font again")
                        .isEqualTo(input.getFont().getFamily());
            });
        }
    }

    private static boolean drawsAGlyph(Font f, String s) {
        var gv = f.deriveFont(20f).createGlyphVector(FRC, s);
        for (int i = 0; i < gv.getNumGlyphs(); i++) {
            if (gv.getGlyphCode(i) == f.getMissingGlyphCode()) {
                return false;
            }
        }
        return gv.getNumGlyphs() > 0;
    }
}
