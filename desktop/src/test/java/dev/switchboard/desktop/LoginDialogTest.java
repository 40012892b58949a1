package dev.switchboard.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Component;
import java.awt.KeyboardFocusManager;
import java.awt.event.KeyEvent;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** The login dialog: inline errors, retrying, remembered fields. */
class LoginDialogTest {

    @Test
    void duplicateNameShowsTheErrorAndTheDialogStaysOpenToRetry() throws Exception {
        try (Desk desk = new Desk()) {
            desk.login("alice");
            DesktopApp second = desk.start();
            Desk.submit(second, "127.0.0.1", desk.port(), "ALICE");
            Gui.until("error shown", () -> second.loginDialog().errorText() != null);
            assertThat(Gui.edt(() -> second.loginDialog().errorText())).contains("already taken");
            assertThat(Gui.edt(() -> second.loginDialog().isShowing())).isTrue();
            assertThat(Gui.edt(() -> second.loginDialog().connectButton().isEnabled())).isTrue();
            assertThat(Gui.edt(second::window)).isNull();

            Desk.submit(second, "127.0.0.1", desk.port(), "alice2");
            Gui.until("second window", () -> second.window() != null && second.window().isShowing());
            assertThat(Gui.edt(second::loginDialog)).isNull();
        }
    }

    @Test
    void invalidNameAndUnreachableServerAreExplainedInline() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (Desk desk = new Desk()) {
            DesktopApp app = desk.start();
            Desk.submit(app, "127.0.0.1", desk.port(), "two words");
            assertThat(Gui.edt(() -> app.loginDialog().errorText()))
                    .contains("not a valid name").contains("whitespace").contains("no spaces");

            Desk.submit(app, "127.0.0.1", desk.port(), "MSG");
            assertThat(Gui.edt(() -> app.loginDialog().errorText())).contains("reserved command word");

            Desk.submit(app, "127.0.0.1", 0, "carol");
            assertThat(Gui.edt(() -> app.loginDialog().errorText())).contains("port");

            Desk.submit(app, "127.0.0.1", closedPort, "carol");
            Gui.until("unreachable shown", () -> app.loginDialog().errorText() != null
                    && app.loginDialog().errorText().startsWith("Server unreachable"));
            assertThat(Gui.edt(() -> app.loginDialog().errorText())).contains("refused");
            assertThat(Gui.edt(() -> app.loginDialog().isShowing())).isTrue();
        }
    }

    @Test
    void serverFullIsShownInline() throws Exception {
        try (Desk desk = new Desk()) {
            desk.stopServer();
            desk.restartServerWithMaxClients(1);
            desk.login("alice");
            DesktopApp app = desk.start();
            Desk.submit(app, "127.0.0.1", desk.port(), "bob");
            Gui.until("full shown", () -> app.loginDialog().errorText() != null);
            assertThat(Gui.edt(() -> app.loginDialog().errorText())).contains("server is full");
        }
    }

    @Test
    void hostPortAndNameAreRemembered() throws Exception {
        try (Desk desk = new Desk()) {
            DesktopPrefs prefs = desk.prefs();
            DesktopApp first = desk.start(prefs, new DesktopApp.Options(null, null, null));
            Desk.submit(first, "127.0.0.1", desk.port(), "remembered");
            Gui.until("window", () -> first.window() != null);
            Gui.run(first::quit);

            DesktopApp again = desk.start(prefs, new DesktopApp.Options(null, null, null));
            assertThat(Gui.edt(() -> again.loginDialog().hostField().getText())).isEqualTo("127.0.0.1");
            assertThat(Gui.edt(() -> again.loginDialog().portField().getText())).isEqualTo(Integer.toString(desk.port()));
            assertThat(Gui.edt(() -> again.loginDialog().nameField().getText())).isEqualTo("remembered");

            DesktopApp overridden = desk.start(prefs, new DesktopApp.Options(null, null, "fromflag"));
            assertThat(Gui.edt(() -> overridden.loginDialog().nameField().getText())).isEqualTo("fromflag");
        }
    }

    @Test
    void afterAFailedLoginTheFocusIsOnWhatToFixAndEnterTriesAgain() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (Desk desk = new Desk()) {
            DesktopApp app = desk.start();
            LoginDialog dialog = Gui.edt(app::loginDialog);
            Gui.click(dialog.nameField());
            Gui.until("name field focused", () -> dialog.nameField().isFocusOwner());
            Gui.run(() -> {
                dialog.hostField().setText("127.0.0.1");
                dialog.portField().setText(Integer.toString(closedPort));
                dialog.nameField().setText("carol");
            });

            // Enter in the name field connects; nobody listens on that port.
            Gui.key(dialog.nameField(), KeyEvent.VK_ENTER, 0);
            Gui.until("unreachable shown", () -> dialog.errorText() != null
                    && dialog.errorText().startsWith("Server unreachable"));
            Gui.until("the port, the likely thing to fix, has the focus (was: " + focusName() + ")",
                    () -> dialog.portField().isFocusOwner());
            assertThat(Gui.edt(() -> dialog.portField().getSelectedText())).as("port selected to retype")
                    .isEqualTo(Integer.toString(closedPort));

            // The next Enter tries again instead of quitting; fixed, it logs in.
            Gui.run(() -> dialog.portField().setText(Integer.toString(desk.port())));
            Gui.key(dialog.portField(), KeyEvent.VK_ENTER, 0);
            Gui.until("logged in", () -> app.window() != null && app.window().isShowing());
            assertThat(app.exited()).as("Enter did not quit").isNotDone();
        }
    }

    @Test
    void anUnknownHostPutsTheFocusOnTheHostAndAFullServerOnConnect() throws Exception {
        try (Desk desk = new Desk()) {
            desk.stopServer();
            desk.restartServerWithMaxClients(1);
            desk.login("alice");
            DesktopApp app = desk.start();
            LoginDialog dialog = Gui.edt(app::loginDialog);
            Gui.click(dialog.nameField());
            Gui.until("name field focused", () -> dialog.nameField().isFocusOwner());

            Gui.run(() -> dialog.hostField().setText("no-such-host.invalid"));
            Gui.key(dialog.nameField(), KeyEvent.VK_ENTER, 0);
            Gui.until("unknown host shown", () -> dialog.errorText() != null && dialog.errorText().contains("unknown host"));
            Gui.until("the host has the focus (was: " + focusName() + ")", () -> dialog.hostField().isFocusOwner());

            Gui.run(() -> {
                dialog.hostField().setText("127.0.0.1");
                dialog.portField().setText(Integer.toString(desk.port()));
                dialog.nameField().setText("bob");
            });
            Gui.key(dialog.hostField(), KeyEvent.VK_ENTER, 0);
            Gui.until("full shown", () -> dialog.errorText() != null && dialog.errorText().contains("server is full"));
            Gui.until("Connect has the focus, to try again later (was: " + focusName() + ")",
                    () -> dialog.connectButton().isFocusOwner());
            assertThat(app.exited()).isNotDone();
        }
    }

    private static String focusName() {
        Component c = Gui.edt(() -> KeyboardFocusManager.getCurrentKeyboardFocusManager().getFocusOwner());
        return c == null ? "nothing" : c.getName();
    }
}
