package dev.switchboard.desktop;

import java.awt.BasicStroke;
import java.awt.Component;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.geom.Arc2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import javax.swing.Icon;

/** The small line icons of the room controls, in the muted text colour of the theme (read at paint time). */
final class RoomIcons {
    private RoomIcons() {}

    /** Two people: the members button in a room's header. */
    static Icon people() {
        return new Line(16) {
            @Override
            void paint(Graphics2D g, float x, float y) {
                g.draw(new Ellipse2D.Float(x + 3, y + 2, 5.5f, 5.5f));
                g.draw(new Arc2D.Float(x + 0.5f, y + 9, 10.5f, 10, 0, 180, Arc2D.OPEN));
                g.draw(new Arc2D.Float(x + 9.5f, y + 2.5f, 4.5f, 4.5f, -60, 300, Arc2D.OPEN));
                g.draw(new Arc2D.Float(x + 10.5f, y + 9.5f, 5, 8, 0, 90, Arc2D.OPEN));
            }
        };
    }

    /** A plus: "Join a room" beside the search field. */
    static Icon plus() {
        return new Line(14) {
            @Override
            void paint(Graphics2D g, float x, float y) {
                g.draw(new Line2D.Float(x + 7, y + 1.5f, x + 7, y + 12.5f));
                g.draw(new Line2D.Float(x + 1.5f, y + 7, x + 12.5f, y + 7));
            }
        };
    }

    private abstract static class Line implements Icon {
        private final int size;

        Line(int size) {
            this.size = size;
        }

        abstract void paint(Graphics2D g, float x, float y);

        @Override
        public void paintIcon(Component c, Graphics g0, int x, int y) {
            Graphics2D g = (Graphics2D) g0.create();
            Avatar.hints(g);
            g.setColor(c != null && !c.isEnabled() ? Palette.offline() : Palette.muted());
            g.setStroke(new BasicStroke(1.6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            paint(g, x, y);
            g.dispose();
        }

        @Override
        public int getIconWidth() {
            return size;
        }

        @Override
        public int getIconHeight() {
            return size;
        }
    }
}
