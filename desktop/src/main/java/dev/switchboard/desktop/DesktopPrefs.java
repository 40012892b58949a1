package dev.switchboard.desktop;

import dev.switchboard.protocol.RoomNames;
import dev.switchboard.protocol.Usernames;
import java.awt.GraphicsConfiguration;
import java.awt.GraphicsDevice;
import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user's choices, kept between runs with {@link Preferences} (as the FlatLaf demo keeps its
 * own): the last server and name, theme, font size, the window's place on screen, whether a
 * room's members are shown beside it, and the rooms each name was in on each server. Every value
 * read is checked; a value that makes no sense is ignored, never an error.
 */
public final class DesktopPrefs {

    private static final Logger log = LoggerFactory.getLogger(DesktopPrefs.class);

    /** The node used when nothing else is given: one per user, shared by every run. */
    public static final String DEFAULT_NODE = "/dev/switchboard/desktop";

    static final String HOST = "host";
    static final String PORT = "port";
    static final String NAME = "name";
    static final String THEME = "theme";
    static final String FONT_SIZE = "fontSize";
    static final String WINDOW = "window";
    static final String MAXIMIZED = "maximized";
    static final String MEMBERS_SHOWN = "membersShown";
    /** The child node of the rooms each login was in: key {@code name@host:port}, value {@code #a,#b}. */
    static final String ROOMS = "rooms";

    /**
     * The JDK's own logger of {@code java.util.prefs}, held here so that its level stays set (the
     * logging framework keeps loggers only weakly). On the first start on a machine the file-based
     * preferences of Linux create their directory and say so at INFO ("Created user preferences
     * directory."), through {@code System.Logger} to {@code java.util.logging}'s console, a line the
     * user of {@code gui} never asked for. WARNING keeps what matters: a directory that cannot be
     * created or locked, preferences that cannot be saved. Set before the first use of
     * {@link Preferences}, which is when that line is written.
     */
    private static final java.util.logging.Logger PREFS_LOG = quietPrefsLog();

    private static java.util.logging.Logger quietPrefsLog() {
        java.util.logging.Logger l = java.util.logging.Logger.getLogger("java.util.prefs");
        if (l.getLevel() == null) { // a level from the user's logging configuration wins
            l.setLevel(java.util.logging.Level.WARNING);
        }
        return l;
    }

    private final Preferences node;

    public DesktopPrefs(Preferences node) {
        this.node = node;
    }

    /** The preferences of this user. */
    public static DesktopPrefs user() {
        return new DesktopPrefs(Preferences.userRoot().node(DEFAULT_NODE));
    }

    public Preferences node() {
        return node;
    }

    public String host(String fallback) {
        return node.get(HOST, fallback);
    }

    public int port(int fallback) {
        int p = node.getInt(PORT, fallback);
        return p >= 1 && p <= 65_535 ? p : fallback;
    }

    public String name(String fallback) {
        return node.get(NAME, fallback);
    }

    /** Remembers a server and name that just logged in. */
    public void saveLogin(String host, int port, String name) {
        node.put(HOST, host);
        node.putInt(PORT, port);
        node.put(NAME, name);
        flush();
    }

    /** The saved theme id; may be anything, {@link Themes} falls back when it is not a theme. */
    public String theme() {
        return node.get(THEME, Themes.LIGHT.id());
    }

    public void saveTheme(String id) {
        node.put(THEME, id);
        flush();
    }

    /** Saved font size in points, or 0 for the theme's default. */
    public int fontSize() {
        int s = node.getInt(FONT_SIZE, 0);
        return s >= Themes.MIN_FONT_SIZE && s <= Themes.MAX_FONT_SIZE ? s : 0;
    }

    public void saveFontSize(int size) {
        node.putInt(FONT_SIZE, size);
        flush();
    }

    /** Whether a room's member list shows beside the conversation in a wide window (default: yes). */
    public boolean membersShown() {
        return node.getBoolean(MEMBERS_SHOWN, true);
    }

    public void saveMembersShown(boolean shown) {
        node.putBoolean(MEMBERS_SHOWN, shown);
        flush();
    }

    /**
     * The rooms {@code name} was in on {@code host:port} when last seen, to join again at the next
     * login; a saved value that is no room name is left out. Room names cannot hold {@code ,}.
     */
    public List<String> rooms(String host, int port, String name) {
        String saved = node.node(ROOMS).get(roomsKey(host, port, name), "");
        List<String> out = new ArrayList<>();
        for (String r : saved.split(",")) {
            boolean seen = out.stream().anyMatch(o -> RoomNames.key(o).equals(RoomNames.key(r)));
            if (RoomNames.isValid(r) && !RoomNames.isLobby(r) && !seen) {
                out.add(r);
            }
        }
        return out;
    }

    /** Remembers the rooms {@code name} is in on {@code host:port} (none: forgets them). */
    public void saveRooms(String host, int port, String name, List<String> rooms) {
        Preferences r = node.node(ROOMS);
        String key = roomsKey(host, port, name);
        if (rooms.isEmpty()) {
            r.remove(key);
        } else {
            String value = String.join(",", rooms);
            if (value.length() > Preferences.MAX_VALUE_LENGTH) {
                log.info("too many rooms to remember ({} characters); keeping the first ones", value.length());
                value = value.substring(0, value.lastIndexOf(',', Preferences.MAX_VALUE_LENGTH));
            }
            r.put(key, value);
        }
        flush();
    }

    /**
     * {@code name@host:port}, the name by its case-insensitive key; a key over the 80 characters
     * {@link Preferences} allow is replaced by its SHA-256 (the same login always gives the same key).
     */
    static String roomsKey(String host, int port, String name) {
        String key = Usernames.key(name) + "@" + host.toLowerCase(Locale.ROOT) + ":" + port;
        if (key.length() <= Preferences.MAX_KEY_LENGTH) {
            return key;
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The saved window bounds if they still lie mostly on a screen, else null. */
    public Rectangle windowBounds() {
        String s = node.get(WINDOW, null);
        if (s == null) {
            return null;
        }
        try {
            String[] p = s.split(",");
            Rectangle r = new Rectangle(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()),
                    Integer.parseInt(p[2].trim()), Integer.parseInt(p[3].trim()));
            return r.width >= 200 && r.height >= 150 && onScreen(r) ? r : null;
        } catch (RuntimeException e) {
            log.debug("ignored saved window bounds {}", s);
            return null;
        }
    }

    public boolean maximized() {
        return node.getBoolean(MAXIMIZED, false);
    }

    public void saveWindow(Rectangle r, boolean maximized) {
        node.put(WINDOW, r.x + "," + r.y + "," + r.width + "," + r.height);
        node.putBoolean(MAXIMIZED, maximized);
        flush();
    }

    private void flush() {
        try {
            node.flush();
        } catch (BackingStoreException | IllegalStateException e) {
            log.info("could not save preferences: {}", e.toString());
        }
    }

    /** Whether at least a 100 x 60 corner of the title area shows on some screen (a screen may have gone). */
    private static boolean onScreen(Rectangle r) {
        if (GraphicsEnvironment.isHeadless()) {
            return false;
        }
        Rectangle grip = new Rectangle(r.x, r.y, Math.min(r.width, 100), 60);
        for (GraphicsDevice d : GraphicsEnvironment.getLocalGraphicsEnvironment().getScreenDevices()) {
            GraphicsConfiguration gc = d.getDefaultConfiguration();
            if (gc.getBounds().intersection(grip).width * gc.getBounds().intersection(grip).height >= 100 * 30) {
                return true;
            }
        }
        return false;
    }
}
