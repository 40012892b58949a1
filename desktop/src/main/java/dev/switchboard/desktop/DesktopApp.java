package dev.switchboard.desktop;

import dev.switchboard.client.ClientConfig;
import dev.switchboard.client.Departure;
import dev.switchboard.client.LoginOutcome;
import dev.switchboard.client.Rejection;
import dev.switchboard.protocol.RoomNames;
import java.awt.Frame;
import java.awt.Rectangle;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import javax.swing.SwingUtilities;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The desktop client's life: theme, login dialog, main window, the rooms remembered for the next
 * start, quitting. Every method runs on the EDT; the only cross-thread hand-offs are the login future (its result is re-posted with
 * {@code invokeLater}) and {@link #exited()}, which completes on a helper thread once the client
 * has said goodbye to the server.
 */
public final class DesktopApp {

    private static final Logger log = LoggerFactory.getLogger(DesktopApp.class);

    /** The port of a server started with its defaults. */
    public static final int DEFAULT_PORT = 5555;

    /** What the command line asked to prefill; null fields come from the preferences. */
    public record Options(String host, Integer port, String name) {}

    private final DesktopPrefs prefs;
    private final Options options;
    private final UnaryOperator<ClientConfig> tuning;
    private final Clock clock;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    private LoginDialog dialog;
    private ChatWindow window;
    private ChatSession session;
    private ChatSession pending;
    private boolean quitting;
    /** The login in use, for the rooms remembered under it. */
    private LoginDialog.Request login;
    /**
     * The rooms to join at each login of this session: the saved ones, then kept as the user joins
     * and leaves (and is kicked). A room being joined again after a drop stays in it, so quitting
     * while the joins are on their way forgets nothing.
     */
    private final List<String> rememberedRooms = new ArrayList<>();
    private final ChatModel.Listener roomMemory = new ChatModel.Listener() {
        @Override
        public void roomJoined(Conversation c, boolean asked) {
            remember(c.name(), true);
        }

        @Override
        public void roomLeft(Conversation c, Departure d, boolean asked) {
            if (asked || d.kicked()) {
                remember(c.name(), false);
            }
        }
    };

    public DesktopApp(DesktopPrefs prefs, Options options) {
        this(prefs, options, UnaryOperator.identity(), Clock.systemDefaultZone());
    }

    /**
     * @param tuning changes the client configuration before each login (tests shorten the reconnect delay)
     * @param clock the time messages are stamped with (tests fix it for repeatable screenshots)
     */
    public DesktopApp(DesktopPrefs prefs, Options options, UnaryOperator<ClientConfig> tuning, Clock clock) {
        this.prefs = prefs;
        this.options = options;
        this.tuning = tuning;
        this.clock = clock;
    }

    /** Installs the saved theme and shows the login dialog. EDT only. */
    public void start() {
        requireEdt();
        Themes.apply(prefs.theme(), prefs.fontSize());
        String host = options.host() != null ? options.host() : prefs.host("localhost");
        int port = options.port() != null ? options.port() : prefs.port(DEFAULT_PORT);
        String name = options.name() != null ? options.name() : prefs.name(System.getProperty("user.name", ""));
        dialog = new LoginDialog(this, host, port, name);
        dialog.setVisible(true);
    }

    /** Completes with the exit code once the user has quit and the connection is closed. */
    public CompletableFuture<Integer> exited() {
        return exit;
    }

    // ---- login ------------------------------------------------------------------------------

    void login(LoginDialog.Request r) {
        ClientConfig config = tuning.apply(ClientConfig.of(r.host(), r.port(), r.name()));
        ChatSession s = new ChatSession(config, new ChatModel(r.name(), clock));
        pending = s;
        // connect() does its I/O on the client's threads; the outcome comes back here via invokeLater.
        s.connect().whenComplete((outcome, error) -> SwingUtilities.invokeLater(() -> loginDone(s, r, outcome)));
    }

    private void loginDone(ChatSession s, LoginDialog.Request r, LoginOutcome outcome) {
        if (pending != s || quitting || dialog == null) {
            s.closeInBackground(() -> { });
            return;
        }
        pending = null;
        switch (outcome) {
            case LoginOutcome.LoggedIn in -> {
                prefs.saveLogin(r.host(), r.port(), r.name());
                session = s;
                login = r;
                rememberedRooms.clear();
                rememberedRooms.addAll(prefs.rooms(r.host(), r.port(), r.name()));
                s.model().addListener(roomMemory);
                openWindow();
                dialog.dispose();
                dialog = null;
                s.joinRemembered(List.copyOf(rememberedRooms));
            }
            case LoginOutcome.Rejected rj -> dialog.failed(rejectionText(r, rj.reason(), rj.serverText()),
                    rj.reason() == Rejection.SERVER_FULL ? LoginDialog.Fix.RETRY : LoginDialog.Fix.NAME);
            case LoginOutcome.Failed f -> dialog.failed("Server unreachable: " + f.cause() + ".", unreachableFix(f.cause()));
            case null -> dialog.failed("The login failed for an unknown reason.", LoginDialog.Fix.RETRY);
        }
    }

    /** An unknown host is the host's fault; a refused or silent connection most often the port's. */
    static LoginDialog.Fix unreachableFix(String cause) {
        return cause != null && cause.contains("unknown host") ? LoginDialog.Fix.HOST : LoginDialog.Fix.PORT;
    }

    static String rejectionText(LoginDialog.Request r, Rejection reason, String serverText) {
        return switch (reason) {
            case NAME_TAKEN -> "The name \u201c" + r.name() + "\u201d is already taken on this server. "
                    + "Choose another name.";
            case SERVER_FULL -> "The server is full right now. Try again in a moment.";
            case INVALID_NAME -> {
                int colon = serverText == null ? -1 : serverText.indexOf(": ");
                yield LoginDialog.invalidName(r.name(), colon > 0 ? serverText.substring(colon + 2) : "breaks the rules");
            }
        };
    }

    private void openWindow() {
        window = new ChatWindow(this, session, clock.getZone());
        Rectangle saved = prefs.windowBounds();
        if (saved != null) {
            window.setBounds(saved);
        } else {
            window.setSize(1080, 720);
            window.setLocationRelativeTo(null);
        }
        if (prefs.maximized()) {
            window.setExtendedState(Frame.MAXIMIZED_BOTH);
        }
        window.setVisible(true);
        window.input().requestFocusInWindow();
    }

    /**
     * Logs in again with the same name and server after the client core gave up (reconnect attempts
     * exhausted, or the name was refused). The conversations stay: the model is kept.
     */
    void reconnect() {
        if (session == null || quitting || session.model().status().state() != ConnectionStatus.State.OFFLINE) {
            return;
        }
        ChatSession old = session;
        ChatSession next = old.again();
        session = next;
        window.setSession(next);
        next.model().relogin();
        old.closeInBackground(() -> { });
        next.connect().whenComplete((outcome, error) -> SwingUtilities.invokeLater(() -> {
            if (session != next || quitting) {
                return;
            }
            switch (outcome) {
                case LoginOutcome.LoggedIn in -> next.joinRemembered(List.copyOf(rememberedRooms)); // a new client is in no room
                case LoginOutcome.Rejected rj -> next.model().disconnected(
                        "the server refused the name: " + rj.serverText(), false);
                case LoginOutcome.Failed f -> next.model().disconnected(f.cause(), false);
                case null -> next.model().disconnected("the login failed", false);
            }
        }));
    }

    // ---- user choices -------------------------------------------------------------------------

    /** Adds ({@code in}) or removes a room of the remembered ones, and saves them. */
    private void remember(String room, boolean in) {
        int at = -1;
        for (int i = 0; i < rememberedRooms.size(); i++) {
            if (RoomNames.key(rememberedRooms.get(i)).equals(RoomNames.key(room))) {
                at = i;
            }
        }
        if (in && at >= 0) {
            rememberedRooms.set(at, room); // its spelling may be new: a room made again by someone else
        } else if (in) {
            rememberedRooms.add(room);
        } else if (at >= 0) {
            rememberedRooms.remove(at);
        }
        if (login != null) {
            prefs.saveRooms(login.host(), login.port(), login.name(), rememberedRooms);
        }
    }

    /** Whether a room's members show beside it in a wide window. */
    boolean membersShown() {
        return prefs.membersShown();
    }

    void saveMembersShown(boolean shown) {
        prefs.saveMembersShown(shown);
    }

    void changeTheme(Themes theme) {
        Themes applied = Themes.apply(theme.id(), prefs.fontSize());
        prefs.saveTheme(applied.id());
        if (window != null) {
            window.themeChanged();
        }
    }

    void changeFontSize(int size) {
        int s = size <= 0 ? 0 : Math.max(Themes.MIN_FONT_SIZE, Math.min(Themes.MAX_FONT_SIZE, size));
        Themes.changeFontSize(s);
        prefs.saveFontSize(s == 0 || s == Themes.defaultFontSize() ? 0 : s);
        if (window != null) {
            window.themeChanged();
        }
    }

    /** Closes everything: saves the window's place, says QUIT to the server off the EDT, then completes {@link #exited()}. */
    public void quit() {
        requireEdt();
        if (quitting) {
            return;
        }
        quitting = true;
        if (window != null) {
            boolean max = (window.getExtendedState() & Frame.MAXIMIZED_BOTH) == Frame.MAXIMIZED_BOTH;
            prefs.saveWindow(max ? window.getBounds() : window.boundsToSave(), max);
            window.notifier().dispose();
            window.dispose();
        }
        if (dialog != null) {
            dialog.dispose();
        }
        ChatSession s = session != null ? session : pending;
        if (s == null) {
            exit.complete(0);
        } else {
            s.closeInBackground(() -> exit.complete(0));
        }
        log.debug("quitting");
    }

    // ---- for tests ---------------------------------------------------------------------------

    LoginDialog loginDialog() {
        return dialog;
    }

    ChatWindow window() {
        return window;
    }

    DesktopPrefs prefs() {
        return prefs;
    }

    private static void requireEdt() {
        if (!SwingUtilities.isEventDispatchThread()) {
            throw new IllegalStateException("must run on the EDT");
        }
    }
}
