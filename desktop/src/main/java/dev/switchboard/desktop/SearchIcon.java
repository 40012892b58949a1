package dev.switchboard.desktop;

import java.awt.BasicStroke;
import java.awt.Component;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import javax.swing.Icon;

/** A magnifier for the search field, in the muted text colour of the theme. */
final class SearchIcon implements Icon {
    @Override
    public void paintIcon(Component c, Graphics g0, int x, int y) {
        Graphics2D g = (Graphics2D) g0.create();
        Avatar.hints(g);
        g.setColor(Palette.muted());
        g.setStroke(new BasicStroke(1.6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new Ellipse2D.Float(x + 1.5f, y + 1.5f, 9, 9));
        g.draw(new Line2D.Float(x + 9.5f, y + 9.5f, x + 13.5f, y + 13.5f));
        g.dispose();
    }

    @Override
    public int getIconWidth() {
        return 15;
    }

    @Override
    public int getIconHeight() {
        return 15;
    }
}
