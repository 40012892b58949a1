package dev.switchboard.terminal;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Turns chat events into styled lines: a timestamp, a colour per sender (the same name always
 * gets the same colour), dim notices and red errors. With colours off, the same text unstyled.
 */
final class ChatScreen {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
    /** Readable on dark and light backgrounds alike; red is kept for errors. */
    private static final int[] SENDER_COLOURS = {
        AttributedStyle.GREEN, AttributedStyle.YELLOW, AttributedStyle.BLUE, AttributedStyle.MAGENTA, AttributedStyle.CYAN,
    };

    private final boolean colour;
    private final String self;

    ChatScreen(boolean colour, String self) {
        this.colour = colour;
        this.self = self;
    }

    AttributedString privateIn(String from, String text) {
        return line().append(name(from)).append(": ").append(text).toAttributedString();
    }

    AttributedString privateOut(String to, String text) {
        return line().append(name(self)).append(" → ").append(name(to)).append(": ").append(text).toAttributedString();
    }

    /** A message in a room, the user's own included: {@code #rust alice: text}. */
    AttributedString room(String room, String from, String text) {
        return line().append(style(room, AttributedStyle.BOLD)).append(' ').append(name(from)).append(": ").append(text)
                .toAttributedString();
    }

    AttributedString everyone(String from, String text) {
        return line().append(style("[all] ", AttributedStyle.BOLD)).append(name(from)).append(": ").append(text)
                .toAttributedString();
    }

    /** A notice: joins, leaves, reconnects, help. */
    AttributedString notice(String text) {
        return line().append(style("* " + text, AttributedStyle.DEFAULT.faint())).toAttributedString();
    }

    /** Something went wrong or was not delivered. */
    AttributedString problem(String text) {
        return line().append(style("! " + text, AttributedStyle.DEFAULT.foreground(AttributedStyle.RED).bold()))
                .toAttributedString();
    }

    private AttributedStringBuilder line() {
        AttributedStringBuilder b = new AttributedStringBuilder();
        b.append(style(LocalTime.now().format(TIME), AttributedStyle.DEFAULT.faint())).append(' ');
        return b;
    }

    private AttributedString name(String who) {
        AttributedStyle s = AttributedStyle.DEFAULT.foreground(colourOf(who));
        if (who.equals(self)) {
            s = s.bold();
        }
        return style(who, s);
    }

    static int colourOf(String who) {
        return SENDER_COLOURS[Math.floorMod(who.toLowerCase(java.util.Locale.ROOT).hashCode(), SENDER_COLOURS.length)];
    }

    private AttributedString style(String text, AttributedStyle s) {
        return colour ? new AttributedString(text, s) : new AttributedString(text);
    }
}
