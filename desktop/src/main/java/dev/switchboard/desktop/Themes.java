package dev.switchboard.desktop;

import com.formdev.flatlaf.FlatLaf;
import com.formdev.flatlaf.fonts.inter.FlatInterFont;
import com.formdev.flatlaf.themes.FlatMacDarkLaf;
import com.formdev.flatlaf.themes.FlatMacLightLaf;
import com.formdev.flatlaf.util.SystemInfo;
import java.awt.Font;
import java.util.Map;
import java.util.function.Supplier;
import javax.swing.JDialog;
import javax.swing.JFrame;
import javax.swing.UIManager;
import javax.swing.plaf.FontUIResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The look: FlatLaf light and dark themes, the Inter font, our accent colour and rounder corners.
 * EDT only. A saved theme id that is not one of ours (or a theme that fails to install) falls
 * back to {@link #LIGHT} with a log line, never an error, as the FlatLaf demo does.
 */
public enum Themes {
    LIGHT("light", "Light", FlatMacLightLaf::new),
    DARK("dark", "Dark", FlatMacDarkLaf::new);

    private static final Logger log = LoggerFactory.getLogger(Themes.class);

    /** Font sizes a user can pick: below 10 pt text is hard to read, above 24 pt the layout runs out of room. */
    public static final int MIN_FONT_SIZE = 10;
    public static final int MAX_FONT_SIZE = 24;

    private static boolean fontsInstalled;
    private static int defaultFontSize;

    private final String id;
    private final String label;
    private final Supplier<FlatLaf> factory;

    Themes(String id, String label, Supplier<FlatLaf> factory) {
        this.id = id;
        this.label = label;
        this.factory = factory;
    }

    public String id() {
        return id;
    }

    public String label() {
        return label;
    }

    /** The theme with this id, or null. */
    public static Themes byId(String id) {
        for (Themes t : values()) {
            if (t.id.equalsIgnoreCase(id)) {
                return t;
            }
        }
        return null;
    }

    /** The theme currently installed. */
    public static Themes current() {
        return FlatLaf.isLafDark() ? DARK : LIGHT;
    }

    /**
     * Installs the theme saved as {@code id} with {@code fontSize} (0 = default) and returns the
     * theme actually installed: {@link #LIGHT} when {@code id} is unknown or fails.
     */
    public static Themes apply(String id, int fontSize) {
        prepare();
        Themes wanted = byId(id);
        if (wanted == null) {
            log.warn("saved theme '{}' is not a theme here; using {}", id, LIGHT.label);
            wanted = LIGHT;
        }
        try {
            wanted.install(fontSize);
            return wanted;
        } catch (RuntimeException | LinkageError e) {
            log.warn("theme {} failed to install; using {}", wanted.label, LIGHT.label, e);
            LIGHT.install(fontSize);
            return LIGHT;
        }
    }

    private void install(int fontSize) {
        FlatLaf laf = factory.get();
        if (!FlatLaf.setup(laf)) {
            throw new IllegalStateException("FlatLaf refused " + laf.getName());
        }
        if (defaultFontSize == 0) {
            defaultFontSize = UIManager.getFont("defaultFont").getSize();
        }
        setFontSize(fontSize);
        FlatLaf.updateUI();
    }

    /** The theme's own font size. */
    public static int defaultFontSize() {
        return defaultFontSize == 0 ? 13 : defaultFontSize;
    }

    /** The font size in use now. */
    public static int fontSize() {
        Font f = UIManager.getFont("defaultFont");
        return f == null ? defaultFontSize() : f.getSize();
    }

    /** Changes the font size of every window (0 = the theme's default). */
    public static void changeFontSize(int size) {
        setFontSize(size);
        FlatLaf.updateUI();
    }

    private static void setFontSize(int size) {
        int s = size <= 0 ? defaultFontSize() : Math.max(MIN_FONT_SIZE, Math.min(MAX_FONT_SIZE, size));
        Font f = UIManager.getFont("defaultFont");
        if (f != null && f.getSize() != s) {
            UIManager.put("defaultFont", new FontUIResource(f.deriveFont((float) s)));
        }
    }

    /** Once per JVM: fonts, accent colour, component shapes, window decorations. */
    private static void prepare() {
        if (fontsInstalled) {
            return;
        }
        fontsInstalled = true;
        FlatInterFont.install();
        FlatLaf.setPreferredFontFamily(FlatInterFont.FAMILY);
        FlatLaf.setPreferredLightFontFamily(FlatInterFont.FAMILY_LIGHT);
        FlatLaf.setPreferredSemiboldFontFamily(FlatInterFont.FAMILY_SEMIBOLD);
        FlatLaf.setGlobalExtraDefaults(Map.of(
                "@accentColor", "#2f6fed",
                "Component.arc", "10",
                "TextComponent.arc", "10",
                "Button.arc", "10",
                "ScrollBar.thumbArc", "999",
                "ScrollBar.thumbInsets", "2,2,2,2",
                "ScrollBar.width", "10",
                "TitlePane.unifiedBackground", "true"));
        if (SystemInfo.isLinux) {
            // As the FlatLaf demo does: FlatLaf draws the title bar, so the menu sits in it and
            // the window looks the same on every desktop.
            JFrame.setDefaultLookAndFeelDecorated(true);
            JDialog.setDefaultLookAndFeelDecorated(true);
        }
    }
}
