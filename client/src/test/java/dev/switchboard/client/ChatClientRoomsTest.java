package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Rooms in the client core, on lines fed without a socket ({@link FeedTransport}). */
class ChatClientRoomsTest {

    private final FeedTransport transport = new FeedTransport();
    private final RecordingListener events = new RecordingListener();
    private ChatClient client;

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
        ClientThreads.assertNoneLeft();
    }

    private void feed(String... lines) {
        for (String l : lines) {
            client.processLine(l);
        }
    }

    /** Logs in against a server whose CAP|LS says {@code caps}; takes every line the client sent. */
    private FeedTransport.Connection loggedIn(String caps) throws Exception {
        client = new ChatClient(ClientConfig.of("server.test", 5555, "alice")
                .withTransport(transport)
                .withReconnect(ReconnectPolicy.immediate())
                .withCloseTimeout(Duration.ofMillis(300)), events);
        client.connect();
        FeedTransport.Connection c = transport.next().expectLogin("alice");
        login(c, caps);
        assertThat(events.next()).isEqualTo("loggedIn:alice:hi");
        assertThat(events.next()).isEqualTo("users:[alice, bob, carol]");
        return c;
    }

    private void login(FeedTransport.Connection c, String caps) throws Exception {
        feed("CAP|LS|" + caps);
        if (caps.contains("rooms")) {
            assertThat(c.take()).isEqualTo("CAP|REQ|rooms");
        }
        feed("CAP|ACK|presence", "WELCOME|hi");
        if (caps.contains("rooms")) {
            feed("CAP|ACK|rooms");
        }
        feed("USERS|alice,bob,carol");
    }

    /** Logged in, and in #Rust with bob (its operator) and carol. */
    private FeedTransport.Connection inRust() throws Exception {
        FeedTransport.Connection c = loggedIn("presence,rooms");
        assertThat(client.joinRoom("#rust")).isEqualTo(SendResult.QUEUED);
        assertThat(c.take()).isEqualTo("JOIN|#rust");
        feed("USERS|#Rust|@bob,carol,alice", "TOPIC|#Rust|bob|Ferris says hi");
        assertThat(events.next()).isEqualTo("roomJoined:#Rust:@bob,carol,alice");
        assertThat(events.next()).isEqualTo("roomTopic:#Rust:bob:Ferris says hi");
        return c;
    }

    @Test
    void asksForRoomsOnlyWhenOffered() throws Exception {
        FeedTransport.Connection c = loggedIn("presence");
        c.expectNothing(Duration.ofMillis(100));
        assertThat(client.roomsAvailable()).isFalse();
        assertThat(client.joinRoom("#rust")).isEqualTo(SendResult.NOT_SUPPORTED);
        // The lobby is everyone: a message to it is ALL|, which needs no capability.
        assertThat(client.sendToRoom("#lobby", "hello all")).isEqualTo(SendResult.QUEUED);
        assertThat(c.take()).isEqualTo("ALL|hello all");
    }

    @Test
    void asksForHeartbeatAndRoomsInOneRequest() throws Exception {
        client = new ChatClient(ClientConfig.of("server.test", 5555, "alice").withTransport(transport), events);
        client.connect();
        FeedTransport.Connection c = transport.next().expectLogin("alice");
        feed("CAP|LS|presence,heartbeat,rooms");
        assertThat(c.take()).isEqualTo("CAP|REQ|heartbeat,rooms");
        feed("CAP|ACK|presence", "WELCOME|hi", "CAP|ACK|heartbeat,rooms");
        events.await("loggedIn:");
        assertThat(client.roomsAvailable()).isTrue();
        assertThat(client.capabilities()).containsExactlyInAnyOrder("presence", "heartbeat", "rooms");
    }

    @Test
    void joinsAndKeepsTheRoomWithItsMembersOperatorsAndTopic() throws Exception {
        inRust();
        Room rust = client.room("#RUST");
        assertThat(rust).isNotNull();
        assertThat(rust.name()).isEqualTo("#Rust");
        assertThat(rust.members()).containsExactly("bob", "carol", "alice");
        assertThat(rust.operators()).containsExactly("bob");
        assertThat(rust.topic()).isEqualTo("Ferris says hi");
        assertThat(rust.topicSetter()).isEqualTo("bob");
        assertThat(client.rooms()).extracting(Room::name).containsExactly("#Rust");
        assertThat(client.room("#lobby")).isNull();

        feed("JOIN|#rust|dave", "MSG|#Rust|dave|hi all | everyone", "TOPIC|#Rust|bob|new topic");
        assertThat(events.next()).isEqualTo("memberJoined:#Rust:dave");
        assertThat(events.next()).isEqualTo("roomMsg:#Rust:dave:hi all | everyone");
        assertThat(events.next()).isEqualTo("roomTopic:#Rust:bob:new topic");
        assertThat(client.room("#rust").members()).containsExactly("bob", "carol", "alice", "dave");
        assertThat(client.room("#rust").topic()).isEqualTo("new topic");

        feed("LEAVE|#Rust|dave|quit: off to lunch", "LEAVE|#Rust|carol");
        assertThat(events.next()).isEqualTo("memberLeft:#Rust:dave:quit: off to lunch:null:null");
        assertThat(events.next()).isEqualTo("memberLeft:#Rust:carol::null:null");
        assertThat(client.room("#rust").members()).containsExactly("bob", "alice");
    }

    @Test
    void whenTheOperatorLeavesTheMemberPresentLongestTakesOver() throws Exception {
        inRust();
        feed("LEAVE|#Rust|bob|bye");
        assertThat(events.next()).isEqualTo("memberLeft:#Rust:bob:bye:null:carol");
        assertThat(client.room("#rust").operators()).containsExactly("carol");
        assertThat(client.room("#rust").memberList()).isEqualTo("@carol,alice");
    }

    @Test
    void aKickSaysWhoAndWhyAndAFakeOneIsJustALeave() throws Exception {
        inRust();
        feed("LEAVE|#Rust|carol|Kicked by bob: spam: again");
        assertThat(events.next()).isEqualTo("memberLeft:#Rust:carol:spam: again:bob:null");
        feed("JOIN|#Rust|dave", "LEAVE|#Rust|dave|Kicked by carol: not really");
        events.await("memberJoined:");
        // carol is no operator (and gone): anyone may leave with such a reason.
        assertThat(events.next()).isEqualTo("memberLeft:#Rust:dave:Kicked by carol: not really:null:null");

        feed("LEAVE|#Rust|alice|Kicked by bob");
        assertThat(events.next()).isEqualTo("roomLeft:#Rust::bob");
        assertThat(client.rooms()).isEmpty();
        // Lines about a room we are no longer in change nothing.
        feed("JOIN|#Rust|erin");
        assertThat(client.rooms()).isEmpty();
    }

    @Test
    void leavingEndsTheRoom() throws Exception {
        FeedTransport.Connection c = inRust();
        assertThat(client.leaveRoom("#rust", "see you")).isEqualTo(SendResult.QUEUED);
        assertThat(c.take()).isEqualTo("LEAVE|#rust|see you");
        feed("LEAVE|#Rust|alice|see you");
        assertThat(events.next()).isEqualTo("roomLeft:#Rust:see you:null");
        assertThat(client.room("#rust")).isNull();
    }

    @Test
    void membersOfARoomWeAreNotInAndOfTheLobbyAreAnswersOnly() throws Exception {
        FeedTransport.Connection c = loggedIn("presence,rooms");
        assertThat(client.requestRoomMembers("#go")).isEqualTo(SendResult.QUEUED);
        assertThat(c.take()).isEqualTo("USERS|#go");
        feed("USERS|#go|@bob,carol", "USERS|#lobby|alice,bob,carol", "TOPIC|#go||");
        assertThat(events.next()).isEqualTo("roomMembers:#go:@bob,carol");
        assertThat(events.next()).isEqualTo("roomMembers:#lobby:alice,bob,carol");
        assertThat(events.next()).isEqualTo("roomTopic:#go::");
        assertThat(client.rooms()).isEmpty();
    }

    @Test
    void joiningARoomAgainRefreshesItsMembers() throws Exception {
        inRust();
        feed("USERS|#Rust|@bob,carol,alice,dave");
        assertThat(events.next()).isEqualTo("roomMembers:#Rust:@bob,carol,alice,dave");
        assertThat(client.room("#rust").members()).hasSize(4);
        assertThat(client.room("#rust").topic()).isEqualTo("Ferris says hi");
    }

    @Test
    void everyRoomCommandIsOneLine() throws Exception {
        FeedTransport.Connection c = inRust();
        assertThat(client.sendToRoom("#Rust", "hello | all")).isEqualTo(SendResult.QUEUED);
        assertThat(client.leaveRoom("#rust", "")).isEqualTo(SendResult.QUEUED);
        assertThat(client.setTopic("#rust", "a | topic")).isEqualTo(SendResult.QUEUED);
        assertThat(client.requestTopic("#rust")).isEqualTo(SendResult.QUEUED);
        assertThat(client.kick("#rust", "carol", "spam")).isEqualTo(SendResult.QUEUED);
        assertThat(client.kick("#rust", "carol", "")).isEqualTo(SendResult.QUEUED);
        assertThat(client.requestRoomMembers("#rust")).isEqualTo(SendResult.QUEUED);
        assertThat(c.take()).isEqualTo("#Rust|hello | all");
        assertThat(c.take()).isEqualTo("LEAVE|#rust");
        assertThat(c.take()).isEqualTo("TOPIC|#rust|a | topic");
        assertThat(c.take()).isEqualTo("TOPIC|#rust");
        assertThat(c.take()).isEqualTo("KICK|#rust|carol|spam");
        assertThat(c.take()).isEqualTo("KICK|#rust|carol");
        assertThat(c.take()).isEqualTo("USERS|#rust");

        assertThat(client.joinRoom("rust")).isEqualTo(SendResult.INVALID_TARGET);
        assertThat(client.joinRoom("#two words")).isEqualTo(SendResult.INVALID_TARGET);
        assertThat(client.joinRoom("#")).isEqualTo(SendResult.INVALID_TARGET);
        assertThat(client.sendToRoom("bob", "x")).isEqualTo(SendResult.INVALID_TARGET);
        assertThat(client.kick("#rust", "two words", "")).isEqualTo(SendResult.INVALID_TARGET);
        assertThat(client.sendToRoom("#rust", "two\nlines")).isEqualTo(SendResult.INVALID_TEXT);
        assertThat(client.leaveRoom("#rust", "nul\0")).isEqualTo(SendResult.INVALID_TEXT);
        assertThat(client.sendToRoom("#rust", "x".repeat(70_000))).isEqualTo(SendResult.TOO_LONG);
        assertThat(client.maxTextBytes("#rust")).isEqualTo(client.config().maxLineBytes() - "#rust|".length());
        assertThat(client.maxTextBytes("#lobby")).isEqualTo(client.config().maxLineBytes() - "ALL|".length());
        // A private message is never sent to a room by mistake.
        assertThat(client.sendPrivate("#rust", "x")).isEqualTo(SendResult.INVALID_TARGET);
    }

    @Test
    void roomErrorsAreServerErrors() throws Exception {
        inRust();
        feed("ERROR|Not an operator of #Rust", "ERROR|Nobody leaves #lobby");
        assertThat(events.next()).isEqualTo("serverError:Not an operator of #Rust");
        assertThat(events.next()).isEqualTo("serverError:Nobody leaves #lobby");
    }

    @Test
    void theRoomsAreJoinedAgainAfterAReconnectBeforeAnythingElse() throws Exception {
        FeedTransport.Connection c = inRust();
        c.close();
        assertThat(events.next()).startsWith("disconnected:true:SERVER_CLOSED");
        assertThat(events.next()).isEqualTo("reconnecting:1");
        // While away, the room is kept as it was.
        assertThat(client.room("#rust").members()).containsExactly("bob", "carol", "alice");

        FeedTransport.Connection again = transport.next().expectLogin("alice");
        login(again, "presence,rooms");
        assertThat(again.take()).isEqualTo("JOIN|#Rust");
        assertThat(events.next()).isEqualTo("reconnected:alice");
        feed("USERS|#Rust|@bob,alice");
        assertThat(events.await("roomJoined:")).isEqualTo("roomJoined:#Rust:@bob,alice");
        assertThat(client.room("#rust").members()).containsExactly("bob", "alice");
        assertThat(client.room("#rust").topic()).isEmpty(); // until the server says it again
    }

    @Test
    void roomsAreGoneAfterAReconnectToAServerWithoutThem() throws Exception {
        FeedTransport.Connection c = inRust();
        c.close();
        events.await("reconnecting:1");
        FeedTransport.Connection again = transport.next().expectLogin("alice");
        login(again, "presence");
        assertThat(events.next()).isEqualTo("reconnected:alice");
        assertThat(events.next()).isEqualTo("roomLeft:#Rust:the server no longer offers rooms:null");
        assertThat(client.rooms()).isEmpty();
        again.expectNothing(Duration.ofMillis(100));
    }
}
