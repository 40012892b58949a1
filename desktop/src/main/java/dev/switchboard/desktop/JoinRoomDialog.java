package dev.switchboard.desktop;

import com.formdev.flatlaf.FlatClientProperties;
import dev.switchboard.protocol.RoomNames;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.awt.event.KeyEvent;
import java.util.function.Function;
import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JDialog;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JTextArea;
import javax.swing.JTextField;
import javax.swing.KeyStroke;
import javax.swing.WindowConstants;

/**
 * "Join a room": one field, Enter joins. The name is checked here with the protocol's rule
 * ({@link RoomNames}) before anything is sent, and a {@code #} is put in front when it was left
 * out; what the server answers (the room, or an error) comes back through the window: the dialog
 * closes when the room is joined, and shows the error otherwise, staying open to try again.
 * Modeless, so the window keeps taking events while it waits. EDT only.
 */
final class JoinRoomDialog extends JDialog {

    /** What the window made of a join: done (opened), waiting for the server, or refused with a reason. */
    sealed interface Start {
        /** Nothing to wait for: the room (or Everyone, for {@code #lobby}) was opened. */
        record Done() implements Start {}

        /** The JOIN went out; {@link #joined} or {@link #failed} follows. */
        record Waiting() implements Start {}

        /** Not sent, for this reason. */
        record Refused(String why) implements Start {}
    }

    private final JTextField name = new JTextField(22);
    private final JTextArea error = new JTextArea();
    private final JButton join = new JButton("Join");
    private final JButton cancel = new JButton("Cancel");
    private final Function<String, Start> joiner;
    /** The room whose answer is awaited, or null. */
    private String waitingFor;

    /** @param joiner the window's join: takes a valid room name, says what became of it */
    JoinRoomDialog(JFrame owner, Function<String, Start> joiner) {
        super(owner, "Join a room", false);
        this.joiner = joiner;
        setName("joinRoom");
        setDefaultCloseOperation(WindowConstants.HIDE_ON_CLOSE);
        name.setName("roomName");
        join.setName("joinButton");
        cancel.setName("cancelJoin");
        error.setName("joinError");
        name.putClientProperty(FlatClientProperties.PLACEHOLDER_TEXT, "#room");
        name.putClientProperty(FlatClientProperties.STYLE, "margin: 6,8,6,8");
        name.addActionListener(e -> submit());
        join.addActionListener(e -> submit());
        cancel.addActionListener(e -> close());
        setContentPane(build());
        getRootPane().setDefaultButton(join);
        getRootPane().registerKeyboardAction(e -> close(), KeyStroke.getKeyStroke(KeyEvent.VK_ESCAPE, 0),
                JComponent.WHEN_IN_FOCUSED_WINDOW);
        pack();
        setResizable(false);
    }

    private JComponent build() {
        JPanel card = new JPanel(new GridBagLayout());
        card.setBorder(BorderFactory.createEmptyBorder(20, 24, 18, 24));
        GridBagConstraints c = new GridBagConstraints();
        c.gridx = 0;
        c.fill = GridBagConstraints.HORIZONTAL;
        c.weightx = 1;

        JLabel title = new JLabel("Join a room");
        title.putClientProperty(FlatClientProperties.STYLE, "font: bold +4");
        c.gridy = 0;
        c.insets = new Insets(0, 0, 6, 0);
        card.add(title, c);
        JTextArea intro = label("Type the room's name. If nobody is in it yet, it is made for you, and you are its "
                + "operator: you may set its topic and kick.");
        c.gridy = 1;
        c.insets = new Insets(0, 0, 14, 0);
        card.add(intro, c);

        c.gridy = 2;
        c.insets = new Insets(0, 0, 5, 0);
        card.add(name, c);
        JLabel rule = new JLabel("Room names are " + RoomNames.RULE + ".");
        rule.putClientProperty(FlatClientProperties.STYLE, "font: -2; foreground: $Label.disabledForeground");
        c.gridy = 3;
        c.insets = new Insets(0, 2, 10, 0);
        card.add(rule, c);

        error.setEditable(false);
        error.setFocusable(false);
        error.setLineWrap(true);
        error.setWrapStyleWord(true);
        error.setVisible(false);
        error.setColumns(28);
        c.gridy = 4;
        c.insets = new Insets(0, 0, 12, 0);
        card.add(error, c);

        JPanel buttons = new JPanel(new FlowLayout(FlowLayout.RIGHT, 8, 0));
        buttons.setOpaque(false);
        join.putClientProperty(FlatClientProperties.STYLE, "font: bold; margin: 6,22,6,22");
        cancel.putClientProperty(FlatClientProperties.STYLE, "margin: 6,16,6,16");
        buttons.add(cancel);
        buttons.add(join);
        c.gridy = 5;
        c.insets = new Insets(4, 0, 0, 0);
        card.add(buttons, c);
        return card;
    }

    private static JTextArea label(String text) {
        JTextArea t = new JTextArea(text);
        t.setEditable(false);
        t.setFocusable(false);
        t.setOpaque(false);
        t.setLineWrap(true);
        t.setWrapStyleWord(true);
        t.setColumns(28);
        t.setBorder(BorderFactory.createEmptyBorder());
        t.putClientProperty(FlatClientProperties.STYLE, "foreground: $Label.disabledForeground");
        return t;
    }

    /** Shows the dialog with {@code prefill} in the field ({@code #} when null), its text selected after the {@code #}. */
    void open(String prefill) {
        setBusy(false);
        showError(null);
        String text = prefill == null || prefill.isBlank() ? "#" : prefill.strip();
        name.setText(text);
        name.select(text.startsWith("#") ? 1 : 0, text.length());
        pack();
        setLocationRelativeTo(getOwner());
        setVisible(true);
        name.requestFocusInWindow();
    }

    /** Enter or Join: checks the name, then hands it to the window. */
    void submit() {
        if (!join.isEnabled()) {
            return;
        }
        String typed = name.getText().strip();
        String room = typed.startsWith("#") ? typed : "#" + typed;
        if (room.length() == 1) {
            refuse("Type the name of a room after the #.");
            return;
        }
        String problem = RoomNames.problem(room);
        if (problem != null) {
            refuse(invalidRoom(room, problem));
            return;
        }
        if (!room.equals(typed)) {
            name.setText(room);
        }
        showError(null);
        switch (joiner.apply(room)) {
            case Start.Done d -> close();
            case Start.Waiting w -> {
                waitingFor = room;
                setBusy(true);
            }
            case Start.Refused r -> refuse(r.why());
        }
    }

    static String invalidRoom(String room, String problem) {
        return "\u201c" + room + "\u201d is not a valid room name: it " + problem + ". Room names are "
                + RoomNames.RULE + ".";
    }

    /** The room we waited for was joined (the window opens it): the dialog is done. */
    void joined(String room) {
        if (waitingFor != null && RoomNames.key(waitingFor).equals(RoomNames.key(room))) {
            close();
        }
    }

    /** The join of {@code room} failed: show why and let the user try again. */
    void failed(String room, String why) {
        if (waitingFor != null && RoomNames.key(waitingFor).equals(RoomNames.key(room))) {
            refuse(why);
        }
    }

    /** Whether the dialog waits for the server's answer to a join. */
    boolean waiting() {
        return waitingFor != null;
    }

    private void refuse(String why) {
        setBusy(false);
        showError(why);
        name.requestFocusInWindow();
        name.select(name.getText().startsWith("#") ? 1 : 0, name.getText().length());
    }

    private void close() {
        waitingFor = null;
        setBusy(false);
        boolean hadFocus = isFocused();
        setVisible(false);
        if (hadFocus && getOwner() != null) {
            // Back to the window (and its message box), also where no window manager does it.
            getOwner().toFront();
        }
    }

    private void setBusy(boolean busy) {
        if (!busy) {
            waitingFor = null;
        }
        join.setEnabled(!busy);
        join.setText(busy ? "Joining\u2026" : "Join");
        name.setEnabled(!busy);
    }

    private void showError(String text) {
        error.setText(text == null ? "" : text);
        error.setVisible(text != null);
        int width = name.getWidth() > 0 ? name.getWidth() : 320;
        error.setSize(width, Short.MAX_VALUE);
        error.setPreferredSize(null);
        error.setPreferredSize(new Dimension(width, error.getPreferredSize().height));
        error.putClientProperty(FlatClientProperties.STYLE, "border: 8,10,8,10; background: "
                + Palette.hex(Palette.errorBackground()) + "; foreground: " + Palette.hex(Palette.error()));
        pack();
    }

    String errorText() {
        return error.isVisible() ? error.getText() : null;
    }

    JTextField nameField() {
        return name;
    }

    JButton joinButton() {
        return join;
    }
}
