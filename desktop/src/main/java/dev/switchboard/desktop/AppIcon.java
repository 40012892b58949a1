package dev.switchboard.desktop;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** The Switchboard logo, painted: a speech bubble with a plug on the accent colour. */
final class AppIcon {
    private AppIcon() {}

    private static final Color LOGO = new Color(0x2F6FED);

    /** The logo in the sizes window managers and trays ask for. */
    static List<Image> images() {
        List<Image> list = new ArrayList<>();
        for (int s : new int[] {16, 24, 32, 48, 64, 128}) {
            list.add(image(s));
        }
        return list;
    }

    static BufferedImage image(int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        Avatar.hints(g);
        paint(g, 0, 0, size);
        g.dispose();
        return img;
    }

    static void paint(Graphics2D g, float x, float y, float size) {
        float s = size / 64f;
        g.setColor(LOGO);
        g.fill(new RoundRectangle2D.Float(x, y, size, size, 18 * s, 18 * s));
        // Bubble.
        Path2D b = new Path2D.Float();
        b.append(new RoundRectangle2D.Float(x + 12 * s, y + 14 * s, 40 * s, 28 * s, 14 * s, 14 * s), false);
        b.moveTo(x + 20 * s, y + 40 * s);
        b.lineTo(x + 18 * s, y + 51 * s);
        b.lineTo(x + 30 * s, y + 41 * s);
        b.closePath();
        g.setColor(Color.WHITE);
        g.fill(b);
        // Two connected dots: the switchboard.
        g.setColor(LOGO);
        g.setStroke(new BasicStroke(3.2f * s, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new java.awt.geom.Line2D.Float(x + 24 * s, y + 28 * s, x + 40 * s, y + 28 * s));
        g.fill(new java.awt.geom.Ellipse2D.Float(x + 19 * s, y + 23 * s, 10 * s, 10 * s));
        g.fill(new java.awt.geom.Ellipse2D.Float(x + 35 * s, y + 23 * s, 10 * s, 10 * s));
    }
}
