package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.irc.IrcMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * IRC registration black-box against the real server: CAP, NICK, USER, the welcome burst with
 * ISUPPORT, LUSERS and the MOTD, the JOIN of #lobby; and every error of registration.
 */
class IrcRegistrationTest {

    @RegisterExtension
    final ServerExtension ext = new ServerExtension();

    private static List<String> commands(List<String> lines) {
        return lines.stream().map(l -> IrcClient.parse(l).command()).toList();
    }

    @Test
    void welcomeBurstComesInTheSpecifiedOrderThenTheLobby() throws IOException {
        IrcClient a = ext.irc();
        List<String> burst = a.register("alice");
        List<String> cmds = commands(burst);
        // 001-004, the 005s, LUSERS, the MOTD, then #lobby with its topic and names.
        assertThat(cmds.subList(0, 4)).containsExactly("001", "002", "003", "004");
        int firstNot005 = cmds.indexOf("251");
        assertThat(cmds.subList(4, firstNot005)).isNotEmpty().containsOnly("005");
        assertThat(cmds.subList(firstNot005, cmds.size())).containsExactly("251", "254", "255", "265", "266",
                "375", "372", "372", "372", "376", "JOIN", "332", "333", "353", "366");
        assertThat(burst.get(0)).isEqualTo(":switchboard 001 alice :Welcome to the Switchboard IRC Network alice!~alice@irc.switchboard");
        assertThat(burst.get(3)).startsWith(":switchboard 004 alice switchboard switchboard-").endsWith(" i bnot bo");
        assertThat(burst).contains(":alice!~alice@irc.switchboard JOIN #lobby", ":switchboard 353 alice = #lobby :alice",
                ":switchboard 366 alice #lobby :End of /NAMES list");
    }

    @Test
    void isupportAdvertisesTheNamespaceAndChannelRules() throws IOException {
        IrcClient a = ext.irc();
        Map<String, String> tokens = new java.util.LinkedHashMap<>();
        for (String l : a.register("alice")) {
            IrcMessage m = IrcClient.parse(l);
            if (m.command().equals("005")) {
                assertThat(m.params().size()).as("005 parameters").isBetween(3, 15);
                assertThat(m.params().getFirst()).isEqualTo("alice");
                assertThat(m.params().getLast()).isEqualTo("are supported by this server");
                for (String t : m.params().subList(1, m.params().size() - 1)) {
                    int eq = t.indexOf('=');
                    tokens.put(eq < 0 ? t : t.substring(0, eq), eq < 0 ? "" : t.substring(eq + 1));
                }
            }
        }
        assertThat(tokens).containsEntry("CASEMAPPING", "ascii").containsEntry("CHANTYPES", "#")
                .containsEntry("NICKLEN", "32").containsEntry("CHANNELLEN", "50").containsEntry("NETWORK", "Switchboard")
                .containsEntry("PREFIX", "(o)@").containsEntry("CHANMODES", "b,,,nt").containsKey("UTF8ONLY");
        assertThat(tokens.get("TARGMAX")).matches("([A-Z]+:[0-9]*)(,[A-Z]+:[0-9]*)*");
    }

    @Test
    void capNegotiationHoldsRegistrationUntilCapEnd() throws IOException {
        IrcClient a = ext.irc();
        a.send("CAP LS 302", "NICK alice", "USER alice 0 * :Alice");
        assertThat(a.next()).isEqualTo(":switchboard CAP * LS :");
        // NICK and USER are in, but CAP is being negotiated: no 001 before the barrier.
        assertThat(a.sync()).isEmpty();
        assertThat(a.ask("CAP LIST")).containsExactly(":switchboard CAP * LIST :");
        // Nothing is offered, so any request is refused whole, exactly as asked.
        assertThat(a.ask("CAP REQ :multi-prefix foo bar")).containsExactly(":switchboard CAP * NAK :multi-prefix foo bar");
        assertThat(a.ask("CAP FROB")).containsExactly(":switchboard 410 * FROB :Invalid CAP command");
        a.send("CAP END");
        assertThat(a.next()).startsWith(":switchboard 001 alice ");
        a.sync();
        assertThat(a.ask("CAP LS")).containsExactly(":switchboard CAP alice LS :");
    }

    @Test
    void aClientWithoutCapRegistersAtOnceAndPingWorksBeforeRegistration() throws IOException {
        IrcClient a = ext.irc();
        assertThat(a.ask("PING :before")).containsExactly(":switchboard PONG switchboard :before");
        a.send("PING abc");
        assertThat(a.next()).isEqualTo(":switchboard PONG switchboard :abc");
        a.send("USER alice 0 * :Alice", "NICK alice");
        assertThat(a.next()).startsWith(":switchboard 001 alice ");
    }

    /** The same rule as the line protocol's: a nick that looks like a name online is taken (UTS #39). */
    @Test
    void aNickThatLooksLikeANameOnlineIsInUse() throws IOException {
        ext.login("m");
        IrcClient a = ext.irc();
        a.send("NICK rn", "USER rn 0 * :Looks like m");
        assertThat(a.await(l -> l.contains(" 433 "), "the refusal")).isEqualTo(":switchboard 433 * rn :Nickname is already in use");
        a.send("NICK rnn");
        assertThat(a.await(l -> l.contains(" 001 "), "the welcome")).startsWith(":switchboard 001 rnn ");
    }

    @Test
    void registrationErrors() throws IOException {
        LineClient line = ext.login("Carol");
        IrcClient a = ext.irc();
        assertThat(a.ask("NICK")).containsExactly(":switchboard 431 * :No nickname given");
        assertThat(a.ask("NICK 1abc")).singleElement().asString().startsWith(":switchboard 432 * 1abc :Erroneous nickname");
        assertThat(a.ask("NICK a|b")).singleElement().asString().contains(" 432 * a|b ");
        assertThat(a.ask("NICK zoë")).singleElement().asString().contains(" 432 * zoë ");
        assertThat(a.ask("NICK MSG")).singleElement().asString().contains(" 432 * MSG ").contains("reserved");
        // One namespace, one case rule: a line user's name is taken on IRC too, in any case.
        assertThat(a.ask("NICK carol")).containsExactly(":switchboard 433 * carol :Nickname is already in use");
        assertThat(a.ask("USER x 0 *")).containsExactly(":switchboard 461 * USER :Not enough parameters");
        assertThat(a.ask("USER x 0 * :")).containsExactly(":switchboard 461 * USER :Not enough parameters");
        assertThat(a.ask("PRIVMSG carol :hi", "JOIN #x", "WHOIS carol"))
                .containsExactly(":switchboard 451 * :You have not registered", ":switchboard 451 * :You have not registered",
                        ":switchboard 451 * :You have not registered");
        assertThat(a.ask("FROB x")).containsExactly(":switchboard 421 * FROB :Unknown command");
        assertThat(a.ask("PASS secret")).as("no server password: PASS is taken and ignored").isEmpty();
        a.send("NICK dave", "USER dave 0 * :Dave");
        assertThat(a.next()).startsWith(":switchboard 001 dave ");
        a.sync();
        assertThat(a.ask("USER dave 0 * :Again", "PASS x")).containsExactly(
                ":switchboard 462 dave :You may not reregister", ":switchboard 462 dave :You may not reregister");
        assertThat(a.ask("NICK dave")).as("the same nick: nothing to do").isEmpty();
        assertThat(a.ask("NICK other")).singleElement().asString().startsWith(":switchboard 447 dave :");
        line.send("QUIT");
    }

    @Test
    void twoClientsRegisteringTheSameNickAtOnceOneGetsItTheOtherMayChooseAgain() throws IOException {
        IrcClient a = ext.irc();
        IrcClient b = ext.irc();
        a.send("NICK same");
        b.send("NICK same");
        a.sync();
        b.sync();
        a.send("USER a 0 * :A");
        assertThat(a.next()).startsWith(":switchboard 001 same ");
        b.send("USER b 0 * :B");
        assertThat(b.next()).isEqualTo(":switchboard 433 * same :Nickname is already in use");
        b.send("NICK same_");
        assertThat(b.next()).startsWith(":switchboard 001 same_ ");
    }

    @Test
    void anIrcUserIsInEveryLineClientsUserListAndTheirNameIsTakenThere() throws IOException {
        LineClient seed = ext.login("seed");
        seed.sync();
        ext.irc("Bob");
        seed.await(l -> l.startsWith("USERS|") && List.of(l.substring(6).split(",")).contains("Bob"), "Bob in USERS");
        LineClient taken = ext.client();
        taken.send("bob");
        assertThat(taken.awaitClosed()).containsExactly("ERROR|Username already taken");
    }

    @Test
    void quitEndsWithAnErrorLineAndClosesAndTheNameIsFreeAtOnce() throws IOException {
        IrcClient a = ext.irc("alice");
        a.send("QUIT :gone fishing");
        assertThat(a.awaitClosed()).containsExactly("ERROR :Closing link: irc.switchboard (Quit: gone fishing)");
        IrcClient again = ext.irc();
        again.register("alice");
        ext.awaitLog(l -> l.startsWith("[LEAVE] alice (quit: gone fishing"), 1, "the quit in the log");
        IrcClient unregistered = ext.irc();
        unregistered.send("QUIT");
        assertThat(unregistered.awaitClosed()).containsExactly("ERROR :Closing link: irc.switchboard (Quit)");
        List<String> logged = new ArrayList<>(ext.logLines());
        assertThat(logged).anyMatch(l -> l.startsWith("[JOIN] alice from 127.0.0.1:") && l.contains("via IRC"));
    }
}
