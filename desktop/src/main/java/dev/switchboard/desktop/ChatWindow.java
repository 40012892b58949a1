package dev.switchboard.desktop;

import com.formdev.flatlaf.FlatClientProperties;
import dev.switchboard.protocol.RoomNames;
import dev.switchboard.protocol.Usernames;
import java.awt.AWTKeyStroke;
import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Component;
import java.awt.Cursor;
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
import javax.swing.JCheckBoxMenuItem;
import javax.swing.JComponent;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JMenu;
import javax.swing.JMenuBar;
import javax.swing.JMenuItem;
import javax.swing.JOptionPane;
import javax.swing.JPanel;
import javax.swing.JPopupMenu;
import javax.swing.JRadioButtonMenuItem;
import javax.swing.JScrollBar;
import javax.swing.JScrollPane;
import javax.swing.JTextArea;
import javax.swing.JTextField;
import javax.swing.JToggleButton;
import javax.swing.KeyStroke;
import javax.swing.ListSelectionModel;
import javax.swing.ScrollPaneConstants;
import javax.swing.SwingUtilities;
import javax.swing.Timer;
import javax.swing.WindowConstants;
import javax.swing.event.DocumentEvent;
import javax.swing.event.DocumentListener;

/**
 * The main window: conversations on the left (Everyone, rooms, contacts), the conversation in
 * front on the right (for a room, its members beside it), the status bar below. Built and used
 * on the EDT only; it learns about the network only through {@link ChatModel.Listener} calls,
 * which {@link ClientBridge} makes on the EDT.
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

    /**
     * From this window width the open room's members are a panel beside the conversation (when
     * wanted); in a narrower window the members button shows them in a popover instead, so the
     * conversation keeps its room.
     */
    static final int MEMBERS_PANEL_FROM = 900;

    /** The member panel's width at the default text size: names of ~16 characters and the operator tag. */
    static final int MEMBERS_WIDTH = 210;

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
    private final HeaderView header;
    private final JPanel sidebar;
    private final ConversationCell contactCell;
    private boolean compact;
    /** Ctrl+K asked for the search field: shown (with the whole list) even in a narrow window. */
    private boolean searchOpen;
    private final ListModels.Members membersModel = new ListModels.Members();
    private final JList<String> memberList;
    private final JPanel membersPanel;
    private final JLabel membersTitle = new JLabel();
    private final JToggleButton membersButton = new JToggleButton();
    /** The members in a narrow window: a popover under the members button. */
    private final JPopupMenu membersPopover = new JPopupMenu();
    private final JTextField topicField = new JTextField();
    private final JButton joinRoomButton = new JButton(RoomIcons.plus());
    private final JButton rejoin = new JButton("Join again");
    private JCheckBoxMenuItem membersItem;
    private JMenuItem topicItem;
    private JMenuItem leaveItem;
    private JoinRoomDialog joinDialog;
    /** The user's choice for wide windows (kept in the preferences): the member panel beside a room. */
    private boolean membersWanted;
    private final ProfileView profile = new ProfileView();
    private final StatusBar statusBar = new StatusBar();
    private final Timer countdown;
    private boolean selecting;
    /** Inside {@link #open}: the model's flush must not open the conversation a second time. */
    private boolean opening;
    /** The room whose topic is being edited in the header, or null. */
    private Conversation editingTopic;
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

        header = new HeaderView();
        membersButton.setName("membersButton");
        membersButton.setIcon(RoomIcons.people());
        membersButton.setIconTextGap(6);
        membersButton.putClientProperty(FlatClientProperties.BUTTON_TYPE, FlatClientProperties.BUTTON_TYPE_TOOLBAR_BUTTON);
        membersButton.putClientProperty(FlatClientProperties.STYLE, "margin: 4,8,4,10");
        membersButton.setToolTipText("Members of this room (Ctrl+Shift+M)");
        membersButton.setFocusable(false);
        membersButton.setVisible(false);
        membersButton.addActionListener(e -> toggleMembers());
        topicField.setName("topicField");
        topicField.setVisible(false);
        topicField.putClientProperty(FlatClientProperties.PLACEHOLDER_TEXT, "The room's topic (empty: none)");
        topicField.putClientProperty(FlatClientProperties.STYLE, "margin: 2,6,2,6");
        topicField.addActionListener(e -> commitTopic());
        topicField.getInputMap().put(KeyStroke.getKeyStroke(KeyEvent.VK_ESCAPE, 0), "cancel-topic");
        topicField.getActionMap().put("cancel-topic", action("cancel-topic", e -> cancelTopicEdit()));
        topicField.addFocusListener(new java.awt.event.FocusAdapter() {
            @Override
            public void focusLost(java.awt.event.FocusEvent e) {
                if (!e.isTemporary()) {
                    cancelTopicEdit();
                }
            }
        });

        memberList = newMemberList("members");
        membersPanel = new JPanel(new BorderLayout()) {
            @Override
            public void updateUI() {
                super.updateUI();
                setBackground(Palette.sidebarBackground());
                setBorder(BorderFactory.createMatteBorder(0, 1, 0, 0, Palette.separator()));
            }
        };
        membersPanel.setName("membersPanel");
        membersTitle.setName("membersTitle");
        membersTitle.putClientProperty(FlatClientProperties.STYLE, "font: bold -1; foreground: $Label.disabledForeground");
        membersTitle.setBorder(BorderFactory.createEmptyBorder(14, 16, 8, 12));
        membersPanel.add(membersTitle, BorderLayout.NORTH);
        JScrollPane memberScroll = new JScrollPane(memberList, ScrollPaneConstants.VERTICAL_SCROLLBAR_AS_NEEDED,
                ScrollPaneConstants.HORIZONTAL_SCROLLBAR_NEVER);
        memberScroll.setBorder(BorderFactory.createEmptyBorder());
        membersPanel.add(memberScroll, BorderLayout.CENTER);
        membersPanel.setVisible(false);
        membersWanted = app.membersShown();
        contacts.addMouseListener(new java.awt.event.MouseAdapter() {
            @Override
            public void mousePressed(java.awt.event.MouseEvent e) {
                maybeRoomMenu(e);
            }

            @Override
            public void mouseReleased(java.awt.event.MouseEvent e) {
                maybeRoomMenu(e);
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
        search.putClientProperty(FlatClientProperties.PLACEHOLDER_TEXT, "Search   Ctrl+K");
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
        joinRoomButton.setName("joinRoomButton");
        joinRoomButton.setToolTipText("Join a room (Ctrl+J)");
        joinRoomButton.putClientProperty(FlatClientProperties.BUTTON_TYPE, FlatClientProperties.BUTTON_TYPE_TOOLBAR_BUTTON);
        joinRoomButton.setFocusable(false);
        joinRoomButton.addActionListener(e -> showJoinDialog(null));
        JPanel searchRow = new JPanel(new BorderLayout(6, 0));
        searchRow.setOpaque(false);
        searchRow.add(search, BorderLayout.CENTER);
        searchRow.add(joinRoomButton, BorderLayout.EAST);
        top.add(searchRow, BorderLayout.SOUTH);
        sidebar.add(top, BorderLayout.NORTH);
        JScrollPane contactScroll = new JScrollPane(contacts, ScrollPaneConstants.VERTICAL_SCROLLBAR_AS_NEEDED,
                ScrollPaneConstants.HORIZONTAL_SCROLLBAR_NEVER);
        contactScroll.setBorder(BorderFactory.createEmptyBorder());
        sidebar.add(contactScroll, BorderLayout.CENTER);

        JPanel chat = new JPanel(new BorderLayout());
        chat.add(messageScroll, BorderLayout.CENTER);
        chat.add(buildComposer(), BorderLayout.SOUTH);
        JPanel body = new JPanel(new BorderLayout());
        body.add(chat, BorderLayout.CENTER);
        body.add(membersPanel, BorderLayout.EAST);
        JPanel conversation = new JPanel(new BorderLayout());
        conversation.add(header, BorderLayout.NORTH);
        conversation.add(body, BorderLayout.CENTER);

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
            joinRoomButton.setVisible(!compact);
            contacts.repaint();
            profile.repaint();
        }
        if (sidebar.getPreferredSize().width != width) {
            sidebar.setPreferredSize(new Dimension(width, 100));
            sidebar.revalidate();
        }
        updateMembersPanel();
    }

    /** A list of the open room's members (the panel's, or the popover's), with its mouse and keys. */
    private JList<String> newMemberList(String name) {
        JList<String> list = new JList<>(membersModel) {
            @Override
            public void updateUI() {
                super.updateUI();
                setFixedCellHeight(Math.round(38 * Palette.font().getSize2D() / 13f));
                setBackground(Palette.sidebarBackground());
            }
        };
        list.setName(name);
        list.setCellRenderer(new MemberCell(model.me(), model::selected));
        list.setSelectionMode(ListSelectionModel.SINGLE_SELECTION);
        list.getInputMap().put(KeyStroke.getKeyStroke(KeyEvent.VK_ENTER, 0), "message-member");
        list.getActionMap().put("message-member", action("message-member", e -> {
            if (list.getSelectedValue() != null) {
                messageMember(list.getSelectedValue());
            }
        }));
        list.addMouseListener(new java.awt.event.MouseAdapter() {
            @Override
            public void mouseClicked(java.awt.event.MouseEvent e) {
                int i = list.locationToIndex(e.getPoint());
                if (e.getClickCount() == 2 && e.getButton() == java.awt.event.MouseEvent.BUTTON1 && i >= 0) {
                    messageMember(membersModel.getElementAt(i));
                }
            }

            @Override
            public void mousePressed(java.awt.event.MouseEvent e) {
                maybeMemberMenu(list, e);
            }

            @Override
            public void mouseReleased(java.awt.event.MouseEvent e) {
                maybeMemberMenu(list, e);
            }
        });
        return list;
    }

    /**
     * Shows or hides the open room's member panel for the window's width and the user's choice,
     * and brings the members button and the Rooms menu up to date.
     */
    private void updateMembersPanel() {
        Conversation c = model.selected();
        boolean room = c != null && c.isRoom() && c.isJoined();
        boolean show = room && membersWanted && getContentPane().getWidth() >= MEMBERS_PANEL_FROM;
        if (membersButton.isVisible() != room) {
            membersButton.setVisible(room);
            header.revalidate();
        }
        String count = room ? Integer.toString(c.members().size()) : "";
        if (!count.equals(membersButton.getText())) {
            membersButton.setText(count);
            header.revalidate();
        }
        membersButton.setSelected(show || membersPopover.isVisible());
        membersTitle.setText(room ? "MEMBERS \u00b7 " + c.members().size() : "");
        int width = Math.round(MEMBERS_WIDTH * Palette.font().getSize2D() / 13f);
        if (membersPanel.isVisible() != show || membersPanel.getPreferredSize().width != width) {
            membersPanel.setVisible(show);
            membersPanel.setPreferredSize(new Dimension(width, 100));
            membersPanel.revalidate();
        }
        if (!room && membersPopover.isVisible()) {
            membersPopover.setVisible(false);
        }
        updateRoomActions();
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
        rejoin.setName("rejoin");
        rejoin.addActionListener(e -> rejoinRoom(model.selected()));
        rejoin.setVisible(false);
        reconnectBox.add(rejoin);
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

        JMenu rooms = new JMenu("Rooms");
        rooms.setMnemonic('R');
        rooms.add(item("Join a room\u2026", KeyStroke.getKeyStroke(KeyEvent.VK_J, InputEvent.CTRL_DOWN_MASK),
                e -> showJoinDialog(null)));
        membersItem = new JCheckBoxMenuItem("Show members");
        membersItem.setAccelerator(KeyStroke.getKeyStroke(KeyEvent.VK_M, InputEvent.CTRL_DOWN_MASK | InputEvent.SHIFT_DOWN_MASK));
        membersItem.addActionListener(e -> toggleMembers());
        rooms.add(membersItem);
        topicItem = ShortcutMenuItemUI.item("Set the topic\u2026");
        topicItem.addActionListener(e -> editTopic());
        rooms.add(topicItem);
        rooms.addSeparator();
        leaveItem = ShortcutMenuItemUI.item("Leave the room");
        leaveItem.addActionListener(e -> leaveRoom(model.selected()));
        rooms.add(leaveItem);
        bar.add(rooms);
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
        if (c != model.selected()) {
            cancelTopicEdit();
            membersPopover.setVisible(false);
        }
        opening = true;
        try {
            model.select(c);
        } finally {
            opening = false;
        }
        messagesModel.show(c);
        membersModel.show(c);
        selectInList(c);
        header.repaint();
        updateMembersPanel();
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
        if (c == null || text.isBlank() || !canSendHere()) {
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

    /**
     * Enter in the search field: opens the first match; with none, a room name typed there
     * ({@code #rust}) is joined, through the join dialog, which shows what comes of it.
     */
    private void openFirstMatch() {
        List<Conversation> rows = contactsModel.rows();
        if (!rows.isEmpty()) {
            Conversation c = rows.get(0);
            search.setText("");
            open(c);
            input.requestFocusInWindow();
        } else if (RoomNames.looksLikeRoom(search.getText().strip())) {
            String room = search.getText().strip();
            search.setText("");
            showJoinDialog(room);
            joinDialog.submit();
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
        send.setEnabled(canSendHere() && !input.getText().isBlank());
    }

    /** Whether a message can go to the conversation in front now: connected, and in it if it is a room. */
    private boolean canSendHere() {
        Conversation c = model.selected();
        return model.status().canSend() && !(c != null && c.isRoom() && !c.isJoined());
    }

    // ---- rooms: what the user does ------------------------------------------------------------

    /** Ctrl+J, the + button, the Rooms menu: the join dialog, with {@code prefill} in its field. */
    void showJoinDialog(String prefill) {
        if (joinDialog == null) {
            joinDialog = new JoinRoomDialog(this, this::joinFromDialog);
        }
        joinDialog.open(prefill);
    }

    /** The join dialog's join of a valid room name: open what is there already, else ask the server. */
    private JoinRoomDialog.Start joinFromDialog(String room) {
        if (RoomNames.isLobby(room)) {
            open(model.everyone()); // #lobby is everyone online
            input.requestFocusInWindow();
            return new JoinRoomDialog.Start.Done();
        }
        Conversation known = model.room(room);
        if (known != null && known.isJoined()) {
            open(known);
            input.requestFocusInWindow();
            return new JoinRoomDialog.Start.Done();
        }
        if (!model.status().canSend()) {
            return new JoinRoomDialog.Start.Refused(
                    "You are offline: rooms can be joined once the connection is back.");
        }
        if (!session.roomsAvailable()) {
            return new JoinRoomDialog.Start.Refused("This server does not offer rooms: it did not list the "
                    + "rooms capability. Only Everyone and private conversations work here.");
        }
        String problem = session.join(room);
        return problem == null ? new JoinRoomDialog.Start.Waiting() : new JoinRoomDialog.Start.Refused(problem);
    }

    /** "Join again", for a room we were kicked from (or lost): opened when joined, like a join from the dialog. */
    void rejoinRoom(Conversation c) {
        if (c == null || !c.isRoom() || c.isJoined() || model.joinPending(c.name())) {
            return;
        }
        String problem = session.join(c.name());
        if (problem != null) {
            showComposerProblem("Could not join " + c.name() + ": " + problem);
        }
    }

    /** Leaves room {@code c} (a room we are in), or takes a room we are not in off the list. */
    void leaveRoom(Conversation c) {
        if (c == null || !c.isRoom()) {
            return;
        }
        if (!c.isJoined()) {
            model.unlist(c);
            return;
        }
        String problem = session.leave(c);
        if (problem != null) {
            showComposerProblem("Could not leave " + c.name() + ": " + problem);
        }
    }

    /** Opens the topic of the room in front for editing, in the header (operators only). */
    void editTopic() {
        Conversation c = model.selected();
        if (!topicEditable(c)) {
            return;
        }
        editingTopic = c;
        topicField.setText(c.topic());
        topicField.setVisible(true);
        header.doLayout();
        header.repaint();
        topicField.requestFocusInWindow();
        topicField.selectAll();
    }

    /** Enter in the topic editor: the server sets it and tells every member, us included. */
    private void commitTopic() {
        Conversation c = editingTopic;
        if (c == null) {
            return;
        }
        String text = topicField.getText().strip();
        cancelTopicEdit();
        if (text.equals(c.topic())) {
            return;
        }
        String problem = session.setTopic(c, text);
        if (problem != null) {
            showComposerProblem("The topic was not set: " + problem);
        }
    }

    private void cancelTopicEdit() {
        if (editingTopic == null && !topicField.isVisible()) {
            return;
        }
        boolean hadFocus = topicField.isFocusOwner();
        editingTopic = null;
        topicField.setVisible(false);
        header.repaint();
        if (hadFocus) {
            input.requestFocusInWindow();
        }
    }

    /**
     * The members button, Ctrl+Shift+M: in a wide window shows or hides the panel (and remembers
     * the choice), in a narrow one opens or closes the popover.
     */
    void toggleMembers() {
        Conversation c = model.selected();
        if (c == null || !c.isRoom() || !c.isJoined()) {
            updateMembersPanel();
            return;
        }
        if (getContentPane().getWidth() >= MEMBERS_PANEL_FROM) {
            membersWanted = !membersWanted;
            app.saveMembersShown(membersWanted);
        } else if (membersPopover.isVisible()) {
            membersPopover.setVisible(false);
        } else if (System.nanoTime() - popoverClosedAt > 250_000_000L) {
            showMembersPopover(); // not when the click on the button is what just closed it
        }
        updateMembersPanel();
    }

    private long popoverClosedAt;

    private void showMembersPopover() {
        if (membersPopover.getComponentCount() == 0) {
            membersPopover.setName("membersPopover");
            JList<String> list = newMemberList("popoverMembers");
            JScrollPane sp = new JScrollPane(list, ScrollPaneConstants.VERTICAL_SCROLLBAR_AS_NEEDED,
                    ScrollPaneConstants.HORIZONTAL_SCROLLBAR_NEVER);
            sp.setBorder(BorderFactory.createEmptyBorder());
            membersPopover.setLayout(new BorderLayout());
            membersPopover.add(sp, BorderLayout.CENTER);
            membersPopover.addPopupMenuListener(new javax.swing.event.PopupMenuListener() {
                @Override
                public void popupMenuWillBecomeVisible(javax.swing.event.PopupMenuEvent e) {}

                @Override
                public void popupMenuWillBecomeInvisible(javax.swing.event.PopupMenuEvent e) {
                    popoverClosedAt = System.nanoTime();
                    SwingUtilities.invokeLater(() -> updateMembersPanel());
                }

                @Override
                public void popupMenuCanceled(javax.swing.event.PopupMenuEvent e) {}
            });
        }
        float u = Palette.font().getSize2D() / 13f;
        int rows = Math.max(1, Math.min(membersModel.getSize(), 9));
        membersPopover.setPopupSize(Math.round(MEMBERS_WIDTH * u), Math.round((38 * rows + 8) * u));
        membersPopover.show(membersButton, membersButton.getWidth() - Math.round(MEMBERS_WIDTH * u),
                membersButton.getHeight() + 4);
    }

    /** Double click or Enter on a member: the private conversation with them (ourselves excepted). */
    void messageMember(String name) {
        if (isMe(name)) {
            return;
        }
        membersPopover.setVisible(false);
        open(model.contactFor(name));
        input.requestFocusInWindow();
    }

    /** Kicks {@code name} from the room in front, asking for a reason first (operators only). */
    private void askAndKick(String name) {
        Conversation c = model.selected();
        Object reason = JOptionPane.showInputDialog(this, "Why is " + name + " kicked from " + c.name()
                + "? (The reason is shown to every member; it may be left empty.)", "Kick " + name,
                JOptionPane.PLAIN_MESSAGE, null, null, "");
        if (reason != null) {
            kick(c, name, reason.toString().strip());
        }
    }

    /** Kicks {@code name} from room {@code c} with {@code reason} (may be empty). */
    void kick(Conversation c, String name, String reason) {
        String problem = session.kick(c, name, reason);
        if (problem != null) {
            showComposerProblem("Could not kick " + name + ": " + problem);
        }
    }

    /** Right click on a room in the list: its room actions. */
    private void maybeRoomMenu(java.awt.event.MouseEvent e) {
        if (!e.isPopupTrigger()) {
            return;
        }
        int i = contacts.locationToIndex(e.getPoint());
        if (i < 0 || !contacts.getCellBounds(i, i).contains(e.getPoint())) {
            return;
        }
        Conversation c = contactsModel.getElementAt(i);
        if (!c.isRoom()) {
            return;
        }
        JPopupMenu menu = new JPopupMenu();
        menu.setName("roomMenu");
        if (c.isJoined()) {
            JMenuItem topic = new JMenuItem("Set the topic\u2026");
            topic.setEnabled(topicEditable(c));
            topic.addActionListener(a -> {
                open(c);
                editTopic();
            });
            menu.add(topic);
            JMenuItem leave = new JMenuItem("Leave " + c.name());
            leave.setEnabled(model.status().canSend());
            leave.addActionListener(a -> leaveRoom(c));
            menu.add(leave);
        } else {
            JMenuItem again = new JMenuItem("Join again");
            again.setEnabled(model.status().canSend());
            again.addActionListener(a -> rejoinRoom(c));
            menu.add(again);
            JMenuItem remove = new JMenuItem("Remove from the list");
            remove.addActionListener(a -> leaveRoom(c));
            menu.add(remove);
        }
        menu.show(contacts, e.getX(), e.getY());
    }

    /** Right click on a member: message them; an operator may kick them. */
    private void maybeMemberMenu(JList<String> list, java.awt.event.MouseEvent e) {
        if (!e.isPopupTrigger()) {
            return;
        }
        int i = list.locationToIndex(e.getPoint());
        Conversation c = model.selected();
        if (i < 0 || c == null || !c.isRoom() || !list.getCellBounds(i, i).contains(e.getPoint())) {
            return;
        }
        String name = membersModel.getElementAt(i);
        list.setSelectedIndex(i);
        boolean self = isMe(name);
        JPopupMenu menu = new JPopupMenu();
        JMenuItem message = new JMenuItem("Message " + name);
        message.setEnabled(!self);
        message.addActionListener(a -> messageMember(name));
        menu.add(message);
        if (c.isOperator(model.me()) && !self) {
            JMenuItem kick = new JMenuItem("Kick " + name + " from " + c.name() + "\u2026");
            kick.setEnabled(model.status().canSend());
            kick.addActionListener(a -> askAndKick(name));
            menu.add(kick);
        }
        menu.show(list, e.getX(), e.getY());
    }

    private boolean isMe(String name) {
        return Usernames.key(name).equals(Usernames.key(model.me()));
    }

    /** The Rooms menu's items, for the conversation in front and the connection. */
    private void updateRoomActions() {
        if (membersItem == null) {
            return;
        }
        Conversation c = model.selected();
        boolean joined = c != null && c.isRoom() && c.isJoined();
        boolean online = model.status().canSend();
        membersItem.setEnabled(joined);
        membersItem.setSelected(joined && (membersPanel.isVisible() || membersPopover.isVisible()));
        topicItem.setEnabled(topicEditable(c));
        leaveItem.setEnabled(c != null && c.isRoom() && (online || !c.isJoined()));
        leaveItem.setText(c != null && c.isRoom()
                ? (c.isJoined() ? "Leave " + c.name() : "Remove " + c.name() + " from the list") : "Leave the room");
    }

    /** Says under the message box why something the user did was not done. */
    private void showComposerProblem(String text) {
        composerNote.setText(text);
        composerNote.putClientProperty(FlatClientProperties.STYLE, "font: -2; foreground: #d92d20");
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
        if (!opening && messagesModel.shown() != model.selected()) {
            open(model.selected()); // the one in front was taken off the list (a room we left)
            return;
        }
        membersModel.show(model.selected());
        updateMembersPanel();
        if (editingTopic != null && !topicEditable(editingTopic)) {
            cancelTopicEdit(); // no longer an operator, or out of the room
        }
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
        if (!status.canSend()) {
            cancelTopicEdit();
        }
        updateRoomActions();
        updateComposer();
    }

    @Override
    public void roomJoined(Conversation c, boolean asked) {
        if (asked) {
            open(c);
            input.requestFocusInWindow();
        }
        if (joinDialog != null) {
            joinDialog.joined(c.name());
        }
    }

    @Override
    public void joinFailed(String room, String why) {
        if (joinDialog != null && joinDialog.isVisible() && joinDialog.waiting()) {
            joinDialog.failed(room, why);
        } else {
            showComposerProblem("Could not join " + room + ": " + why);
        }
    }

    // ---- view updates -----------------------------------------------------------------------

    private void updateComposer() {
        ConnectionStatus s = model.status();
        Conversation c = model.selected();
        boolean outOfRoom = c != null && c.isRoom() && !c.isJoined();
        boolean can = canSendHere();
        send.setEnabled(can && !input.getText().isBlank());
        if (!can) {
            String reason = !s.canSend() ? blockedReason(s) : outOfRoomReason(c);
            if (!reason.equals(offlineBanner.getText())) {
                offlineBanner.setText(reason);
            }
            offlineBanner.setForeground(Palette.error());
            bannerRow.setBackground(Palette.errorBackground());
            reconnect.setVisible(s.state() == ConnectionStatus.State.OFFLINE);
            rejoin.setVisible(s.canSend() && outOfRoom);
            rejoin.setEnabled(!model.joinPending(c.name()));
        }
        if (bannerRow.isVisible() == can) {
            bannerRow.setVisible(!can);
            bannerRow.revalidate();
        }
        String to = c == null || c.isEveryone() ? "everyone" : c.name();
        input.putClientProperty(FlatClientProperties.PLACEHOLDER_TEXT, "Message " + to);
        input.repaint();
    }

    /** Why nothing can be sent to a room we are not in: its last note says why we are out. */
    private String outOfRoomReason(Conversation c) {
        ChatMessage last = c.last();
        String why = last != null && last.kind() == ChatMessage.Kind.NOTE && last.text().startsWith("You ")
                ? last.text() + "." : "You are not in " + c.name() + ".";
        return why + " Join it again to write here.";
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
        // The popover is in no window while hidden, so the theme change did not reach it.
        SwingUtilities.updateComponentTreeUI(membersPopover);
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
        Avatar.paintFor(g, conv, (c.getWidth() - size) / 2, top, size);
        float y = cy + 10;
        g.setColor(Palette.text());
        y = TextWrap.drawCentred(g, title, c.getWidth(), y);
        g.setColor(Palette.muted());
        TextWrap.drawCentred(g, line, c.getWidth(), y + 4);
    }

    private String emptyTitle(Conversation conv) {
        return conv.isEveryone() ? "Nothing said to everyone yet"
                : conv.isRoom() ? "Nothing said in " + conv.name() + " yet"
                : "No messages with " + conv.name() + " yet";
    }

    private String emptyLine(Conversation conv) {
        if (!model.status().canSend()) {
            return weAreOffline(model.status());
        }
        if (conv.isEveryone()) {
            return "What you write here goes to everyone online.";
        }
        if (conv.isRoom()) {
            int others = conv.members().size() - 1;
            return !conv.isJoined() ? "You are not in " + conv.name() + "."
                    : others <= 0 && conv.isOperator(model.me())
                    ? "You made it and are its operator. Others join it by its name, " + conv.name() + "."
                    : "What you write here goes to the " + (others == 1 ? "other member" : others + " other members")
                    + " of " + conv.name() + ".";
        }
        return conv.isOnline() ? "Say hello: " + conv.name() + " is online." : conv.name() + " is offline.";
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

    /**
     * Avatar, name and presence of the conversation in front; for a room its topic (which an
     * operator clicks to edit, in a text field laid over it) and the members button.
     */
    private final class HeaderView extends JComponent {
        HeaderView() {
            setName("conversationHeader");
            add(membersButton);
            add(topicField);
            addMouseListener(new java.awt.event.MouseAdapter() {
                @Override
                public void mouseClicked(java.awt.event.MouseEvent e) {
                    if (e.getButton() == java.awt.event.MouseEvent.BUTTON1 && overTopic(e.getX(), e.getY())) {
                        editTopic();
                    }
                }
            });
            addMouseMotionListener(new java.awt.event.MouseMotionAdapter() {
                @Override
                public void mouseMoved(java.awt.event.MouseEvent e) {
                    boolean over = overTopic(e.getX(), e.getY());
                    setCursor(over ? Cursor.getPredefinedCursor(Cursor.HAND_CURSOR) : Cursor.getDefaultCursor());
                    setToolTipText(over ? "Click to change the topic" : null);
                }
            });
        }

        @Override
        public Dimension getPreferredSize() {
            return new Dimension(300, Math.round(62 * Palette.font().getSize2D() / 13f));
        }

        private int avatarSize() {
            return Math.round(getHeight() * 0.6f);
        }

        /** Where the name and the line under it start. */
        private int textX() {
            return 20 + avatarSize() + 12;
        }

        /** The right end of the text: before the members button when it shows. */
        private int textRight() {
            return membersButton.isVisible() ? membersButton.getX() - 12 : getWidth() - 20;
        }

        private int nameBase() {
            return getHeight() / 2 - 1;
        }

        /** The band of the line under the name: the topic's, for the editor and for clicks. */
        private Rectangle subtitleBounds() {
            FontMetrics sfm = getFontMetrics(Palette.font(Font.PLAIN, -1.5f));
            int top = nameBase() + 4;
            return new Rectangle(textX() - 6, top, Math.max(40, textRight() - textX() + 6), sfm.getHeight() + 6);
        }

        private boolean overTopic(int x, int y) {
            return topicEditable(model.selected()) && !topicField.isVisible() && subtitleBounds().contains(x, y);
        }

        @Override
        public void doLayout() {
            Dimension b = membersButton.getPreferredSize();
            membersButton.setBounds(getWidth() - 16 - b.width, (getHeight() - b.height) / 2, b.width, b.height);
            Rectangle r = subtitleBounds();
            int fh = topicField.getPreferredSize().height;
            topicField.setBounds(r.x, r.y + (r.height - fh) / 2, r.width, fh);
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
                int av = avatarSize();
                int ax = 20;
                int ay = (h - av) / 2;
                Avatar.paintFor(g, c, ax, ay, av);
                Font nf = Palette.font(Font.BOLD, 3f);
                Font sf = Palette.font(Font.PLAIN, -1.5f);
                FontMetrics nfm = g.getFontMetrics(nf);
                FontMetrics sfm = g.getFontMetrics(sf);
                int x = textX();
                int base = nameBase();
                int room = textRight() - x;
                g.setFont(nf);
                g.setColor(Palette.text());
                Fonts.draw(g, ConversationCell.clip(c.name(), nfm, room), x, base);
                if (topicField.isVisible()) {
                    g.dispose();
                    return;
                }
                String sub = subtitle(c);
                boolean connected = model.status().canSend();
                Color subColor = !c.isEveryone() && !c.isRoom() && c.isOnline() && connected
                        ? (Palette.dark() ? Palette.online() : Palette.online().darker())
                        : c.isRoom() && connected && c.isJoined() && !c.topic().isEmpty() ? Palette.text() : Palette.muted();
                g.setFont(sf);
                int sx = x;
                if ((!c.isEveryone() && !c.isRoom()) || !connected) {
                    float d = 8;
                    ConnectionStatus.State state = model.status().state();
                    g.setColor(state == ConnectionStatus.State.OFFLINE ? Palette.offline()
                            : !connected ? Palette.warning() : c.isOnline() ? Palette.online() : Palette.offline());
                    g.fill(new Ellipse2D.Float(x, base + sfm.getHeight() - sfm.getAscent() / 2f - d / 2 + 1, d, d));
                    sx += 14;
                }
                String edit = topicEditable(c) ? "Edit" : null;
                int editW = edit == null ? 0 : sfm.stringWidth(edit) + 14;
                g.setColor(subColor);
                String shown = ConversationCell.clip(sub, sfm, room - (sx - x) - editW);
                Fonts.draw(g, shown, sx, base + sfm.getHeight() + 2);
                if (edit != null) {
                    g.setColor(Palette.accent());
                    g.drawString(edit, sx + Fonts.width(sfm, shown) + 12, base + sfm.getHeight() + 2);
                }
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
        if (c.isRoom()) {
            if (!c.isJoined()) {
                return "You are not in " + c.name();
            }
            if (!c.topic().isEmpty()) {
                return c.topic();
            }
            return c.isOperator(model.me()) ? "No topic yet" : "No topic";
        }
        return c.isOnline() ? "Online" : "Offline: messages will not be delivered until " + c.name() + " is back";
    }

    /** Whether the user may edit the topic of {@code c} now: a room we are in and operate, while connected. */
    private boolean topicEditable(Conversation c) {
        return c != null && c.isRoom() && c.isJoined() && c.isOperator(model.me()) && model.status().canSend();
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

    // ---- rooms, for tests ----

    /** The join dialog, or null before the first Ctrl+J. */
    JoinRoomDialog joinDialog() {
        return joinDialog;
    }

    /** The rows of the open room's member list (the panel's and the popover's). */
    List<String> memberRows() {
        return membersModel.rows();
    }

    /** Whether the member panel shows beside the conversation. */
    boolean membersPanelShown() {
        return membersPanel.isShowing();
    }

    /** Whether the members popover of a narrow window is open. */
    boolean membersPopoverShown() {
        return membersPopover.isVisible();
    }

    /** The conversation header, and where in it the topic line is (what an operator clicks to edit it). */
    JComponent header() {
        return header;
    }

    Rectangle topicBounds() {
        return header.subtitleBounds();
    }

    JToggleButton membersButton() {
        return membersButton;
    }

    JTextField topicField() {
        return topicField;
    }

    JMenuItem leaveItem() {
        return leaveItem;
    }

    JMenuItem topicItem() {
        return topicItem;
    }

    JButton rejoinButton() {
        return rejoin;
    }

    JButton joinRoomButton() {
        return joinRoomButton;
    }

    ChatSession session() {
        return session;
    }

    /** The width of the conversation's message list now (what the member panel leaves it). */
    int messagesWidth() {
        return messageScroll.getWidth();
    }

    Instant now() {
        return model.clock().instant();
    }
}
