package dev.switchboard.desktop;

import dev.switchboard.protocol.Usernames;
import java.awt.Component;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.geom.RoundRectangle2D;
import java.util.function.Supplier;
import javax.swing.JComponent;
import javax.swing.JList;
import javax.swing.ListCellRenderer;

/**
 * One member of the room in front: avatar, name, and an "operator" tag for the room's operators
 * (the protocol's {@code @}); ourselves marked "you". Painted by hand, like the contact list.
 */
final class MemberCell extends JComponent implements ListCellRenderer<String> {

    private final String me;
    private final Supplier<Conversation> room;
    private String member;
    private boolean selected;

    /** @param room the room shown (read at paint time, for its operators) */
    MemberCell(String me, Supplier<Conversation> room) {
        this.me = me;
        this.room = room;
    }

    @Override
    public Component getListCellRendererComponent(JList<? extends String> list, String value, int index,
                                                  boolean isSelected, boolean cellHasFocus) {
        this.member = value;
        this.selected = isSelected;
        Conversation c = room.get();
        setToolTipText(c != null && c.isOperator(value) ? value + " is an operator of " + c.name() : null);
        return this;
    }

    static float unit() {
        return Palette.font().getSize2D() / 13f;
    }

    @Override
    public Dimension getPreferredSize() {
        return new Dimension(160, Math.round(38 * unit()));
    }

    @Override
    protected void paintComponent(Graphics g0) {
        Graphics2D g = (Graphics2D) g0.create();
        try {
            Avatar.hints(g);
            float u = unit();
            int w = getWidth();
            int h = getHeight();
            if (selected) {
                g.setColor(Palette.selection());
                g.fill(new RoundRectangle2D.Float(6 * u, 1 * u, w - 12 * u, h - 2 * u, 10 * u, 10 * u));
            }
            int av = Math.round(26 * u);
            int ax = Math.round(14 * u);
            Avatar.paint(g, member.toLowerCase(), member, ax, (h - av) / 2, av, false);
            Conversation c = room.get();
            boolean op = c != null && c.isOperator(member);
            boolean self = Usernames.key(member).equals(Usernames.key(me));
            String tag = op ? "operator" : null;
            Font nf = Palette.font(self ? Font.BOLD : Font.PLAIN, 0f);
            Font tf = Palette.font(Font.BOLD, -3f);
            FontMetrics nfm = g.getFontMetrics(nf);
            FontMetrics tfm = g.getFontMetrics(tf);
            int tx = ax + av + Math.round(10 * u);
            int right = w - Math.round(12 * u);
            int tagW = tag == null ? 0 : tfm.stringWidth(tag) + Math.round(10 * u);
            int base = (h - nfm.getHeight()) / 2 + nfm.getAscent();
            String name = self ? member + " (you)" : member;
            g.setFont(nf);
            g.setColor(Palette.text());
            String shown = ConversationCell.clip(name, nfm, right - tx - (tagW > 0 ? tagW + Math.round(6 * u) : 0));
            Fonts.draw(g, shown, tx, base);
            if (tag != null) {
                int px = tx + Fonts.width(nfm, shown) + Math.round(6 * u);
                int ph = tfm.getHeight() + Math.round(2 * u);
                int py = (h - ph) / 2;
                g.setColor(Avatar.mix(Palette.accent(), Palette.sidebarBackground(), Palette.dark() ? 0.55f : 0.82f));
                g.fill(new RoundRectangle2D.Float(px, py, tagW, ph, ph, ph));
                g.setColor(Palette.dark() ? Palette.text() : Palette.accent().darker());
                g.setFont(tf);
                g.drawString(tag, px + (tagW - tfm.stringWidth(tag)) / 2f, py + (ph - tfm.getHeight()) / 2f + tfm.getAscent());
            }
        } finally {
            g.dispose();
        }
    }
}
