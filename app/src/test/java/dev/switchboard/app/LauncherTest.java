package dev.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher script's set-up ({@code ./switchboard doctor}, {@code ./switchboard test} before
 * Maven) and its help, run as a process in a {@link LauncherSandbox}: a PATH without
 * {@code xvfb-run} or {@code mvn}, stubs that record how they were called, a user that is root or
 * not. Nothing is installed and no real Maven runs.
 */
class LauncherTest {

    private static final String ROOT_UID = "0";
    private static final String USER_UID = "1000";
    private static final Pattern MISSING_PROGRAM =
            Pattern.compile("^missing  (\\S+) \\(package (\\S+)\\), needed by .+$");
    private static final Pattern MAVEN_LINE =
            Pattern.compile("^(?:ok|missing)  +Maven 3\\.9\\.16 \\(\\./mvnw's\\): (?:not downloaded yet, would go to )?(/\\S+)$");

    @TempDir
    Path tmp;

    private LauncherSandbox sandbox;

    @BeforeEach
    void sandbox() throws IOException {
        sandbox = new LauncherSandbox(tmp);
    }

    @Test
    void doctorListsEveryRequirementOnABarePathAndTheInstallItWouldRunAsRoot() throws Exception {
        sandbox.user(ROOT_UID);
        sandbox.aptGet(Map.of());

        LauncherSandbox.Run run = sandbox.run("doctor");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        Map<String, String> missing = missingPrograms(run);
        assertThat(missing).as(run.toString()).containsEntry("xvfb-run", "xvfb").containsEntry("tshark", "tshark")
                .containsEntry("tmux", "tmux").containsEntry("nc", "netcat-openbsd");
        assertThat(run.stdoutLines()).as(run.toString())
                .anyMatch(line -> line.startsWith("ok       JDK 21+: Java "))
                .anyMatch(line -> line.startsWith("missing  Maven 3.9.16 (./mvnw's): not downloaded yet, would go to "));
        assertThat(actionLines(run)).as(run.toString()).containsExactly(
                "would run: echo 'wireshark-common wireshark-common/install-setuid boolean false' | debconf-set-selections",
                "would run: apt-get update",
                "would run: DEBIAN_FRONTEND=noninteractive apt-get install -y " + String.join(" ", packages(missing)),
                "would download: Maven 3.9.16 from " + LauncherSandbox.WRAPPER_URL + " (./mvnw, on its first run)");
        assertThat(sandbox.calls()).as("doctor must change nothing").isEmpty();
    }

    @Test
    void doctorOnAPathWithoutXvfbRunAndMvnListsExactlyThoseAndWhatItWouldDo() throws Exception {
        sandbox.user(ROOT_UID);
        sandbox.aptGet(Map.of());
        Map<String, String> all = missingPrograms(sandbox.run("doctor"));
        all.keySet().stream().filter(program -> !program.equals("xvfb-run")).forEach(sandbox::program);
        assertThat(sandbox.onPath("mvn")).isFalse();

        LauncherSandbox.Run run = sandbox.run("doctor");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.stdoutLines().stream().filter(line -> line.startsWith("missing"))).as(run.toString())
                .hasSize(2)
                .anySatisfy(line -> assertThat(line).startsWith("missing  Maven 3.9.16 (./mvnw's): not downloaded yet"))
                .anySatisfy(line -> assertThat(line).startsWith("missing  xvfb-run (package xvfb), needed by the desktop client tests"));
        assertThat(actionLines(run)).as(run.toString()).containsExactly(
                "would run: apt-get update",
                "would run: DEBIAN_FRONTEND=noninteractive apt-get install -y xvfb",
                "would download: Maven 3.9.16 from " + LauncherSandbox.WRAPPER_URL + " (./mvnw, on its first run)");
        assertThat(sandbox.run("test", "--dry-run")).as("test --dry-run is doctor").isEqualTo(run);
        assertThat(sandbox.calls()).as("doctor must change nothing").isEmpty();
    }

    @Test
    void doctorWithNothingMissingExitsZero() throws Exception {
        sandbox.user(USER_UID);
        missingPrograms(sandbox.run("doctor")).keySet().forEach(sandbox::program);
        sandbox.maven(mavenHome(sandbox.run("doctor")));

        LauncherSandbox.Run run = sandbox.run("doctor");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdoutLines()).as(run.toString()).noneMatch(line -> line.startsWith("missing"))
                .contains("nothing missing: ./switchboard test goes straight to Maven");
    }

    @Test
    void testAsAnotherUserStopsBeforeMavenWithOneLineNamingTheCommand() throws Exception {
        sandbox.user(USER_UID);
        sandbox.aptGet(Map.of());
        missingPrograms(sandbox.run("doctor")).keySet().stream()
                .filter(program -> !program.equals("xvfb-run")).forEach(sandbox::program);
        sandbox.maven(mavenHome(sandbox.run("doctor")));
        String expected = "missing xvfb-run%s; run: sudo apt-get install -y xvfb";

        LauncherSandbox.Run test = sandbox.run("test");

        assertThat(test.exitCode()).as(test.toString()).isEqualTo(2);
        assertThat(test.stdout()).as(test.toString()).isEmpty();
        assertThat(test.stderrLines()).as(test.toString()).containsExactly("switchboard: " + expected.formatted(" (see ./switchboard doctor)"));
        assertThat(sandbox.calls()).as("neither apt-get nor Maven may run").isEmpty();

        LauncherSandbox.Run doctor = sandbox.run("doctor");
        assertThat(doctor.exitCode()).as(doctor.toString()).isEqualTo(2);
        assertThat(actionLines(doctor)).as(doctor.toString()).containsExactly("you must first: " + expected.formatted(""));
    }

    @Test
    void testWithoutAptGetStopsBeforeMavenNamingThePackages() throws Exception {
        sandbox.user(ROOT_UID);
        missingPrograms(sandbox.run("doctor")).keySet().stream()
                .filter(program -> !program.equals("xvfb-run")).forEach(sandbox::program);
        sandbox.maven(mavenHome(sandbox.run("doctor")));

        LauncherSandbox.Run test = sandbox.run("test");

        assertThat(test.exitCode()).as(test.toString()).isEqualTo(2);
        assertThat(test.stderrLines()).as(test.toString()).containsExactly("switchboard: missing xvfb-run (see "
                + "./switchboard doctor) and there is no apt-get here; install the packages that provide them (on Debian: xvfb)");
        assertThat(sandbox.calls()).as("Maven may not run").isEmpty();
    }

    @Test
    void testAsRootInstallsWhatIsMissingOneLinePerPackageThenRunsMavenUnderXvfb() throws Exception {
        sandbox.user(ROOT_UID);
        sandbox.aptGet(Map.of());
        Map<String, String> missing = missingPrograms(sandbox.run("doctor"));
        sandbox.aptGet(missing);
        sandbox.maven(mavenHome(sandbox.run("doctor")));
        List<String> packages = packages(missing);

        LauncherSandbox.Run test = sandbox.run("test", "-Dtest=Nothing");

        assertThat(test.exitCode()).as(test.toString()).isZero();
        assertThat(test.stderrLines().stream().filter(line -> line.startsWith("switchboard: installing ")))
                .as(test.toString())
                .map(line -> line.substring("switchboard: installing ".length(), line.indexOf(':', "switchboard: installing ".length())))
                .containsExactlyElementsOf(packages);
        assertThat(test.stderrLines()).as(test.toString()).contains(
                "switchboard: installing xvfb: xvfb-run, needed by the desktop client tests (a virtual X display)");
        assertThat(test.stderr()).as("Maven is there: no download").doesNotContain("downloading Maven");
        assertThat(sandbox.calls()).as(test.toString()).containsExactly(
                "debconf-set-selections wireshark-common wireshark-common/install-setuid boolean false",
                "apt-get update -qq (DEBIAN_FRONTEND=noninteractive)",
                "apt-get install -y -qq " + String.join(" ", packages) + " (DEBIAN_FRONTEND=noninteractive)",
                "xvfb-run -a -s -screen 0 1600x1000x24 ./mvnw -B -ntp verify -Dtest=Nothing",
                // The stub at the distribution path doctor named: ./mvnw found it there.
                "mvn -B -ntp verify -Dtest=Nothing");
    }

    @Test
    void helpWithoutTheJarListsEveryLauncherCommandOnceAndSaysHowToSeeTheRest() throws Exception {
        LauncherSandbox.Run run = sandbox.run("--help");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<String> listed = run.stdoutLines().stream().filter(line -> line.matches("^  [a-z]+ +\\S.*"))
                .map(line -> line.trim().split(" ")[0]).toList();
        assertThat(listed).as(run.toString()).doesNotHaveDuplicates().containsAll(sandbox.launcherCommands())
                .contains("help");
        assertThat(run.stdout()).as(run.toString())
                .contains("Not listed until the jar is built")
                .contains("./switchboard build builds it");
    }

    /** The "missing PROGRAM (package PACKAGE)" lines of a doctor run, in order: program to package. */
    private static Map<String, String> missingPrograms(LauncherSandbox.Run doctor) {
        Map<String, String> missing = new LinkedHashMap<>();
        for (String line : doctor.stdoutLines()) {
            Matcher m = MISSING_PROGRAM.matcher(line);
            if (m.matches()) {
                missing.put(m.group(1), m.group(2));
            }
        }
        return missing;
    }

    /** The packages of the missing programs, each once, in order. */
    private static List<String> packages(Map<String, String> missing) {
        return missing.values().stream().distinct().toList();
    }

    /** Where doctor says ./mvnw keeps (or would download) its Maven. */
    private static Path mavenHome(LauncherSandbox.Run doctor) {
        for (String line : doctor.stdoutLines()) {
            Matcher m = MAVEN_LINE.matcher(line);
            if (m.matches()) {
                return Path.of(m.group(1));
            }
        }
        throw new AssertionError("no Maven line in " + doctor);
    }

    /** The lines after the list: what test would do, or what you must do first. */
    private static List<String> actionLines(LauncherSandbox.Run doctor) {
        List<String> actions = new ArrayList<>();
        for (String line : doctor.stdoutLines()) {
            if (line.startsWith("would ") || line.startsWith("you must ")) {
                actions.add(line);
            }
        }
        return actions;
    }
}
