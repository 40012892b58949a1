package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProtoTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static int contentAt(Proto p, String line, String sender, int size) {
        byte[] x = b(line);
        return p.contentAt(x, 0, x.length, p.senderPrefix(sender), size);
    }

    @Test
    void ircHandshakeIsNickThenUser() {
        assertThat(new String(Proto.IRC.handshake(new byte[0], b("u00001")), StandardCharsets.US_ASCII))
                .isEqualTo("NICK u00001\r\nUSER u00001 0 * :u00001\r\n");
        assertThat(new String(Proto.LINE.handshake(b("CAP|REQ|presence\n"), b("u1")), StandardCharsets.US_ASCII))
                .isEqualTo("CAP|REQ|presence\nu1\n");
    }

    @Test
    void ircWelcomeIsNumeric001AndRefusalsAreRegistrationErrors() {
        byte[] welcome = b(":irc.example 001 u1 :Welcome to the network\r");
        assertThat(Proto.IRC.welcome(welcome, 0, welcome.length)).isTrue();
        byte[] notice = b(":irc.example NOTICE * :*** Looking up your hostname\r");
        assertThat(Proto.IRC.welcome(notice, 0, notice.length)).isFalse();
        assertThat(Proto.IRC.refused(notice, 0, notice.length)).isFalse();
        byte[] taken = b(":irc.example 433 * u1 :Nickname is already in use\r");
        assertThat(Proto.IRC.refused(taken, 0, taken.length)).isTrue();
        byte[] error = b("ERROR :Closing link: (u1@127.0.0.1) [Too many connections]\r");
        assertThat(Proto.IRC.refused(error, 0, error.length)).isTrue();
        byte[] lineWelcome = b("WELCOME|u1");
        assertThat(Proto.LINE.welcome(lineWelcome, 0, lineWelcome.length)).isTrue();
        assertThat(Proto.IRC.welcome(lineWelcome, 0, lineWelcome.length)).isFalse();
    }

    @Test
    void ircLobbyJoinsOn001AndIsInAtTheEndOfNames() {
        byte[] welcome = b(":irc.example 001 u1 :Welcome\r");
        assertThat(Proto.IRC_LOBBY.welcome(welcome, 0, welcome.length)).isFalse();
        assertThat(new String(Proto.IRC_LOBBY.reply(welcome, 0, welcome.length), StandardCharsets.US_ASCII))
                .isEqualTo("JOIN #lobby\r\n");
        byte[] end = b(":irc.example 366 u1 #lobby :End of /NAMES list.\r");
        assertThat(Proto.IRC_LOBBY.welcome(end, 0, end.length)).isTrue();
        assertThat(Proto.IRC.welcome(end, 0, end.length)).isFalse();
    }

    @Test
    void aPingBeforeTheWelcomeIsAnsweredWithItsToken() {
        byte[] ping = b("PING :12345678\r");
        assertThat(new String(Proto.IRC.reply(ping, 0, ping.length), StandardCharsets.US_ASCII)).isEqualTo("PONG :12345678\r\n");
        assertThat(Proto.LINE.reply(ping, 0, ping.length)).isNull();
        byte[] other = b(":irc.example 002 u1 :Your host");
        assertThat(Proto.IRC.reply(other, 0, other.length)).isNull();
    }

    @Test
    void anIrcMessageCarriesTheContentAtItsOffset() {
        byte[] target = b("u00002");
        byte[] m = Proto.IRC.message(target, 30);
        String s = new String(m, StandardCharsets.US_ASCII);
        assertThat(s).startsWith("PRIVMSG u00002 :").endsWith("\r\n").hasSize("PRIVMSG u00002 :".length() + 30 + 2);
        assertThat(Proto.IRC.messageContentAt(target)).isEqualTo("PRIVMSG u00002 :".length());
        assertThat(new String(Proto.LINE.message(target, 30), StandardCharsets.US_ASCII)).startsWith("u00002|").endsWith("\n");
        assertThat(Proto.LINE.messageContentAt(target)).isEqualTo(7);
    }

    @Test
    void deliveredMessagesAreFoundWhateverTheUserAndHost() {
        String content = "0".repeat(25) + "xxxxx";
        // InspIRCd, ngIRCd and Switchboard write the user@host part differently.
        for (String line : new String[] {":u1!u1@127.0.0.1 PRIVMSG u2 :" + content + "\r",
                                         ":u1!~u1@localhost PRIVMSG u2 :" + content,
                                         ":u1!u1@switchboard PRIVMSG u2 :" + content + "\r"}) {
            int at = contentAt(Proto.IRC, line, "u1", 30);
            assertThat(at).as(line).isEqualTo(line.indexOf(" :") + 2);
        }
        assertThat(contentAt(Proto.IRC, ":u10!u10@h PRIVMSG u2 :" + content, "u1", 30)).as("another sender").isEqualTo(-1);
        assertThat(contentAt(Proto.IRC, ":u1!u1@h PRIVMSG u2 :" + content + "y", "u1", 30)).as("wrong length").isEqualTo(-1);
        assertThat(contentAt(Proto.IRC, ":u1!u1@h NOTICE u2 :" + content, "u1", 30)).as("not a PRIVMSG").isEqualTo(-1);
        assertThat(contentAt(Proto.LINE, "MSG|u1|" + content, "u1", 30)).isEqualTo(7);
        assertThat(contentAt(Proto.LINE, "MSG|u1|" + content + "y", "u1", 30)).isEqualTo(-1);
    }

    @Test
    void onlyPrivateMessagesAndErrorsAreRecognisedAsSuch() {
        byte[] join = b(":u1!u1@h JOIN #lobby\r");
        assertThat(Proto.IRC.isMessage(join, 0, join.length)).isFalse();
        byte[] msg = b(":u1!u1@h PRIVMSG u2 :hi\r");
        assertThat(Proto.IRC.isMessage(msg, 0, msg.length)).isTrue();
        byte[] err = b("ERROR :Closing link");
        assertThat(Proto.IRC.isError(err, 0, err.length)).isTrue();
        assertThat(Proto.LINE.isError(err, 0, err.length)).isFalse();
    }
}
