package dev.switchboard.desktop;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.font.FontRenderContext;
import java.awt.font.LineBreakMeasurer;
import java.awt.font.TextLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * Text painted by hand that must fit a width: broken into lines at word boundaries (inside a word
 * when one word is wider than the width), with fallback fonts for what the font lacks, in either
 * direction.
 */
final class TextWrap {
    private TextWrap() {}

    /** {@code text} in {@code font} as lines no wider than {@code width}. */
    static List<TextLayout> lines(String text, Font font, FontRenderContext frc, float width) {
        List<TextLayout> out = new ArrayList<>();
        if (text.isEmpty()) {
            return out;
        }
        LineBreakMeasurer lbm = new LineBreakMeasurer(Fonts.withFallback(text, font).getIterator(), frc);
        float w = Math.max(width, 1);
        while (lbm.getPosition() < text.length()) {
            out.add(lbm.nextLayout(w));
        }
        return out;
    }

    /** The characters of each line {@link #lines} makes, for tests and screen readers. */
    static List<String> texts(String text, Font font, FontRenderContext frc, float width) {
        List<String> out = new ArrayList<>();
        if (text.isEmpty()) {
            return out;
        }
        LineBreakMeasurer lbm = new LineBreakMeasurer(Fonts.withFallback(text, font).getIterator(), frc);
        float w = Math.max(width, 1);
        while (lbm.getPosition() < text.length()) {
            int from = lbm.getPosition();
            lbm.nextLayout(w);
            out.add(text.substring(from, lbm.getPosition()));
        }
        return out;
    }

    /** Draws {@code lines} one under the other, each centred in {@code width}, from {@code top}; returns the y below them. */
    static float drawCentred(Graphics2D g, List<TextLayout> lines, int width, float top) {
        float y = top;
        for (TextLayout tl : lines) {
            y += tl.getAscent();
            tl.draw(g, (width - tl.getVisibleAdvance()) / 2f, y);
            y += tl.getDescent() + tl.getLeading();
        }
        return y;
    }
}
