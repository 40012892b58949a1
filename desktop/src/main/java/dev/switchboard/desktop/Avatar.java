package dev.switchboard.desktop;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;

/** Paints round avatars with initials, rooms' square tiles, the Everyone icon and presence dots. */
final class Avatar {
    private Avatar() {}

    static void hints(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_LCD_HRGB);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    }

    /** A circle of {@code size} at x,y in the name's colour with its initials. */
    static void paint(Graphics2D g, String key, String name, int x, int y, int size, boolean dimmed) {
        Color c = Palette.avatar(key);
        if (dimmed) {
            c = mix(c, Palette.sidebarBackground(), 0.45f);
        }
        g.setColor(c);
        g.fill(new Ellipse2D.Float(x, y, size, size));
        String text = Palette.initials(name);
        Font f = Palette.font(Font.BOLD, 0).deriveFont(Font.BOLD, size * 0.40f);
        g.setFont(f);
        FontMetrics fm = g.getFontMetrics();
        g.setColor(Color.WHITE);
        int tw = Fonts.width(fm, text);
        Fonts.draw(g, text, x + (size - tw) / 2f, y + (size - fm.getHeight()) / 2f + fm.getAscent());
    }

    /**
     * A room: a rounded square (people are round) in the room's colour with a {@code #}, dimmed
     * when we are not in it.
     */
    static void paintRoom(Graphics2D g, String key, int x, int y, int size, boolean dimmed) {
        Color c = Palette.avatar(key);
        if (dimmed) {
            c = mix(c, Palette.sidebarBackground(), 0.45f);
        }
        g.setColor(c);
        float arc = size * 0.36f;
        g.fill(new RoundRectangle2D.Float(x, y, size, size, arc, arc));
        // The hash drawn as four strokes: a glyph's weight and place vary with the font.
        float s = size / 36f;
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(2.6f * s, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        float cx = x + size / 2f;
        float cy = y + size / 2f;
        g.draw(new Line2D.Float(cx - 2.5f * s, cy - 8 * s, cx - 4.5f * s, cy + 8 * s));
        g.draw(new Line2D.Float(cx + 4.5f * s, cy - 8 * s, cx + 2.5f * s, cy + 8 * s));
        g.draw(new Line2D.Float(cx - 8 * s, cy - 3.2f * s, cx + 8.5f * s, cy - 3.2f * s));
        g.draw(new Line2D.Float(cx - 8.5f * s, cy + 3.2f * s, cx + 8 * s, cy + 3.2f * s));
    }

    /** Paints the avatar of {@code c}: Everyone's, a room's tile or a person's circle. */
    static void paintFor(Graphics2D g, Conversation c, int x, int y, int size) {
        if (c.isEveryone()) {
            paintEveryone(g, x, y, size);
        } else if (c.isRoom()) {
            paintRoom(g, c.key(), x, y, size, !c.isJoined());
        } else {
            paint(g, c.key(), c.name(), x, y, size, !c.isOnline());
        }
    }

    /** The Everyone room: two overlapping heads on the accent colour. */
    static void paintEveryone(Graphics2D g, int x, int y, int size) {
        g.setColor(Palette.accent());
        g.fill(new Ellipse2D.Float(x, y, size, size));
        g.setColor(Color.WHITE);
        float s = size / 36f;
        paintPerson(g, x + 8 * s, y + 9 * s, s * 0.85f, 0.75f);
        paintPerson(g, x + 14 * s, y + 9 * s, s, 1f);
    }

    private static void paintPerson(Graphics2D g, float x, float y, float s, float alpha) {
        Color old = g.getColor();
        g.setColor(new Color(1f, 1f, 1f, alpha));
        g.fill(new Ellipse2D.Float(x + 3 * s, y, 8 * s, 8 * s));
        Path2D body = new Path2D.Float();
        body.moveTo(x, y + 19 * s);
        body.curveTo(x, y + 11 * s, x + 14 * s, y + 11 * s, x + 14 * s, y + 19 * s);
        body.closePath();
        g.fill(body);
        g.setColor(old);
    }

    /** A presence dot with a ring in {@code ring} so it stands off the avatar. */
    static void paintDot(Graphics2D g, float cx, float cy, float d, Color fill, Color ring) {
        g.setColor(ring);
        g.fill(new Ellipse2D.Float(cx - d / 2 - 2, cy - d / 2 - 2, d + 4, d + 4));
        g.setColor(fill);
        g.fill(new Ellipse2D.Float(cx - d / 2, cy - d / 2, d, d));
    }

    /** A hollow dot for someone offline. */
    static void paintHollowDot(Graphics2D g, float cx, float cy, float d, Color line, Color ring) {
        g.setColor(ring);
        g.fill(new Ellipse2D.Float(cx - d / 2 - 2, cy - d / 2 - 2, d + 4, d + 4));
        g.setColor(line);
        g.setStroke(new BasicStroke(2f));
        g.draw(new Ellipse2D.Float(cx - d / 2 + 1, cy - d / 2 + 1, d - 2, d - 2));
    }

    static Color mix(Color a, Color b, float t) {
        return new Color(
                Math.round(a.getRed() * (1 - t) + b.getRed() * t),
                Math.round(a.getGreen() * (1 - t) + b.getGreen() * t),
                Math.round(a.getBlue() * (1 - t) + b.getBlue() * t));
    }
}
