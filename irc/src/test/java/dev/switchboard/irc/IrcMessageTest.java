package dev.switchboard.irc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.protocol.DecodeError;
import dev.switchboard.protocol.LineDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The IRC codec in memory: parsing, serialising, limits, and framing through the line decoder. */
class IrcMessageTest {

    private static IrcMessage msg(String line) {
        ParsedLine p = IrcMessage.parse(line);
        assertThat(p).as("parse of '%s'", line).isInstanceOf(IrcMessage.class);
        return (IrcMessage) p;
    }

    private static ParsedLine.Problem problem(String line) {
        ParsedLine p = IrcMessage.parse(line);
        assertThat(p).as("parse of '%s'", line).isInstanceOf(ParsedLine.Bad.class);
        return ((ParsedLine.Bad) p).problem();
    }

    @Test
    void parsesCommandMiddleAndTrailingParameters() {
        IrcMessage m = msg("PRIVMSG #chan :hello there");
        assertThat(m.command()).isEqualTo("PRIVMSG");
        assertThat(m.params()).containsExactly("#chan", "hello there");
        assertThat(m.source()).isNull();
        assertThat(m.tags()).isEmpty();
        assertThat(msg("USER guest 0 * :Ronnie Reagan").params()).containsExactly("guest", "0", "*", "Ronnie Reagan");
        assertThat(msg("NICK alice").params()).containsExactly("alice");
        assertThat(msg("QUIT").params()).isEmpty();
        // A trailing parameter may be empty, or start with ':' itself; a middle one may contain ':'.
        assertThat(msg("TOPIC #c :").params()).containsExactly("#c", "");
        assertThat(msg("PRIVMSG a ::-)").params()).containsExactly("a", ":-)");
        assertThat(msg("PRIVMSG a:b c").params()).containsExactly("a:b", "c");
        assertThat(msg("PRIVMSG a,b,c :x y").params()).containsExactly("a,b,c", "x y");
    }

    @Test
    void commandsFoldToUpperCaseAndNumericsAreThreeDigits() {
        assertThat(msg("privmsg bob :hi").command()).isEqualTo("PRIVMSG");
        assertThat(msg("PiNg x").command()).isEqualTo("PING");
        assertThat(msg(":irc.example 001 alice :Welcome").command()).isEqualTo("001");
        assertThat(problem("PRIV-MSG x")).isEqualTo(ParsedLine.Problem.BAD_COMMAND);
        assertThat(problem("12 x")).isEqualTo(ParsedLine.Problem.BAD_COMMAND);
        assertThat(problem("1234 x")).isEqualTo(ParsedLine.Problem.BAD_COMMAND);
        assertThat(problem("PRIVMSGé x")).isEqualTo(ParsedLine.Problem.BAD_COMMAND);
        assertThat(((ParsedLine.Bad) IrcMessage.parse("ÉTÉ x")).command()).isEqualTo("ÉTÉ");
    }

    @Test
    void spacesSeparateOnceOrManyTimesAndTrailingSpacesAreIgnored() {
        assertThat(msg("PRIVMSG   bob    :hi  there  ").params()).containsExactly("bob", "hi  there");
        assertThat(msg("MODE #c +o   ").params()).containsExactly("#c", "+o");
        assertThat(msg("   PING x").command()).isEqualTo("PING");
        assertThat(msg("@a=b    :src   PING   x").params()).containsExactly("x");
    }

    @Test
    void sourceIsParsedAndMayBeAbsent() {
        IrcMessage m = msg(":nick!user@host PRIVMSG #c :x");
        assertThat(m.source()).isEqualTo("nick!user@host");
        assertThat(m.command()).isEqualTo("PRIVMSG");
        assertThat(problem(":only.a.source")).isEqualTo(ParsedLine.Problem.NO_COMMAND);
        assertThat(problem(":src    ")).isEqualTo(ParsedLine.Problem.NO_COMMAND);
    }

    @Test
    void tagsAreParsedAndUnescaped() {
        IrcMessage m = msg("@id=123AB;+example.com/key=a\\sb\\:c\\\\d\\re\\nf;flag;bad\\key=1;time= PRIVMSG #c :x");
        assertThat(m.tags()).containsExactly(Map.entry("id", "123AB"),
                Map.entry("+example.com/key", "a b;c\\d\re\nf"), Map.entry("flag", ""), Map.entry("time", ""));
        // A backslash before another character stands for that character; a lone one at the end goes.
        assertThat(msg("@a=x\\yz\\ PING t").tags()).containsExactly(Map.entry("a", "xyz"));
        // The last of two equal keys wins.
        assertThat(msg("@a=1;b=2;a=3 PING t").tags()).containsExactly(Map.entry("b", "2"), Map.entry("a", "3"));
        assertThat(msg("@ PING t").tags()).isEmpty();
        assertThat(problem("@a=b")).isEqualTo(ParsedLine.Problem.NO_COMMAND);
    }

    @Test
    void aMessageIsAtMost510BytesWithoutItsTags() {
        String atLimit = "PING " + "x".repeat(IrcLimits.MAX_LINE_BYTES - 5);
        assertThat(atLimit).hasSize(510);
        assertThat(msg(atLimit).param(0)).hasSize(505);
        assertThat(problem(atLimit + "x")).isEqualTo(ParsedLine.Problem.TOO_LONG);
        // Bytes count, not characters: 255 two-byte characters are 510 bytes.
        assertThat(problem("PRIVMSG a :" + "é".repeat(250))).isEqualTo(ParsedLine.Problem.TOO_LONG);
        // Tags do not count against the 510...
        String tags = "@" + "k=" + "v".repeat(IrcLimits.MAX_CLIENT_TAG_BYTES - 4) + " ";
        assertThat(tags.length()).isEqualTo(IrcLimits.MAX_CLIENT_TAG_BYTES);
        assertThat(msg(tags + atLimit).tags().get("k")).hasSize(4090);
        // ...but have their own limit of 4094 bytes, '@' and the space included.
        assertThat(problem("@k=" + "v".repeat(4091) + " PING x")).isEqualTo(ParsedLine.Problem.TAGS_TOO_LONG);
    }

    @Test
    void serialisesWithAColonOnlyWhereNeeded() {
        assertThat(IrcMessage.of("PRIVMSG", "#c", "hello there").serialize()).isEqualTo("PRIVMSG #c :hello there");
        assertThat(IrcMessage.of("JOIN", "#c").serialize()).isEqualTo("JOIN #c");
        assertThat(IrcMessage.of("TOPIC", "#c", "").serialize()).isEqualTo("TOPIC #c :");
        assertThat(IrcMessage.of("PRIVMSG", "a", ":)").serialize()).isEqualTo("PRIVMSG a ::)");
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("time", "2024-01-01T00:00:00.000Z");
        tags.put("+x", "a b;c\\");
        tags.put("flag", "");
        IrcMessage m = new IrcMessage(tags, "srv", "NOTICE", List.of("*", "hi"));
        assertThat(m.serialize()).isEqualTo("@time=2024-01-01T00:00:00.000Z;+x=a\\sb\\:c\\\\;flag :srv NOTICE * hi");
        assertThat(IrcMessage.parse(m.serialize())).isEqualTo(m);
        assertThat(new String(m.toBytes(), StandardCharsets.UTF_8)).endsWith("hi\r\n");
    }

    @Test
    void refusesToSerialiseWhatWouldNotParseBack() {
        assertThatThrownBy(() -> IrcMessage.of("PRIVMSG", "a b", "x").serialize()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IrcMessage.of("PRIVMSG", "", "x").serialize()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IrcMessage.of("PRIVMSG", ":a", "x").serialize()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IrcMessage.of("PRIVMSG", "a", "x\r\nQUIT").serialize()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IrcMessage.of("PRIV MSG").serialize()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IrcMessage(Map.of(), "a b", "PING", List.of()).serialize())
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Lines as the connection's decoder hands them over, with every problem the decoder or the parser finds. */
    private static List<String> decode(List<byte[]> pieces) {
        List<String> out = new ArrayList<>();
        LineDecoder d = new LineDecoder(IrcLimits.MAX_DECODED_LINE_BYTES);
        LineDecoder.Sink sink = new LineDecoder.Sink() {
            @Override
            public void line(byte[] buf, int off, int len) {
                ParsedLine p = IrcMessage.parse(buf, off, len);
                out.add(p instanceof IrcMessage m ? m.serialize() : ((ParsedLine.Bad) p).problem().name());
            }

            @Override
            public void error(DecodeError error) {
                out.add(error.name());
            }
        };
        for (byte[] p : pieces) {
            d.feed(p, 0, p.length, sink);
        }
        return out;
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void framingAcceptsCrLfAndLfAndLinesSplitOrMergedAnywhere() {
        String stream = "NICK zoë\r\nUSER z 0 * :Zoë Q\nPRIVMSG #lobby :héllo wörld\r\n\r\nPING :a b\n";
        List<String> expected = List.of("NICK zoë", "USER z 0 * :Zoë Q", "PRIVMSG #lobby :héllo wörld", "PING :a b");
        assertThat(decode(List.of(b(stream)))).isEqualTo(expected);
        byte[] all = b(stream);
        for (int cut = 0; cut <= all.length; cut++) {
            byte[] a = java.util.Arrays.copyOfRange(all, 0, cut);
            byte[] c = java.util.Arrays.copyOfRange(all, cut, all.length);
            assertThat(decode(List.of(a, c))).as("cut at %d", cut).isEqualTo(expected);
        }
        List<byte[]> bytes = new ArrayList<>();
        for (byte x : all) {
            bytes.add(new byte[] {x});
        }
        assertThat(decode(bytes)).as("one byte at a time").isEqualTo(expected);
    }

    @Test
    void oversizedLinesAreReportedAndTheNextLineStillWorks() {
        String tooLongForIrc = "PRIVMSG #c :" + "x".repeat(600);
        String tooLongForTheDecoder = "PRIVMSG #c :" + "y".repeat(IrcLimits.MAX_DECODED_LINE_BYTES);
        String tagsTooLong = "@k=" + "t".repeat(4200) + " PING x";
        assertThat(decode(List.of(b(tooLongForIrc + "\r\nPING a\r\n" + tooLongForTheDecoder + "\r\nPING b\r\n"
                + tagsTooLong + "\nPING c\n"))))
                .containsExactly("TOO_LONG", "PING a", "LINE_TOO_LONG", "PING b", "TAGS_TOO_LONG", "PING c");
        // Split into pieces, the decoder reports the long line once, as soon as it passes its limit.
        byte[] half = b(tooLongForTheDecoder.substring(0, 3000));
        byte[] rest = b(tooLongForTheDecoder.substring(3000) + "\r\nPING d\r\n");
        assertThat(decode(List.of(half, rest))).containsExactly("LINE_TOO_LONG", "PING d");
        assertThat(decode(List.of(b("PRIVMSG #c :\u0000\r\nPING e\r\n")))).containsExactly("NUL_BYTE", "PING e");
        assertThat(decode(List.of(new byte[] {'P', 'I', 'N', 'G', ' ', (byte) 0xC3, '\n', 'P', 'I', 'N', 'G', ' ', 'f', '\n'})))
                .containsExactly("INVALID_UTF8", "PING f");
    }
}
