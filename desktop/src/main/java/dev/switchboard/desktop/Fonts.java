package dev.switchboard.desktop;

import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.font.TextAttribute;
import java.awt.font.TextLayout;
import java.io.IOException;
import java.io.InputStream;
import java.text.AttributedString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fonts for what the UI font cannot draw. Emoji come from Noto Emoji, a monochrome outline font
 * shipped in this jar ({@code fonts/} beside this class, SIL Open Font License 1.1, see its
 * {@code OFL.txt}): Java2D draws no colour emoji fonts (CBDT, COLR), and many systems have no
 * emoji font at all, where emoji were empty boxes. Other characters the UI font lacks fall back to
 * the logical Dialog font, which spans every font the system has. The shipped font comes first
 * for emoji, so they look the same on every system.
 */
final class Fonts {
    private Fonts() {}

    private static final Logger log = LoggerFactory.getLogger(Fonts.class);

    /** The family name of the shipped emoji font, for styled text (the message box). */
    static final String EMOJI_FAMILY = "Noto Emoji";

    private static final String EMOJI_RESOURCE = "fonts/NotoEmoji-Regular.ttf";

    /** Loaded on first use, once per JVM; the JVM's class initialisation makes that thread-safe. */
    private static final class Shipped {
        static final Font EMOJI = load();
    }

    /** The shipped emoji font at size 1, or null when it could not be loaded (then emoji fall back to Dialog). */
    static Font emoji() {
        return Shipped.EMOJI;
    }

    private static Font load() {
        try (InputStream in = Fonts.class.getResourceAsStream(EMOJI_RESOURCE)) {
            if (in == null) {
                log.warn("the emoji font {} is missing from the jar; emoji fall back to the system's fonts", EMOJI_RESOURCE);
                return null;
            }
            Font f = Font.createFont(Font.TRUETYPE_FONT, in);
            // Registered, so that styled text can name it by family (StyleConstants.FontFamily).
            GraphicsEnvironment.getLocalGraphicsEnvironment().registerFont(f);
            return f;
        } catch (IOException | FontFormatException e) {
            log.warn("could not load the emoji font {}; emoji fall back to the system's fonts: {}", EMOJI_RESOURCE, e.toString());
            return null;
        }
    }

    /**
     * Whether {@code cp} is part of the emoji before it although it draws nothing alone: the zero
     * width joiner of a sequence (👩‍💻), variation selectors, skin tones, the keycap, tag characters.
     * Kept in the emoji's run, the font can draw the sequence as one glyph.
     */
    static boolean joinsEmoji(int cp) {
        return cp == 0x200D || cp == 0xFE0E || cp == 0xFE0F || cp == 0x20E3
                || (cp >= 0x1F3FB && cp <= 0x1F3FF) || (cp >= 0xE0020 && cp <= 0xE007F);
    }

    /**
     * Whether the shipped emoji font should draw the code point at {@code i} of {@code text}: one
     * that {@code base} cannot draw, or one that asks for emoji presentation (followed by U+FE0F,
     * as in ❤️, which text fonts also have) and that the emoji font has.
     */
    static boolean isEmoji(String text, int i, Font base) {
        Font e = emoji();
        int cp = text.codePointAt(i);
        if (e == null || !e.canDisplay(cp)) {
            return false;
        }
        int next = i + Character.charCount(cp);
        return !base.canDisplay(cp) || (next < text.length() && text.codePointAt(next) == 0xFE0F);
    }

    /**
     * {@code text} in {@code font}, with each run of characters the font cannot draw set in the
     * shipped emoji font where it has them, else in Dialog.
     */
    static AttributedString withFallback(String text, Font font) {
        AttributedString as = new AttributedString(text);
        if (text.isEmpty()) {
            return as;
        }
        as.addAttribute(TextAttribute.FONT, font);
        if (font.canDisplayUpTo(text) < 0 && text.indexOf('\ufe0f') < 0) {
            return as;
        }
        Font emoji = emoji() == null ? null : emoji().deriveFont(font.getStyle(), font.getSize2D());
        Font dialog = new Font(Font.DIALOG, font.getStyle(), 1).deriveFont(font.getSize2D());
        int runStart = 0;
        Font runFont = font;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            Font f;
            if (runFont == emoji && emoji != null && joinsEmoji(cp)) {
                f = emoji;
            } else if (emoji != null && isEmoji(text, i, font)) {
                f = emoji;
            } else if (font.canDisplay(cp)) {
                f = font;
            } else if (dialog.canDisplay(cp)) {
                f = dialog;
            } else {
                f = font;
            }
            if (f != runFont) {
                if (runFont != font) {
                    as.addAttribute(TextAttribute.FONT, runFont, runStart, i);
                }
                runStart = i;
                runFont = f;
            }
            i += Character.charCount(cp);
        }
        if (runFont != font) {
            as.addAttribute(TextAttribute.FONT, runFont, runStart, text.length());
        }
        return as;
    }

    /** Draws {@code text} in the graphics' font at ({@code x}, {@code y}), with fallback fonts where it needs them. */
    static void draw(Graphics2D g, String text, float x, float y) {
        if (text.isEmpty()) {
            return;
        }
        Font f = g.getFont();
        if (f.canDisplayUpTo(text) < 0 && text.indexOf('\ufe0f') < 0) {
            g.drawString(text, x, y);
        } else {
            g.drawString(withFallback(text, f).getIterator(), x, y);
        }
    }

    /** The width {@link #draw} gives {@code text} in {@code fm}'s font. */
    static int width(FontMetrics fm, String text) {
        if (text.isEmpty() || (fm.getFont().canDisplayUpTo(text) < 0 && text.indexOf('\ufe0f') < 0)) {
            return fm.stringWidth(text);
        }
        TextLayout tl = new TextLayout(withFallback(text, fm.getFont()).getIterator(), fm.getFontRenderContext());
        return (int) Math.ceil(tl.getAdvance());
    }
}
