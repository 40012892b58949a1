package dev.switchboard.terminal;

import dev.switchboard.client.ClientConfig;
import dev.switchboard.protocol.Limits;
import dev.switchboard.protocol.Usernames;
import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code switchboard chat}: the terminal client. Interactive (JLine line editor) when stdin and
 * stdout are a terminal; otherwise the scriptable pipe mode ({@link PipeChat}). Returns only when
 * the user has quit, stdin has ended, or the client cannot go on.
 */
@Command(name = "chat",
        mixinStandardHelpOptions = true,
        description = {"Chat in the terminal.",
                "Interactive in a terminal: /help lists the commands there.",
                "With stdin not a terminal (a pipe, a file): reads 'target|text', '#room|text' and '/all text' lines"
                        + " (and /join, /part, /names, /topic, /kick), prints each event as a line (MSG|from|text,"
                        + " ALL|from|text, MSG|#room|from|text, JOIN|name, LEAVE|name, USERS|a,b, USERS|#room|@a,b,"
                        + " ERROR|reason, ...) and quits at the end of the input, once the server has answered every line."},
        footer = {"", "Exit status: 0 after /quit or at the end of the input, everything delivered; 1 (pipe mode) when"
                + " a line was refused or not delivered (0 with --ignore-errors); 2 for bad options; 3 when the server"
                + " cannot be reached, refuses the name, or is lost for good."})
public final class ChatCommand implements Callable<Integer> {

    /** Exit status (pipe mode): a line was refused, answered with an ERROR, or left unconfirmed. */
    static final int EXIT_NOT_DELIVERED = 1;
    // Exit status 2, bad options, is picocli's: every usage error is thrown as a ParameterException.
    /** Exit status: the client could not connect or log in, or lost the server for good. */
    static final int EXIT_NO_CONNECTION = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "localhost", description = "Server host (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", defaultValue = "" + Limits.DEFAULT_PORT,
            description = "Server port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = {"-n", "--name"}, paramLabel = "NAME", description = "Your username; asked for when missing in a terminal.")
    String name;

    @Option(names = "--no-color", description = "No colours (also off when the output is not a terminal).")
    boolean noColor;

    @Option(names = "--max-line-bytes", paramLabel = "BYTES", defaultValue = "" + Limits.DEFAULT_MAX_LINE_BYTES,
            description = "Longest line the server takes, as its own --max-line-bytes: a longer message is refused"
                    + " here, with the limit, and kept for editing (default: ${DEFAULT-VALUE}).")
    int maxLineBytes;

    @Option(names = "--join", paramLabel = "#ROOM", split = ",",
            description = "Join these rooms once logged in (repeat it, or separate them with commas). In pipe mode,"
                    + " '#room|text' lines need it (or a '/join #room' line before them).")
    List<String> join = new ArrayList<>();

    @Option(names = "--ignore-errors",
            description = "Pipe mode: exit 0 at the end of the input even when a line was refused or not delivered.")
    boolean ignoreErrors;

    @Override
    public Integer call() throws Exception {
        if (port < 1 || port > 65_535) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--port must be 1-65535, got " + port);
        }
        // The client core logs its routine at debug; keep everything below WARN off the chat screen.
        if (System.getProperty("switchboard.log.level") == null) {
            System.setProperty("switchboard.log.level", "WARN");
        }
        if (maxLineBytes < Limits.MIN_MAX_LINE_BYTES) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-line-bytes must be at least "
                    + Limits.MIN_MAX_LINE_BYTES + " (every server takes lines that long), got " + maxLineBytes);
        }
        for (String room : join) {
            String bad = RoomCommands.roomProblem(room);
            if (bad != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--join: " + bad);
            }
        }
        ClientConfig config = ClientConfig.of(host, port, name == null ? "" : name);
        // Room for as many maximal lines as the default queue holds of default ones.
        long queue = Math.max(ClientConfig.DEFAULT_SEND_QUEUE_BYTES,
                ClientConfig.DEFAULT_SEND_QUEUE_BYTES / Limits.DEFAULT_MAX_LINE_BYTES * (long) maxLineBytes);
        config = config.withSendQueueBytes(queue).withMaxLineBytes(maxLineBytes);
        if (isInteractive()) {
            return new InteractiveChat(config, name != null, !noColor, join).run();
        }
        if (name == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--name is required when stdin is not a terminal");
        }
        String problem = Usernames.problem(name);
        if (problem != null) {
            // A script's mistake, like a bad --port; the interactive client asks for another name instead.
            throw new CommandLine.ParameterException(spec.commandLine(), "--name: " + Describe.invalidName(name, problem));
        }
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        return new PipeChat(config, in, out, System.err, ignoreErrors, join).run();
    }

    /** Whether stdin and stdout are both a terminal. */
    static boolean isInteractive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // Java 22+: a console exists even when redirected; isTerminal() tells the truth.
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true; // Java 21: System.console() is null unless both are a terminal
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    /** Runs the command alone (tests start it this way in a pseudo-terminal). */
    public static void main(String[] args) {
        System.exit(new CommandLine(new ChatCommand()).execute(args));
    }
}
