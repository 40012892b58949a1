package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.server.ServerConfig;
import dev.switchboard.server.SwitchboardServer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client core against the real server on an ephemeral loopback port. */
class ChatClientEndToEndTest {

    private SwitchboardServer server;
    private final List<ChatClient> clients = new ArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        server = new SwitchboardServer(ServerConfig.defaults(0).withHost("127.0.0.1")).start();
    }

    @AfterEach
    void stopAll() {
        clients.forEach(ChatClient::close);
        server.stop();
        ClientThreads.assertNoneLeft();
    }

    private ClientConfig config(String name) {
        // A short real backoff: "immediate" would spin while the server is down in the restart test.
        return ClientConfig.of("127.0.0.1", server.port(), name)
                .withReconnect(ReconnectPolicy.backoff(Duration.ofMillis(50), Duration.ofMillis(200), 0));
    }

    private ChatClient client(ClientConfig cfg, RecordingListener events) {
        ChatClient c = new ChatClient(cfg, events);
        clients.add(c);
        return c;
    }

    private ChatClient login(String name, RecordingListener events) throws Exception {
        ChatClient c = client(config(name), events);
        assertThat(c.connect().get(5, TimeUnit.SECONDS)).isInstanceOf(LoginOutcome.LoggedIn.class);
        return c;
    }

    @Test
    void twoUsersChat() throws Exception {
        RecordingListener a = new RecordingListener();
        RecordingListener b = new RecordingListener();
        ChatClient alice = login("alice", a);
        assertThat(a.await("users:")).isEqualTo("users:[alice]");
        assertThat(alice.capabilities()).contains("presence");

        ChatClient bob = login("bob", b);
        assertThat(b.await("users:")).isEqualTo("users:[alice, bob]");
        assertThat(a.await("joined:")).isEqualTo("joined:bob");

        assertThat(alice.sendPrivate("bob", "hi bob | how are you")).isEqualTo(SendResult.QUEUED);
        assertThat(b.await("msg:")).isEqualTo("msg:alice:hi bob | how are you");
        bob.sendToEveryone("hello everyone");
        assertThat(a.await("all:")).isEqualTo("all:bob:hello everyone");
        alice.sendPrivate("carol", "are you there?");
        assertThat(a.await("deliveryFailed:")).isEqualTo("deliveryFailed:carol");

        bob.close();
        assertThat(a.await("left:")).isEqualTo("left:bob");
        assertThat(alice.users()).containsExactly("alice");
    }

    @Test
    void twoUsersInARoomWithTopicKickAndARejoinAfterARestart() throws Exception {
        RecordingListener a = new RecordingListener();
        RecordingListener b = new RecordingListener();
        ChatClient alice = login("alice", a);
        ChatClient bob = login("bob", b);
        // Offered before WELCOME, so known at login; granted (CAP|ACK) a moment later.
        assertThat(alice.roomsAvailable()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> alice.capabilities().contains("rooms"));

        assertThat(alice.joinRoom("#Rust")).isEqualTo(SendResult.QUEUED);
        assertThat(a.await("roomJoined:")).isEqualTo("roomJoined:#Rust:@alice");
        bob.joinRoom("#rust");
        assertThat(b.await("roomJoined:")).isEqualTo("roomJoined:#Rust:@alice,bob");
        assertThat(a.await("memberJoined:")).isEqualTo("memberJoined:#Rust:bob");

        alice.setTopic("#rust", "Ferris | crabs");
        assertThat(b.await("roomTopic:")).isEqualTo("roomTopic:#Rust:alice:Ferris | crabs");
        assertThat(a.await("roomTopic:")).isEqualTo("roomTopic:#Rust:alice:Ferris | crabs");
        bob.sendToRoom("#rust", "hi room");
        assertThat(a.await("roomMsg:")).isEqualTo("roomMsg:#Rust:bob:hi room");
        bob.sendToRoom("#lobby", "hi everyone");
        assertThat(a.await("all:")).isEqualTo("all:bob:hi everyone");
        bob.setTopic("#rust", "mine now");
        assertThat(b.await("serverError:")).isEqualTo("serverError:Not an operator of #rust"); // as asked

        alice.kick("#rust", "bob", "enough");
        assertThat(b.await("roomLeft:")).isEqualTo("roomLeft:#Rust:enough:alice");
        assertThat(a.await("memberLeft:")).isEqualTo("memberLeft:#Rust:bob:enough:alice:null");
        await().atMost(Duration.ofSeconds(5)).until(() -> bob.rooms().isEmpty());
        bob.joinRoom("#rust");
        assertThat(b.await("roomJoined:")).isEqualTo("roomJoined:#Rust:@alice,bob");
        assertThat(b.await("roomTopic:")).isEqualTo("roomTopic:#Rust:alice:Ferris | crabs");

        // The server restarts: both come back into #Rust by themselves, and it works again.
        int port = server.port();
        server.stop();
        a.await("reconnecting:");
        server = new SwitchboardServer(ServerConfig.defaults(port).withHost("127.0.0.1")).start();
        assertThat(a.await("roomJoined:")).startsWith("roomJoined:#");
        assertThat(b.await("roomJoined:")).startsWith("roomJoined:#");
        await().atMost(Duration.ofSeconds(5)).until(() -> alice.room("#rust") != null
                && alice.room("#rust").members().size() == 2 && bob.room("#rust").members().size() == 2);
        alice.sendToRoom("#rust", "back?");
        assertThat(b.await("roomMsg:")).isEqualTo("roomMsg:" + bob.room("#rust").name() + ":alice:back?");
    }

    @Test
    void nameTakenIgnoringCaseAndServerFull() throws Exception {
        login("alice", new RecordingListener());
        LoginOutcome taken = client(config("ALICE"), new RecordingListener()).connect().get(5, TimeUnit.SECONDS);
        assertThat(taken).isEqualTo(new LoginOutcome.Rejected(Rejection.NAME_TAKEN, "Username already taken"));

        server.stop();
        server = new SwitchboardServer(ServerConfig.defaults(0).withHost("127.0.0.1").withMaxClients(1)).start();
        login("first", new RecordingListener());
        LoginOutcome full = client(config("second"), new RecordingListener()).connect().get(5, TimeUnit.SECONDS);
        assertThat(full).isEqualTo(new LoginOutcome.Rejected(Rejection.SERVER_FULL, "Server is full"));
    }

    @Test
    void bothClientsReconnectAfterAServerRestart() throws Exception {
        RecordingListener a = new RecordingListener();
        RecordingListener b = new RecordingListener();
        ChatClient alice = login("alice", a);
        ChatClient bob = login("bob", b);
        a.await("joined:bob");
        int port = server.port();

        server.stop();
        assertThat(a.await("disconnected:")).isEqualTo("disconnected:true:SERVER_SHUTTING_DOWN:the server is shutting down[Server shutting down]");
        assertThat(b.await("disconnected:")).isEqualTo("disconnected:true:SERVER_SHUTTING_DOWN:the server is shutting down[Server shutting down]");
        a.await("reconnecting:");

        server = new SwitchboardServer(ServerConfig.defaults(port).withHost("127.0.0.1")).start();
        a.await("reconnected:alice");
        b.await("reconnected:bob");
        assertThat(a.await("users:")).isIn("users:[alice, bob]", "users:[alice]");
        // Presence is eventually exact whichever of the two logged in first.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> alice.users().equals(List.of("alice", "bob")) && bob.users().equals(List.of("alice", "bob")));
        alice.sendPrivate("bob", "still here?");
        assertThat(b.await("msg:")).isEqualTo("msg:alice:still here?");
    }
}
