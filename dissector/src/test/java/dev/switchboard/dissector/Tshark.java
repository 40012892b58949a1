package dev.switchboard.dissector;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs tshark with the dissector script. The tests need a real tshark: when it is missing they fail
 * with the install command rather than skip, because CI installs it and a skipped suite proves
 * nothing.
 */
final class Tshark {

    /** One tshark run on a file takes well under a second here; this bounds a wedged one. */
    private static final long RUN_TIMEOUT_SECONDS = 60;

    private static final String INSTALL_HINT = "install it with: "
            + "echo 'wireshark-common wireshark-common/install-setuid boolean false' | debconf-set-selections"
            + " && DEBIAN_FRONTEND=noninteractive apt-get install -y tshark";

    private Tshark() {}

    /** Fails the calling test with an install hint unless the program is on the PATH. */
    static Path require(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return fail(program + " is not installed (not found on PATH); the dissector tests need it: "
                + INSTALL_HINT);
    }

    /** The dissector under test, passed in by the Maven build (see dissector/pom.xml). */
    static Path script() {
        Path script = Path.of(System.getProperty("switchboard.dissector.script", "switchboard.lua"));
        if (!Files.isRegularFile(script)) {
            fail("dissector script not found: " + script.toAbsolutePath());
        }
        return script.toAbsolutePath();
    }

    /** Where captures and tshark outputs of a run are kept for a person to look at. */
    static Path workDir() throws IOException {
        Path dir = Path.of(System.getProperty("switchboard.dissector.workdir", "target/captures"));
        return Files.createDirectories(dir).toAbsolutePath();
    }

    /** Output of one finished tshark run. */
    record Result(List<String> command, int exitCode, byte[] stdout, String stderr) {

        String stdoutText() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        /**
         * Lines of stderr that report a problem. tshark always prints a warning when run as root;
         * that one is expected. A Lua error in the script appears here ("Lua: Error during loading"
         * or "[Lua] ..."), as would a dissector exception.
         */
        List<String> problems() {
            List<String> out = new ArrayList<>();
            for (String line : stderr.split("\\R")) {
                if (!line.isBlank() && !line.startsWith("Running as user \"root\"")) {
                    out.add(line);
                }
            }
            return out;
        }
    }

    /**
     * Runs tshark with the dissector loaded and the given arguments; fails on a non-zero exit. No
     * arguments: the field report ({@code -G fields}, which must come first on tshark's command line).
     */
    static Result run(Path outputDir, String name, List<String> args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(require("tshark").toString());
        command.addAll(args.isEmpty() ? List.of("-G", "fields") : List.of("-n"));
        command.add("-X");
        command.add("lua_script:" + script());
        command.addAll(args);
        Path out = outputDir.resolve(name + ".out");
        Path err = outputDir.resolve(name + ".err");
        Process process = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        try {
            if (!process.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                fail("tshark did not finish within " + RUN_TIMEOUT_SECONDS + " s: " + command);
            }
        } finally {
            process.destroyForcibly();
        }
        Result result = new Result(command, process.exitValue(), Files.readAllBytes(out),
                Files.readString(err, StandardCharsets.UTF_8));
        if (result.exitCode() != 0) {
            fail("tshark exited with " + result.exitCode() + ": " + command + "\n" + result.stderr());
        }
        return result;
    }
}
