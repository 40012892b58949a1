package dev.switchboard.desktop;

import com.formdev.flatlaf.FlatClientProperties;
import java.awt.AWTKeyStroke;
import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Component;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.KeyboardFocusManager;
import java.awt.Rectangle;
import java.awt.event.ActionEvent;
import java.awt.event.ComponentAdapter;
import java.awt.event.ComponentEvent;
import java.awt.event.InputEvent;
import java.awt.event.KeyEvent;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.awt.font.TextLayout;
import java.awt.geom.Ellipse2D;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import javax.swing.AbstractAction;
import javax.swing.Action;
import javax.swing.BorderFactory;
import javax.swing.ButtonGroup;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JMenu;
import javax.swing.JMenuBar;
import javax.swing.JMenuItem;
import javax.swing.JPanel;
import javax.swing.JRadioButtonMenuItem;
import javax.swing.JScrollBar;
import javax.swing.JScrollPane;
import javax.swing.JTextArea;
import javax.swing.JTextField;
import javax.swing.KeyStroke;
import javax.swing.ListSelectionModel;
import javax.swing.ScrollPaneConstants;
import javax.swing.SwingUtilities;
import javax.swing.Timer;
import javax.swing.WindowConstants;
import javax.swing.event.DocumentEvent;
import javax.swing.event.DocumentListener;

/**
 * The main window: contacts on the left, the conversation in front on the right, the status bar
 * below. Built and used on the EDT only; it learns about the network only through
 * {@link ChatModel.Listener} calls, which {@link ClientBridge} makes on the EDT.
 */
public final class ChatWindow extends JFrame implements ChatModel.Listener {

    /** The title every window starts from; the unread total goes in front of it. */
    static final String APP_TITLE = "Switchboard";

    /**
     * The contact list's width follows the window's: {@link #FULL_SIDEBAR} px from
     * {@link #FULL_SIDEBAR_FROM} px of window width, shrinking to {@link #NARROW_SIDEBAR} px at
     * {@link #COMPACT_BELOW} px, and below that only avatars (with presence and unread), so the
     * conversation keeps at least ~400 px. While the search field has the focus the list is shown
     * in full whatever the width, since names are what one searches.
     */
    static final int FULL_SIDEBAR = 290;
    static final int NARROW_SIDEBAR = 220;
    static final int FULL_SIDEBAR_FROM = 900;
    static final int COMPACT_BELOW = 700;

    /** The width of the list of avatars at the default text size: a 38 px avatar and 18 px on each side. */
    static final int COMPACT_SIDEBAR = 76;

    /** Space kept free on each side of the empty conversation's text. */
    private static final int EMPTY_MARGIN = 24;

    /** Narrower than this, the composer's Send button and a usable message box no longer fit. */
    static final int MIN_WIDTH = 460;
    static final int MIN_HEIGHT = 360;

    private final ChatModel model;
    private ChatSession session;
    private final DesktopApp app;
    private final ZoneId zone;
    private final Notifier notifier;

    private final ListModels.Contacts contactsModel;
    private final ListModels.Messages messagesModel = new ListModels.Messages();
    private final JList<Conversation> contacts;
    private final JList<ChatMessage> messages;
    private final MessageCell messageCell;
    private final JScrollPane messageScroll;
    private final JTextField search = new JTextField();
    private final MessageBox input = new MessageBox();
    private final JButton send = new JButton("Send");
    private final JTextArea composerNote = new JTextArea(" ");
    private final JLabel offlineBanner = new JLabel();
    private final JButton reconnect = new JButton("Reconnect");
    private final JPanel bannerRow = new JPanel(new BorderLayout(8, 0));
    private final HeaderView header = new HeaderView();
    private final JPanel sidebar;
    private final ConversationCell contactCell;
    private boolean compact;
    /** Ctrl+K asked for the search field: shown (with the whole list) even in a narrow window. */
    private boolean searchOpen;
    private final ProfileView profile = new ProfileView();
    private final StatusBar statusBar = new StatusBar();
    private final Timer countdown;
    private boolean selecting;
    private boolean scrollPending;
    private String flashText;

    ChatWindow(DesktopApp app, ChatSession session, ZoneId zone) {
        this.app = app;
        this.session = session;
        this.model = session.model();
        this.zone = zone;
        setName("switchboard-window");
        setDefaultCloseOperation(WindowConstants.DO_NOTHING_ON_CLOSE);
        setIconImages(AppIcon.images());

        contactsModel = new ListModels.Contacts(model);
        contacts = new JList<>(contactsModel) {
            @Override
            public void updateUI() {
                super.updateUI();
                setFixedCellHeight(Math.round(58 * Palette.font().getSize2D() / 13f));
                setBackground(Palette.sidebarBackground());
            }

            /** Rows as wide as the list's viewport, however narrow (a list of avatars). */
            @Override
            public boolean getScrollableTracksViewportWidth() {
                return true;
            }

            /**
             * Text typed while the list has the focus (after a click on a contact) is meant for
             * the message box: it goes there, and so does the focus. Arrow keys still move in the
             * list; the list's own type-ahead (jump to the next name with that letter) is gone.
             */
            @Override
            protected void processKeyEvent(KeyEvent e) {
                if (e.getID() == KeyEvent.KEY_TYPED && typesText(e)) {
                    e.consume();
                    typeIntoInput(e.getKeyChar());
                    return;
                }
                super.processKeyEvent(e);
            }
        };
        contacts.setName("contacts");
        contacts.getInputMap().put(KeyStroke.getKeyStroke(KeyEvent.VK_ENTER, 0), "to-input");
        contacts.getActionMap().put("to-input", action("to-input", e -> input.requestFocusInWindow()));
        contactCell = new ConversationCell(zone);
        contacts.setCellRenderer(contactCell);
        contacts.setSelectionMode(ListSelectionModel.SINGLE_SELECTION);
        contacts.addListSelectionListener(e -> {
            if (!selecting && !e.getValueIsAdjusting() && contacts.getSelectedValue() != null) {
                open(contacts.getSelectedValue());
            }
        });

        messageCell = new MessageCell(zone);
        messages = new JList<>(messagesModel) {
            @Override
            public boolean getScrollableTracksViewportWidth() {
                return true;
            }

            @Override
            public void updateUI() {
                super.updateUI();
                setBackground(Palette.chatBackground());
            }

            @Override
            protected void paintComponent(Graphics g) {
                super.paintComponent(g);
                if (getModel().getSize() == 0) {
                    paintEmpty((Graphics2D) g, this);
                }
            }
        };
        messages.setName("messages");
        messages.setCellRenderer(messageCell);
        messages.setFocusable(false);
        messages.setSelectionModel(new javax.swing.DefaultListSelectionModel() {
            @Override
            public void setSelectionInterval(int a, int b) {
                // chat lines are not selectable items
            }

            @Override
            public void addSelectionInterval(int a, int b) {
                // chat lines are not selectable items
            }
        });
        messages.addMouseListener(new java.awt.event.MouseAdapter() {
            @Override
            public void mousePressed(java.awt.event.MouseEvent e) {
                maybeCopyMenu(e);
            }

            @Override
            public void mouseReleased(java.awt.event.MouseEvent e) {
                maybeCopyMenu(e);
            }
        });
        messageScroll = new JScrollPane(messages, ScrollPaneConstants.VERTICAL_SCROLLBAR_AS_NEEDED,
                ScrollPaneConstants.HORIZONTAL_SCROLLBAR_NEVER);
        messageScroll.setBorder(BorderFactory.createEmptyBorder());
        messageScroll.getVerticalScrollBar().setUnitIncrement(24);
        messageScroll.getViewport().addComponentListener(new ComponentAdapter() {
            private int width = -1;

            @Override
            public void componentResized(ComponentEvent e) {
                int w = messageScroll.getViewport().getWidth();
                if (w != width) {
                    width = w;
                    relayoutMessages();
                }
            }
        });

        sidebar = new JPanel(new BorderLayout()) {
            @Override
            public void updateUI() {
                super.updateUI();
                setBackground(Palette.sidebarBackground());
                setBorder(BorderFactory.createMatteBorder(0, 0, 0, 1, Palette.separator()));
            }
        };
        sidebar.setName("sidebar");
        setJMenuBar(buildMenu());
        setContentPane(buildContent());
        setKeyboardHabits();

        countdown = new Timer(250, e -> {
            statusBar.repaint();
            profile.repaint();
            header.repaint();
            messages.repaint();
            updateComposer();
        });
        addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosing(WindowEvent e) {
                app.quit();
            }

            @Override
            public void windowActivated(WindowEvent e) {
                notifier.stopFlash();
            }
        });
        notifier = new Notifier(this);

        model.addListener(this);
        conversationsChanged();
        open(model.selected());
        statusChanged(model.status());
        setMinimumSize(new Dimension(MIN_WIDTH, MIN_HEIGHT));
    }

    // ---- layout -------------------------------------------------------------------------

    private JComponent buildContent() {
        sidebar.setPreferredSize(new Dimension(FULL_SIDEBAR, 100));
        JPanel top = new JPanel(new BorderLayout(0, 10));
        top.setOpaque(false);
        top.setBorder(BorderFactory.createEmptyBorder(14, 14, 10, 14));
        top.add(profile, BorderLayout.NORTH);
        search.setName("search");
        search.putClientProperty(FlatClientProperties.PLACEHOLDER_TEXT, "Search contacts   Ctrl+K");
        search.putClientProperty(FlatClientProperties.TEXT_FIELD_LEADING_ICON, new SearchIcon());
        search.putClientProperty(FlatClientProperties.TEXT_FIELD_SHOW_CLEAR_BUTTON, true);
        search.putClientProperty(FlatClientProperties.STYLE, "margin: 5,8,5,8");
        search.getDocument().addDocumentListener(new DocumentListener() {
            @Override
            public void insertUpdate(DocumentEvent e) {
                filterChanged();
            }

            @Override
            public void removeUpdate(DocumentEvent e) {
                filterChanged();
            }

            @Override
            public void changedUpdate(DocumentEvent e) {
                filterChanged();
            }
        });
        search.addActionListener(e -> openFirstMatch());
        search.addFocusListener(new java.awt.event.FocusAdapter() {
            @Override
            public void focusGained(java.awt.event.FocusEvent e) {
                updateSidebar();
            }

            @Override
            public void focusLost(java.awt.event.FocusEvent e) {
                if (!e.isTemporary()) {
                    searchOpen = false;
                }
                updateSidebar();
            }
        });
        search.getInputMap().put(KeyStroke.getKeyStroke(KeyEvent.VK_ESCAPE, 0), "clear-search");
        search.getActionMap().put("clear-search", action("clear-search", e -> {
            search.setText("");
            input.requestFocusInWindow();
        }));
        search.getInputMap().put(KeyStroke.getKeyStroke(KeyEvent.VK_DOWN, 0), "to-list");
        search.getActionMap().put("to-list", action("to-list", e -> contacts.requestFocusInWindow()));
        top.add(search, BorderLayout.SOUTH);
        sidebar.add(top, BorderLayout.NORTH);
        JScrollPane contactScroll = new JScrollPane(contacts, ScrollPaneConstants.VERTICAL_SCROLLBAR_AS_NEEDED,
                ScrollPaneConstants.HORIZONTAL_SCROLLBAR_NEVER);
        contactScroll.setBorder(BorderFactory.createEmptyBorder());
        sidebar.add(contactScroll, BorderLayout.CENTER);

        JPanel conversation = new JPanel(new BorderLayout());
        conversation.add(header, BorderLayout.NORTH);
        conversation.add(messageScroll, BorderLayout.CENTER);
        conversation.add(buildComposer(), BorderLayout.SOUTH);

        JPanel content = new JPanel(new BorderLayout());
        content.add(sidebar, BorderLayout.WEST);
        content.add(conversation, BorderLayout.CENTER);
        content.add(statusBar, BorderLayout.SOUTH);
        content.addComponentListener(new ComponentAdapter() {
            @Override
            public void componentResized(ComponentEvent e) {
                updateSidebar();
            }
        });
        return content;
    }

    /** Sizes the contact list for the window's width (see {@link #FULL_SIDEBAR}). */
    private void updateSidebar() {
        int w = getContentPane().getWidth();
        if (w <= 0) {
            return;
        }
        boolean searching = searchOpen || search.isFocusOwner();
        boolean nowCompact = w < COMPACT_BELOW && !searching;
        int width;
        if (w >= FULL_SIDEBAR_FROM || (w < COMPACT_BELOW && searching)) {
            width = FULL_SIDEBAR;
        } else if (nowCompact) {
            width = Math.round(COMPACT_SIDEBAR * Palette.font().getSize2D() / 13f);
        } else {
            width = NARROW_SIDEBAR + (FULL_SIDEBAR - NARROW_SIDEBAR) * (w - COMPACT_BELOW) / (FULL_SIDEBAR_FROM - COMPACT_BELOW);
        }
        if (nowCompact != compact) {
            compact = nowCompact;
            contactCell.setCompact(compact);
            search.setVisible(!compact);
            contacts.repaint();
            profile.repaint();
        }
        if (sidebar.getPreferredSize().width != width) {
            sidebar.setPreferredSize(new Dimension(width, 100));
            sidebar.revalidate();
        }
    }

    private JComponent buildComposer() {
        JPanel composer = new JPanel(new BorderLayout(0, 6)) {
            @Override
            public void updateUI() {
                super.updateUI();
                setBackground(Palette.chatBackground());
            }
        };
        composer.setBorder(BorderFactory.createEmptyBorder(6, 20, 10, 20));

        offlineBanner.setName("sendBlocked");
        offlineBanner.putClientProperty(FlatClientProperties.STYLE, "border: 6,10,6,10");
        reconnect.setName("reconnect");
        reconnect.addActionListener(e -> app.reconnect());
        reconnect.setVisible(false);
        bannerRow.setName("sendBlockedRow");
        bannerRow.setOpaque(true);
        bannerRow.setVisible(false);
        bannerRow.setBorder(BorderFactory.createEmptyBorder(0, 0, 0, 6));
        bannerRow.putClientProperty(FlatClientProperties.STYLE, "arc: 12");
        bannerRow.add(offlineBanner, BorderLayout.CENTER);
        JPanel reconnectBox = new JPanel(new java.awt.GridBagLayout());
        reconnectBox.setOpaque(false);
        reconnectBox.add(reconnect);
        bannerRow.add(reconnectBox, BorderLayout.EAST);
        composer.add(bannerRow, BorderLayout.NORTH);

        input.setName("input");
        input.putClientProperty(FlatClientProperties.PLACEHOLDER_TEXT, "Write a message");
        input.putClientProperty(FlatClientProperties.STYLE, "margin: 7,10,7,10");
        input.setFocusTraversalKeys(KeyboardFocusManager.FORWARD_TRAVERSAL_KEYS,
                Set.of(KeyStroke.getKeyStroke(KeyEvent.VK_TAB, 0)));
        input.setFocusTraversalKeys(KeyboardFocusManager.BACKWARD_TRAVERSAL_KEYS,
                Set.of(KeyStroke.getKeyStroke(KeyEvent.VK_TAB, InputEvent.SHIFT_DOWN_MASK)));
        // Enter sends; Shift+Enter keeps the box's own line break.
        Object breakAction = input.getInputMap().get(KeyStroke.getKeyStroke(KeyEvent.VK_ENTER, 0));
        input.getInputMap().put(KeyStroke.getKeyStroke(KeyEvent.VK_ENTER, 0), "send-message");
        input.getInputMap().put(KeyStroke.getKeyStroke(KeyEvent.VK_ENTER, InputEvent.SHIFT_DOWN_MASK), breakAction);
        input.getActionMap().put("send-message", action("send-message", e -> sendTyped()));
        input.getDocument().addDocumentListener(new DocumentListener() {
            @Override
            public void insertUpdate(DocumentEvent e) {
                inputChanged();
            }

            @Override
            public void removeUpdate(DocumentEvent e) {
                inputChanged();
            }

            @Override
            public void changedUpdate(DocumentEvent e) {
                inputChanged();
            }
        });
        JScrollPane inputScroll = new JScrollPane(input, ScrollPaneConstants.VERTICAL_SCROLLBAR_AS_NEEDED,
                ScrollPaneConstants.HORIZONTAL_SCROLLBAR_NEVER) {
            @Override
            public Dimension getPreferredSize() {
                // Grow with the text up to six lines, then scroll.
                Dimension d = super.getPreferredSize();
                FontMetrics fm = input.getFontMetrics(input.getFont());
                int max = fm.getHeight() * 6 + 16;
                return new Dimension(d.width, Math.min(d.height, max));
            }

            /**
             * Not a validate root (scroll panes are): the box grows with its text, so the message
             * box's own revalidate, which Swing posts once its views have taken the edit, must lay
             * out the composer around it too.
             */
            @Override
            public boolean isValidateRoot() {
                return false;
            }
        };
        inputScroll.putClientProperty(FlatClientProperties.STYLE, "arc: 14");

        send.setName("send");
        send.putClientProperty(FlatClientProperties.BUTTON_TYPE, FlatClientProperties.BUTTON_TYPE_ROUND_RECT);
        send.putClientProperty(FlatClientProperties.STYLE,
                "background: $Component.accentColor; foreground: #ffffff; font: bold; margin: 7,16,7,16;"
                        + "borderWidth: 0; focusWidth: 0; disabledBackground: fade($Component.accentColor,45%);"
                        + "disabledText: #ffffffcc");
        send.addActionListener(e -> sendTyped());
        send.setEnabled(false);
        JPanel row = new JPanel(new BorderLayout(10, 0));
        row.setOpaque(false);
        row.add(inputScroll, BorderLayout.CENTER);
        JPanel sendBox = new JPanel(new BorderLayout());
        sendBox.setOpaque(false);
        sendBox.add(send, BorderLayout.SOUTH);
        row.add(sendBox, BorderLayout.EAST);
        composer.add(row, BorderLayout.CENTER);

        // A text area as a label that wraps: a reason for not sending must be read in full.
        composerNote.setName("composerNote");
        composerNote.setEditable(false);
        composerNote.setFocusable(false);
        composerNote.setOpaque(false);
        composerNote.setLineWrap(true);
        composerNote.setWrapStyleWord(true);
        composerNote.setBorder(BorderFactory.createEmptyBorder());
        composerNote.putClientProperty(FlatClientProperties.STYLE, "font: -2; foreground: $Label.disabledForeground");
        composerNote.setText("Enter to send  \u00b7  Shift+Enter for a new line");
        composer.add(composerNote, BorderLayout.SOUTH);
        return composer;
    }

    private JMenuBar buildMenu() {
        JMenuBar bar = new JMenuBar();
        JMenu file = new JMenu("Switchboard");
        file.setMnemonic('S');
        file.add(item("Quit", KeyStroke.getKeyStroke(KeyEvent.VK_Q, InputEvent.CTRL_DOWN_MASK), e -> app.quit()));
        bar.add(file);

        JMenu view = new JMenu("View");
        view.setMnemonic('V');
        ButtonGroup group = new ButtonGroup();
        for (Themes t : Themes.values()) {
            JRadioButtonMenuItem ri = new JRadioButtonMenuItem(t.label() + " theme");
            ri.setName("theme-" + t.id());
            ri.setSelected(Themes.current() == t);
            ri.addActionListener(e -> app.changeTheme(t));
            group.add(ri);
            view.add(ri);
        }
        view.addSeparator();
        view.add(item("Bigger text", KeyStroke.getKeyStroke(KeyEvent.VK_EQUALS, InputEvent.CTRL_DOWN_MASK),
                e -> app.changeFontSize(Themes.fontSize() + 1)));
        view.add(item("Smaller text", KeyStroke.getKeyStroke(KeyEvent.VK_MINUS, InputEvent.CTRL_DOWN_MASK),
                e -> app.changeFontSize(Themes.fontSize() - 1)));
        view.add(item("Default text size", KeyStroke.getKeyStroke(KeyEvent.VK_0, InputEvent.CTRL_DOWN_MASK),
                e -> app.changeFontSize(0)));
        bar.add(view);

        JMenu go = new JMenu("Go");
        go.setMnemonic('G');
        go.add(item("Find a conversation", KeyStroke.getKeyStroke(KeyEvent.VK_K, InputEvent.CTRL_DOWN_MASK),
                e -> focusSearch()));
        go.add(item("Next conversation", KeyStroke.getKeyStroke(KeyEvent.VK_TAB, InputEvent.CTRL_DOWN_MASK),
                e -> cycle(1)));
        go.add(item("Previous conversation",
                KeyStroke.getKeyStroke(KeyEvent.VK_TAB, InputEvent.CTRL_DOWN_MASK | InputEvent.SHIFT_DOWN_MASK),
                e -> cycle(-1)));
        bar.add(go);
        return bar;
    }

    private void setKeyboardHabits() {
        // Ctrl+Tab switches conversations here, so it must not move the focus.
        Set<AWTKeyStroke> fwd = Set.of(KeyStroke.getKeyStroke(KeyEvent.VK_TAB, 0));
        Set<AWTKeyStroke> back = Set.of(KeyStroke.getKeyStroke(KeyEvent.VK_TAB, InputEvent.SHIFT_DOWN_MASK));
        setFocusTraversalKeys(KeyboardFocusManager.FORWARD_TRAVERSAL_KEYS, fwd);
        setFocusTraversalKeys(KeyboardFocusManager.BACKWARD_TRAVERSAL_KEYS, back);
        getRootPane().setFocusTraversalKeys(KeyboardFocusManager.FORWARD_TRAVERSAL_KEYS, fwd);
        getRootPane().setFocusTraversalKeys(KeyboardFocusManager.BACKWARD_TRAVERSAL_KEYS, back);
    }

    private static JMenuItem item(String text, KeyStroke key, java.util.function.Consumer<ActionEvent> handler) {
        JMenuItem mi = ShortcutMenuItemUI.item(text);
        mi.setAccelerator(key);
        mi.addActionListener(handler::accept);
        return mi;
    }

    private static Action action(String name, java.util.function.Consumer<ActionEvent> handler) {
        return new AbstractAction(name) {
            @Override
            public void actionPerformed(ActionEvent e) {
                handler.accept(e);
            }
        };
    }

    // ---- what the user does ----------------------------------------------------------------

    /** Right click on a message: copy its text (bubbles are painted, so there is no text selection). */
    private void maybeCopyMenu(java.awt.event.MouseEvent e) {
        if (!e.isPopupTrigger()) {
            return;
        }
        int i = messages.locationToIndex(e.getPoint());
        if (i < 0 || !messages.getCellBounds(i, i).contains(e.getPoint())) {
            return;
        }
        ChatMessage m = messagesModel.getElementAt(i);
        javax.swing.JPopupMenu menu = new javax.swing.JPopupMenu();
        JMenuItem copy = new JMenuItem("Copy message");
        copy.addActionListener(a -> java.awt.Toolkit.getDefaultToolkit().getSystemClipboard()
                .setContents(new java.awt.datatransfer.StringSelection(m.text()), null));
        menu.add(copy);
        menu.show(messages, e.getX(), e.getY());
    }

    /** The Reconnect action replaced the session (same model). */
    void setSession(ChatSession s) {
        this.session = s;
    }

    /** Brings {@code c} to the front. */
    void open(Conversation c) {
        if (c == null) {
            return;
        }
        model.select(c);
        messagesModel.show(c);
        selectInList(c);
        header.repaint();
        updateComposer();
        scrollToEnd();
        updateTitle();
    }

    private void selectInList(Conversation c) {
        selecting = true;
        try {
            int i = contactsModel.rows().indexOf(c);
            if (i >= 0) {
                contacts.setSelectedIndex(i);
                contacts.ensureIndexIsVisible(i);
            } else {
                contacts.clearSelection();
            }
        } finally {
            selecting = false;
        }
    }

    private void sendTyped() {
        Conversation c = model.selected();
        String text = input.getText();
        if (c == null || text.isBlank() || !model.status().canSend()) {
            return;
        }
        ChatSession.Outcome sent = session.send(c, text);
        if (!sent.rest().equals(text)) {
            input.setText(sent.rest());
        }
        if (sent.problem() == null) {
            composerNote.setText("Enter to send  \u00b7  Shift+Enter for a new line");
            composerNote.putClientProperty(FlatClientProperties.STYLE,
                    "font: -2; foreground: $Label.disabledForeground");
        } else {
            composerNote.setText(sent.problem());
            composerNote.putClientProperty(FlatClientProperties.STYLE, "font: -2; foreground: #d92d20");
        }
        scrollToEnd();
    }

    void focusSearch() {
        searchOpen = true;
        updateSidebar();
        search.requestFocusInWindow();
        search.selectAll();
    }

    /** Opens the next ({@code +1}) or previous ({@code -1}) conversation of the list, wrapping around. */
    void cycle(int step) {
        List<Conversation> rows = contactsModel.rows();
        if (rows.isEmpty()) {
            return;
        }
        int i = rows.indexOf(model.selected());
        int next = Math.floorMod((i < 0 ? 0 : i + step), rows.size());
        open(rows.get(next));
        input.requestFocusInWindow();
    }

    private void openFirstMatch() {
        List<Conversation> rows = contactsModel.rows();
        if (!rows.isEmpty()) {
            Conversation c = rows.get(0);
            search.setText("");
            open(c);
            input.requestFocusInWindow();
        }
    }

    /**
     * Whether a typed key is text, as Swing's typed-key action for text components decides: a
     * character that is no control character, typed without Ctrl, Alt or Meta (or with both Ctrl
     * and Alt, which is AltGr on Windows).
     */
    private static boolean typesText(KeyEvent e) {
        char c = e.getKeyChar();
        if (c == KeyEvent.CHAR_UNDEFINED || Character.isISOControl(c)) {
            return false;
        }
        int mods = e.getModifiersEx();
        boolean ctrl = (mods & InputEvent.CTRL_DOWN_MASK) != 0;
        boolean alt = (mods & InputEvent.ALT_DOWN_MASK) != 0;
        return ctrl == alt && (mods & InputEvent.META_DOWN_MASK) == 0;
    }

    /** Puts {@code c} into the message box where its caret is, and the focus with it. */
    private void typeIntoInput(char c) {
        input.requestFocusInWindow();
        input.replaceSelection(String.valueOf(c));
    }

    private void filterChanged() {
        contactsModel.setFilter(search.getText());
        selectInList(model.selected());
    }

    /**
     * The draft changed. Never lays anything out: document listeners are told last-added first, so
     * this runs before the message box's own views have taken the edit, and measuring those stale
     * views of right-to-left text throws inside Swing and then loops for ever (issue 12). The box
     * grows through its own revalidate instead (see the scroll pane above).
     */
    private void inputChanged() {
        send.setEnabled(model.status().canSend() && !input.getText().isBlank());
    }

    // ---- what the model reports (EDT) --------------------------------------------------------

    @Override
    public void messageAdded(Conversation c, ChatMessage m) {
        if (c == messagesModel.shown()) {
            boolean atEnd = atEnd();
            messagesModel.added(c);
            if (atEnd || m.isOwn()) {
                scrollToEnd();
            }
        }
    }

    @Override
    public void messageChanged(Conversation c, ChatMessage m) {
        messagesModel.changed(c, m);
    }

    @Override
    public void incoming(Conversation c, ChatMessage m, boolean inFront) {
        if (!inFront || !isActive()) {
            notifier.notify(c, m);
        }
    }

    @Override
    public void conversationsChanged() {
        contactsModel.rebuild();
        selectInList(model.selected());
        header.repaint();
        profile.repaint();
        statusBar.repaint();
        updateComposer();
        updateTitle();
    }

    @Override
    public void statusChanged(ConnectionStatus status) {
        if (status.state() == ConnectionStatus.State.RECONNECTING) {
            countdown.start();
        } else {
            countdown.stop();
        }
        statusBar.repaint();
        profile.repaint();
        header.repaint();
        messages.repaint();
        updateComposer();
    }

    // ---- view updates -----------------------------------------------------------------------

    private void updateComposer() {
        ConnectionStatus s = model.status();
        boolean can = s.canSend();
        send.setEnabled(can && !input.getText().isBlank());
        Conversation c = model.selected();
        if (!can) {
            String reason = blockedReason(s);
            if (!reason.equals(offlineBanner.getText())) {
                offlineBanner.setText(reason);
            }
            offlineBanner.setForeground(Palette.error());
            bannerRow.setBackground(Palette.errorBackground());
            reconnect.setVisible(s.state() == ConnectionStatus.State.OFFLINE);
        }
        if (bannerRow.isVisible() == can) {
            bannerRow.setVisible(!can);
            bannerRow.revalidate();
        }
        String to = c == null || c.isEveryone() ? "everyone" : c.name();
        input.putClientProperty(FlatClientProperties.PLACEHOLDER_TEXT, "Message " + to);
        input.repaint();
    }

    /** Why sending is off right now, in words for the banner. */
    String blockedReason(ConnectionStatus s) {
        return switch (s.state()) {
            case CONNECTED -> "";
            case CONNECTING -> "Connecting: sending is possible once you are logged in.";
            case RECONNECTING -> "Connection lost" + (s.detail() == null ? "" : " (" + s.detail() + ")")
                    + ". Sending is disabled until it is back; " + countdownText(s).toLowerCase() + ".";
            case OFFLINE -> "Offline" + (s.detail() == null ? "" : " (" + s.detail() + ")") + ": sending is disabled.";
        };
    }

    private String countdownText(ConnectionStatus s) {
        if (s.retryAt() == null) {
            return "Reconnecting";
        }
        long ms = Duration.between(model.clock().instant(), s.retryAt()).toMillis();
        if (ms <= 0) {
            return "Reconnecting now";
        }
        return "Reconnecting in " + Math.max(1, (ms + 999) / 1000) + " s";
    }

    private void updateTitle() {
        int unread = model.totalUnread();
        String base = APP_TITLE + " \u2014 " + model.me();
        String t = flashText != null ? flashText : base;
        setTitle(unread > 0 ? "(" + unread + ") " + t : t);
    }

    /** Title flash: shown while a notification blinks, null to restore the normal title. */
    void setFlashText(String text) {
        flashText = text;
        updateTitle();
    }

    private boolean atEnd() {
        JScrollBar sb = messageScroll.getVerticalScrollBar();
        return sb.getValue() + sb.getVisibleAmount() >= sb.getMaximum() - 40;
    }

    private void scrollToEnd() {
        if (scrollPending) {
            return;
        }
        scrollPending = true;
        SwingUtilities.invokeLater(() -> {
            scrollPending = false;
            messageScroll.validate();
            JScrollBar sb = messageScroll.getVerticalScrollBar();
            sb.setValue(sb.getMaximum());
        });
    }

    private void relayoutMessages() {
        messageCell.invalidate(true);
        // Variable-height rows: make the list measure them again for the new width.
        messages.setFixedCellHeight(1);
        messages.setFixedCellHeight(-1);
    }

    /** After a theme or font change: colours and borders that were taken from the old theme. */
    void themeChanged() {
        relayoutMessages();
        updateSidebar();
        updateComposer();
        repaint();
    }

    /** The window's bounds to remember (the normal bounds when maximized). */
    Rectangle boundsToSave() {
        return getBounds();
    }

    ChatModel model() {
        return model;
    }

    Notifier notifier() {
        return notifier;
    }

    private void paintEmpty(Graphics2D g, JComponent c) {
        Avatar.hints(g);
        Conversation conv = messagesModel.shown();
        if (conv == null) {
            return;
        }
        int width = c.getWidth() - 2 * EMPTY_MARGIN;
        List<TextLayout> title = TextWrap.lines(emptyTitle(conv), Palette.font(Font.BOLD, 2f), g.getFontRenderContext(), width);
        List<TextLayout> line = TextWrap.lines(emptyLine(conv), Palette.font(Font.PLAIN, 0f), g.getFontRenderContext(), width);
        int cy = c.getHeight() / 2;
        int size = 56;
        int top = cy - size - 10;
        if (conv.isEveryone()) {
            Avatar.paintEveryone(g, (c.getWidth() - size) / 2, top, size);
        } else {
            Avatar.paint(g, conv.key(), conv.name(), (c.getWidth() - size) / 2, top, size, !conv.isOnline());
        }
        float y = cy + 10;
        g.setColor(Palette.text());
        y = TextWrap.drawCentred(g, title, c.getWidth(), y);
        g.setColor(Palette.muted());
        TextWrap.drawCentred(g, line, c.getWidth(), y + 4);
    }

    private String emptyTitle(Conversation conv) {
        return conv.isEveryone() ? "Nothing said to everyone yet" : "No messages with " + conv.name() + " yet";
    }

    private String emptyLine(Conversation conv) {
        return !model.status().canSend() ? weAreOffline(model.status())
                : conv.isEveryone() ? "What you write here goes to everyone online."
                : conv.isOnline() ? "Say hello: " + conv.name() + " is online." : conv.name() + " is offline.";
    }

    /** For tests: the empty conversation's lines as wrapped for the width it has now, and that width. */
    List<String> emptyStateLines() {
        Conversation conv = messagesModel.shown();
        java.awt.font.FontRenderContext frc = messages.getFontMetrics(messages.getFont()).getFontRenderContext();
        int width = messages.getWidth() - 2 * EMPTY_MARGIN;
        List<String> out = new java.util.ArrayList<>();
        out.addAll(TextWrap.texts(emptyTitle(conv), Palette.font(Font.BOLD, 2f), frc, width));
        out.addAll(TextWrap.texts(emptyLine(conv), Palette.font(Font.PLAIN, 0f), frc, width));
        return out;
    }

    /** For tests: whether every wrapped line of the empty conversation fits its width. */
    boolean emptyStateFits() {
        java.awt.font.FontRenderContext frc = messages.getFontMetrics(messages.getFont()).getFontRenderContext();
        int width = messages.getWidth() - 2 * EMPTY_MARGIN;
        Conversation conv = messagesModel.shown();
        for (TextLayout tl : TextWrap.lines(emptyTitle(conv), Palette.font(Font.BOLD, 2f), frc, width)) {
            if (tl.getVisibleAdvance() > width) {
                return false;
            }
        }
        for (TextLayout tl : TextWrap.lines(emptyLine(conv), Palette.font(Font.PLAIN, 0f), frc, width)) {
            if (tl.getVisibleAdvance() > width) {
                return false;
            }
        }
        return true;
    }

    /** For tests: the contact list's width now, and whether it shows avatars only. */
    int sidebarWidth() {
        return sidebar.getWidth();
    }

    boolean compactSidebar() {
        return compact;
    }

    private static String hex(Color c) {
        return String.format("#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }

    // ---- painted parts --------------------------------------------------------------------

    /** Our avatar, name and connection state at the top of the sidebar. */
    private final class ProfileView extends JComponent {
        @Override
        public Dimension getPreferredSize() {
            return new Dimension(200, Math.round(44 * Palette.font().getSize2D() / 13f));
        }

        @Override
        protected void paintComponent(Graphics g0) {
            Graphics2D g = (Graphics2D) g0.create();
            Avatar.hints(g);
            int h = getHeight();
            int av = h - 4;
            Avatar.paint(g, model.me().toLowerCase(), model.me(), 0, 2, av, false);
            ConnectionStatus s = model.status();
            Color dot = switch (s.state()) {
                case CONNECTED -> Palette.online();
                case CONNECTING, RECONNECTING -> Palette.warning();
                case OFFLINE -> Palette.offline();
            };
            float d = 10 * Palette.font().getSize2D() / 13f;
            Avatar.paintDot(g, av - d / 2, 2 + av - d / 2, d, dot, Palette.sidebarBackground());
            Font nf = Palette.font(Font.BOLD, 2f);
            Font sf = Palette.font(Font.PLAIN, -1.5f);
            FontMetrics nfm = g.getFontMetrics(nf);
            FontMetrics sfm = g.getFontMetrics(sf);
            int x = av + 12;
            if (getWidth() < x + 40) {
                g.dispose();
                return; // only the avatar and its dot fit
            }
            int base = h / 2 - 2;
            g.setFont(nf);
            g.setColor(Palette.text());
            Fonts.draw(g, ConversationCell.clip(model.me(), nfm, getWidth() - x), x, base);
            g.setFont(sf);
            g.setColor(Palette.muted());
            String line = switch (s.state()) {
                case CONNECTED -> "Online \u00b7 " + session.config().address();
                case CONNECTING -> "Connecting\u2026";
                case RECONNECTING -> countdownText(s) + "\u2026";
                case OFFLINE -> "Offline";
            };
            g.drawString(ConversationCell.clip(line, sfm, getWidth() - x), x, base + sfm.getHeight());
            g.dispose();
        }
    }

    /** Avatar, name and presence of the conversation in front. */
    private final class HeaderView extends JComponent {
        HeaderView() {
            setName("conversationHeader");
        }

        @Override
        public Dimension getPreferredSize() {
            return new Dimension(300, Math.round(62 * Palette.font().getSize2D() / 13f));
        }

        @Override
        protected void paintComponent(Graphics g0) {
            Graphics2D g = (Graphics2D) g0.create();
            Avatar.hints(g);
            g.setColor(Palette.chatBackground());
            g.fillRect(0, 0, getWidth(), getHeight());
            g.setColor(Palette.separator());
            g.fillRect(0, getHeight() - 1, getWidth(), 1);
            Conversation c = model.selected();
            if (c != null) {
                int h = getHeight();
                int av = Math.round(h * 0.6f);
                int ax = 20;
                int ay = (h - av) / 2;
                if (c.isEveryone()) {
                    Avatar.paintEveryone(g, ax, ay, av);
                } else {
                    Avatar.paint(g, c.key(), c.name(), ax, ay, av, !c.isOnline());
                }
                Font nf = Palette.font(Font.BOLD, 3f);
                Font sf = Palette.font(Font.PLAIN, -1.5f);
                FontMetrics nfm = g.getFontMetrics(nf);
                FontMetrics sfm = g.getFontMetrics(sf);
                int x = ax + av + 12;
                int base = h / 2 - 1;
                int room = getWidth() - x - 20;
                g.setFont(nf);
                g.setColor(Palette.text());
                Fonts.draw(g, ConversationCell.clip(c.name(), nfm, room), x, base);
                String sub = subtitle(c);
                Color subColor = !c.isEveryone() && c.isOnline() && model.status().canSend()
                        ? (Palette.dark() ? Palette.online() : Palette.online().darker()) : Palette.muted();
                g.setFont(sf);
                int sx = x;
                boolean connected = model.status().canSend();
                if (!c.isEveryone() || !connected) {
                    float d = 8;
                    ConnectionStatus.State state = model.status().state();
                    g.setColor(state == ConnectionStatus.State.OFFLINE ? Palette.offline()
                            : !connected ? Palette.warning() : c.isOnline() ? Palette.online() : Palette.offline());
                    g.fill(new Ellipse2D.Float(x, base + sfm.getHeight() - sfm.getAscent() / 2f - d / 2 + 1, d, d));
                    sx += 14;
                }
                g.setColor(subColor);
                Fonts.draw(g, ConversationCell.clip(sub, sfm, room - (sx - x)), sx, base + sfm.getHeight() + 2);
            }
            g.dispose();
        }
    }

    /**
     * The line under the conversation's name: who is there to read it. While we are not connected
     * nobody is, and what we know of the others' presence is stale: it says that we are offline.
     */
    String subtitle(Conversation c) {
        ConnectionStatus s = model.status();
        if (!s.canSend()) {
            return weAreOffline(s);
        }
        if (c.isEveryone()) {
            int n = 0;
            for (Conversation k : model.contacts()) {
                n += k.isOnline() ? 1 : 0;
            }
            return n == 0 ? "Nobody else is online" : n == 1 ? "1 other person online" : n + " other people online";
        }
        return c.isOnline() ? "Online" : "Offline: messages will not be delivered until " + c.name() + " is back";
    }

    /** What the conversation says while our own connection is down. */
    private String weAreOffline(ConnectionStatus s) {
        return switch (s.state()) {
            case CONNECTED -> "";
            case CONNECTING -> "You are offline: connecting\u2026";
            case RECONNECTING -> "You are offline: " + countdownText(s).toLowerCase() + "\u2026";
            case OFFLINE -> "You are offline: press Reconnect below to log in again";
        };
    }

    /** For tests: the header's line under the name of the conversation in front. */
    String headerSubtitle() {
        return model.selected() == null ? "" : subtitle(model.selected());
    }

    /** Connection state at the bottom of the window. */
    private final class StatusBar extends JComponent {
        StatusBar() {
            setName("status");
        }

        /** The text shown, for tests and screen readers. */
        String text() {
            ConnectionStatus s = model.status();
            return switch (s.state()) {
                case CONNECTED -> "Connected to " + session.config().address() + " as " + model.me();
                case CONNECTING -> "Connecting to " + session.config().address() + "\u2026";
                case RECONNECTING -> countdownText(s) + "\u2026" + (s.detail() == null ? "" : "  (" + s.detail() + ")");
                case OFFLINE -> "Offline" + (s.detail() == null ? "" : ": " + s.detail());
            };
        }

        @Override
        public Dimension getPreferredSize() {
            return new Dimension(300, Math.round(26 * Palette.font().getSize2D() / 13f));
        }

        @Override
        protected void paintComponent(Graphics g0) {
            Graphics2D g = (Graphics2D) g0.create();
            Avatar.hints(g);
            g.setColor(Palette.sidebarBackground());
            g.fillRect(0, 0, getWidth(), getHeight());
            g.setColor(Palette.separator());
            g.fillRect(0, 0, getWidth(), 1);
            ConnectionStatus s = model.status();
            Color dot = switch (s.state()) {
                case CONNECTED -> Palette.online();
                case CONNECTING, RECONNECTING -> Palette.warning();
                case OFFLINE -> Palette.error();
            };
            Font f = Palette.font(Font.PLAIN, -1.5f);
            FontMetrics fm = g.getFontMetrics(f);
            int base = (getHeight() - fm.getHeight()) / 2 + fm.getAscent() + 1;
            g.setColor(dot);
            g.fill(new Ellipse2D.Float(14, getHeight() / 2f - 3.5f, 7, 7));
            g.setFont(f);
            g.setColor(Palette.muted());
            String right = onlineCount();
            int rw = fm.stringWidth(right);
            Fonts.draw(g, ConversationCell.clip(text(), fm, getWidth() - 40 - rw - 20), 28, base);
            g.drawString(right, getWidth() - 14 - rw, base);
            g.dispose();
        }

        private String onlineCount() {
            if (!model.status().canSend()) {
                return "";
            }
            int n = 1;
            for (Conversation k : model.contacts()) {
                n += k.isOnline() ? 1 : 0;
            }
            return n + " online";
        }
    }

    /** The status bar's text, for tests. */
    String statusText() {
        return statusBar.text();
    }

    /** For tests: the visible rows of the contact list. */
    List<Conversation> contactRows() {
        return contactsModel.rows();
    }

    MessageBox input() {
        return input;
    }

    JTextField search() {
        return search;
    }

    JButton sendButton() {
        return send;
    }

    JLabel sendBlockedBanner() {
        return offlineBanner;
    }

    /** Whether the banner explaining why sending is off is shown. */
    boolean sendBlockedShown() {
        return bannerRow.isVisible();
    }

    /** For tests: the line under the message box (the hint, or why the last send failed). */
    String composerNoteText() {
        return composerNote.getText();
    }

    JButton reconnectButton() {
        return reconnect;
    }

    Instant now() {
        return model.clock().instant();
    }
}
