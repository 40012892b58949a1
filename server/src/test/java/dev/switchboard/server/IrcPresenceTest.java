package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.irc.IrcMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One namespace, one presence: line-protocol users in #lobby as IRC users see them (JOIN, QUIT,
 * NAMES), a departure as exactly one QUIT however many rooms are shared, and the aliases of
 * usernames that are not IRC nicks, both ways.
 */
class IrcPresenceTest {

    @RegisterExtension
    final ServerExtension ext = new ServerExtension();

    private static List<String> commandLines(List<String> lines, String command) {
        return lines.stream().filter(l -> IrcClient.parse(l).command().equals(command)).toList();
    }

    /**
     * Everything {@code c} gets until {@code nick} is seen joining #lobby: a user who logs in
     * after a departure is reported in the same presence round or a later one, so by then the
     * round that reports the departure has been delivered.
     */
    private static List<String> untilLobbyJoinOf(IrcClient c, String nick) {
        List<String> got = new ArrayList<>();
        while (true) {
            String l = c.next();
            got.add(l);
            IrcMessage m = IrcClient.parse(l);
            if (m.command().equals("JOIN") && "#lobby".equals(m.param(0)) && m.source().startsWith(nick + "!")) {
                return got;
            }
        }
    }

    @Test
    void lineUsersComeAndGoInTheLobbyWithTheirReasons() throws IOException {
        IrcClient alice = ext.irc("alice");
        LineClient carol = ext.login("carol");
        assertThat(alice.awaitCommand("JOIN").serialize()).isEqualTo(":carol!carol@line.switchboard JOIN #lobby");
        carol.send("QUIT|see you");
        assertThat(alice.awaitCommand("QUIT").serialize()).isEqualTo(":carol!carol@line.switchboard QUIT :Quit: see you");
        LineClient dan = ext.login("dan");
        alice.awaitCommand("JOIN");
        dan.close();
        assertThat(alice.awaitCommand("QUIT").serialize()).isEqualTo(":dan!dan@line.switchboard QUIT :Connection closed by peer");
        // And the other way: a line client with presence deltas sees IRC users come and go.
        LineClient watcher = ext.client().send("CAP|REQ|presence", "watcher");
        watcher.awaitLine("CAP|ACK|presence");
        watcher.await(l -> l.startsWith("USERS|"), "the snapshot");
        IrcClient bob = ext.irc("bob");
        watcher.awaitLine("JOIN|bob");
        bob.send("QUIT :bye");
        watcher.awaitLine("LEAVE|bob");
    }

    @Test
    void aDepartureIsOneQuitHoweverManyRoomsAreShared() throws IOException {
        IrcClient alice = ext.irc("alice");
        IrcClient bob = ext.irc("bob");
        LineClient carol = ext.client().send("CAP|REQ|rooms");
        carol.awaitLine("CAP|ACK|rooms");
        carol.login("carol");
        for (String room : List.of("#one", "#two", "#three")) {
            alice.ask("JOIN " + room);
            bob.ask("JOIN " + room);
            carol.send("JOIN|" + room);
        }
        carol.sync();
        alice.sync();
        // An IRC user quits: alice hears one QUIT; the line user hears every room's leave.
        bob.send("QUIT :done for today");
        bob.awaitClosed();
        ext.irc("late1");
        List<String> seen = untilLobbyJoinOf(alice, "late1");
        assertThat(commandLines(seen, "QUIT")).containsExactly(":bob!~bob@irc.switchboard QUIT :Quit: done for today");
        assertThat(commandLines(seen, "PART")).isEmpty();
        List<String> leaves = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            leaves.add(carol.await(l -> l.startsWith("LEAVE|#"), "a room's LEAVE"));
        }
        assertThat(leaves).containsExactlyInAnyOrder("LEAVE|#one|bob|quit: done for today",
                "LEAVE|#two|bob|quit: done for today", "LEAVE|#three|bob|quit: done for today");
        // A line user in the same rooms goes away: one QUIT too.
        carol.send("QUIT|off");
        ext.irc("late2");
        seen = untilLobbyJoinOf(alice, "late2");
        assertThat(commandLines(seen, "QUIT")).containsExactly(":carol!carol@line.switchboard QUIT :Quit: off");
        // And nothing more comes after: the presence delta did not repeat either QUIT.
        assertThat(alice.sync()).noneMatch(l -> IrcClient.parse(l).command().equals("QUIT"));
        assertThat(alice.ask("NAMES #one")).containsExactly(":switchboard 353 alice = #one :@alice",
                ":switchboard 366 alice #one :End of /NAMES list");
    }

    @Test
    void namesThatAreNotNicksAreReachableByTheirAliases() throws IOException {
        IrcClient alice = ext.irc("alice");
        LineClient zoe = ext.client().send("CAP|REQ|rooms");
        zoe.awaitLine("CAP|ACK|rooms");
        zoe.login("zoë");
        LineClient dotted = ext.login("a.b");
        LineClient digits = ext.login("42");
        assertThat(alice.awaitCommand("JOIN").serialize()).isEqualTo(":zo|hua!zo|hua@line.switchboard JOIN #lobby");
        alice.await(l -> l.startsWith(":|42|!|42|@line.switchboard JOIN #lobby"), "42 joining");
        assertThat(alice.ask("NAMES #lobby")).first().asString().startsWith(":switchboard 353 alice = #lobby :")
                .contains("zo|hua").contains("ab|8da").contains("|42|");
        // To the alias, in any letter case; from the alias.
        alice.send("PRIVMSG zo|hua :bonjour", "PRIVMSG ZO|HUA :encore", "PRIVMSG ab|8da,|42| :to both");
        zoe.awaitLine("MSG|alice|bonjour");
        zoe.awaitLine("MSG|alice|encore");
        dotted.awaitLine("MSG|alice|to both");
        digits.awaitLine("MSG|alice|to both");
        zoe.send("alice|salut");
        assertThat(alice.await(l -> l.contains("PRIVMSG alice"), "zoë's message"))
                .isEqualTo(":zo|hua!zo|hua@line.switchboard PRIVMSG alice :salut");
        // Rooms: the alias in JOIN and NAMES, the real name in WHOIS.
        alice.ask("JOIN #café");
        zoe.send("JOIN|#CAFÉ");
        assertThat(alice.await(l -> l.contains(" JOIN #café"), "zoë joining")).isEqualTo(":zo|hua!zo|hua@line.switchboard JOIN #café");
        assertThat(alice.ask("NAMES #café")).containsExactly(":switchboard 353 alice = #café :@alice zo|hua",
                ":switchboard 366 alice #café :End of /NAMES list");
        assertThat(alice.ask("WHOIS zo|hua")).contains(":switchboard 311 alice zo|hua zo|hua line.switchboard * :zoë",
                ":switchboard 319 alice zo|hua :#lobby #café", ":switchboard 320 alice zo|hua :is on the line protocol as zoë");
        assertThat(alice.ask("ISON zo|hua Zo|Hua nobody|x")).containsExactly(":switchboard 303 alice :zo|hua zo|hua");
        // An alias is nobody's nick to take, and an undecodable one is nobody at all.
        IrcClient thief = ext.irc();
        assertThat(thief.ask("NICK zo|hua")).singleElement().asString().contains(" 432 * zo|hua ");
        assertThat(alice.ask("PRIVMSG zz|!! :x")).containsExactly(":switchboard 401 alice zz|!! :No such nick/channel");
        // The line side sees the IRC user by its nick, a valid username.
        alice.send("PRIVMSG #café :pour zoë");
        zoe.awaitLine("MSG|#café|alice|pour zoë");
    }
}
