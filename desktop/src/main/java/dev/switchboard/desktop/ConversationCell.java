package dev.switchboard.desktop;

import java.awt.Color;
import java.awt.Component;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.geom.RoundRectangle2D;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import javax.swing.JComponent;
import javax.swing.JList;
import javax.swing.ListCellRenderer;

/**
 * One row of the contact list: avatar with presence dot (a room: its square {@code #} tile), name,
 * the last line, the time of the last activity and the unread badge. Painted by hand; a renderer
 * holds no state between rows.
 */
final class ConversationCell extends JComponent implements ListCellRenderer<Conversation> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    private final ZoneId zone;
    private Conversation conversation;
    private boolean selected;
    private boolean compact;

    ConversationCell(ZoneId zone) {
        this.zone = zone;
    }

    @Override
    public Component getListCellRendererComponent(JList<? extends Conversation> list, Conversation value, int index,
                                                  boolean isSelected, boolean cellHasFocus) {
        this.conversation = value;
        this.selected = isSelected;
        // The list asks the renderer for tooltips: in a list of avatars only, the name is one.
        setToolTipText(compact ? value.name() + "  \u00b7  " + preview(value) : null);
        return this;
    }

    /** Avatars only (a narrow window): presence dot and unread count on the avatar, the name as tooltip. */
    void setCompact(boolean compact) {
        this.compact = compact;
    }

    private static float unit() {
        return Palette.font().getSize2D() / 13f;
    }

    @Override
    public Dimension getPreferredSize() {
        return new Dimension(200, Math.round(58 * unit()));
    }

    @Override
    protected void paintComponent(Graphics g0) {
        Graphics2D g = (Graphics2D) g0.create();
        try {
            Avatar.hints(g);
            paintRow(g);
        } finally {
            g.dispose();
        }
    }

    private void paintRow(Graphics2D g) {
        Conversation c = conversation;
        float u = unit();
        int w = getWidth();
        int h = getHeight();
        Color bg = Palette.sidebarBackground();
        if (selected) {
            g.setColor(Palette.selection());
            g.fill(new RoundRectangle2D.Float(8 * u, 2 * u, w - 16 * u, h - 4 * u, 12 * u, 12 * u));
            bg = Palette.selection();
        }
        int av = Math.round(38 * u);
        int ax = compact ? (w - av) / 2 : Math.round(18 * u);
        int ay = (h - av) / 2;
        if (c.isEveryone() || c.isRoom()) {
            Avatar.paintFor(g, c, ax, ay, av);
        } else {
            Avatar.paint(g, c.key(), c.name(), ax, ay, av, !c.isOnline());
            float d = 10 * u;
            float cx = ax + av - d / 2;
            float cy = ay + av - d / 2;
            if (c.isOnline()) {
                Avatar.paintDot(g, cx, cy, d, Palette.online(), bg);
            } else {
                Avatar.paintHollowDot(g, cx, cy, d, Palette.offline(), bg);
            }
        }

        if (compact) {
            paintCompactBadge(g, c, ax + av, ay, u);
            return;
        }
        int tx = ax + av + Math.round(12 * u);
        int right = w - Math.round(18 * u);
        Font nameFont = Palette.font(Font.BOLD, 0.5f);
        Font small = Palette.font(Font.PLAIN, -1.5f);
        FontMetrics nfm = g.getFontMetrics(nameFont);
        FontMetrics sfm = g.getFontMetrics(small);
        int nameBase = h / 2 - Math.round(3 * u);
        int lineBase = nameBase + sfm.getHeight() + Math.round(1 * u);

        // Right column: time on top, unread badge below.
        String time = c.lastActivity() == null ? "" : TIME.format(c.lastActivity().atZone(zone));
        int timeW = sfm.stringWidth(time);
        g.setFont(small);
        g.setColor(c.unread() > 0 ? Palette.accent() : Palette.muted());
        g.drawString(time, right - timeW, nameBase);
        int badgeW = 0;
        if (c.unread() > 0) {
            String n = c.unread() > 999 ? "999+" : Integer.toString(c.unread());
            Font bf = Palette.font(Font.BOLD, -2f);
            FontMetrics bfm = g.getFontMetrics(bf);
            int bh = Math.round(18 * u);
            badgeW = Math.max(bh, bfm.stringWidth(n) + Math.round(12 * u));
            int by = lineBase - bh + Math.round(4 * u);
            g.setColor(Palette.accent());
            g.fill(new RoundRectangle2D.Float(right - badgeW, by, badgeW, bh, bh, bh));
            g.setColor(Palette.onAccent());
            g.setFont(bf);
            g.drawString(n, right - badgeW + (badgeW - bfm.stringWidth(n)) / 2f,
                    by + (bh - bfm.getHeight()) / 2f + bfm.getAscent());
        }

        g.setFont(nameFont);
        g.setColor(c.isOnline() || c.isEveryone() ? Palette.text() : Palette.muted());
        Fonts.draw(g, clip(c.name(), nfm, right - timeW - Math.round(8 * u) - tx), tx, nameBase);

        g.setFont(small);
        g.setColor(Palette.muted());
        Fonts.draw(g, clip(preview(c), sfm, right - badgeW - (badgeW > 0 ? Math.round(8 * u) : 0) - tx), tx, lineBase);
    }

    /** The unread count as a small badge on the avatar's top right corner, which ends at {@code right}. */
    private static void paintCompactBadge(Graphics2D g, Conversation c, int right, int top, float u) {
        if (c.unread() <= 0) {
            return;
        }
        String n = c.unread() > 99 ? "99+" : Integer.toString(c.unread());
        Font bf = Palette.font(Font.BOLD, -3f);
        FontMetrics bfm = g.getFontMetrics(bf);
        int bh = Math.round(16 * u);
        int bw = Math.max(bh, bfm.stringWidth(n) + Math.round(8 * u));
        float bx = right - bw + 6 * u;
        float by = top - 3 * u;
        g.setColor(Palette.sidebarBackground());
        g.fill(new RoundRectangle2D.Float(bx - 2 * u, by - 2 * u, bw + 4 * u, bh + 4 * u, bh + 4 * u, bh + 4 * u));
        g.setColor(Palette.accent());
        g.fill(new RoundRectangle2D.Float(bx, by, bw, bh, bh, bh));
        g.setColor(Palette.onAccent());
        g.setFont(bf);
        g.drawString(n, bx + (bw - bfm.stringWidth(n)) / 2f, by + (bh - bfm.getHeight()) / 2f + bfm.getAscent());
    }

    private static String preview(Conversation c) {
        ChatMessage m = c.last();
        if (m == null) {
            if (c.isEveryone()) {
                return "Messages to everyone online";
            }
            if (c.isRoom()) {
                return !c.isJoined() ? "Not joined" : !c.topic().isEmpty() ? c.topic() : members(c.members().size());
            }
            return c.isOnline() ? "Online" : "Offline";
        }
        String text = m.text().replace('\n', ' ');
        return switch (m.kind()) {
            case OWN -> (m.failure() != null ? "Not delivered: " : "You: ") + text;
            case INCOMING -> c.isEveryone() || c.isRoom() ? m.sender() + ": " + text : text;
            case NOTE -> text;
        };
    }

    /** "1 member", "3 members". */
    static String members(int n) {
        return n == 1 ? "1 member" : n + " members";
    }

    static String clip(String s, FontMetrics fm, int width) {
        if (width <= 0) {
            return "";
        }
        if (Fonts.width(fm, s) <= width) {
            return s;
        }
        String dots = "\u2026";
        int avail = width - fm.stringWidth(dots);
        // Binary search for the longest prefix that fits: a 4,000-character line stays cheap.
        int lo = 0;
        int hi = Math.min(s.length(), 400);
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (Fonts.width(fm, s.substring(0, mid)) <= avail) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        int end = lo;
        if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + dots;
    }
}
