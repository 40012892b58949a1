package dev.switchboard.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Window;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code switchboard gui}: prefills the dialog from its options and returns only when the user quits. */
class GuiCommandTest {

    @Test
    void callBlocksUntilTheUserQuitsAndReturnsZero() throws Exception {
        Gui.requireDisplay();
        CommandLine cl = new CommandLine(new GuiCommand());
        CompletableFuture<Integer> code = CompletableFuture.supplyAsync(
                () -> cl.execute("--host", "127.0.0.1", "--port", "4999", "--name", "fromcli"));
        Gui.until("dialog shown", () -> dialog() != null);
        LoginDialog d = Gui.edt(GuiCommandTest::dialog);
        assertThat(Gui.edt(() -> d.hostField().getText())).isEqualTo("127.0.0.1");
        assertThat(Gui.edt(() -> d.portField().getText())).isEqualTo("4999");
        assertThat(Gui.edt(() -> d.nameField().getText())).isEqualTo("fromcli");
        assertThat(code).isNotDone();

        Gui.run(() -> Gui.find(d.getContentPane(), "quit", javax.swing.JButton.class).doClick());
        assertThat(code.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(Gui.edt(GuiCommandTest::dialog)).isNull();
    }

    @Test
    void aBadPortIsAUsageError() {
        assertThat(new CommandLine(new GuiCommand()).execute("--port", "70000")).isEqualTo(2);
    }

    private static LoginDialog dialog() {
        return (LoginDialog) Arrays.stream(Window.getWindows())
                .filter(w -> w instanceof LoginDialog && w.isShowing()).findFirst().orElse(null);
    }
}
