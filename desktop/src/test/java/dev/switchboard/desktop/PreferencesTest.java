package dev.switchboard.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Rectangle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Theme, font size, window place and rooms are remembered; a broken saved value falls back. */
class PreferencesTest {

    @Test
    void themeFontSizeAndWindowBoundsAreRememberedAcrossRuns() throws Exception {
        try (Desk desk = new Desk()) {
            DesktopPrefs prefs = desk.prefs();
            DesktopApp first = desk.start(prefs, new DesktopApp.Options("127.0.0.1", desk.port(), "alice"));
            Gui.run(() -> first.loginDialog().connectButton().doClick());
            Gui.until("window", () -> first.window() != null && first.window().isShowing());
            assertThat(Gui.edt(Themes::current)).isEqualTo(Themes.LIGHT);

            Gui.run(() -> first.changeTheme(Themes.DARK));
            Gui.run(() -> first.changeFontSize(16));
            Gui.run(() -> first.window().setBounds(120, 90, 900, 640));
            assertThat(Gui.edt(Themes::current)).isEqualTo(Themes.DARK);
            assertThat(Gui.edt(Themes::fontSize)).isEqualTo(16);
            Gui.run(first::quit);

            DesktopApp second = desk.start(prefs, new DesktopApp.Options("127.0.0.1", desk.port(), "alice"));
            assertThat(Gui.edt(Themes::current)).isEqualTo(Themes.DARK);
            assertThat(Gui.edt(Themes::fontSize)).isEqualTo(16);
            Gui.run(() -> second.loginDialog().connectButton().doClick());
            Gui.until("window", () -> second.window() != null && second.window().isShowing());
            assertThat(Gui.edt(() -> second.window().getBounds())).isEqualTo(new Rectangle(120, 90, 900, 640));

            // Back to the defaults for the tests that follow in this JVM.
            Gui.run(() -> second.changeFontSize(0));
            Gui.run(() -> second.changeTheme(Themes.LIGHT));
            assertThat(prefs.fontSize()).isZero();
            assertThat(prefs.theme()).isEqualTo("light");
        }
    }

    @Test
    void aBrokenSavedThemeFallsBackToLight() throws Exception {
        try (Desk desk = new Desk()) {
            DesktopPrefs prefs = desk.prefs();
            prefs.saveTheme("com.example.NoSuchLaf");
            prefs.node().put(DesktopPrefs.FONT_SIZE, "huge");
            prefs.node().put(DesktopPrefs.WINDOW, "not,a,rect");
            Gui.run(() -> Themes.apply(Themes.DARK.id(), 0));
            desk.start(prefs, new DesktopApp.Options(null, null, null));
            assertThat(Gui.edt(Themes::current)).isEqualTo(Themes.LIGHT);
            assertThat(Gui.edt(Themes::fontSize)).isEqualTo(Themes.defaultFontSize());
            assertThat(prefs.windowBounds()).isNull();
        }
    }

    @Test
    void roomsAreRememberedPerNameAndServerAndBrokenValuesAreLeftOut() throws Exception {
        try (Desk desk = new Desk()) {
            DesktopPrefs prefs = desk.prefs();
            assertThat(prefs.membersShown()).as("members beside a room by default").isTrue();
            prefs.saveMembersShown(false);
            assertThat(prefs.membersShown()).isFalse();

            prefs.saveRooms("chat.example.org", 5555, "Alice", List.of("#rust", "#go"));
            assertThat(prefs.rooms("chat.example.org", 5555, "alice")).as("the name ignoring case").containsExactly("#rust", "#go");
            assertThat(prefs.rooms("chat.example.org", 6666, "alice")).as("another server").isEmpty();
            assertThat(prefs.rooms("chat.example.org", 5555, "bob")).as("another name").isEmpty();

            // What no room name is (edited by hand, or an older rule), the lobby and repeats are left out.
            prefs.node().node(DesktopPrefs.ROOMS).put(DesktopPrefs.roomsKey("h", 1, "alice"), "#ok,no hash,#,#lobby,#OK,#a b,#fine");
            assertThat(prefs.rooms("h", 1, "alice")).containsExactly("#ok", "#fine");

            // A key over the 80 characters Preferences allow still works: it is hashed.
            String host = "a-very-long-host-name-for-a-chat-server.internal.example.org";
            String name = "bartholomew.the.quick.brown.fox";
            assertThat(DesktopPrefs.roomsKey(host, 5555, name)).hasSizeLessThanOrEqualTo(80);
            prefs.saveRooms(host, 5555, name, List.of("#long"));
            assertThat(prefs.rooms(host, 5555, name)).containsExactly("#long");
            prefs.saveRooms(host, 5555, name, List.of());
            assertThat(prefs.rooms(host, 5555, name)).as("none: forgotten").isEmpty();
        }
    }

    /**
     * The first start on a machine creates the preferences directory; Java logs that at INFO
     * ("Created user preferences directory.") on the console of the user, who did not ask.
     */
    @Test
    void theFirstStartOnAMachinePrintsNothing(@TempDir Path home) throws Exception {
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true", "-Djava.util.prefs.userRoot=" + home,
                "-cp", System.getProperty("java.class.path"), FirstStart.class.getName()))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(Files.isDirectory(home.resolve(".java/.userPrefs"))).as("it was a first start").isTrue();
        assertThat(out).as("what the first start printed").isEmpty();
    }

    /** A first start in a JVM of its own: reads and saves the preferences as {@code gui} does. */
    static final class FirstStart {
        public static void main(String[] args) {
            DesktopPrefs prefs = DesktopPrefs.user();
            prefs.saveTheme(prefs.theme());
        }
    }
}
