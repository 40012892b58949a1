package dev.switchboard.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.server.ServerConfig;
import dev.switchboard.server.SwitchboardServer;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code chat} as its own process with a pipe for stdin: it must pick the pipe mode by itself. */
class ChatCommandProcessTest {

    @Test
    void pipedStdinRunsTheScriptableModeAndExitsZero() throws Exception {
        SwitchboardServer server = new SwitchboardServer(ServerConfig.defaults(0).withHost("127.0.0.1")).start();
        try (Peer bob = new Peer(server.port(), "bob")) {
            Process p = new ProcessBuilder(Spawn.chat("--host", "127.0.0.1", "--port", "" + server.port(), "--name", "alice"))
                    .redirectErrorStream(false).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write("bob|from a pipe\n".getBytes(StandardCharsets.UTF_8));
            }
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("exited").isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as("exit code; stderr: " + err).isZero();
            assertThat(out).startsWith("WELCOME|Welcome to Switchboard, alice\nUSERS|alice,bob\n");
            assertThat(bob.await("msg:")).isEqualTo("msg:alice:from a pipe");
        } finally {
            server.stop();
        }
    }

    @Test
    void anUndeliveredLineIsStatusOneUnlessErrorsAreIgnored() throws Exception {
        SwitchboardServer server = new SwitchboardServer(ServerConfig.defaults(0).withHost("127.0.0.1")).start();
        try {
            for (boolean ignore : new boolean[] {false, true}) {
                List<String> cmd = new ArrayList<>(Spawn.chat("--host", "127.0.0.1", "--port", "" + server.port(), "--name", "alice"));
                if (ignore) {
                    cmd.add("--ignore-errors");
                }
                Process p = new ProcessBuilder(cmd).start();
                try (OutputStream in = p.getOutputStream()) {
                    in.write("carol|are you there?\n".getBytes(StandardCharsets.UTF_8));
                }
                assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("exited").isTrue();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(out).contains("ERROR|User carol is not online\n");
                assertThat(p.exitValue()).as("exit status with --ignore-errors " + ignore + "; stderr: " + err)
                        .isEqualTo(ignore ? 0 : 1);
            }
        } finally {
            server.stop();
        }
    }

    @Test
    void aBadJoinIsAUsageError() throws Exception {
        Process p = new ProcessBuilder(Spawn.chat("--port", "1", "--name", "alice", "--join", "#ok,rust")).start();
        p.getOutputStream().close();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("--join: Room names start with '#': try #rust.");
    }

    @Test
    void pipeModeNeedsAName() throws Exception {
        Process p = new ProcessBuilder(Spawn.chat("--port", "1")).start();
        p.getOutputStream().close();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("--name is required when stdin is not a terminal");
    }
}
