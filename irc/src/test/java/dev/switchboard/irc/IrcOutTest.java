package dev.switchboard.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Server lines: never over 512 bytes, long chat text cut into several lines at character boundaries. */
class IrcOutTest {

    private static List<String> lines(byte[] b) {
        String s = new String(b, StandardCharsets.UTF_8);
        assertThat(s).endsWith("\r\n");
        for (String l : s.split("\r\n")) {
            assertThat(l.getBytes(StandardCharsets.UTF_8).length).as("'%s'", l).isLessThanOrEqualTo(510);
        }
        return Arrays.asList(s.split("\r\n"));
    }

    @Test
    void shortTextIsOneLine() {
        byte[] prefix = ":a!b@c PRIVMSG #x :".getBytes(StandardCharsets.UTF_8);
        assertThat(lines(IrcOut.text(prefix, "hi there".getBytes(StandardCharsets.UTF_8))))
                .containsExactly(":a!b@c PRIVMSG #x :hi there");
        assertThat(lines(IrcOut.text(prefix, new byte[0]))).containsExactly(":a!b@c PRIVMSG #x :");
        assertThat(lines(IrcOut.text(prefix, "a\rb".getBytes(StandardCharsets.UTF_8)))).containsExactly(":a!b@c PRIVMSG #x :a b");
    }

    @Test
    void longTextIsCutAtSpacesOrCharacterBoundariesAndNothingIsLost() {
        byte[] prefix = ":a!b@c PRIVMSG #x :".getBytes(StandardCharsets.UTF_8);
        String words = ("lorem ipsum dolor sit amet ").repeat(150).trim();
        List<String> out = lines(IrcOut.text(prefix, words.getBytes(StandardCharsets.UTF_8)));
        assertThat(out.size()).isGreaterThan(7);
        StringBuilder joined = new StringBuilder();
        for (String l : out) {
            assertThat(l).startsWith(":a!b@c PRIVMSG #x :");
            if (!joined.isEmpty()) {
                joined.append(' ');
            }
            joined.append(l.substring(prefix.length));
        }
        assertThat(joined.toString()).isEqualTo(words);
        // No spaces: cut between characters, never inside one.
        String wide = "ü日😀".repeat(300);
        StringBuilder back = new StringBuilder();
        for (String l : lines(IrcOut.text(prefix, wide.getBytes(StandardCharsets.UTF_8)))) {
            assertThat(l).doesNotContain("\uFFFD");
            back.append(l.substring(prefix.length));
        }
        assertThat(back.toString()).isEqualTo(wide);
    }

    @Test
    void aLongLastParameterIsCutAndLongEchoesAreClipped() {
        byte[] b = IrcOut.line("srv", "332", "nick", "#room", "t".repeat(2000));
        assertThat(lines(b)).singleElement().asString().startsWith(":srv 332 nick #room :ttt");
        byte[] echo = IrcOut.line("srv", "401", "nick", "x".repeat(500), "No such nick/channel");
        assertThat(lines(echo)).singleElement().asString().endsWith(" :No such nick/channel");
        assertThat(IrcOut.clip("aé日😀", 6)).isEqualTo("aé日");
        assertThat(IrcOut.clip("aé日😀", 5)).isEqualTo("aé");
        assertThat(lines(IrcOut.line("srv", "NOTICE", "*", "a\r\nQUIT"))).containsExactly(":srv NOTICE * :a  QUIT");
    }
}
