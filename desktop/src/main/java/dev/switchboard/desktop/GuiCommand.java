package dev.switchboard.desktop;

import java.awt.GraphicsEnvironment;
import java.util.concurrent.Callable;
import javax.swing.SwingUtilities;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code switchboard gui}: the desktop client. The calling thread only hops onto the EDT and then
 * waits for the window to close, so the exit code is known when {@link #call()} returns.
 */
@Command(name = "gui",
        mixinStandardHelpOptions = true,
        description = {"Open the desktop chat client (Swing + FlatLaf).",
                "Server, port and name are prefilled from the last successful login unless given here."})
public final class GuiCommand implements Callable<Integer> {

    @Option(names = "--host", paramLabel = "HOST", description = "Server host to prefill (default: last used, else localhost).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "Server port to prefill (default: last used, else 5555).")
    Integer port;

    @Option(names = "--name", paramLabel = "NAME", description = "Username to prefill (default: last used).")
    String name;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (port != null && (port < 1 || port > 65_535)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--port must be 1-65535, got " + port);
        }
        if (GraphicsEnvironment.isHeadless()) {
            spec.commandLine().getErr().println("switchboard gui needs a graphical display, and there is none"
                    + " (DISPLAY is not set). Use 'switchboard chat' in a terminal instead.");
            return 2;
        }
        DesktopApp app = new DesktopApp(DesktopPrefs.user(), new DesktopApp.Options(host, port, name));
        SwingUtilities.invokeLater(app::start);
        return app.exited().get();
    }

    /** Runs the command on its own, as {@code java -cp ... dev.switchboard.desktop.GuiCommand}. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new GuiCommand()).execute(args));
    }
}
