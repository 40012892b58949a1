package dev.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * A bad command line, for any command of the jar, is one line saying what is wrong and one line
 * pointing at {@code --help}, on stderr, with exit status 2: never the whole help text.
 */
class UsageErrorsTest {

    record Run(int code, String out, List<String> err) {}

    private static Run run(String args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args.split(" "));
        return new Run(code, out.toString(), err.toString().lines().toList());
    }

    @ParameterizedTest(name = "switchboard {0}")
    @CsvSource(delimiter = ';', value = {
        "server --max-clients abc; switchboard server; switchboard server: invalid value for option '--max-clients': 'abc' is not a whole number",
        "server --bogus;           switchboard server; switchboard server: unknown option '--bogus'",
        "server --max-client 5;    switchboard server; switchboard server: unknown option '--max-client' (did you mean --max-clients?)",
        "server --flood-rate x;    switchboard server; switchboard server: invalid value for option '--flood-rate': 'x' is not a number",
        "server --max-line-bytes 10; switchboard server; switchboard server: max line bytes must be at least 16384 (a 4,000-character message must always fit), got 10",
        "server --ping-interval -1; switchboard server; switchboard server: --ping-interval must be a positive number of seconds, got -1",
        "server extra;             switchboard server; switchboard server: unexpected argument 'extra'",
        "chat --port abc;          switchboard chat;   switchboard chat: invalid value for option '--port': 'abc' is not a whole number",
        "chat --port 70000;        switchboard chat;   switchboard chat: --port must be 1-65535, got 70000",
        "chat --port;              switchboard chat;   switchboard chat: missing required parameter for option '--port' (PORT)",
        "chat --max-line-bytes 100; switchboard chat;  switchboard chat: --max-line-bytes must be at least 16384 (every server takes lines that long), got 100",
        // The test's stdin is not a terminal: these are the pipe mode's own usage errors.
        "chat --port 5555;         switchboard chat;   switchboard chat: --name is required when stdin is not a terminal",
        "chat --name a|b;          switchboard chat;   switchboard chat: --name: 'a|b' is not a valid name (contains '|'). Names: 1-32 letters or digits of one script (ASCII punctuation allowed), no spaces, '|' or ',', not starting with '#', not a command word such as MSG or ALL.",
        "gui --port abc;           switchboard gui;    switchboard gui: invalid value for option '--port': 'abc' is not a whole number",
        "gui --port 70000;         switchboard gui;    switchboard gui: --port must be 1-65535, got 70000",
        "bench --bogus;            switchboard bench;  switchboard bench: unknown option '--bogus'",
        "bench connect -n x;       switchboard bench connect; switchboard bench connect: invalid value for option '--clients': 'x' is not a whole number",
        "bench storm --port 1 --bogus; switchboard bench storm; switchboard bench storm: unknown option '--bogus'",
        "bench connect --threads 0; switchboard bench connect; switchboard bench connect: --threads must be at least 1",
        "bogus;                    switchboard;        switchboard: unknown command 'bogus'",
    })
    void isOneLineAndAHintWithStatusTwo(String args, String command, String message) {
        Run r = run(args);
        assertThat(r.code()).as("exit status; stderr %s", r.err()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).containsExactly(message, "Try '" + command + " --help' for more information.");
    }
}
