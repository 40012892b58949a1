package dev.switchboard.desktop;

import java.awt.Color;
import java.awt.Component;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.font.FontRenderContext;
import java.awt.font.LineBreakMeasurer;
import java.awt.font.TextLayout;
import java.awt.geom.Ellipse2D;
import java.awt.geom.RoundRectangle2D;
import java.text.AttributedString;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import javax.swing.JComponent;
import javax.swing.JList;
import javax.swing.ListCellRenderer;

/**
 * One line of a conversation, painted as a chat bubble: others on the left under their avatar and
 * name, ours on the right in the accent colour, notes centred. Consecutive messages of one sender
 * within {@link #GROUP_GAP} form a group that shows the avatar, name and time once.
 *
 * <p>Wrapped text is laid out once per message and width and cached, so appending to a long
 * conversation measures only the new line.
 */
final class MessageCell extends JComponent implements ListCellRenderer<ChatMessage> {

    /** Messages of one sender closer than this share a header, as in every chat app. */
    static final Duration GROUP_GAP = Duration.ofMinutes(5);

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
    private static final FontRenderContext FRC = new FontRenderContext(null, true, true);

    private record Wrapped(int width, Font font, List<TextLayout> lines, float height, float widest) {}

    private final ZoneId zone;
    private final Map<ChatMessage, Wrapped> cache = new WeakHashMap<>();

    private ChatMessage message;
    private boolean firstOfGroup;
    private int listWidth;

    MessageCell(ZoneId zone) {
        this.zone = zone;
    }

    /** Forgets every layout: the width or the font changed. */
    void invalidate(boolean all) {
        if (all) {
            cache.clear();
        }
    }

    @Override
    public Component getListCellRendererComponent(JList<? extends ChatMessage> list, ChatMessage value, int index,
                                                  boolean isSelected, boolean cellHasFocus) {
        this.message = value;
        this.listWidth = list.getParent() != null ? list.getParent().getWidth() : list.getWidth();
        ChatMessage prev = index > 0 ? list.getModel().getElementAt(index - 1) : null;
        this.firstOfGroup = prev == null || prev.kind() != value.kind() || value.kind() == ChatMessage.Kind.NOTE
                || !prev.sender().equals(value.sender())
                || Duration.between(prev.time(), value.time()).compareTo(GROUP_GAP) > 0;
        return this;
    }

    // ---- geometry -------------------------------------------------------------------------

    private static float unit() {
        return Palette.font().getSize2D() / 13f;
    }

    private int avatarSize() {
        return Math.round(34 * unit());
    }

    private int sidePad() {
        return Math.round(20 * unit());
    }

    private int padX() {
        return Math.round(12 * unit());
    }

    private int padY() {
        return Math.round(8 * unit());
    }

    private int bubbleMaxText() {
        int w = Math.max(240, listWidth);
        int room = w - 2 * sidePad() - avatarSize() - Math.round(12 * unit()) - 2 * padX();
        return Math.max(80, Math.min(room, Math.round(Math.min(w * 0.62f, 560 * unit()))));
    }

    private Wrapped wrap(String text, Font font, int width) {
        Wrapped w = cache.get(message);
        if (w != null && w.width == width && w.font.equals(font)) {
            return w;
        }
        List<TextLayout> lines = new ArrayList<>();
        float height = 0;
        float widest = 0;
        for (String para : text.split("\n", -1)) {
            if (para.isEmpty()) {
                TextLayout blank = new TextLayout(" ", font, FRC);
                lines.add(blank);
                height += blank.getAscent() + blank.getDescent() + blank.getLeading();
                continue;
            }
            AttributedString as = Fonts.withFallback(para, font);
            LineBreakMeasurer lbm = new LineBreakMeasurer(as.getIterator(), FRC);
            while (lbm.getPosition() < para.length()) {
                TextLayout tl = lbm.nextLayout(width);
                lines.add(tl);
                height += tl.getAscent() + tl.getDescent() + tl.getLeading();
                widest = Math.max(widest, tl.getVisibleAdvance());
            }
        }
        w = new Wrapped(width, font, lines, height, widest);
        cache.put(message, w);
        return w;
    }

    private Font bodyFont() {
        return Palette.font(Font.PLAIN, 0.5f);
    }

    private Font smallFont() {
        return Palette.font(Font.PLAIN, -2f);
    }

    private Font nameFont() {
        return Palette.font(Font.BOLD, -1f);
    }

    @Override
    public Dimension getPreferredSize() {
        float u = unit();
        if (message.kind() == ChatMessage.Kind.NOTE) {
            return new Dimension(100, Math.round(getFontMetrics(smallFont()).getHeight() + 20 * u));
        }
        Wrapped w = wrap(message.text(), bodyFont(), bubbleMaxText());
        float h = firstOfGroup ? 12 * u : 3 * u;
        if (firstOfGroup) {
            h += getFontMetrics(nameFont()).getHeight() + 3 * u;
        }
        h += w.height + 2 * padY();
        if (message.failure() != null) {
            h += getFontMetrics(smallFont()).getHeight() + 4 * u;
        }
        h += 1 * u;
        return new Dimension(100, (int) Math.ceil(h));
    }

    // ---- painting ---------------------------------------------------------------------------

    @Override
    protected void paintComponent(Graphics g0) {
        Graphics2D g = (Graphics2D) g0.create();
        try {
            Avatar.hints(g);
            if (message.kind() == ChatMessage.Kind.NOTE) {
                paintNote(g);
            } else {
                paintBubble(g);
            }
        } finally {
            g.dispose();
        }
    }

    private void paintNote(Graphics2D g) {
        float u = unit();
        Font f = smallFont();
        FontMetrics fm = g.getFontMetrics(f);
        String text = ConversationCell.clip(message.text() + "  \u00b7  " + TIME.format(message.time().atZone(zone)),
                fm, getWidth() - 2 * sidePad());
        int tw = Fonts.width(fm, text);
        int ph = fm.getHeight() + Math.round(6 * u);
        int pw = tw + Math.round(20 * u);
        float px = (getWidth() - pw) / 2f;
        float py = (getHeight() - ph) / 2f;
        g.setColor(Palette.otherBubble());
        g.fill(new RoundRectangle2D.Float(px, py, pw, ph, ph, ph));
        g.setColor(Palette.muted());
        g.setFont(f);
        Fonts.draw(g, text, px + (pw - tw) / 2f, py + (ph - fm.getHeight()) / 2f + fm.getAscent());
    }

    private void paintBubble(Graphics2D g) {
        float u = unit();
        boolean own = message.isOwn();
        Wrapped w = wrap(message.text(), bodyFont(), bubbleMaxText());
        int av = avatarSize();
        int textLeft = sidePad() + av + Math.round(12 * u);
        float y = firstOfGroup ? 12 * u : 3 * u;

        Font small = smallFont();
        FontMetrics sfm = g.getFontMetrics(small);
        String time = TIME.format(message.time().atZone(zone));
        if (firstOfGroup) {
            Font nf = nameFont();
            FontMetrics nfm = g.getFontMetrics(nf);
            float base = y + nfm.getAscent();
            if (own) {
                g.setFont(small);
                g.setColor(Palette.muted());
                String label = "You  \u00b7  " + time;
                g.drawString(label, getWidth() - sidePad() - sfm.stringWidth(label), base);
            } else {
                Avatar.paint(g, message.sender().toLowerCase(), message.sender(), sidePad(), Math.round(y), av, false);
                g.setFont(nf);
                g.setColor(Palette.avatar(message.sender().toLowerCase()));
                Fonts.draw(g, message.sender(), textLeft, base);
                g.setFont(small);
                g.setColor(Palette.muted());
                g.drawString(time, textLeft + Fonts.width(nfm, message.sender()) + Math.round(8 * u), base);
            }
            y += nfm.getHeight() + 3 * u;
        }

        float bw = Math.max(w.widest, 8 * u) + 2 * padX();
        float bh = w.height + 2 * padY();
        float bx = own ? getWidth() - sidePad() - bw : textLeft;
        float arc = 16 * u;
        Color fill;
        Color ink;
        if (own) {
            fill = message.failure() != null ? Avatar.mix(Palette.accent(), Palette.chatBackground(), 0.55f)
                    : Palette.accent();
            ink = Palette.onAccent();
        } else {
            fill = Palette.otherBubble();
            ink = Palette.text();
        }
        g.setColor(fill);
        g.fill(new RoundRectangle2D.Float(bx, y, bw, bh, arc, arc));
        g.setColor(ink);
        float ly = y + padY();
        for (TextLayout tl : w.lines) {
            ly += tl.getAscent();
            tl.draw(g, bx + padX(), ly);
            ly += tl.getDescent() + tl.getLeading();
        }
        y += bh;

        if (message.failure() != null) {
            y += 4 * u;
            String label = "Not delivered: " + message.failure();
            int lw = Fonts.width(sfm, label);
            float d = sfm.getAscent() * 0.95f;
            float lx = own ? getWidth() - sidePad() - lw : textLeft + d + 5 * u;
            float ix = lx - d - 5 * u;
            g.setColor(Palette.error());
            g.fill(new Ellipse2D.Float(ix, y + (sfm.getHeight() - d) / 2f, d, d));
            g.setColor(Color.WHITE);
            g.setFont(small.deriveFont(Font.BOLD));
            FontMetrics bfm = g.getFontMetrics();
            g.drawString("!", ix + (d - bfm.stringWidth("!")) / 2f, y + sfm.getAscent() - 0.5f * u);
            g.setFont(small);
            g.setColor(Palette.error());
            Fonts.draw(g, label, lx, y + sfm.getAscent());
        }
    }
}
