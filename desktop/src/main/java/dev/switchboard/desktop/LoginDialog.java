package dev.switchboard.desktop;

import com.formdev.flatlaf.FlatClientProperties;
import dev.switchboard.protocol.Usernames;
import java.awt.BorderLayout;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.awt.event.KeyEvent;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JDialog;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JProgressBar;
import javax.swing.JTextArea;
import javax.swing.JTextField;
import javax.swing.KeyStroke;
import javax.swing.WindowConstants;

/**
 * Asks for the server and a name. Errors (name taken, invalid name with the rule, server full,
 * server unreachable) appear inside the dialog, which stays open to try again. Connecting runs on
 * the client's threads; the dialog only shows that it is waiting. EDT only.
 */
public final class LoginDialog extends JDialog {

    /** What the user asked for. */
    public record Request(String host, int port, String name) {}

    private final JTextField host = new JTextField(18);
    private final JTextField port = new JTextField(5);
    private final JTextField name = new JTextField(18);
    private final JTextArea error = new JTextArea();
    private final JProgressBar progress = new JProgressBar();
    private final JButton connect = new JButton("Connect");
    private final JButton quit = new JButton("Quit");
    private final DesktopApp app;

    LoginDialog(DesktopApp app, String hostValue, int portValue, String nameValue) {
        super((java.awt.Frame) null, "Switchboard \u2014 Sign in", false);
        this.app = app;
        setName("login");
        setIconImages(AppIcon.images());
        setDefaultCloseOperation(WindowConstants.DO_NOTHING_ON_CLOSE);
        addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosing(WindowEvent e) {
                app.quit();
            }
        });
        host.setName("host");
        port.setName("port");
        name.setName("name");
        connect.setName("connect");
        quit.setName("quit");
        error.setName("loginError");
        host.setText(hostValue);
        port.setText(portValue > 0 ? Integer.toString(portValue) : "");
        name.setText(nameValue);
        host.putClientProperty(FlatClientProperties.PLACEHOLDER_TEXT, "localhost");
        port.putClientProperty(FlatClientProperties.PLACEHOLDER_TEXT, "5555");
        name.putClientProperty(FlatClientProperties.PLACEHOLDER_TEXT, "Your name");
        for (JTextField f : new JTextField[] {host, port, name}) {
            f.putClientProperty(FlatClientProperties.STYLE, "margin: 6,8,6,8");
            f.addActionListener(e -> connect());
        }
        setContentPane(build());
        getRootPane().setDefaultButton(connect);
        getRootPane().registerKeyboardAction(e -> app.quit(), KeyStroke.getKeyStroke(KeyEvent.VK_ESCAPE, 0),
                JComponent.WHEN_IN_FOCUSED_WINDOW);
        pack();
        setResizable(false);
        setLocationRelativeTo(null);
    }

    private JComponent build() {
        JPanel card = new JPanel(new GridBagLayout());
        card.setBorder(BorderFactory.createEmptyBorder(26, 34, 24, 34));
        GridBagConstraints c = new GridBagConstraints();
        c.gridx = 0;
        c.gridwidth = 3;
        c.fill = GridBagConstraints.HORIZONTAL;
        c.weightx = 1;

        JComponent logo = new JComponent() {
            @Override
            public Dimension getPreferredSize() {
                return new Dimension(56, 56);
            }

            @Override
            public Dimension getMinimumSize() {
                return getPreferredSize();
            }

            @Override
            protected void paintComponent(Graphics g0) {
                Graphics2D g = (Graphics2D) g0.create();
                Avatar.hints(g);
                AppIcon.paint(g, (getWidth() - 56) / 2f, 0, 56);
                g.dispose();
            }
        };
        c.gridy = 0;
        c.insets = new Insets(0, 0, 12, 0);
        card.add(logo, c);

        JLabel title = new JLabel("Welcome to Switchboard", JLabel.CENTER);
        title.putClientProperty(FlatClientProperties.STYLE, "font: bold +7");
        c.gridy = 1;
        c.insets = new Insets(0, 0, 4, 0);
        card.add(title, c);
        JLabel subtitle = new JLabel("Sign in to a chat server to start talking.", JLabel.CENTER);
        subtitle.putClientProperty(FlatClientProperties.STYLE, "foreground: $Label.disabledForeground");
        c.gridy = 2;
        c.insets = new Insets(0, 0, 22, 0);
        card.add(subtitle, c);

        c.gridy = 3;
        c.insets = new Insets(0, 0, 5, 0);
        card.add(fieldLabel("Server"), c);
        JPanel server = new JPanel(new BorderLayout(8, 0));
        server.setOpaque(false);
        server.add(host, BorderLayout.CENTER);
        server.add(port, BorderLayout.EAST);
        c.gridy = 4;
        c.insets = new Insets(0, 0, 14, 0);
        card.add(server, c);

        c.gridy = 5;
        c.insets = new Insets(0, 0, 5, 0);
        card.add(fieldLabel("Your name"), c);
        c.gridy = 6;
        c.insets = new Insets(0, 0, 5, 0);
        card.add(name, c);
        JLabel rule = new JLabel("<html>" + Usernames.RULE.substring(0, 1).toUpperCase() + Usernames.RULE.substring(1)
                + ".</html>");
        rule.putClientProperty(FlatClientProperties.STYLE, "font: -2; foreground: $Label.disabledForeground");
        rule.setPreferredSize(new Dimension(320, rule.getPreferredSize().height * 2));
        c.gridy = 7;
        c.insets = new Insets(0, 2, 10, 0);
        card.add(rule, c);

        error.setEditable(false);
        error.setFocusable(false);
        error.setLineWrap(true);
        error.setWrapStyleWord(true);
        error.setVisible(false);
        error.setColumns(28);
        error.putClientProperty(FlatClientProperties.STYLE, "border: 8,10,8,10");
        c.gridy = 8;
        c.insets = new Insets(0, 0, 12, 0);
        card.add(error, c);

        progress.setIndeterminate(true);
        progress.setVisible(false);
        progress.putClientProperty(FlatClientProperties.STYLE, "arc: 4");
        progress.setPreferredSize(new Dimension(100, 4));
        c.gridy = 9;
        c.insets = new Insets(0, 0, 10, 0);
        card.add(progress, c);

        JPanel buttons = new JPanel(new FlowLayout(FlowLayout.RIGHT, 8, 0));
        buttons.setOpaque(false);
        quit.addActionListener(e -> app.quit());
        connect.putClientProperty(FlatClientProperties.STYLE, "font: bold; margin: 6,22,6,22");
        connect.addActionListener(e -> connect());
        quit.putClientProperty(FlatClientProperties.STYLE, "margin: 6,16,6,16");
        buttons.add(quit);
        buttons.add(connect);
        c.gridy = 10;
        c.insets = new Insets(4, 0, 0, 0);
        card.add(buttons, c);
        return card;
    }

    private static JLabel fieldLabel(String text) {
        JLabel l = new JLabel(text);
        l.putClientProperty(FlatClientProperties.STYLE, "font: bold -1");
        return l;
    }

    /** Checks the fields here (no round trip for a name the server would refuse) and asks the app to connect. */
    void connect() {
        if (!connect.isEnabled()) {
            return;
        }
        String h = host.getText().strip();
        if (h.isEmpty()) {
            showError("Enter the server's host name or address.");
            host.requestFocusInWindow();
            return;
        }
        int p;
        try {
            p = Integer.parseInt(port.getText().strip());
        } catch (NumberFormatException e) {
            p = -1;
        }
        if (p < 1 || p > 65_535) {
            showError("The port must be a number from 1 to 65535.");
            port.requestFocusInWindow();
            return;
        }
        String n = name.getText().strip();
        String problem = Usernames.problem(n);
        if (problem != null) {
            showError(invalidName(n, problem));
            name.requestFocusInWindow();
            name.selectAll();
            return;
        }
        showError(null);
        setBusy(true);
        app.login(new Request(h, p, n));
    }

    static String invalidName(String n, String problem) {
        String what = n.isEmpty() ? "Enter a name." : "\u201c" + n + "\u201d is not a valid name: it " + (
                problem.equals("empty") ? "is empty" : problem) + ".";
        return what + " Names are " + Usernames.RULE + ".";
    }

    /** Shows {@code text} as the error in the dialog, or hides the error when null. */
    void showError(String text) {
        error.setText(text == null ? "" : text);
        error.setVisible(text != null);
        // A wrapping text area knows its height only for a given width: give it the fields' width.
        int width = name.getWidth() > 0 ? name.getWidth() : 320;
        error.setSize(width, Short.MAX_VALUE);
        error.setPreferredSize(null);
        error.setPreferredSize(new Dimension(width, error.getPreferredSize().height));
        error.putClientProperty(FlatClientProperties.STYLE, "border: 8,10,8,10; background: "
                + hex(Palette.errorBackground()) + "; foreground: " + hex(Palette.error()));
        pack();
    }

    /** Where the focus goes after a failed login: the field to fix, or Connect to simply try again. */
    enum Fix { HOST, PORT, NAME, RETRY }

    /**
     * The login failed: show why and put the focus on {@code fix}, so the next Enter tries again.
     * It must be put somewhere: connecting disabled the fields and Connect, and Swing moved the
     * focus to the only button left enabled, Quit.
     */
    void failed(String text, Fix fix) {
        setBusy(false);
        showError(text);
        JComponent target = switch (fix) {
            case HOST -> host;
            case PORT -> port;
            case NAME -> name;
            case RETRY -> connect;
        };
        target.requestFocusInWindow();
        if (target instanceof JTextField field) {
            field.selectAll();
        }
    }

    void setBusy(boolean busy) {
        progress.setVisible(busy);
        connect.setEnabled(!busy);
        connect.setText(busy ? "Connecting\u2026" : "Connect");
        host.setEnabled(!busy);
        port.setEnabled(!busy);
        name.setEnabled(!busy);
        pack();
    }

    String errorText() {
        return error.isVisible() ? error.getText() : null;
    }

    JTextField hostField() {
        return host;
    }

    JTextField portField() {
        return port;
    }

    JTextField nameField() {
        return name;
    }

    JButton connectButton() {
        return connect;
    }

    private static String hex(java.awt.Color c) {
        return String.format("#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }
}
