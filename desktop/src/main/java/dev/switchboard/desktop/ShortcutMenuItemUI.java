package dev.switchboard.desktop;

import com.formdev.flatlaf.ui.FlatMenuItemRenderer;
import com.formdev.flatlaf.ui.FlatMenuItemUI;
import java.awt.event.KeyEvent;
import javax.swing.JMenuItem;
import javax.swing.KeyStroke;

/**
 * FlatLaf's menu item, with a shortcut's key named as it is printed on the keyboard: "Ctrl+=" and
 * "Ctrl+-" where Java names the keys "Equals" and "Minus". FlatLaf takes the name from
 * {@link KeyEvent#getKeyText}, which offers no way to change it; its renderer does.
 */
final class ShortcutMenuItemUI extends FlatMenuItemUI {

    /** A menu item that keeps this UI when the theme changes (every UI is then installed anew). */
    static JMenuItem item(String text) {
        return new JMenuItem(text) {
            @Override
            public void updateUI() {
                setUI(new ShortcutMenuItemUI());
            }
        };
    }

    @Override
    protected FlatMenuItemRenderer createRenderer() {
        return new FlatMenuItemRenderer(menuItem, checkIcon, arrowIcon, acceleratorFont, acceleratorDelimiter) {
            @Override
            protected String getTextForAccelerator(KeyStroke key) {
                return withPrintedKey(super.getTextForAccelerator(key), key.getKeyCode());
            }
        };
    }

    /** {@code text} (FlatLaf's, ending with Java's name of the key) with the key as printed on it. */
    static String withPrintedKey(String text, int keyCode) {
        String printed = switch (keyCode) {
            case KeyEvent.VK_EQUALS -> "=";
            case KeyEvent.VK_MINUS -> "-";
            case KeyEvent.VK_PLUS -> "+";
            case KeyEvent.VK_COMMA -> ",";
            case KeyEvent.VK_PERIOD -> ".";
            case KeyEvent.VK_SLASH -> "/";
            default -> null;
        };
        String javaName = KeyEvent.getKeyText(keyCode);
        if (printed == null || !text.endsWith(javaName)) {
            return text;
        }
        return text.substring(0, text.length() - javaName.length()) + printed;
    }
}
