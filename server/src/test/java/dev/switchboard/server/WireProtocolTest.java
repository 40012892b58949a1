package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every row of the seed's protocol table and every rule of wire.md, black-box over TCP. */
class WireProtocolTest {

    @RegisterExtension
    final ServerExtension ext = new ServerExtension();

    static Set<String> users(String usersLine) {
        assertThat(usersLine).startsWith("USERS|");
        String list = usersLine.substring("USERS|".length());
        return list.isEmpty() ? Set.of() : new HashSet<>(Arrays.asList(list.split(",")));
    }

    /** Waits until this client's newest USERS line names exactly {@code expected}. */
    static void awaitUsers(LineClient c, String... expected) {
        Set<String> want = Set.of(expected);
        c.await(l -> l.startsWith("USERS|") && users(l).equals(want), "USERS with exactly " + want);
    }

    // --- The seed's table -------------------------------------------------------------------

    @Test
    void handshakeGetsWelcomeFirstThenUsersWithTheNewcomer() throws IOException {
        LineClient alice = ext.client();
        alice.send("alice");
        assertThat(alice.next()).startsWith("WELCOME|");
        assertThat(users(alice.next())).containsExactly("alice");
    }

    @Test
    void usersGoesToEveryLoggedInClientWhenTheSetChanges() throws IOException {
        LineClient alice = ext.login("alice");
        awaitUsers(alice, "alice");
        LineClient bob = ext.login("bob");
        awaitUsers(bob, "alice", "bob");
        awaitUsers(alice, "alice", "bob");
        bob.close();
        awaitUsers(alice, "alice");
    }

    @Test
    void usersLineHasNoSpaces() throws IOException {
        LineClient a = ext.login("a");
        ext.login("b");
        String line = a.await(l -> l.startsWith("USERS|") && users(l).size() == 2, "USERS with two names");
        assertThat(line).doesNotContain(" ").matches("USERS\\|(a,b|b,a)");
    }

    @Test
    void privateMessageIsRoutedAsMsgSenderContent() throws IOException {
        LineClient alice = ext.login("Alice");
        LineClient bob = ext.login("Bob");
        alice.send("Bob|Hello there");
        bob.awaitLine("MSG|Alice|Hello there");
    }

    @Test
    void rejectedLoginsGetTheSeedReasonsAndAreClosed() throws IOException {
        ext.login("alice");
        LineClient dup = ext.client().send("alice");
        assertThat(dup.awaitClosed()).containsExactly("ERROR|Username already taken");
        LineClient bad = ext.client().send("no spaces allowed");
        assertThat(bad.awaitClosed()).containsExactly("ERROR|Invalid username");
    }

    // --- Rules wire.md adds ------------------------------------------------------------------

    @Test
    void contentSplitsOnTheFirstBarOnly() throws IOException {
        LineClient a = ext.login("a");
        LineClient b = ext.login("b");
        a.send("b|x|y||z|");
        b.awaitLine("MSG|a|x|y||z|");
    }

    @ParameterizedTest
    @ValueSource(strings = {"MSG", "msg", "Users", "welcome", "ERROR", "all", "Cap", "ping", "PONG", "quit",
            "join", "LEAVE", "auth", "history", "typing", "ack",
            "a,b", "a|b", "tab\there", "123456789012345678901234567890123"})
    void invalidUsernamesAreRejected(String name) throws IOException {
        LineClient c = ext.client().send(name);
        assertThat(c.awaitClosed()).containsExactly("ERROR|Invalid username");
    }

    @Test
    void longestValidNameAndUnicodeNamesWork() throws IOException {
        ext.login("12345678901234567890123456789012");
        ext.login("Ümit_山田");
    }

    @Test
    void namesAreUniqueIgnoringCase() throws IOException {
        LineClient alice = ext.login("Alice");
        LineClient dup = ext.client().send("aLICE");
        assertThat(dup.awaitClosed()).containsExactly("ERROR|Username already taken");
        LineClient bob = ext.login("bob");
        bob.send("ALICE|case-insensitive target");
        alice.awaitLine("MSG|bob|case-insensitive target");
    }

    @Test
    void unknownTargetGetsNotOnlineAndTheSenderStays() throws IOException {
        LineClient a = ext.login("a");
        a.send("nobody|hello?");
        a.awaitLine("ERROR|User nobody is not online");
        a.send("a|still here");
        a.awaitLine("MSG|a|still here");
    }

    @Test
    void messageToOneselfAndEmptyContentAreDelivered() throws IOException {
        LineClient a = ext.login("A");
        LineClient b = ext.login("B");
        a.send("A|note to self", "B|");
        a.awaitLine("MSG|A|note to self");
        b.awaitLine("MSG|A|");
    }

    @Test
    void lineWithoutBarAfterLoginIsAnError() throws IOException {
        LineClient a = ext.login("a");
        a.send("just some words");
        a.awaitLine("ERROR|Invalid message, expected Target|Content");
        assertThat(a.sync()).doesNotContain("MSG");
    }

    @Test
    void initLineShowsTheRealPort() {
        assertThat(ext.logLines()).contains("[INIT] Server running on 127.0.0.1:" + ext.port());
    }

    // --- Framing -----------------------------------------------------------------------------

    @Test
    void crlfIsAcceptedAndTheServerSendsBareNewlines() throws IOException {
        try (Socket s = new Socket("127.0.0.1", ext.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("crlf\r\ncrlf|to myself\r\nPING|end\r\n".getBytes(StandardCharsets.UTF_8));
            byte[] got = readUntil(s.getInputStream(), "PONG|end\n");
            String text = new String(got, StandardCharsets.UTF_8);
            assertThat(text).startsWith("WELCOME|").contains("\nMSG|crlf|to myself\n").doesNotContain("\r");
        }
    }

    @Test
    void manyLinesInOneWriteAndOneLineInManyWrites() throws IOException {
        LineClient a = ext.login("a");
        LineClient b = ext.login("b");
        StringBuilder burst = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            burst.append("b|burst ").append(i).append('\n');
        }
        a.sendRaw(burst.toString().getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 500; i++) {
            b.awaitLine("MSG|a|burst " + i);
        }
        byte[] slow = "b|drip-fed ünïcödé line\n".getBytes(StandardCharsets.UTF_8);
        for (byte x : slow) {
            a.sendRaw(new byte[] {x});
        }
        b.awaitLine("MSG|a|drip-fed ünïcödé line");
    }

    @Test
    void emptyLinesAreIgnored() throws IOException {
        LineClient a = ext.client();
        a.send("", "", "\r", "a");
        assertThat(a.next()).startsWith("WELCOME|");
        a.send("", "", "a|after blanks");
        a.awaitLine("MSG|a|after blanks");
        assertThat(a.sync()).noneMatch(l -> l.startsWith("ERROR"));
    }

    @Test
    void lastLineCutByEofIsNeverActedOn() throws IOException {
        LineClient b = ext.login("b");
        LineClient a = ext.login("a");
        a.sendRaw("b|complete\nb|cut off".getBytes(StandardCharsets.UTF_8));
        a.shutdownOutput();
        b.awaitLine("MSG|a|complete");
        awaitUsers(b, "b");
        assertThat(b.sync()).noneMatch(l -> l.contains("cut off"));
    }

    @Test
    void tooLongLineIsRefusedWholeAndTheConnectionStaysUsable() throws IOException {
        LineClient a = ext.login("a");
        LineClient b = ext.login("b");
        byte[] huge = ("b|" + "x".repeat(70_000) + "\n").getBytes(StandardCharsets.UTF_8);
        a.sendRaw(huge);
        a.awaitLine("ERROR|Line too long");
        a.send("b|after the long one");
        b.awaitLine("MSG|a|after the long one");
        assertThat(b.sync()).noneMatch(l -> l.contains("xxxx"));
    }

    @Test
    void fourThousandCharacterMessageAlwaysWorks() throws IOException {
        LineClient a = ext.login("a");
        LineClient b = ext.login("b");
        String text = "€".repeat(4000); // 12,000 bytes
        a.send("b|" + text);
        b.awaitLine("MSG|a|" + text);
        String widest = "𝄞".repeat(4000); // 16,000 bytes
        a.send("b|" + widest);
        b.awaitLine("MSG|a|" + widest);
    }

    @Test
    void invalidUtf8AndNulAreRefusedAndSaidSo() throws IOException {
        LineClient a = ext.login("a");
        LineClient b = ext.login("b");
        a.sendRaw(new byte[] {'b', '|', 'o', 'k', (byte) 0xC3, '(', '\n'});
        a.awaitLine("ERROR|Invalid UTF-8, line discarded");
        a.sendRaw(new byte[] {'b', '|', 'n', 0, 'l', '\n'});
        a.awaitLine("ERROR|NUL byte not allowed, line discarded");
        a.send("b|clean");
        b.awaitLine("MSG|a|clean");
        assertThat(b.sync()).noneMatch(l -> l.startsWith("MSG|a|ok") || l.startsWith("MSG|a|n"));
    }

    // --- Extensions --------------------------------------------------------------------------

    @Test
    void explicitMsgCommandIsThePrivateMessage() throws IOException {
        LineClient a = ext.login("a");
        LineClient b = ext.login("b");
        a.send("MSG|b|explicit|with bar");
        b.awaitLine("MSG|a|explicit|with bar");
        a.send("MSG|nobody");
        a.awaitLine("ERROR|Invalid message, expected MSG|Target|Content");
    }

    @Test
    void allReachesEveryoneElseOnce() throws IOException {
        LineClient a = ext.login("a");
        LineClient b = ext.login("b");
        LineClient c = ext.login("c");
        a.send("ALL|hello, all|of you");
        b.awaitLine("ALL|a|hello, all|of you");
        c.awaitLine("ALL|a|hello, all|of you");
        assertThat(a.sync()).noneMatch(l -> l.startsWith("ALL|"));
        assertThat(b.sync()).noneMatch(l -> l.startsWith("ALL|"));
    }

    @Test
    void pingPongWorksBeforeAndAfterLogin() throws IOException {
        LineClient a = ext.client();
        a.send("PING|early");
        assertThat(a.next()).isEqualTo("PONG|early");
        a.login("a");
        a.send("PING|late token|with bar");
        a.awaitLine("PONG|late token|with bar");
    }

    @Test
    void quitFlushesThenCloses() throws IOException {
        LineClient b = ext.login("b");
        LineClient a = ext.login("a");
        a.send("b|bye soon", "a|last words to myself", "QUIT|done");
        List<String> rest = a.awaitClosed();
        assertThat(rest).contains("MSG|a|last words to myself");
        b.awaitLine("MSG|a|bye soon");
        awaitUsers(b, "b");
        ext.awaitLog(l -> l.startsWith("[LEAVE] a (quit: done"), 1, "the quit in the log");
    }

    @Test
    void capabilityNegotiation() throws IOException {
        LineClient c = ext.client();
        c.send("CAP|LS");
        assertThat(c.next()).isEqualTo("CAP|LS|presence,heartbeat,rooms");
        c.send("CAP|REQ|presence,bogus");
        assertThat(c.next()).isEqualTo("CAP|NAK|presence,bogus");
        c.send("CAP|REQ|presence");
        assertThat(c.next()).isEqualTo("CAP|ACK|presence");
        c.send("CAP|FROB");
        assertThat(c.next()).startsWith("ERROR|Invalid CAP");
    }

    @Test
    void presenceCapabilityGivesOneSnapshotThenDeltas() throws IOException {
        ext.login("early");
        LineClient p = ext.client();
        p.send("CAP|REQ|presence", "watcher");
        assertThat(p.next()).isEqualTo("CAP|ACK|presence");
        assertThat(p.next()).startsWith("WELCOME|");
        assertThat(users(p.next())).containsExactlyInAnyOrder("early", "watcher");
        LineClient late = ext.login("late");
        p.awaitLine("JOIN|late");
        late.close();
        p.awaitLine("LEAVE|late");
        assertThat(p.sync()).noneMatch(l -> l.startsWith("USERS|"));
    }

    @Test
    void presenceCanBeTurnedOnAfterLogin() throws IOException {
        LineClient p = ext.login("p");
        awaitUsers(p, "p");
        p.send("CAP|REQ|presence");
        p.awaitLine("CAP|ACK|presence");
        awaitUsers(p, "p");
        ext.login("q");
        p.awaitLine("JOIN|q");
    }

    @Test
    void seedStyleClientsNeverSeeDeltas() throws IOException {
        LineClient seed = ext.login("seed");
        ext.login("other").close();
        awaitUsers(seed, "seed");
        assertThat(seed.sync()).noneMatch(l -> l.startsWith("JOIN|") || l.startsWith("LEAVE|") || l.startsWith("CAP|"));
    }

    @Test
    void commandsBeforeLoginAndUnsupportedOnes() throws IOException {
        LineClient c = ext.client();
        c.send("ALL|too early");
        assertThat(c.next()).isEqualTo("ERROR|Log in first: send your username");
        c.send("HISTORY|x");
        assertThat(c.next()).isEqualTo("ERROR|Unsupported command HISTORY");
        // A command word before the first '|' makes the line a command, never the handshake.
        c.send("MSG|bob|hello");
        assertThat(c.next()).isEqualTo("ERROR|Log in first: send your username");
        c.send("USERS|");
        assertThat(c.next()).isEqualTo("ERROR|Log in first: send your username");
        c.login("c");
        c.send("USERS");
        c.awaitLine("USERS|c");
    }

    private static byte[] readUntil(InputStream in, String end) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (!got.toString(StandardCharsets.UTF_8).contains(end)) {
            int n = in.read(buf);
            if (n < 0) {
                break;
            }
            got.write(buf, 0, n);
        }
        return got.toByteArray();
    }
}
