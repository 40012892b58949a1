package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS listeners end to end, with real sockets: the same chat as the plaintext ports, IRC
 * too; handshakes that stall, or never start, or are plaintext, cost one slot for at most the
 * handshake timeout and hold nobody else up.
 */
class TlsTest {

    /** Short, so that the stall tests are quick; long enough for every real handshake here. */
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(3);

    @TempDir
    static Path dataDir;

    @RegisterExtension
    final ServerExtension ext = new ServerExtension(c -> c.withListener(ServerConfig.Protocol.TLS, 0)
            .withListener(ServerConfig.Protocol.IRC_TLS, 0).withDataDir(dataDir).withHandshakeTimeout(HANDSHAKE_TIMEOUT));

    private int tlsPort() {
        return ext.server().port(ServerConfig.Protocol.TLS);
    }

    private SSLContext trusting() throws Exception {
        return TlsClients.trustingSelfSigned(dataDir);
    }

    private LineClient tlsClient() throws Exception {
        return new LineClient(TlsClients.connect(tlsPort(), trusting()), true);
    }

    @Test
    void aTlsClientAndAPlaintextClientAreInOneChat() throws Exception {
        try (LineClient alice = tlsClient(); LineClient bob = ext.login("bob")) {
            assertThat(((SSLSocket) alice.socket).getSession().getProtocol()).isEqualTo("TLSv1.3");
            alice.login("alice");
            alice.send("bob|hi over TLS | with a pipe");
            bob.awaitLine("MSG|alice|hi over TLS | with a pipe");
            bob.send("alice|hello in plaintext");
            alice.awaitLine("MSG|bob|hello in plaintext");
            alice.send("QUIT|bye");
            assertThat(alice.awaitClosed()).doesNotContain("ERROR|Handshake timeout");
        }
        assertThat(ext.server().tlsPin()).startsWith("sha256/").hasSize("sha256/".length() + 44);
    }

    @Test
    void ircOverTlsReachesALineUser() throws Exception {
        int port = ext.server().port(ServerConfig.Protocol.IRC_TLS);
        try (LineClient dave = ext.login("dave");
             IrcClient carol = new IrcClient(TlsClients.connect(port, trusting()), true)) {
            carol.register("carol");
            carol.send("PRIVMSG dave :hello from irc over tls");
            dave.awaitLine("MSG|carol|hello from irc over tls");
            dave.send("carol|back to you");
            carol.await(l -> l.endsWith("PRIVMSG carol :back to you"), "dave's message");
            assertThat(carol.framingErrors()).isEmpty();
        }
    }

    @Test
    void aHandshakeStalledHalfwayOrNeverStartedIsDroppedAtTheTimeout() throws Exception {
        byte[] hello = TlsClients.clientHello();
        long start = System.nanoTime();
        try (Socket half = LineClient.connect(tlsPort()); Socket silent = LineClient.connect(tlsPort())) {
            half.getOutputStream().write(Arrays.copyOf(hello, hello.length / 2));
            half.getOutputStream().flush();
            assertThat(readUntilClosed(half, Duration.ofSeconds(10))).as("bytes to a stalled handshake").isEmpty();
            assertThat(readUntilClosed(silent, Duration.ofSeconds(10))).as("bytes to a silent client").isEmpty();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).as("dropped by the handshake timer, not earlier")
                .isGreaterThanOrEqualTo(HANDSHAKE_TIMEOUT.minusMillis(200))
                .isLessThan(HANDSHAKE_TIMEOUT.plusSeconds(3));
        ext.awaitLog(l -> l.contains("handshake timeout"), 2, "two handshake timeouts in the log");
        await("both slots free again").atMost(Duration.ofSeconds(5)).until(() -> ext.server().connectionCount() == 0);
    }

    @Test
    void twoHundredSilentConnectionsDoNotHoldUpARealClient() throws Exception {
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                idle.add(LineClient.connect(tlsPort()));
            }
            await("200 connections accepted").atMost(Duration.ofSeconds(10))
                    .until(() -> ext.server().connectionCount() >= 200);
            long start = System.nanoTime();
            try (LineClient alice = tlsClient(); LineClient bob = ext.login("bob")) {
                alice.login("alice");
                alice.send("bob|still here");
                bob.awaitLine("MSG|alice|still here");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as("TLS login beside 200 silent sockets")
                        .isLessThan(Duration.ofSeconds(2));
            }
        } finally {
            for (Socket s : idle) {
                s.close();
            }
        }
    }

    @Test
    void plaintextOnTheTlsPortIsClosedAtOnceWithoutAWord() throws Exception {
        try (Socket s = LineClient.connect(tlsPort())) {
            long start = System.nanoTime();
            s.getOutputStream().write("alice\n".getBytes(StandardCharsets.UTF_8));
            assertThat(readUntilClosed(s, Duration.ofSeconds(10))).as("bytes back to a plaintext client").isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(HANDSHAKE_TIMEOUT.dividedBy(2));
        }
        ext.awaitLog(l -> l.contains("plaintext on a TLS port"), 1, "the reason in the log");
    }

    @Test
    void aClientHelloOnThePlaintextPortsGetsAnErrorAndAClose() throws Exception {
        byte[] hello = TlsClients.clientHello();
        try (Socket line = LineClient.connect(ext.port()); Socket irc = LineClient.connect(ext.ircPort())) {
            long start = System.nanoTime();
            line.getOutputStream().write(hello);
            irc.getOutputStream().write(hello);
            assertThat(new String(readUntilClosed(line, Duration.ofSeconds(10)), StandardCharsets.UTF_8))
                    .isEqualTo("ERROR|This port is plaintext; connect to the TLS port\n");
            assertThat(new String(readUntilClosed(irc, Duration.ofSeconds(10)), StandardCharsets.UTF_8))
                    .startsWith("ERROR :Closing link").contains("This port is plaintext; connect to the TLS port")
                    .endsWith("\r\n");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(HANDSHAKE_TIMEOUT.dividedBy(2));
        }
    }

    @Test
    void aTlsClientReadsTheShutdownLineLikeAnyOther() throws Exception {
        try (LineClient alice = tlsClient(); IrcClient carol = new IrcClient(TlsClients.connect(
                ext.server().port(ServerConfig.Protocol.IRC_TLS), trusting()), true)) {
            alice.login("alice");
            carol.register("carol");
            Thread stopper = Thread.ofPlatform().start(() -> ext.server().stop());
            assertThat(alice.awaitClosed()).endsWith("ERROR|Server shutting down");
            assertThat(carol.awaitClosed()).last().asString().endsWith("ERROR :Closing link: (Server shutting down)");
            stopper.join(Duration.ofSeconds(10));
        }
    }

    /** Everything the server sends until it closes; fails after {@code limit}. */
    static byte[] readUntilClosed(Socket s, Duration limit) throws IOException {
        s.setSoTimeout((int) limit.toMillis());
        InputStream in = s.getInputStream();
        try {
            return in.readAllBytes();
        } catch (java.net.SocketException e) {
            return new byte[0]; // reset: closed as well, without a word
        }
    }
}
