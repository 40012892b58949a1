package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client core with no socket at all: lines are fed with {@link ChatClient#processLine} on the
 * test thread through a {@link FeedTransport}, whose connections read nothing themselves.
 */
class ChatClientFedLinesTest {

    private final FeedTransport transport = new FeedTransport();
    private final RecordingListener events = new RecordingListener();
    private ChatClient client;
    private CompletableFuture<LoginOutcome> login;

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
        ClientThreads.assertNoneLeft();
    }

    private ChatClient start(String name) {
        client = new ChatClient(ClientConfig.of("server.test", 5555, name)
                .withTransport(transport)
                .withReconnect(ReconnectPolicy.immediate())
                .withCloseTimeout(Duration.ofMillis(300)), events);
        login = client.connect();
        return client;
    }

    private void feed(String... lines) {
        for (String l : lines) {
            client.processLine(l);
        }
    }

    private FeedTransport.Connection loggedIn(String name, String users) throws Exception {
        start(name);
        FeedTransport.Connection c = transport.next().expectLogin(name);
        feed("CAP|LS|presence", "CAP|ACK|presence", "WELCOME|hi " + name, "USERS|" + users);
        assertThat(events.next()).isEqualTo("loggedIn:" + name + ":hi " + name);
        assertThat(events.next()).startsWith("users:");
        return c;
    }

    @Test
    void logsInAndChatsOnFedLines() throws Exception {
        FeedTransport.Connection c = loggedIn("alice", "bob,alice");
        assertThat(client.isOnline()).isTrue();
        assertThat(client.users()).containsExactly("alice", "bob");
        feed("MSG|bob|hi | there", "JOIN|carol");
        assertThat(events.next()).isEqualTo("msg:bob:hi | there");
        assertThat(events.next()).isEqualTo("joined:carol");
        assertThat(client.sendPrivate("bob", "hello")).isEqualTo(SendResult.QUEUED);
        assertThat(c.take()).isEqualTo("bob|hello");
    }

    @Test
    void malformedInputIsRecordedAndNeverEndsTheSession() throws Exception {
        loggedIn("alice", "alice,bob");
        feed("FOO|bar", "no bar at all", "MSG|only-sender", "JOIN|", "CAP|WHAT|x", "|||", "USERS|#room");
        feed("MSG|bob|still here");
        assertThat(events.next()).isEqualTo("msg:bob:still here");
        assertThat(client.isOnline()).isTrue();
        assertThat(client.inputProblemCount()).isEqualTo(7);
        assertThat(client.recentInputProblems()).extracting(InputProblem::line)
                .containsExactly("FOO|bar", "no bar at all", "MSG|only-sender", "JOIN|", "CAP|WHAT|x", "|||", "USERS|#room");
        assertThat(client.recentInputProblems()).extracting(InputProblem::reason).containsOnly("unknown line");

        for (int i = 0; i < 40; i++) {
            feed("NOPE|" + i);
        }
        assertThat(client.inputProblemCount()).isEqualTo(47);
        assertThat(client.recentInputProblems()).hasSize(ChatClient.KEPT_INPUT_PROBLEMS)
                .last().isEqualTo(new InputProblem("NOPE|39", "unknown line"));
    }

    @Test
    void aLineWithNoConnectionIsRecordedNotApplied() throws Exception {
        client = new ChatClient(ClientConfig.of("server.test", 5555, "alice").withTransport(transport), events);
        client.processLine("WELCOME|hi");
        assertThat(client.isOnline()).isFalse();
        assertThat(client.recentInputProblems()).containsExactly(new InputProblem("WELCOME|hi", "no connection"));
        events.expectNothing(Duration.ofMillis(100));
    }

    @Test
    void theServerSayingWhyItClosesIsTheCauseWithItsText() throws Exception {
        FeedTransport.Connection c = loggedIn("alice", "alice");
        feed("ERROR|Excess flood");
        c.close();
        assertThat(events.next()).isEqualTo(
                "disconnected:true:KICKED:the server closed the connection: Excess flood[Excess flood]");
        assertThat(events.next()).isEqualTo("reconnecting:1");
        transport.next().expectLogin("alice");
    }

    @Test
    void aConnectionClosedWithoutAWordIsServerClosed() throws Exception {
        FeedTransport.Connection c = loggedIn("alice", "alice");
        c.close();
        assertThat(events.next()).isEqualTo("disconnected:true:SERVER_CLOSED:the server closed the connection");
    }

    @Test
    void aRefusedConnectionIsUnreachable() throws Exception {
        transport.refuse();
        start("alice");
        assertThat(events.next()).isEqualTo(
                "disconnected:false:UNREACHABLE:cannot reach server.test:5555: connection refused (is the server running?)");
    }

    @Test
    void closeCancelsAConnectInProgress() throws Exception {
        transport.hang();
        start("alice");
        long t0 = System.nanoTime();
        client.close();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
        assertThat(login.get(5, TimeUnit.SECONDS)).isInstanceOf(LoginOutcome.Failed.class);
        assertThat(events.next()).isEqualTo("disconnected:false:CLOSED:closed");
    }

    @Test
    void quitIsTheLastLineAndClosedTheCause() throws Exception {
        FeedTransport.Connection c = loggedIn("alice", "alice");
        Thread closer = new Thread(client::close);
        closer.start();
        assertThat(c.take()).isEqualTo("QUIT");
        assertThat(c.awaitOutputShut()).isTrue(); // and the transport closes in turn, as a server does
        closer.join(5_000);
        assertThat(events.next()).isEqualTo("disconnected:false:CLOSED:you quit");
    }
}
