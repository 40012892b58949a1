package dev.switchboard.desktop;

import com.formdev.flatlaf.FlatLaf;
import java.awt.Color;
import java.awt.Font;
import javax.swing.UIManager;

/** Colours and fonts of our own painting, for the theme installed right now. Read at paint time. */
final class Palette {
    private Palette() {}

    private static final Color[] AVATARS = {
        new Color(0xE5484D), new Color(0xF76B15), new Color(0xD6A100), new Color(0x30A46C),
        new Color(0x12A594), new Color(0x0090FF), new Color(0x6E56CF), new Color(0xD6409F),
    };

    static boolean dark() {
        return FlatLaf.isLafDark();
    }

    static Color accent() {
        return dark() ? new Color(0x3D7BF2) : new Color(0x2F6FED);
    }

    static Color onAccent() {
        return Color.WHITE;
    }

    static Color chatBackground() {
        return dark() ? new Color(0x1C1D21) : new Color(0xFFFFFF);
    }

    static Color sidebarBackground() {
        return dark() ? new Color(0x25272C) : new Color(0xF4F5F7);
    }

    static Color separator() {
        return dark() ? new Color(0x34373D) : new Color(0xE3E5E8);
    }

    static Color otherBubble() {
        return dark() ? new Color(0x2C2F35) : new Color(0xEEF0F3);
    }

    static Color text() {
        return dark() ? new Color(0xE6E7EA) : new Color(0x1D2026);
    }

    static Color muted() {
        return dark() ? new Color(0x9097A1) : new Color(0x6B7280);
    }

    static Color error() {
        return dark() ? new Color(0xFF6B6B) : new Color(0xD92D20);
    }

    static Color errorBackground() {
        return dark() ? new Color(0x3A2224) : new Color(0xFDECEA);
    }

    static Color online() {
        return new Color(0x22C55E);
    }

    static Color offline() {
        return dark() ? new Color(0x6B7280) : new Color(0xA0A6B0);
    }

    static Color warning() {
        return new Color(0xF59E0B);
    }

    static Color selection() {
        return dark() ? new Color(0x33394A) : new Color(0xDDE7FD);
    }

    /** {@code #rrggbb}, for FlatLaf style strings. */
    static String hex(Color c) {
        return String.format("#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }

    static Color avatar(String key) {
        return AVATARS[Math.floorMod(key.hashCode(), AVATARS.length)];
    }

    static Font font() {
        Font f = UIManager.getFont("defaultFont");
        return f != null ? f : UIManager.getFont("Label.font");
    }

    static Font font(int style, float delta) {
        Font f = font();
        return f.deriveFont(style, f.getSize2D() + delta);
    }

    /** The initials shown in an avatar: first letters of up to two name parts, else the first two letters. */
    static String initials(String name) {
        if (name == null || name.isEmpty()) {
            return "?";
        }
        String[] parts = name.split("[._\\-]+");
        StringBuilder sb = new StringBuilder();
        if (parts.length >= 2 && !parts[0].isEmpty() && !parts[1].isEmpty()) {
            sb.appendCodePoint(parts[0].codePointAt(0)).appendCodePoint(parts[1].codePointAt(0));
        } else {
            int first = name.codePointAt(0);
            sb.appendCodePoint(first);
            int next = Character.charCount(first);
            if (next < name.length()) {
                sb.appendCodePoint(name.codePointAt(next));
            }
        }
        String s = sb.toString();
        return s.substring(0, 1).toUpperCase() + s.substring(1);
    }
}
