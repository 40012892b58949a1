package dev.switchboard.desktop;

import java.awt.AWTException;
import java.awt.SystemTray;
import java.awt.Taskbar;
import java.awt.TrayIcon;
import java.util.HashMap;
import java.util.Map;
import javax.swing.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the user about a message in a conversation that is not in front: a system tray message
 * where the desktop has a tray, else a blinking window title, plus the taskbar's attention
 * request where there is one. At most one notice per conversation every {@link #QUIET_MILLIS}, so
 * a flood of messages makes one notice, not hundreds. EDT only.
 */
final class Notifier {

    private static final Logger log = LoggerFactory.getLogger(Notifier.class);

    /** Three seconds between notices for one conversation: enough to read one, short enough to miss none. */
    static final long QUIET_MILLIS = 3_000;

    /** The title blinks this many times (on and off), about five seconds. */
    private static final int FLASHES = 12;

    private final ChatWindow window;
    private final Map<String, Long> lastNotice = new HashMap<>();
    private final Timer flash;
    private TrayIcon trayIcon;
    private boolean trayFailed;
    private String flashText;
    private int flashesLeft;
    private int notices;
    private String lastText;

    Notifier(ChatWindow window) {
        this.window = window;
        this.flash = new Timer(420, e -> tick());
    }

    void notify(Conversation c, ChatMessage m) {
        long now = System.currentTimeMillis();
        Long last = lastNotice.get(c.key());
        if (last != null && now - last < QUIET_MILLIS) {
            return;
        }
        lastNotice.put(c.key(), now);
        notices++;
        String who = c.isEveryone() ? m.sender() + " to everyone" : c.isRoom() ? m.sender() + " in " + c.name() : m.sender();
        lastText = "New message from " + who;
        if (!showInTray(who, m.text())) {
            flashTitle(lastText);
        }
        requestAttention();
    }

    private boolean showInTray(String who, String text) {
        if (trayFailed || !SystemTray.isSupported()) {
            return false;
        }
        try {
            if (trayIcon == null) {
                trayIcon = new TrayIcon(AppIcon.image(16), ChatWindow.APP_TITLE);
                trayIcon.setImageAutoSize(true);
                trayIcon.addActionListener(e -> window.toFront());
                SystemTray.getSystemTray().add(trayIcon);
            }
            trayIcon.displayMessage(who, text.length() > 200 ? text.substring(0, 200) + "\u2026" : text,
                    TrayIcon.MessageType.NONE);
            return true;
        } catch (AWTException | RuntimeException e) {
            log.info("system tray unavailable, blinking the title instead: {}", e.toString());
            trayFailed = true;
            return false;
        }
    }

    private void flashTitle(String text) {
        flashText = text;
        flashesLeft = FLASHES;
        window.setFlashText(text);
        flash.restart();
    }

    private void tick() {
        if (--flashesLeft <= 0) {
            stopFlash();
            return;
        }
        window.setFlashText(flashesLeft % 2 == 0 ? flashText : null);
    }

    void stopFlash() {
        if (flash.isRunning() || flashesLeft > 0) {
            flash.stop();
            flashesLeft = 0;
            window.setFlashText(null);
        }
    }

    private void requestAttention() {
        try {
            if (Taskbar.isTaskbarSupported()
                    && Taskbar.getTaskbar().isSupported(Taskbar.Feature.USER_ATTENTION_WINDOW)) {
                Taskbar.getTaskbar().requestWindowUserAttention(window);
            }
        } catch (RuntimeException e) {
            log.debug("taskbar attention not available: {}", e.toString());
        }
    }

    /** How many notices were given (tests). */
    int notices() {
        return notices;
    }

    /** The text of the last notice, or null (tests). */
    String lastText() {
        return lastText;
    }

    /** Removes the tray icon, if one was added. */
    void dispose() {
        flash.stop();
        if (trayIcon != null) {
            SystemTray.getSystemTray().remove(trayIcon);
            trayIcon = null;
        }
    }
}
