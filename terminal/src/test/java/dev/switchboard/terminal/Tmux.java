package dev.switchboard.terminal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private tmux server (its own socket name, so it never touches a user's sessions) running one
 * command in a real pseudo-terminal: type into it, read the screen back.
 */
final class Tmux implements AutoCloseable {

    private final String socket = "switchboard-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    private static final String SESSION = "chat";

    static boolean available() {
        try {
            Process p = new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * {@code command}, followed by a line {@code [exit status N]} once it has ended; the pane
     * then stays open, so that its last screen can still be read.
     */
    static List<String> reportingExit(List<String> command) {
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", "\"$@\"; echo \"[exit status $?]\"; exec sleep 600", "sh"));
        cmd.addAll(command);
        return cmd;
    }

    /** Starts {@code command} in a {@code cols}x{@code rows} terminal. */
    Tmux(List<String> command, int cols, int rows) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("new-session", "-d", "-s", SESSION, "-x", "" + cols, "-y", "" + rows));
        args.add(String.join(" ", command.stream().map(Tmux::quote).toList()));
        run(args);
    }

    /** Types keys: literal text, or tmux key names such as {@code Enter}, {@code Tab}, {@code C-c}. */
    void keys(String... keys) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", SESSION));
        args.addAll(List.of(keys));
        run(args);
    }

    /** Types text literally (no key-name lookup). */
    void type(String text) throws IOException, InterruptedException {
        run(List.of("send-keys", "-t", SESSION, "-l", text));
    }

    /** Pastes {@code text} as a terminal emulator does: bracketed, when the program asked for that. */
    void paste(String text) throws IOException, InterruptedException {
        // Through a file: a long text is more than tmux takes as a command argument.
        Path file = Files.createTempFile("switchboard-paste", ".txt");
        try {
            Files.writeString(file, text);
            run(List.of("load-buffer", "-b", "test", file.toString()));
            run(List.of("paste-buffer", "-p", "-d", "-b", "test", "-t", SESSION));
        } finally {
            Files.delete(file);
        }
    }

    /** Everything the pane has shown, scrolled-off lines included, wrapped lines joined, trailing blanks trimmed. */
    String history() throws IOException, InterruptedException {
        return run(List.of("capture-pane", "-p", "-J", "-S", "-", "-t", SESSION)).stripTrailing();
    }

    /** The visible screen with its colours (SGR escapes), for a picture. */
    String screenWithColours() throws IOException, InterruptedException {
        return run(List.of("capture-pane", "-p", "-e", "-t", SESSION));
    }

    /** The visible screen as text, trailing blanks trimmed. */
    String screen() throws IOException, InterruptedException {
        return run(List.of("capture-pane", "-p", "-t", SESSION)).stripTrailing();
    }

    /** Whether the program in the session is still running. */
    boolean running() throws IOException, InterruptedException {
        Process p = tmux(List.of("has-session", "-t", SESSION));
        return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        tmux(List.of("kill-server")).waitFor(10, TimeUnit.SECONDS);
    }

    private String run(List<String> args) throws IOException, InterruptedException {
        Process p = tmux(args);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("tmux " + args + " failed: " + out);
        }
        return out;
    }

    private Process tmux(List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket, "-f", "/dev/null"));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
