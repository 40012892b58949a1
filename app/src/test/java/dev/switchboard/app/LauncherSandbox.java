package dev.switchboard.app;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A copy of the launcher ({@code switchboard}, {@code mvnw}, {@code .mvn/wrapper/}) in a temporary
 * directory, run with a PATH that holds only symlinks to the basic commands the launcher and mvnw
 * use, plus stubs a test adds: {@code id} (which user we are), {@code apt-get} and
 * {@code debconf-set-selections}, the programs the tests need, and a Maven at the wrapper's
 * distribution path. Every stub appends how it was called to one log, {@link #calls()}.
 *
 * <p>The environment is only what is set here: the JDK running this test as {@code JAVA_HOME}, a
 * private {@code HOME} and {@code MAVEN_USER_HOME}, and {@code MVNW_REPOURL} pointing at a closed
 * loopback port, so that a launcher that wrongly let mvnw download would fail instead of reaching
 * the network.
 */
final class LauncherSandbox {

    /** The discard port: nothing listens there, a connection is refused at once. */
    static final String REPO_URL = "http://127.0.0.1:9/maven2";
    static final String WRAPPER_URL = REPO_URL + "/org/apache/maven/apache-maven/3.9.16/apache-maven-3.9.16-bin.zip";

    /**
     * What the launcher and mvnw run on the paths under test (and {@code chmod} for the apt-get
     * stub); anything else is not found.
     */
    private static final List<String> BASIC_COMMANDS = List.of(
            "bash", "sh", "env", "dirname", "basename", "uname", "tr", "sed", "head", "cat", "rm", "mktemp", "chmod");
    private static final List<String> SYSTEM_DIRS = List.of("/usr/bin", "/bin", "/usr/local/bin");
    /** A run of the launcher before Maven takes a second or two (it asks the JDK its version). */
    private static final long RUN_TIMEOUT_SECONDS = 60;

    private final Path repo;
    private final Path bin;
    private final Path home;
    private final Path mavenUserHome;
    private final Path callLog;

    LauncherSandbox(Path dir) throws IOException {
        Path source = Path.of(System.getProperty("switchboard.root", "..")).toAbsolutePath().normalize();
        repo = Files.createDirectories(dir.resolve("repo"));
        bin = Files.createDirectories(dir.resolve("bin"));
        home = Files.createDirectories(dir.resolve("home"));
        mavenUserHome = dir.resolve("m2");
        callLog = dir.resolve("calls.log");
        for (String file : List.of("switchboard", "mvnw", ".mvn/wrapper/maven-wrapper.properties")) {
            Path target = repo.resolve(file);
            Files.createDirectories(target.getParent());
            Files.copy(source.resolve(file), target, StandardCopyOption.COPY_ATTRIBUTES);
        }
        for (String command : BASIC_COMMANDS) {
            Files.createSymbolicLink(bin.resolve(command), system(command));
        }
    }

    /** The result of one launcher run. */
    record Run(int exitCode, String stdout, String stderr) {
        List<String> stdoutLines() {
            return stdout.lines().toList();
        }

        List<String> stderrLines() {
            return stderr.lines().toList();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    /** Runs {@code ./switchboard args...} in the sandbox. */
    Run run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(repo.resolve("switchboard").toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(home, "stdout", ".txt");
        Path err = Files.createTempFile(home, "stderr", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(repo.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", bin.toString());
        env.put("HOME", home.toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("MAVEN_USER_HOME", mavenUserHome.toString());
        env.put("MVNW_REPOURL", REPO_URL);
        Process process = pb.start();
        if (!process.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            fail("./switchboard " + String.join(" ", args) + " did not finish within " + RUN_TIMEOUT_SECONDS + " s");
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** An {@code id} that says we are the user {@code uid}. */
    void user(String uid) throws IOException {
        stub("id", "echo " + uid);
    }

    /** A program of that name on the PATH that only records its call. */
    void program(String name) {
        try {
            stub(name, log(name + " $*"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    boolean onPath(String name) {
        return Files.exists(bin.resolve(name), java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * {@code apt-get} and {@code debconf-set-selections}; {@code apt-get install PACKAGE} puts that
     * package's programs ({@code programs}: program to package) on the PATH. {@code xvfb-run} runs
     * its command, as the real one does.
     */
    void aptGet(Map<String, String> programs) throws IOException {
        Map<String, List<String>> byPackage = new LinkedHashMap<>();
        programs.forEach((program, pkg) -> byPackage.computeIfAbsent(pkg, p -> new ArrayList<>()).add(program));
        StringBuilder install = new StringBuilder();
        byPackage.forEach((pkg, names) -> {
            install.append("    ").append(pkg).append(")");
            for (String name : names) {
                String body = name.equals("xvfb-run") ? xvfbRunBody() : log(name + " $*");
                install.append(" printf '%s\\n' '#!/bin/sh' ").append(shellQuote(body)).append(" > ")
                        .append(shellQuote(bin.resolve(name).toString())).append(";")
                        .append(" chmod +x ").append(shellQuote(bin.resolve(name).toString())).append(";");
            }
            install.append(" ;;\n");
        });
        stub("apt-get", log("apt-get $* (DEBIAN_FRONTEND=$DEBIAN_FRONTEND)") + "\n"
                + "[ \"$1\" = install ] || exit 0\n"
                + "for arg; do\n"
                + "  case \"$arg\" in\n" + install + "  esac\n"
                + "done\n");
        stub("debconf-set-selections", "while read -r line; do " + log("debconf-set-selections $line") + "; done");
    }

    /** A Maven distribution at {@code mavenHome} whose {@code bin/mvn} records its call. */
    void maven(Path mavenHome) throws IOException {
        Path mvn = Files.createDirectories(mavenHome.resolve("bin")).resolve("mvn");
        writeExecutable(mvn, "#!/bin/sh\n" + log("mvn $*") + "\n");
    }

    /** What the stubs recorded, in order. */
    List<String> calls() throws IOException {
        return Files.exists(callLog) ? Files.readAllLines(callLog) : List.of();
    }

    /**
     * The commands of the launcher's own {@code case} (labels such as {@code "  doctor)"}), read from
     * the script, so that a new command without a help line fails the help test.
     */
    List<String> launcherCommands() throws IOException {
        List<String> commands = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^  ([a-z]+)\\)$").matcher(Files.readString(repo.resolve("switchboard")));
        while (m.find()) {
            commands.add(m.group(1));
        }
        if (commands.isEmpty()) {
            fail("no launcher command found in the script's case statement");
        }
        return commands;
    }

    private String xvfbRunBody() {
        // Skips xvfb-run's options (-a, -s ARG) and runs the command, as the real one does.
        return log("xvfb-run $*") + "; while [ $# -gt 0 ]; do case \"$1\" in -a) shift;; -s) shift 2;; *) break;; esac; done; exec \"$@\"";
    }

    private String log(String what) {
        return "echo \"" + what + "\" >> " + shellQuote(callLog.toString());
    }

    private void stub(String name, String body) throws IOException {
        writeExecutable(bin.resolve(name), "#!/bin/sh\n" + body + "\n");
    }

    private static void writeExecutable(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static Path system(String command) {
        for (String dir : SYSTEM_DIRS) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return fail(command + " not found in " + SYSTEM_DIRS);
    }

    private static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
