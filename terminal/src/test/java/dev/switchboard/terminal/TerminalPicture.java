package dev.switchboard.terminal;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Paints a terminal screen, as {@code tmux capture-pane -e} gives it (text with SGR colour
 * escapes), into a PNG for the docs: dark background, a monospace font, the 16 ANSI colours,
 * bold and faint. Headless Java2D, so it needs no display.
 */
final class TerminalPicture {
    private TerminalPicture() {}

    private static final Color BACKGROUND = new Color(0x1e, 0x1e, 0x2e);
    private static final Color FOREGROUND = new Color(0xd8, 0xd8, 0xd8);
    /** Black, red, green, yellow, blue, magenta, cyan, white; then their bright forms. */
    private static final Color[] PALETTE = {
        new Color(0x45, 0x47, 0x5a), new Color(0xf3, 0x8b, 0xa8), new Color(0xa6, 0xe3, 0xa1), new Color(0xf9, 0xe2, 0xaf),
        new Color(0x89, 0xb4, 0xfa), new Color(0xf5, 0xc2, 0xe7), new Color(0x94, 0xe2, 0xd5), new Color(0xba, 0xc2, 0xde),
        new Color(0x58, 0x5b, 0x70), new Color(0xf3, 0x8b, 0xa8), new Color(0xa6, 0xe3, 0xa1), new Color(0xf9, 0xe2, 0xaf),
        new Color(0x89, 0xb4, 0xfa), new Color(0xf5, 0xc2, 0xe7), new Color(0x94, 0xe2, 0xd5), new Color(0xa6, 0xad, 0xc8),
    };
    private static final int PAD = 12;

    static void write(String ansi, int cols, int rows, Path png) throws IOException {
        Font plain = new Font(Font.MONOSPACED, Font.PLAIN, 15);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        FontMetrics fm = probe.createGraphics().getFontMetrics(plain);
        int cw = fm.charWidth('m');
        int lh = fm.getHeight() + 2;
        BufferedImage img = new BufferedImage(cols * cw + 2 * PAD, rows * lh + 2 * PAD, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(BACKGROUND);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        List<String> lines = ansi.lines().toList();
        // tmux writes only the changes from one cell to the next, across line ends too.
        Color fg = null;
        boolean bold = false;
        boolean faint = false;
        for (int row = 0; row < Math.min(rows, lines.size()); row++) {
            String line = lines.get(row);
            int col = 0;
            int y = PAD + row * lh + fm.getAscent();
            for (int i = 0; i < line.length(); ) {
                char c = line.charAt(i);
                if (c == 0x1b && i + 1 < line.length() && line.charAt(i + 1) == '[') {
                    int end = i + 2;
                    while (end < line.length() && !Character.isLetter(line.charAt(end))) {
                        end++;
                    }
                    if (end < line.length() && line.charAt(end) == 'm') {
                        String params = line.substring(i + 2, end);
                        for (String p : params.isEmpty() ? new String[] {"0"} : params.split(";")) {
                            int n = p.isEmpty() ? 0 : Integer.parseInt(p);
                            if (n == 0) {
                                fg = null;
                                bold = false;
                                faint = false;
                            } else if (n == 1) {
                                bold = true;
                            } else if (n == 2) {
                                faint = true;
                            } else if (n == 22) {
                                bold = false;
                                faint = false;
                            } else if (n >= 30 && n <= 37) {
                                fg = PALETTE[n - 30];
                            } else if (n >= 90 && n <= 97) {
                                fg = PALETTE[n - 90 + 8];
                            } else if (n == 39) {
                                fg = null;
                            }
                        }
                    }
                    i = end + 1;
                    continue;
                }
                int cp = line.codePointAt(i);
                Color colour = fg == null ? FOREGROUND : fg;
                if (faint) {
                    colour = new Color((colour.getRed() + BACKGROUND.getRed()) / 2, (colour.getGreen() + BACKGROUND.getGreen()) / 2,
                            (colour.getBlue() + BACKGROUND.getBlue()) / 2);
                }
                g.setColor(colour);
                g.setFont(bold ? plain.deriveFont(Font.BOLD) : plain);
                g.drawString(new String(Character.toChars(cp)), PAD + col * cw, y);
                col++;
                i += Character.charCount(cp);
            }
        }
        g.dispose();
        ImageIO.write(img, "png", png.toFile());
    }
}
