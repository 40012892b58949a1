package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client core against a scripted fake server over loopback. */
class ChatClientTest {

    private FakeServer server;
    private RecordingListener events;
    private ChatClient client;

    @BeforeEach
    void setUp() throws IOException {
        server = new FakeServer();
        events = new RecordingListener();
    }

    @AfterEach
    void tearDown() throws IOException {
        if (client != null) {
            client.close();
        }
        server.close();
        ClientThreads.assertNoneLeft();
    }

    private ClientConfig config(String name) {
        return ClientConfig.of("127.0.0.1", server.port(), name)
                .withReconnect(ReconnectPolicy.immediate())
                .withCloseTimeout(Duration.ofMillis(500));
    }

    private ChatClient start(ClientConfig cfg) {
        client = new ChatClient(cfg, events);
        client.connect();
        return client;
    }

    /** Connects, answers the login like a Switchboard server with presence, and consumes the events. */
    private FakeServer.Peer loggedIn(String name, String... users) throws Exception {
        start(config(name));
        FakeServer.Peer p = server.accept().expectLogin(name);
        p.send("CAP|LS|presence", "CAP|ACK|presence", "WELCOME|Welcome to Switchboard, " + name,
                "USERS|" + String.join(",", users));
        assertThat(events.next()).isEqualTo("loggedIn:" + name + ":Welcome to Switchboard, " + name);
        assertThat(events.next()).startsWith("users:");
        return p;
    }

    @Test
    void sendsCapabilitiesAndNameAtOnceAndLogsIn() throws Exception {
        start(config("alice"));
        FakeServer.Peer p = server.accept();
        // All three lines arrive without the server having said anything.
        p.expectLogin("alice");
        p.send("CAP|LS|presence", "CAP|ACK|presence", "WELCOME|Welcome to Switchboard, alice", "USERS|bob,alice");

        assertThat(events.next()).isEqualTo("loggedIn:alice:Welcome to Switchboard, alice");
        assertThat(events.next()).isEqualTo("users:[alice, bob]");
        assertThat(client.isOnline()).isTrue();
        assertThat(client.capabilities()).containsExactly("presence");
        assertThat(client.users()).containsExactly("alice", "bob");
        assertThat(events.threads).allMatch(t -> t.startsWith("switchboard-client-events-"));
    }

    @Test
    void futureCompletesWithTheLoginOutcome() throws Exception {
        client = new ChatClient(config("alice"), events);
        var future = client.connect();
        server.accept().expectLogin("alice").send("WELCOME|hi");
        assertThat(future.get(5, TimeUnit.SECONDS)).isEqualTo(new LoginOutcome.LoggedIn("alice", "hi"));
    }

    @Test
    void seedStyleServerThatIgnoresCapStillLogsInAndFullListsGiveJoinAndLeave() throws Exception {
        start(config("alice"));
        FakeServer.Peer p = server.accept().expectLogin("alice");
        p.send("WELCOME|Welcome to Switchboard, alice", "USERS|alice");
        assertThat(events.next()).startsWith("loggedIn:alice");
        assertThat(events.next()).isEqualTo("users:[alice]");

        p.send("USERS|alice,bob");
        assertThat(events.next()).isEqualTo("joined:bob");
        assertThat(events.next()).isEqualTo("users:[alice, bob]");
        p.send("USERS|alice");
        assertThat(events.next()).isEqualTo("left:bob");
        assertThat(events.next()).isEqualTo("users:[alice]");
        assertThat(client.capabilities()).isEmpty();
    }

    @Test
    void presenceDeltasUpdateTheList() throws Exception {
        FakeServer.Peer p = loggedIn("alice", "alice");
        p.send("JOIN|bob", "JOIN|carol", "LEAVE|bob", "LEAVE|nobody");
        assertThat(events.next()).isEqualTo("joined:bob");
        assertThat(events.next()).isEqualTo("joined:carol");
        assertThat(events.next()).isEqualTo("left:bob");
        p.send("PING|sync");
        assertThat(p.take()).isEqualTo("PONG|sync");
        assertThat(client.users()).containsExactly("alice", "carol");
    }

    @Test
    void requestsHeartbeatOnlyWhenOfferedAndAnswersPings() throws Exception {
        start(config("alice"));
        FakeServer.Peer p = server.accept().expectLogin("alice");
        p.send("CAP|LS|presence,heartbeat");
        assertThat(p.take()).isEqualTo("CAP|REQ|heartbeat");
        p.send("CAP|ACK|presence", "WELCOME|hi", "CAP|ACK|heartbeat", "PING|42");
        assertThat(p.take()).isEqualTo("PONG|42");
        assertThat(client.capabilities()).containsExactlyInAnyOrder("presence", "heartbeat");
    }

    @Test
    void doesNotRequestHeartbeatWhenNotOffered() throws Exception {
        FakeServer.Peer p = loggedIn("alice", "alice", "bob");
        assertThat(client.sendPrivate("bob", "first")).isEqualTo(SendResult.QUEUED);
        assertThat(p.take()).isEqualTo("bob|first");
    }

    @Test
    void deliversMessagesAndErrors() throws Exception {
        FakeServer.Peer p = loggedIn("alice", "alice", "bob");
        p.send("MSG|bob|a|b|c", "ALL|bob|hello all", "MSG|bob|", "ERROR|User carol is not online", "ERROR|Line too long");
        assertThat(events.next()).isEqualTo("msg:bob:a|b|c");
        assertThat(events.next()).isEqualTo("all:bob:hello all");
        assertThat(events.next()).isEqualTo("msg:bob:");
        assertThat(events.next()).isEqualTo("deliveryFailed:carol");
        assertThat(events.next()).isEqualTo("serverError:Line too long");
        assertThat(client.isOnline()).isTrue();
    }

    @Test
    void syncPassesAfterTheAnswersToEveryEarlierLine() throws Exception {
        FakeServer.Peer p = loggedIn("alice", "alice", "bob");
        assertThat(client.sendPrivate("carol", "anyone?")).isEqualTo(SendResult.QUEUED);
        var synced = client.sync();
        synced.thenAccept(r -> events.record("synced:" + r));
        assertThat(p.take()).isEqualTo("carol|anyone?");
        String ping = p.takeStartingWith("PING|");
        p.send("PONG|not-ours", "ERROR|User carol is not online");
        assertThat(events.next()).isEqualTo("deliveryFailed:carol");
        assertThat(synced).isNotDone();
        p.send("PONG|" + ping.substring(5));
        // The answer to the earlier line reached the listener before the barrier completed.
        assertThat(events.next()).isEqualTo("synced:" + SyncResult.CONFIRMED);
        assertThat(synced.get(5, TimeUnit.SECONDS)).isEqualTo(SyncResult.CONFIRMED);
    }

    @Test
    void syncIsLostWithTheConnection() throws Exception {
        FakeServer.Peer p = loggedIn("alice", "alice");
        var synced = client.sync();
        p.takeStartingWith("PING|");
        p.close();
        assertThat(synced.get(5, TimeUnit.SECONDS)).isEqualTo(SyncResult.CONNECTION_LOST);
        assertThat(client.sync().get(5, TimeUnit.SECONDS)).isEqualTo(SyncResult.NOT_ONLINE);
    }

    @Test
    void syncOnASeedStyleServerIsNotSupported() throws Exception {
        start(config("alice"));
        server.accept().expectLogin("alice").send("WELCOME|hi", "USERS|alice");
        events.await("users:");
        assertThat(client.sync().get(5, TimeUnit.SECONDS)).isEqualTo(SyncResult.NOT_SUPPORTED);
    }

    @Test
    void sendsMessagesAndRefusesWhatCannotBeSent() throws Exception {
        start(config("alice"));
        assertThat(client.sendPrivate("bob", "too early")).isEqualTo(SendResult.NOT_ONLINE);
        FakeServer.Peer p = server.accept().expectLogin("alice");
        p.send("WELCOME|hi");
        events.await("loggedIn:");

        assertThat(client.sendPrivate("bob", "hi | there")).isEqualTo(SendResult.QUEUED);
        assertThat(client.sendToEveryone("hello")).isEqualTo(SendResult.QUEUED);
        assertThat(client.sendPrivate("bob", "")).isEqualTo(SendResult.QUEUED);
        assertThat(p.take()).isEqualTo("bob|hi | there");
        assertThat(p.take()).isEqualTo("ALL|hello");
        assertThat(p.take()).isEqualTo("bob|");

        assertThat(client.sendPrivate("no body", "x")).isEqualTo(SendResult.INVALID_TARGET);
        assertThat(client.sendPrivate("MSG", "x")).isEqualTo(SendResult.INVALID_TARGET);
        assertThat(client.sendPrivate("bob", "two\nlines")).isEqualTo(SendResult.INVALID_TEXT);
        assertThat(client.sendToEveryone("nul\0")).isEqualTo(SendResult.INVALID_TEXT);
        assertThat(client.sendPrivate("bob", "x".repeat(70_000))).isEqualTo(SendResult.TOO_LONG);
        assertThat(client.sendPrivate("bob", "é".repeat(4_000))).isEqualTo(SendResult.QUEUED);
        assertThat(p.take()).hasSize(4 + 4_000);
    }

    @Test
    void nameTakenIsReportedAndEndsTheClient() throws Exception {
        client = new ChatClient(config("alice"), events);
        var future = client.connect();
        FakeServer.Peer p = server.accept().expectLogin("alice");
        p.send("ERROR|Username already taken");
        p.close();
        assertThat(future.get(5, TimeUnit.SECONDS))
                .isEqualTo(new LoginOutcome.Rejected(Rejection.NAME_TAKEN, "Username already taken"));
        assertThat(events.next()).isEqualTo("rejected:NAME_TAKEN:Username already taken");
        assertThat(events.next()).isEqualTo("disconnected:false:LOGIN_REFUSED:the server refused the name: Username already taken[Username already taken]");
        ClientThreads.assertNoneLeft();
        server.expectNoConnection(Duration.ofMillis(200));
    }

    @Test
    void serverFullIsReported() throws Exception {
        client = new ChatClient(config("alice"), events);
        var future = client.connect();
        // The server may send the error and keep the socket open a moment: the client ends it anyway.
        server.accept().expectLogin("alice").send("ERROR|Server is full");
        assertThat(future.get(5, TimeUnit.SECONDS))
                .isEqualTo(new LoginOutcome.Rejected(Rejection.SERVER_FULL, "Server is full"));
    }

    @Test
    void invalidNameIsRefusedWithoutConnecting() throws Exception {
        client = new ChatClient(config("two words"), events);
        LoginOutcome outcome = client.connect().get(5, TimeUnit.SECONDS);
        assertThat(outcome).isInstanceOf(LoginOutcome.Rejected.class);
        assertThat(((LoginOutcome.Rejected) outcome).reason()).isEqualTo(Rejection.INVALID_NAME);
        assertThat(((LoginOutcome.Rejected) outcome).serverText()).contains("whitespace");
        assertThat(events.next()).startsWith("rejected:INVALID_NAME:");
        assertThat(events.next()).startsWith("disconnected:false:LOGIN_REFUSED:the name was refused before connecting");
        server.expectNoConnection(Duration.ofMillis(200));
    }

    @Test
    void unreachableServerNamesTheAddress() throws Exception {
        int port = server.port();
        server.close();
        client = new ChatClient(config("alice"), events);
        LoginOutcome outcome = client.connect().get(5, TimeUnit.SECONDS);
        assertThat(outcome).isInstanceOf(LoginOutcome.Failed.class);
        assertThat(((LoginOutcome.Failed) outcome).cause()).contains("cannot reach 127.0.0.1:" + port).contains("refused");
        assertThat(events.next()).startsWith("disconnected:false:UNREACHABLE:cannot reach");
    }

    @Test
    void serverThatNeverAnswersTheLoginTimesOut() throws Exception {
        client = new ChatClient(config("alice").withLoginTimeout(Duration.ofMillis(300)), events);
        var future = client.connect();
        server.accept().expectLogin("alice");
        LoginOutcome outcome = future.get(5, TimeUnit.SECONDS);
        assertThat(outcome).isEqualTo(new LoginOutcome.Failed("no answer to the login within 0.3 s"));
    }

    @Test
    void garbageFromTheServerIsIgnored() throws Exception {
        FakeServer.Peer p = loggedIn("alice", "alice", "bob");
        p.sendRaw(new byte[] {(byte) 0xff, (byte) 0xfe, 'x', '\n'});
        p.sendRaw("a\0b\n".getBytes(StandardCharsets.UTF_8));
        p.send("FOO|bar", "no bar at all", "MSG|only-sender", "JOIN|", "CAP|WHAT|x", "", "|||");
        p.sendRaw(("MSG|bob|" + "x".repeat(200_000) + "\n").getBytes(StandardCharsets.UTF_8));
        p.send("MSG|bob|still here");
        assertThat(events.next()).isEqualTo("msg:bob:still here");
        assertThat(client.isOnline()).isTrue();
        // Every line that could not be used is on record, none thrown; the empty line is no problem.
        assertThat(client.recentInputProblems()).extracting(InputProblem::reason).containsExactly(
                "Invalid UTF-8, line discarded", "NUL byte not allowed, line discarded", "unknown line", "unknown line",
                "unknown line", "unknown line", "unknown line", "unknown line", "Line too long");
    }

    @Test
    void reconnectsAfterTheServerClosesAndRestoresTheList() throws Exception {
        FakeServer.Peer p = loggedIn("alice", "alice", "bob");
        p.close();
        assertThat(events.next()).isEqualTo("disconnected:true:SERVER_CLOSED:the server closed the connection");
        assertThat(events.next()).isEqualTo("reconnecting:1");
        assertThat(client.isOnline()).isFalse();

        FakeServer.Peer again = server.accept().expectLogin("alice");
        again.send("CAP|ACK|presence", "WELCOME|back", "USERS|alice,carol");
        assertThat(events.next()).isEqualTo("reconnected:alice");
        assertThat(events.next()).isEqualTo("left:bob");
        assertThat(events.next()).isEqualTo("joined:carol");
        assertThat(events.next()).isEqualTo("users:[alice, carol]");
        assertThat(client.sendPrivate("carol", "hi")).isEqualTo(SendResult.QUEUED);
        assertThat(again.take()).isEqualTo("carol|hi");
    }

    @Test
    void halfCloseByTheServerIsADisconnect() throws Exception {
        FakeServer.Peer p = loggedIn("alice", "alice");
        p.halfClose();
        assertThat(events.next()).isEqualTo("disconnected:true:SERVER_CLOSED:the server closed the connection");
        p.awaitClientEof();
        server.accept().expectLogin("alice");
    }

    @Test
    void resetByTheServerIsADisconnect() throws Exception {
        FakeServer.Peer p = loggedIn("alice", "alice");
        p.reset();
        assertThat(events.next()).startsWith("disconnected:true:CONNECTION_LOST:connection lost");
        assertThat(events.next()).isEqualTo("reconnecting:1");
        server.accept().expectLogin("alice");
    }

    @Test
    void shutdownNoticeBecomesTheCause() throws Exception {
        FakeServer.Peer p = loggedIn("alice", "alice");
        p.send("ERROR|Server shutting down");
        p.close();
        assertThat(events.next()).isEqualTo("disconnected:true:SERVER_SHUTTING_DOWN:the server is shutting down[Server shutting down]");
    }

    @Test
    void closingErrorBecomesTheCauseAndAnEarlyOneFailsTheLogin() throws Exception {
        FakeServer.Peer p = loggedIn("alice", "alice");
        p.send("ERROR|Send queue exceeded");
        p.close();
        assertThat(events.next()).isEqualTo("disconnected:true:KICKED:the server closed the connection: Send queue exceeded[Send queue exceeded]");
        events.await("reconnecting:1");
        server.accept().expectLogin("alice").send("ERROR|Too many connections").close();
        // A reconnect that fails this way is retried like any other failed attempt.
        assertThat(events.next()).isEqualTo("reconnecting:2");
    }

    @Test
    void nameTakenOnReconnectIsReportedInsteadOfLooping() throws Exception {
        FakeServer.Peer p = loggedIn("alice", "alice");
        p.close();
        events.await("reconnecting:1");
        server.accept().expectLogin("alice").send("ERROR|Username already taken").close();
        assertThat(events.next()).isEqualTo("rejected:NAME_TAKEN:Username already taken");
        // The client is over: a listener learns it the way it learns of every other end.
        assertThat(events.next()).isEqualTo("disconnected:false:LOGIN_REFUSED:the server refused the name: Username already taken[Username already taken]");
        ClientThreads.assertNoneLeft();
        server.expectNoConnection(Duration.ofMillis(300));
    }

    @Test
    void serverFullOnReconnectIsRetried() throws Exception {
        FakeServer.Peer p = loggedIn("alice", "alice");
        p.close();
        events.await("reconnecting:1");
        server.accept().expectLogin("alice").send("ERROR|Server is full").close();
        assertThat(events.next()).isEqualTo("rejected:SERVER_FULL:Server is full");
        assertThat(events.next()).isEqualTo("reconnecting:2");
        server.accept().expectLogin("alice").send("WELCOME|ok");
        assertThat(events.next()).isEqualTo("reconnected:alice");
    }

    @Test
    void failedReconnectAttemptsBackOffAndGiveUpWhenThePolicySaysSo() throws Exception {
        start(config("alice").withReconnect(ReconnectPolicy.immediate().withMaxAttempts(3)));
        server.accept().expectLogin("alice").send("WELCOME|hi");
        events.await("loggedIn:");
        server.close(); // refuses new connections and drops the open one
        assertThat(events.next()).startsWith("disconnected:true:");
        assertThat(events.next()).isEqualTo("reconnecting:1");
        assertThat(events.next()).isEqualTo("reconnecting:2");
        assertThat(events.next()).isEqualTo("reconnecting:3");
        assertThat(events.next()).isEqualTo("disconnected:false:GAVE_UP:gave up reconnecting after 3 attempts");
        ClientThreads.assertNoneLeft();
    }

    @Test
    void silentServerIsDetectedByThePingCheck() throws Exception {
        start(config("alice").withPing(Duration.ofMillis(200), Duration.ofMillis(300)));
        FakeServer.Peer p = server.accept().expectLogin("alice");
        p.send("CAP|LS|presence", "WELCOME|hi");
        events.await("loggedIn:");
        // The server stalls: it reads but never answers.
        assertThat(p.take()).startsWith("PING|");
        assertThat(events.await("disconnected:")).startsWith("disconnected:true:NO_ANSWER:no answer from the server for");
        server.accept().expectLogin("alice");
    }

    @Test
    void seedStyleServerIsNeverPinged() throws Exception {
        start(config("alice").withPing(Duration.ofMillis(100), Duration.ofMillis(100)));
        FakeServer.Peer p = server.accept().expectLogin("alice");
        p.send("WELCOME|hi");
        events.await("loggedIn:");
        events.expectNothing(Duration.ofMillis(500));
        client.sendPrivate("bob", "marker");
        assertThat(p.take()).isEqualTo("bob|marker");
    }

    @Test
    void slowListenerDoesNotStallTheSocket() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        RecordingListener slow = new RecordingListener() {
            @Override
            public void onMessage(String from, String text) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.onMessage(from, text);
            }
        };
        events = slow;
        FakeServer.Peer p = loggedIn("alice", "alice");
        String[] burst = new String[1000];
        for (int i = 0; i < burst.length; i++) {
            burst[i] = "MSG|bob|m" + i;
        }
        p.send(burst).send("PING|after-burst");
        // The listener is blocked on the first message, yet the reader answers the PING behind them.
        assertThat(p.take()).isEqualTo("PONG|after-burst");
        release.countDown();
        for (int i = 0; i < burst.length; i++) {
            assertThat(events.next()).isEqualTo("msg:bob:m" + i);
        }
    }

    @Test
    void fullSendQueueRefusesInsteadOfBlocking() throws Exception {
        start(config("alice").withSendQueueBytes(70_000));
        FakeServer.Peer p = server.accept().expectLogin("alice");
        p.send("WELCOME|hi");
        events.await("loggedIn:");
        p.stopReading();
        String chunk = "y".repeat(8_000);
        SendResult last = SendResult.QUEUED;
        for (int i = 0; i < 100_000 && last == SendResult.QUEUED; i++) {
            last = client.sendPrivate("bob", chunk);
        }
        assertThat(last).isEqualTo(SendResult.QUEUE_FULL);
        p.resumeReading();
    }

    @Test
    void closeSendsQuitAndEndsEveryThread() throws Exception {
        FakeServer.Peer p = loggedIn("alice", "alice");
        client.sendPrivate("bob", "last words");
        Thread closer = new Thread(client::close);
        closer.start();
        assertThat(p.take()).isEqualTo("bob|last words");
        assertThat(p.take()).isEqualTo("QUIT");
        p.awaitClientEof();
        p.close();
        closer.join(5_000);
        assertThat(closer.isAlive()).isFalse();
        assertThat(events.next()).isEqualTo("disconnected:false:CLOSED:you quit");
        ClientThreads.assertNoneLeft();
        server.expectNoConnection(Duration.ofMillis(200));
    }

    @Test
    void closeDoesNotHangOnAServerThatNeverCloses() throws Exception {
        FakeServer.Peer p = loggedIn("alice", "alice");
        long start = System.nanoTime();
        client.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(p.take()).isEqualTo("QUIT");
    }

    @Test
    void listenerThatThrowsKeepsGettingEvents() throws Exception {
        events = new RecordingListener() {
            @Override
            public void onJoined(String name) {
                super.onJoined(name);
                throw new IllegalStateException("listener bug");
            }
        };
        FakeServer.Peer p = loggedIn("alice", "alice");
        p.send("JOIN|bob", "MSG|bob|after");
        assertThat(events.next()).isEqualTo("joined:bob");
        assertThat(events.next()).isEqualTo("msg:bob:after");
    }
}
