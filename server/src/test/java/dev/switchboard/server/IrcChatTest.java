package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.irc.IrcMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * IRC commands black-box against the real server, IRC and line-protocol users together:
 * PRIVMSG and NOTICE, channels (JOIN, PART, NAMES, TOPIC, KICK, MODE, LIST), the user queries
 * (WHO, WHOIS, ISON, USERHOST, AWAY) and the server's (LUSERS, VERSION, MOTD, TIME).
 */
class IrcChatTest {

    @RegisterExtension
    final ServerExtension ext = new ServerExtension();

    /** The lobby's presence (JOIN #lobby, QUIT) comes from the presence thread, in its own time. */
    static boolean isLobbyPresence(String l) {
        IrcMessage m = IrcClient.parse(l);
        return (m.command().equals("JOIN") && "#lobby".equals(m.param(0))) || m.command().equals("QUIT");
    }

    /** Lines up to a barrier, the lobby's presence left out. */
    static List<String> sync(IrcClient c) throws IOException {
        return c.sync().stream().filter(l -> !isLobbyPresence(l)).toList();
    }

    static List<String> ask(IrcClient c, String... commands) throws IOException {
        c.send(commands);
        return sync(c);
    }

    static String next(IrcClient c) {
        return c.await(l -> !isLobbyPresence(l), "a line that is not lobby presence");
    }

    /** Line-protocol presence (USERS, JOIN|name, LEAVE|name) is skipped like in RoomsTest. */
    static String nextLine(LineClient c) {
        return c.await(l -> !((l.startsWith("USERS|") || l.startsWith("JOIN|") || l.startsWith("LEAVE|"))
                && l.charAt(l.indexOf('|') + 1) != '#'), "a line that is not presence");
    }

    private LineClient roomsUser(String name) throws IOException {
        LineClient c = ext.client().send("CAP|REQ|rooms");
        c.awaitLine("CAP|ACK|rooms");
        c.login(name);
        c.sync();
        return c;
    }

    @Test
    void privateMessagesBetweenIrcUsersAndLineUsersBothWays() throws IOException {
        IrcClient alice = ext.irc("alice");
        IrcClient bob = ext.irc("bob");
        LineClient carol = ext.login("carol");
        alice.send("PRIVMSG bob :hello bob");
        assertThat(next(bob)).isEqualTo(":alice!~alice@irc.switchboard PRIVMSG bob :hello bob");
        alice.send("PRIVMSG CAROL :hello carol | with a bar");
        carol.awaitLine("MSG|alice|hello carol | with a bar");
        carol.send("alice|hi from the line side");
        assertThat(next(alice)).isEqualTo(":carol!carol@line.switchboard PRIVMSG alice :hi from the line side");
        carol.send("ALICE|");
        assertThat(next(alice)).isEqualTo(":carol!carol@line.switchboard PRIVMSG alice :");
        // Several targets at once, each gets its own copy; an unknown one gets 401.
        alice.send("PRIVMSG bob,carol,nobody :to three");
        assertThat(next(bob)).isEqualTo(":alice!~alice@irc.switchboard PRIVMSG bob :to three");
        carol.awaitLine("MSG|alice|to three");
        assertThat(sync(alice)).containsExactly(":switchboard 401 alice nobody :No such nick/channel");
        assertThat(ask(alice, "PRIVMSG", "PRIVMSG bob", "PRIVMSG bob :"))
                .containsExactly(":switchboard 411 alice :No recipient given (PRIVMSG)", ":switchboard 412 alice :No text to send",
                        ":switchboard 412 alice :No text to send");
    }

    /**
     * IRC's formatting codes and /me reach IRC users as sent and line users as plain text (no
     * line-protocol line carries a control character); a CTCP query is not for a line user; a
     * control IRC does not use is refused.
     */
    @Test
    void formattingReachesIrcAsSentAndTheLineAsPlainText() throws IOException {
        IrcClient alice = ext.irc("alice");
        IrcClient bob = ext.irc("bob");
        LineClient carol = ext.login("carol");
        String bold = "\u0002bold\u0002 and \u000304,01red\u0003 \u001Ditalic\u001D";
        alice.send("PRIVMSG bob :" + bold, "PRIVMSG carol :" + bold);
        assertThat(next(bob)).isEqualTo(":alice!~alice@irc.switchboard PRIVMSG bob :" + bold);
        carol.awaitLine("MSG|alice|bold and red italic");
        alice.send("PRIVMSG carol :\u0001ACTION waves\u0001", "PRIVMSG carol :\u0001VERSION\u0001", "PRIVMSG carol :after");
        carol.awaitLine("MSG|alice|/me waves");
        assertThat(nextLine(carol)).as("the CTCP VERSION query is not delivered").isEqualTo("MSG|alice|after");
        assertThat(sync(alice)).as("no error for the query either").isEmpty();
        alice.send("PRIVMSG carol :\u001B[2Jcleared");
        assertThat(next(alice)).contains(" 400 ").contains("Control character not allowed");
        assertThat(carol.sync()).noneMatch(l -> l.contains("cleared"));
    }

    @Test
    void noticesStayNoticesOnIrcAreMessagesOnTheLineAndNeverGetAnError() throws IOException {
        IrcClient alice = ext.irc("alice");
        IrcClient bob = ext.irc("bob");
        LineClient carol = ext.login("carol");
        alice.send("NOTICE bob :a notice");
        assertThat(next(bob)).isEqualTo(":alice!~alice@irc.switchboard NOTICE bob :a notice");
        alice.send("NOTICE carol :a notice to the line");
        carol.awaitLine("MSG|alice|a notice to the line");
        assertThat(ask(alice, "NOTICE nobody :x", "NOTICE #nowhere :x", "NOTICE", "NOTICE bob", "NOTICE #lobby :to all"))
                .as("no automatic reply to a notice, from servers either").isEmpty();
        assertThat(next(bob)).isEqualTo(":alice!~alice@irc.switchboard NOTICE #lobby :to all");
        carol.awaitLine("ALL|alice|to all");
    }

    @Test
    void theLobbyIsEveryoneAndAllOfTheLineProtocol() throws IOException {
        IrcClient alice = ext.irc("alice");
        LineClient carol = ext.login("carol");
        IrcClient bob = ext.irc("bob");
        assertThat(bob.ask("NAMES #lobby")).filteredOn(l -> l.contains(" 353 "))
                .singleElement().asString().startsWith(":switchboard 353 bob = #lobby :")
                .satisfies(l -> assertThat(l.substring(l.lastIndexOf(':') + 1).split(" ")).containsExactlyInAnyOrder("alice", "bob", "carol"));
        alice.send("PRIVMSG #lobby :hello everyone");
        assertThat(next(bob)).isEqualTo(":alice!~alice@irc.switchboard PRIVMSG #lobby :hello everyone");
        carol.awaitLine("ALL|alice|hello everyone");
        carol.send("ALL|and hello from the line");
        assertThat(next(alice)).isEqualTo(":carol!carol@line.switchboard PRIVMSG #lobby :and hello from the line");
        assertThat(next(bob)).isEqualTo(":carol!carol@line.switchboard PRIVMSG #lobby :and hello from the line");
        carol.send("#lobby|the same with #lobby");
        assertThat(next(bob)).isEqualTo(":carol!carol@line.switchboard PRIVMSG #lobby :the same with #lobby");
        assertThat(next(alice)).isEqualTo(":carol!carol@line.switchboard PRIVMSG #lobby :the same with #lobby");
        // Nobody leaves the lobby, and joining it again changes nothing.
        assertThat(ask(alice, "PART #lobby", "JOIN #lobby", "JOIN #LOBBY"))
                .containsExactly(":switchboard 400 alice PART #lobby :Nobody leaves #lobby: it is everyone online");
        assertThat(sync(alice)).isEmpty();
    }

    @Test
    void aLongMessageFromTheLineArrivesOnIrcAsSeveralLinesOfAtMost512Bytes() throws IOException {
        IrcClient alice = ext.irc("alice");
        LineClient carol = ext.login("carol");
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 4000; i++) {
            text.append("wörd").append(i).append(' ');
        }
        String sent = text.toString().trim();
        carol.send("alice|" + sent);
        StringBuilder got = new StringBuilder();
        while (got.length() < sent.length()) {
            String l = next(alice);
            assertThat(l.getBytes(StandardCharsets.UTF_8).length + 2).isLessThanOrEqualTo(512);
            IrcMessage m = IrcClient.parse(l);
            assertThat(m.command()).isEqualTo("PRIVMSG");
            if (!got.isEmpty()) {
                got.append(' ');
            }
            got.append(m.param(1));
        }
        assertThat(got.toString()).isEqualTo(sent);
    }

    @Test
    void roomsAreTheCoresRoomsForBothProtocols() throws IOException {
        IrcClient alice = ext.irc("alice");
        IrcClient bob = ext.irc("bob");
        LineClient carol = roomsUser("carol");
        assertThat(ask(alice, "JOIN #dev,#ops")).containsExactly(
                ":alice!~alice@irc.switchboard JOIN #dev", ":switchboard 353 alice = #dev :@alice",
                ":switchboard 366 alice #dev :End of /NAMES list",
                ":alice!~alice@irc.switchboard JOIN #ops", ":switchboard 353 alice = #ops :@alice",
                ":switchboard 366 alice #ops :End of /NAMES list");
        // The room keeps its creator's spelling, whatever case the joiner uses.
        assertThat(ask(bob, "JOIN #DEV")).containsExactly(":bob!~bob@irc.switchboard JOIN #dev",
                ":switchboard 353 bob = #dev :@alice bob", ":switchboard 366 bob #dev :End of /NAMES list");
        assertThat(next(alice)).isEqualTo(":bob!~bob@irc.switchboard JOIN #dev");
        carol.send("JOIN|#dev");
        assertThat(nextLine(carol)).isEqualTo("USERS|#dev|@alice,bob,carol");
        assertThat(next(alice)).isEqualTo(":carol!carol@line.switchboard JOIN #dev");
        assertThat(next(bob)).isEqualTo(":carol!carol@line.switchboard JOIN #dev");
        alice.send("PRIVMSG #dev :hi dev");
        assertThat(next(bob)).isEqualTo(":alice!~alice@irc.switchboard PRIVMSG #dev :hi dev");
        assertThat(nextLine(carol)).isEqualTo("MSG|#dev|alice|hi dev");
        carol.send("#dev|hi from the line");
        assertThat(next(alice)).isEqualTo(":carol!carol@line.switchboard PRIVMSG #dev :hi from the line");
        assertThat(next(bob)).isEqualTo(":carol!carol@line.switchboard PRIVMSG #dev :hi from the line");
        assertThat(sync(alice)).as("no echo of one's own channel message").isEmpty();
        // A member's names, a non-member's errors.
        assertThat(ask(bob, "NAMES #dev")).containsExactly(
                ":switchboard 353 bob = #dev :@alice bob carol", ":switchboard 366 bob #dev :End of /NAMES list");
        assertThat(ask(bob, "PRIVMSG #ops :x", "PRIVMSG #nowhere :x", "NAMES #nowhere", "NAMES"))
                .containsExactly(":switchboard 404 bob #ops :Cannot send to channel (you are not in it)",
                        ":switchboard 403 bob #nowhere :No such channel", ":switchboard 366 bob #nowhere :End of /NAMES list",
                        ":switchboard 366 bob * :End of /NAMES list");
        assertThat(ask(bob, "JOIN nochannel", "JOIN #", "JOIN #" + "x".repeat(50)))
                .containsExactly(":switchboard 403 bob nochannel :No such channel", ":switchboard 403 bob # :No such channel",
                        ":switchboard 403 bob #" + "x".repeat(50) + " :No such channel");
    }

    @Test
    void partKickTopicAndOperatorSuccession() throws IOException {
        IrcClient alice = ext.irc("alice");
        IrcClient bob = ext.irc("bob");
        IrcClient dave = ext.irc("dave");
        LineClient carol = roomsUser("carol");
        alice.ask("JOIN #dev");
        bob.ask("JOIN #dev");
        dave.ask("JOIN #dev");
        carol.send("JOIN|#dev");
        nextLine(carol);
        sync(alice);
        sync(bob);
        sync(dave);
        // Topic: anyone may ask, only the operator may set; everyone hears of it.
        assertThat(ask(bob, "TOPIC #dev")).containsExactly(":switchboard 331 bob #dev :No topic is set");
        assertThat(ask(bob, "TOPIC #dev :mine")).containsExactly(":switchboard 482 bob #dev :You're not channel operator");
        alice.send("TOPIC #dev :Release on Friday");
        assertThat(next(alice)).isEqualTo(":alice!~alice@irc.switchboard TOPIC #dev :Release on Friday");
        assertThat(next(bob)).isEqualTo(":alice!~alice@irc.switchboard TOPIC #dev :Release on Friday");
        assertThat(nextLine(carol)).isEqualTo("TOPIC|#dev|alice|Release on Friday");
        List<String> topic = ask(bob, "TOPIC #dev");
        assertThat(topic.get(0)).isEqualTo(":switchboard 332 bob #dev :Release on Friday");
        assertThat(topic.get(1)).startsWith(":switchboard 333 bob #dev alice ");
        // A joiner gets the topic with the names.
        IrcClient eve = ext.irc("eve");
        assertThat(ask(eve, "JOIN #dev")).startsWith(":eve!~eve@irc.switchboard JOIN #dev",
                ":switchboard 332 eve #dev :Release on Friday");
        sync(alice);
        sync(bob);
        sync(dave);
        nextLine(carol);
        // Kick: by the operator only, of members only; everyone in the room hears it, the kicked one too.
        assertThat(ask(bob, "KICK #dev dave :no")).containsExactly(":switchboard 482 bob #dev :You're not channel operator");
        assertThat(ask(alice, "KICK #dev nobody", "KICK #nowhere bob", "KICK #lobby bob"))
                .containsExactly(":switchboard 401 alice nobody :No such nick/channel", ":switchboard 403 alice #nowhere :No such channel",
                        ":switchboard 482 alice #lobby :You're not channel operator");
        IrcClient outsider = ext.irc("outsider");
        assertThat(ask(alice, "KICK #dev outsider")).containsExactly(":switchboard 441 alice outsider #dev :They aren't on that channel");
        alice.send("KICK #dev dave :off topic");
        assertThat(next(dave)).isEqualTo(":alice!~alice@irc.switchboard KICK #dev dave :off topic");
        assertThat(next(bob)).isEqualTo(":alice!~alice@irc.switchboard KICK #dev dave :off topic");
        assertThat(nextLine(carol)).isEqualTo("LEAVE|#dev|dave|Kicked by alice: off topic");
        sync(eve);
        alice.send("KICK #dev eve");
        assertThat(next(eve)).as("RFC 2812: the default reason is the kicker's nick")
                .isEqualTo(":alice!~alice@irc.switchboard KICK #dev eve :alice");
        assertThat(nextLine(carol)).isEqualTo("LEAVE|#dev|eve|Kicked by alice");
        sync(bob);
        assertThat(ask(dave, "PRIVMSG #dev :back?")).containsExactly(":switchboard 404 dave #dev :Cannot send to channel (you are not in it)");
        // Part: with and without a reason; errors for rooms one is not in, or that do not exist.
        assertThat(ask(dave, "PART #dev", "PART #nowhere")).containsExactly(":switchboard 442 dave #dev :You're not on that channel",
                ":switchboard 403 dave #nowhere :No such channel");
        sync(alice);
        bob.send("PART #dev :lunch");
        assertThat(next(bob)).isEqualTo(":bob!~bob@irc.switchboard PART #dev :lunch");
        assertThat(next(alice)).isEqualTo(":bob!~bob@irc.switchboard PART #dev :lunch");
        assertThat(nextLine(carol)).isEqualTo("LEAVE|#dev|bob|lunch");
        // The operator leaves: the member present longest (carol) becomes operator, and IRC sees the MODE.
        IrcClient watcher = ext.irc("watcher");
        watcher.ask("JOIN #dev");
        sync(alice);
        nextLine(carol);
        alice.send("PART #dev");
        assertThat(next(watcher)).isEqualTo(":alice!~alice@irc.switchboard PART #dev");
        assertThat(next(watcher)).isEqualTo(":switchboard MODE #dev +o carol");
        assertThat(ask(watcher, "NAMES #dev")).containsExactly(":switchboard 353 watcher = #dev :@carol watcher",
                ":switchboard 366 watcher #dev :End of /NAMES list");
        // JOIN 0 leaves every room but the lobby.
        watcher.send("JOIN #a,#b");
        sync(watcher);
        assertThat(ask(watcher, "JOIN 0")).containsExactlyInAnyOrder(":watcher!~watcher@irc.switchboard PART #dev",
                ":watcher!~watcher@irc.switchboard PART #a", ":watcher!~watcher@irc.switchboard PART #b");
        assertThat(ask(watcher, "WHOIS watcher")).filteredOn(l -> l.contains(" 319 ")).containsExactly(
                ":switchboard 319 watcher watcher :#lobby");
    }

    @Test
    void modesAreFixedButAnsweredTheWayClientsAsk() throws IOException {
        IrcClient alice = ext.irc("alice");
        IrcClient bob = ext.irc("bob");
        alice.ask("JOIN #dev");
        bob.ask("JOIN #dev");
        List<String> modes = ask(bob, "MODE #dev");
        assertThat(modes.get(0)).isEqualTo(":switchboard 324 bob #dev +nt");
        assertThat(modes.get(1)).matches(":switchboard 329 bob #dev \\d+");
        assertThat(ask(bob, "MODE #dev b", "MODE #dev +b", "MODE #lobby", "MODE #nowhere"))
                .startsWith(":switchboard 368 bob #dev :End of channel ban list", ":switchboard 368 bob #dev :End of channel ban list",
                        ":switchboard 324 bob #lobby +nt")
                .endsWith(":switchboard 403 bob #nowhere :No such channel");
        assertThat(ask(bob, "MODE #dev +o bob", "MODE #dev +b *!*@*", "MODE #dev -t", "MODE #dev +nt"))
                .containsExactly(":switchboard 482 bob #dev :You're not channel operator", ":switchboard 482 bob #dev :You're not channel operator",
                        ":switchboard 482 bob #dev :You're not channel operator");
        sync(alice);
        assertThat(ask(alice, "MODE #dev +o bob", "MODE #dev +b *!*@*", "MODE #dev +z"))
                .containsExactly(":switchboard 400 alice MODE o :Operators are not given by hand here: a room's creator, "
                        + "then the member present longest, is its operator", ":switchboard 478 alice #dev b :Bans are not supported",
                        ":switchboard 472 alice z :is unknown mode char to me");
        // User modes: +i only, and only one's own.
        assertThat(ask(bob, "MODE bob")).containsExactly(":switchboard 221 bob +");
        assertThat(ask(bob, "MODE bob +i")).containsExactly(":bob MODE bob +i");
        assertThat(ask(bob, "MODE bob +i", "MODE BOB")).containsExactly(":switchboard 221 bob +i");
        assertThat(ask(bob, "MODE alice", "MODE nobody", "MODE bob +x")).containsExactly(
                ":switchboard 502 bob alice :Cant change mode for other users", ":switchboard 401 bob nobody :No such nick/channel",
                ":switchboard 501 bob :Unknown MODE flag");
        assertThat(ask(bob, "MODE bob -i")).containsExactly(":bob MODE bob -i");
    }

    @Test
    void whoWhoisIsonUserhostAndAway() throws IOException {
        IrcClient alice = ext.irc();
        alice.send("NICK alice", "USER aliceident 0 * :Alice Liddell");
        alice.await(l -> l.contains(" 366 alice #lobby "), "the lobby names");
        alice.sync();
        IrcClient bob = ext.irc("bob");
        LineClient carol = roomsUser("carol");
        alice.ask("JOIN #dev");
        bob.ask("JOIN #dev");
        carol.send("JOIN|#dev");
        nextLine(carol);
        sync(bob);
        sync(alice);
        assertThat(ask(bob, "WHO #dev")).containsExactly(
                ":switchboard 352 bob #dev ~aliceident irc.switchboard switchboard alice H@ :0 Alice Liddell",
                ":switchboard 352 bob #dev ~bob irc.switchboard switchboard bob H :0 Real bob",
                ":switchboard 352 bob #dev carol line.switchboard switchboard carol H :0 carol",
                ":switchboard 315 bob #dev :End of WHO list");
        assertThat(ask(bob, "WHO ALICE")).containsExactly(
                ":switchboard 352 bob * ~aliceident irc.switchboard switchboard alice H :0 Alice Liddell",
                ":switchboard 315 bob ALICE :End of WHO list");
        assertThat(ask(bob, "WHO ca*")).containsExactly(":switchboard 352 bob * carol line.switchboard switchboard carol H :0 carol",
                ":switchboard 315 bob ca* :End of WHO list");
        assertThat(ask(bob, "WHO *")).hasSize(4);
        assertThat(ask(bob, "WHO nobody")).containsExactly(":switchboard 315 bob nobody :End of WHO list");
        assertThat(ask(bob, "WHOIS alice")).containsExactly(
                ":switchboard 311 bob alice ~aliceident irc.switchboard * :Alice Liddell",
                ":switchboard 319 bob alice :#lobby @#dev",
                ":switchboard 312 bob alice switchboard :Switchboard chat server",
                ":switchboard 318 bob alice :End of /WHOIS list");
        assertThat(ask(bob, "WHOIS carol")).contains(":switchboard 311 bob carol carol line.switchboard * :carol",
                ":switchboard 320 bob carol :is on the line protocol as carol");
        assertThat(ask(bob, "WHOIS nobody", "WHOIS")).containsExactly(":switchboard 401 bob nobody :No such nick/channel",
                ":switchboard 318 bob nobody :End of /WHOIS list", ":switchboard 431 bob :No nickname given");
        assertThat(ask(bob, "ISON alice nobody CAROL", "ISON :bob dave")).containsExactly(
                ":switchboard 303 bob :alice carol", ":switchboard 303 bob :bob");
        assertThat(ask(bob, "USERHOST alice carol nobody")).containsExactly(
                ":switchboard 302 bob :alice=+~aliceident@irc.switchboard carol=+carol@line.switchboard");
        assertThat(ask(bob, "WHOWAS gone")).containsExactly(":switchboard 406 bob gone :There was no such nickname",
                ":switchboard 369 bob gone :End of WHOWAS");
        // Away: 306, then a PRIVMSG to alice gets 301 (a NOTICE does not), WHO shows G, WHOIS 301.
        assertThat(ask(alice, "AWAY :at lunch")).containsExactly(":switchboard 306 alice :You have been marked as being away");
        assertThat(ask(bob, "PRIVMSG alice :there?", "NOTICE alice :n")).containsExactly(":switchboard 301 bob alice :at lunch");
        assertThat(ask(bob, "WHO alice")).first().asString().contains(" alice G :0 ");
        assertThat(ask(bob, "WHOIS alice")).contains(":switchboard 301 bob alice :at lunch");
        assertThat(ask(bob, "USERHOST alice")).containsExactly(":switchboard 302 bob :alice=-~aliceident@irc.switchboard");
        assertThat(ask(alice, "AWAY")).containsExactly(":bob!~bob@irc.switchboard PRIVMSG alice :there?",
                ":bob!~bob@irc.switchboard NOTICE alice :n", ":switchboard 305 alice :You are no longer marked as being away");
        assertThat(ask(bob, "PRIVMSG alice :back?")).isEmpty();
    }

    @Test
    void serverQueries() throws IOException {
        LineClient carol = ext.login("carol");
        IrcClient alice = ext.irc("alice");
        alice.ask("JOIN #dev", "MODE alice +i");
        IrcClient pending = ext.irc();
        pending.send("NICK pending");
        pending.sync();
        List<String> lusers = ask(alice, "LUSERS");
        assertThat(lusers).containsExactly(":switchboard 251 alice :There are 1 users and 1 invisible on 1 servers",
                ":switchboard 253 alice 1 :unknown connection(s)", ":switchboard 254 alice 2 :channels formed",
                ":switchboard 255 alice :I have 2 clients and 0 servers", ":switchboard 265 alice 2 2 :Current local users 2, max 2",
                ":switchboard 266 alice 2 2 :Current global users 2, max 2");
        List<String> version = ask(alice, "VERSION");
        assertThat(version.get(0)).startsWith(":switchboard 351 alice switchboard-").endsWith(" switchboard :Switchboard chat server");
        assertThat(version.subList(1, version.size())).allMatch(l -> l.startsWith(":switchboard 005 alice "));
        assertThat(ask(alice, "MOTD")).first().asString().startsWith(":switchboard 375 alice :");
        assertThat(ask(alice, "TIME")).singleElement().asString().startsWith(":switchboard 391 alice switchboard :");
        assertThat(ask(alice, "LIST")).containsExactly(
                ":switchboard 322 alice #lobby 2 :Everyone online, on IRC and on the line protocol; nobody leaves #lobby",
                ":switchboard 322 alice #dev 1 :", ":switchboard 323 alice :End of /LIST");
        assertThat(ask(alice, "LIST #dev")).containsExactly(":switchboard 322 alice #dev 1 :", ":switchboard 323 alice :End of /LIST");
        carol.send("QUIT");
    }
}
