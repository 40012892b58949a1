package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.net.ServerStats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The chat port's limits on the IRC port: line length (512 bytes plus tags), bad bytes, the
 * handshake timeout until registration, the heartbeat every IRC client gets, fakelag flood
 * control, the send queue, the connection limit, shutdown. Each fails if its limit is removed.
 */
class IrcLimitsTest {

    @Nested
    class LineLength {
        @RegisterExtension
        final ServerExtension ext = new ServerExtension();

        @Test
        void overLongLinesAndBadBytesGetTheirNumericAndTheConnectionGoesOn() throws IOException {
            IrcClient a = ext.irc("alice");
            IrcClient b = ext.irc("bob");
            String atLimit = "PING " + "x".repeat(505);
            assertThat(IrcChatTest.ask(a, atLimit)).as("510 bytes and CR LF is a line")
                    .singleElement().asString().startsWith(":switchboard PONG switchboard :xxxx");
            assertThat(IrcChatTest.ask(a, atLimit + "x")).containsExactly(":switchboard 417 alice :Input line was too long");
            // An over-long message is never relayed, not even in part.
            assertThat(IrcChatTest.ask(a, "PRIVMSG bob :" + "y".repeat(600))).containsExactly(":switchboard 417 alice :Input line was too long");
            assertThat(IrcChatTest.sync(b)).noneMatch(l -> l.contains("PRIVMSG"));
            // Tags have room of their own (4094 bytes), then they too are too long.
            String tags = "@+k=" + "t".repeat(4000) + " ";
            assertThat(IrcChatTest.ask(a, tags + "PRIVMSG bob :tagged")).isEmpty();
            assertThat(b.await(l -> l.contains(" PRIVMSG "), "the tagged message")).as("client tags are not relayed")
                    .isEqualTo(":alice!~alice@irc.switchboard PRIVMSG bob :tagged");
            assertThat(IrcChatTest.ask(a, "@+k=" + "t".repeat(4100) + " PRIVMSG bob :x")).containsExactly(":switchboard 417 alice :Input line was too long");
            // Past what the line decoder holds: one 417, as soon as the limit is passed, and the rest is skipped.
            assertThat(IrcChatTest.ask(a, "PRIVMSG bob :" + "z".repeat(20_000))).containsExactly(":switchboard 417 alice :Input line was too long");
            a.sendRaw(new byte[] {'P', 'R', 'I', 'V', 'M', 'S', 'G', ' ', 'b', 'o', 'b', ' ', ':', (byte) 0xC3, '\r', '\n'});
            a.sendRaw("PRIVMSG bob :a\u0000b\r\n".getBytes(StandardCharsets.UTF_8));
            assertThat(IrcChatTest.sync(a)).containsExactly(":switchboard FAIL * INVALID_UTF8 :Invalid UTF-8, line discarded",
                    ":switchboard 400 alice * :NUL byte not allowed, line discarded");
            // LF alone ends a line as well as CR LF does.
            a.sendRaw("PRIVMSG bob :lf only\n".getBytes(StandardCharsets.UTF_8));
            assertThat(b.awaitCommand("PRIVMSG").param(1)).isEqualTo("lf only");
            assertThat(IrcChatTest.sync(b)).isEmpty();
        }
    }

    @Nested
    class HandshakeTimeout {
        @RegisterExtension
        final ServerExtension ext = new ServerExtension(c -> c.withHandshakeTimeout(Duration.ofMillis(300)));

        @Test
        void aClientThatDoesNotRegisterInTimeIsClosedWithTheReason() throws IOException {
            IrcClient silent = ext.irc();
            IrcClient capOnly = ext.irc().send("CAP LS 302", "NICK capper", "USER c 0 * :C");
            assertThat(silent.awaitClosed()).containsExactly("ERROR :Closing link: (Registration timed out)");
            assertThat(capOnly.awaitClosed()).containsExactly(":switchboard CAP * LS :", "ERROR :Closing link: (Registration timed out)");
            assertThat(ext.server().stats().drops(ServerStats.Drop.HANDSHAKE)).isEqualTo(2);
            // A registered client outlives the timeout.
            IrcClient ok = ext.irc("ok");
            assertThat(ok.ask("PING :later")).containsExactly(":switchboard PONG switchboard :later");
        }
    }

    @Nested
    class Heartbeat {
        @RegisterExtension
        final ServerExtension ext = new ServerExtension(c -> c.withHeartbeat(Duration.ofMillis(200), Duration.ofMillis(300)));

        @Test
        void everyIrcClientIsPingedAndOneThatDoesNotAnswerIsDropped() throws IOException {
            IrcClient quiet = ext.irc("quiet");
            List<String> last = quiet.awaitClosed();
            assertThat(last).anyMatch(l -> l.equals("PING :hb1")).endsWith("ERROR :Closing link: (Ping timeout)");
            ext.awaitLog(l -> l.startsWith("[LEAVE] quiet (ping timeout"), 1, "the ping timeout in the log");
            ext.irc("quiet"); // the nick is free again at once
        }

        @Test
        void aClientThatAnswersStays() throws IOException {
            IrcClient c = ext.irc("awake");
            for (int i = 0; i < 4; i++) {
                String ping = c.await(l -> l.startsWith("PING "), "a heartbeat PING");
                c.send("PONG " + ping.substring(5));
            }
            assertThat(c.ask("PING :still")).endsWith(":switchboard PONG switchboard :still");
        }
    }

    @Nested
    class Flood {
        @RegisterExtension
        final ServerExtension ext = new ServerExtension(c -> c.withFlood(50, 5, Duration.ofSeconds(2), true));

        @Test
        void overTheRateLinesAreDelayedNotDropped() throws IOException {
            IrcClient a = ext.irc("a");
            IrcClient b = ext.irc("b");
            StringBuilder burst = new StringBuilder();
            for (int i = 0; i < 30; i++) {
                burst.append("PRIVMSG b :m").append(i).append("\r\n");
            }
            long start = System.nanoTime();
            a.sendRaw(burst.toString().getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 30; i++) {
                assertThat(b.awaitCommand("PRIVMSG").param(1)).isEqualTo("m" + i);
            }
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            // 5 at once, then 25 at 50 per second: at least half a second of fakelag.
            assertThat(tookMillis).isGreaterThanOrEqualTo(450);
        }

        @Test
        void aClientThatKeepsFloodingIsDroppedWithExcessFlood() throws IOException {
            IrcClient a = ext.irc("a");
            StringBuilder flood = new StringBuilder();
            for (int i = 0; i < 1_000; i++) {
                flood.append("PING :f").append(i).append("\r\n");
            }
            a.sendRaw(flood.toString().getBytes(StandardCharsets.UTF_8));
            assertThat(a.awaitClosed()).endsWith("ERROR :Closing link: (Excess flood)");
            ext.awaitLog(l -> l.startsWith("[LEAVE] a (excess flood"), 1, "the excess flood in the log");
        }
    }

    @Nested
    class SendQueue {
        @RegisterExtension
        final ServerExtension ext = new ServerExtension();

        @Test
        void anIrcClientThatStopsReadingIsDroppedAndTheSenderGoesOn() throws Exception {
            LineClient sender = ext.login("sender");
            IrcClient watcher = ext.irc("watcher");
            IrcClient slow = ext.silentIrc();
            slow.send("NICK slow", "USER slow 0 * :Slow");
            watcher.await(l -> l.startsWith(":slow!") && l.endsWith(" JOIN #lobby"), "slow in the lobby");
            StringBuilder flood = new StringBuilder();
            for (int i = 0; i < 6_000; i++) {
                flood.append("slow|").append(i).append(' ').append("p".repeat(1_000)).append('\n');
            }
            byte[] bytes = flood.toString().getBytes(StandardCharsets.UTF_8);
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                try {
                    sender.sendRaw(bytes);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            assertThat(watcher.await(l -> l.startsWith(":slow!"), "slow's QUIT")).endsWith(" QUIT :Send queue exceeded (262144 bytes)");
            sent.get();
            sender.send("watcher|still here");
            assertThat(watcher.awaitCommand("PRIVMSG").serialize()).isEqualTo(":sender!sender@line.switchboard PRIVMSG watcher :still here");
            slow.startReading();
            assertThat(slow.awaitClosed()).endsWith("ERROR :Closing link: (SendQ exceeded)");
        }
    }

    @Nested
    class Connections {
        @RegisterExtension
        final ServerExtension ext = new ServerExtension(c -> c.withConnectionLimits(0, 1, true));

        @Test
        void theConnectionLimitIsSaidInIrc() throws IOException {
            IrcClient first = ext.irc("first");
            IrcClient second = ext.irc();
            assertThat(second.awaitClosed()).containsExactly("ERROR :Closing link: (Too many connections)");
            first.sync();
        }
    }

    @Nested
    class Shutdown {
        @RegisterExtension
        final ServerExtension ext = new ServerExtension();

        @Test
        void theShutdownErrorIsTheLastLine() throws IOException {
            IrcClient a = ext.irc("a");
            IrcClient unregistered = ext.irc();
            unregistered.send("NICK later");
            unregistered.sync();
            ext.server().stop();
            assertThat(a.awaitClosed()).endsWith("ERROR :Closing link: (Server shutting down)");
            assertThat(unregistered.awaitClosed()).endsWith("ERROR :Closing link: (Server shutting down)");
        }
    }
}
