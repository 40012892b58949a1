package dev.switchboard.dissector;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The dissector on a real capture: the test plays both ends of several loopback connections
 * (client and server are sockets of its own, no Switchboard server is involved), captures them
 * with tshark, and checks what {@code tshark -X lua_script:switchboard.lua} makes of the file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SwitchboardDissectorTest {

    private static final String C2S = "c2s";
    private static final String S2C = "s2c";

    /** One line the test sent, and what the dissector must make of it. */
    private record Expected(String direction, String cmd, Map<String, List<String>> fields, List<String> experts) {}

    /** A scripted connection: sends lines and records the expected items in order. */
    private static final class Session {
        final SocketPair pair;
        final List<Expected> expected = new ArrayList<>();

        Session(SocketPair pair) {
            this.pair = pair;
        }

        int clientPort() {
            return pair.clientPort();
        }

        /**
         * Sends one segment from the client (direction c2s) or server, expecting one item with
         * the command and field/value pairs; a pair whose name starts with "expert:" names an
         * expert info the item must carry.
         */
        Session send(String direction, byte[] bytes, String cmd, String... pairs) throws IOException {
            Map<String, List<String>> fields = new LinkedHashMap<>();
            List<String> experts = new ArrayList<>();
            for (int i = 0; i < pairs.length; i++) {
                if (pairs[i].startsWith("expert:")) {
                    experts.add("switchboard.expert." + pairs[i].substring("expert:".length()));
                } else {
                    fields.computeIfAbsent("switchboard." + pairs[i], k -> new ArrayList<>()).add(pairs[++i]);
                }
            }
            expected.add(new Expected(direction, cmd, fields, experts));
            if (direction.equals(C2S)) {
                pair.client(bytes);
            } else {
                pair.server(bytes);
            }
            return this;
        }

        Session c(String line, String cmd, String... pairs) throws IOException {
            return send(C2S, line.getBytes(UTF_8), cmd, pairs);
        }

        Session s(String line, String cmd, String... pairs) throws IOException {
            return send(S2C, line.getBytes(UTF_8), cmd, pairs);
        }
    }

    private Path workDir;
    private ServerSocket listener;
    private ServerSocket otherListener;
    private Session everyType;
    private Session garbage;
    private Session badName;
    private Session otherPort;
    private final byte[] threeLines = "one|1\ntwo|2\nthree|3\n".getBytes(UTF_8);
    private final List<byte[]> splitLine = List.of(
            "bob|split ".getBytes(UTF_8), "over three ".getBytes(UTF_8), "segments\n".getBytes(UTF_8));
    private Path pcap;
    private List<Pdml.Packet> twoPass;
    private List<Pdml.Packet> onePass;
    private Tshark.Result twoPassRun;

    @BeforeAll
    void captureConversations() throws Exception {
        Tshark.require("tshark");
        workDir = Tshark.workDir();
        pcap = workDir.resolve("dissector-test.pcapng");
        InetAddress loopback = InetAddress.getLoopbackAddress();
        listener = new ServerSocket(0, 50, loopback);
        otherListener = new ServerSocket(0, 50, loopback);
        try (LoopbackCapture capture = LoopbackCapture.start(pcap,
                List.of(listener.getLocalPort(), otherListener.getLocalPort()))) {
            playEveryType();
            playGarbage();
            playBadName();
            playOtherPort();
        }
        twoPassRun = dissect("two-pass", "-2");
        twoPass = Pdml.parse(twoPassRun.stdout());
        onePass = Pdml.parse(dissect("one-pass").stdout());
    }

    @AfterAll
    void closeListeners() throws IOException {
        if (listener != null) {
            listener.close();
        }
        if (otherListener != null) {
            otherListener.close();
        }
    }

    private Tshark.Result dissect(String name, String... extra) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("-r", pcap.toString(),
                "-o", "switchboard.port:" + listener.getLocalPort(), "-T", "pdml"));
        args.addAll(List.of(extra));
        return Tshark.run(workDir, name, args);
    }

    private void playEveryType() throws IOException {
        everyType = new Session(SocketPair.connect(listener));
        everyType
                .c("CAP|LS\n", "CAP", "cap.sub", "LS")
                .s("CAP|LS|presence,heartbeat\n", "CAP", "cap.sub", "LS", "caps", "presence,heartbeat",
                        "cap", "presence", "cap", "heartbeat")
                .c("CAP|REQ|presence\n", "CAP", "cap.sub", "REQ", "caps", "presence", "cap", "presence")
                .s("CAP|ACK|presence\n", "CAP", "cap.sub", "ACK", "cap", "presence")
                .c("CAP|REQ|telepathy\n", "CAP", "cap.sub", "REQ", "cap", "telepathy")
                .s("CAP|NAK|telepathy\n", "CAP", "cap.sub", "NAK", "cap", "telepathy")
                .c("alice\n", "HANDSHAKE", "username", "alice")
                .s("WELCOME|Welcome to Switchboard, alice\n", "WELCOME", "text", "Welcome to Switchboard, alice")
                .s("USERS|alice,bob,Zoë\n", "USERS", "users.count", "3",
                        "user", "alice", "user", "bob", "user", "Zoë")
                .s("JOIN|carol\n", "JOIN", "user", "carol")
                .s("LEAVE|carol\n", "LEAVE", "user", "carol")
                .c("bob|Hello bob\n", "PRIVATE", "target", "bob", "content", "Hello bob")
                .s("MSG|bob|Hi alice | pipes stay\n", "MSG", "sender", "bob", "content", "Hi alice | pipes stay")
                .c("MSG|bob|explicit form\n", "MSG", "target", "bob", "content", "explicit form")
                .c("ALL|hello everyone\n", "ALL", "content", "hello everyone")
                .s("ALL|bob|hello from bob\n", "ALL", "sender", "bob", "content", "hello from bob")
                .c("PING|c1\n", "PING", "token", "c1")
                .s("PONG|c1\n", "PONG", "token", "c1")
                .s("PING|s1\n", "PING", "token", "s1")
                .c("PONG|s1\n", "PONG", "token", "s1")
                .c("bob|\n", "PRIVATE", "target", "bob", "content", "")
                .c("carol|crlf line\r\n", "PRIVATE", "target", "carol", "content", "crlf line")
                .s("ERROR|User carol is not online\n", "ERROR", "reason", "User carol is not online",
                        "expert:error_reply")
                .s("USERS|alice\n", "USERS", "users.count", "1", "user", "alice")
                .s("USERS|\n", "USERS", "users.count", "0");
        everyType.pair.client(threeLines);
        for (byte[] part : splitLine) {
            everyType.pair.client(part);
        }
        everyType.c("QUIT|bye\n", "QUIT", "reason", "bye");
        everyType.pair.closeNormally();
    }

    private void playGarbage() throws IOException {
        garbage = new Session(SocketPair.connect(listener));
        byte[] noise = new byte[300];
        new Random(20_251_125L).nextBytes(noise);
        for (int i = 0; i < noise.length; i++) {
            if (noise[i] == '\n') {
                noise[i] = 'x';
            }
        }
        noise[noise.length - 1] = '\n';
        garbage.c("mallory\n", "HANDSHAKE", "username", "mallory")
                .c("MSG|x\n", "MSG", "target", "x", "expert:malformed")
                .send(C2S, bytes(0xff, 0xfe, '|', 0xc3, 0x28, '\n'), "PRIVATE", "expert:bad_utf8")
                .send(C2S, bytes('n', 'u', 'l', '|', 'a', 0, 'b', '\n'), "PRIVATE",
                        "target", "nul", "content", "a\\x00b", "expert:nul")
                .c("garbage\n", "INVALID", "expert:invalid_message")
                .s("bogus line\n", "UNKNOWN", "expert:unknown")
                .s("MSG|onlysender\n", "MSG", "sender", "onlysender", "expert:malformed")
                .s("USERS|a,,b\n", "USERS", "users.count", "3", "expert:malformed")
                .s("WELCOME\n", "WELCOME", "expert:malformed")
                .c("CAP|BOGUS\n", "CAP", "cap.sub", "BOGUS", "expert:malformed")
                .c("USERS|x\n", "USERS", "args", "x", "expert:direction")
                .c("\n", "EMPTY", "expert:empty")
                .c("msg|lower case\n", "PRIVATE", "target", "msg", "expert:bad_username")
                .send(C2S, noise, null);
        garbage.pair.reset();
    }

    private void playBadName() throws IOException {
        badName = new Session(SocketPair.connect(listener));
        badName.c("CAP|LS\n", "CAP", "cap.sub", "LS")
                .c("has space\n", "HANDSHAKE", "username", "has space", "expert:bad_username")
                .s("ERROR|Invalid username\n", "ERROR", "reason", "Invalid username");
        badName.pair.closeNormally();
    }

    private void playOtherPort() throws IOException {
        otherPort = new Session(SocketPair.connect(otherListener));
        otherPort.c("dave\n", "HANDSHAKE", "username", "dave")
                .s("WELCOME|hi dave\n", "WELCOME", "text", "hi dave")
                .s("USERS|dave\n", "USERS", "user", "dave")
                .c("MSG|dave|note to self\n", "MSG", "target", "dave", "content", "note to self")
                .s("MSG|dave|note to self\n", "MSG", "sender", "dave", "content", "note to self");
        otherPort.pair.closeNormally();
    }

    private static byte[] bytes(int... values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int v : values) {
            out.write(v);
        }
        return out.toByteArray();
    }

    private static List<Pdml.Packet> packetsOf(List<Pdml.Packet> packets, Session session) {
        String port = Integer.toString(session.clientPort());
        return packets.stream()
                .filter(p -> port.equals(p.tcp().get("tcp.srcport")) || port.equals(p.tcp().get("tcp.dstport")))
                .toList();
    }

    private static List<Pdml.Item> itemsOf(List<Pdml.Packet> packets, Session session) {
        return packetsOf(packets, session).stream().flatMap(p -> p.items().stream()).toList();
    }

    /** Checks the items of a session against what it sent, in order, one item per line. */
    private static void assertMatches(List<Pdml.Item> items, Session session) {
        List<Expected> expected = session.expected;
        assertThat(items).as("one item per line sent").hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            Expected want = expected.get(i);
            Pdml.Item item = items.get(i);
            String where = "item " + i + " (frame " + item.frame() + ", " + item.label() + ")";
            assertThat(item.direction()).as(where + " direction").isEqualTo(want.direction());
            if (want.cmd() != null) {
                assertThat(item.cmd()).as(where + " command").isEqualTo(want.cmd());
            }
            want.fields().forEach((field, values) ->
                    assertThat(item.all(field)).as(where + " " + field).containsExactlyElementsOf(values));
            assertThat(item.experts()).as(where + " expert info").containsAll(want.experts());
            assertThat(item.experts()).as(where + " never a dissector bug")
                    .doesNotContain("switchboard.expert.internal");
        }
    }

    @Test
    void everyMessageTypeIsRecognisedWithItsFields() {
        List<Pdml.Item> items = itemsOf(twoPass, everyType);
        int lines = everyType.expected.size() - 1; // QUIT comes after the pipelined and split lines
        List<Pdml.Item> checked = new ArrayList<>(items.subList(0, lines));
        checked.add(items.getLast());
        assertMatches(checked, everyType);
        assertThat(items.subList(0, lines)).as("well-formed lines carry no expert info except ERROR's")
                .allSatisfy(item -> assertThat(item.experts()).isSubsetOf("switchboard.expert.error_reply"));
    }

    @Test
    void aSegmentWithThreeLinesYieldsThreeItems() {
        Pdml.Packet packet = packetsOf(twoPass, everyType).stream()
                .filter(p -> p.tcp("tcp.len").equals(java.util.Optional.of(Integer.toString(threeLines.length))))
                .filter(p -> !p.items().isEmpty() && "one".equals(p.items().getFirst().first("switchboard.target")))
                .findFirst().orElseThrow(() -> new AssertionError("no segment carrying the three lines"));
        assertThat(packet.items()).extracting(Pdml.Item::cmd).containsExactly("PRIVATE", "PRIVATE", "PRIVATE");
        assertThat(packet.items()).extracting(i -> i.first("switchboard.target")).containsExactly("one", "two", "three");
        assertThat(packet.items()).extracting(i -> i.first("switchboard.content")).containsExactly("1", "2", "3");
    }

    @Test
    void aLineSplitOverThreeSegmentsYieldsOneItem() {
        List<Pdml.Packet> session = packetsOf(twoPass, everyType);
        List<Pdml.Packet> parts = new ArrayList<>();
        for (byte[] part : splitLine) {
            String len = Integer.toString(part.length);
            session.stream()
                    .filter(p -> p.tcp("tcp.len").equals(java.util.Optional.of(len)))
                    .filter(p -> p.tcp("tcp.srcport").equals(java.util.Optional.of(Integer.toString(everyType.clientPort()))))
                    .filter(p -> parts.isEmpty() || p.frame() > parts.getLast().frame())
                    .findFirst().ifPresent(parts::add);
        }
        assertThat(parts).as("three segments carrying the parts").hasSize(3);
        assertThat(parts.get(0).items()).isEmpty();
        assertThat(parts.get(1).items()).isEmpty();
        assertThat(parts.get(2).items()).singleElement().satisfies(item -> {
            assertThat(item.cmd()).isEqualTo("PRIVATE");
            assertThat(item.first("switchboard.target")).isEqualTo("bob");
            assertThat(item.first("switchboard.content")).isEqualTo("split over three segments");
        });
        assertThat(parts.get(2).tcp("tcp.segment.count")).contains("3");
    }

    @Test
    void garbageGetsExpertInfoAndNoLuaError() {
        assertMatches(itemsOf(twoPass, garbage), garbage);
        Pdml.Item noise = itemsOf(twoPass, garbage).getLast();
        assertThat(noise.experts()).as("random bytes are flagged").isNotEmpty();
        assertThat(twoPassRun.problems()).as("tshark stderr (Lua errors would be here)").isEmpty();
        assertThat(twoPassRun.stdoutText()).doesNotContain("Lua Error", "Lua error");
    }

    @Test
    void handshakeIsTheFirstClientLineThatIsNotACommand() {
        assertMatches(itemsOf(twoPass, badName), badName);
    }

    @Test
    void heuristicFindsTheProtocolOnAnotherPort() {
        assertMatches(itemsOf(twoPass, otherPort), otherPort);
    }

    @Test
    void oneAndTwoPassDissectionAgree() {
        assertThat(onePass).hasSameSizeAs(twoPass);
        for (int i = 0; i < twoPass.size(); i++) {
            assertThat(onePass.get(i).items()).as("frame " + twoPass.get(i).frame())
                    .isEqualTo(twoPass.get(i).items());
        }
    }

    @Test
    void displayFiltersSelectByField() throws Exception {
        Tshark.Result result = Tshark.run(workDir, "filter", List.of("-r", pcap.toString(),
                "-o", "switchboard.port:" + listener.getLocalPort(),
                "-Y", "switchboard.cmd == \"MSG\" && switchboard.sender == \"bob\"",
                "-T", "fields", "-e", "switchboard.content"));
        assertThat(result.stdoutText().lines().toList()).containsExactly("Hi alice | pipes stay");
        assertThat(result.problems()).isEmpty();
    }

    @Test
    void filterableFieldsAreRegistered() throws Exception {
        Tshark.Result result = Tshark.run(workDir, "fields", List.of());
        List<String> names = result.stdoutText().lines()
                .map(line -> line.split("\t"))
                .filter(cols -> cols.length > 2 && cols[0].equals("F"))
                .map(cols -> cols[2])
                .toList();
        assertThat(names).contains("switchboard.cmd", "switchboard.sender", "switchboard.target",
                "switchboard.content", "switchboard.user", "switchboard.users.count", "switchboard.reason",
                "switchboard.direction", "switchboard.token", "switchboard.caps", "switchboard.username");
        assertThat(result.problems()).isEmpty();
    }
}
