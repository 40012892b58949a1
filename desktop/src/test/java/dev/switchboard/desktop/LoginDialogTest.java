package dev.switchboard.desktop;

import static org.assertj.core.api.Assertions.assertThat;

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
}
