package dev.switchboard.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.Departure;
import dev.switchboard.client.Room;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The window's model on its own: plain objects, no display needed. */
class ChatModelTest {

    private final ChatModel model = new ChatModel("alice", Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));

    @Test
    void unreadCountsOnlyConversationsNotInFront() {
        model.loggedIn();
        model.users(List.of("alice", "bob", "carol"));
        model.privateMessage("bob", "one");
        model.privateMessage("bob", "two");
        model.everyoneMessage("carol", "hi all");
        assertThat(model.contact("bob").unread()).isEqualTo(2);
        assertThat(model.everyone().unread()).isZero(); // Everyone is in front at start
        assertThat(model.totalUnread()).isEqualTo(2);
        model.select(model.contact("bob"));
        assertThat(model.totalUnread()).isZero();
        model.privateMessage("BOB", "three");
        assertThat(model.contact("bob").unread()).as("names are one contact ignoring case").isZero();
        assertThat(model.contact("bob").messages()).hasSize(3);
    }

    @Test
    void ownNameIsNotAContactAndOfflineContactsWithHistoryStay() {
        model.loggedIn();
        model.users(List.of("Alice", "bob", "dave"));
        assertThat(model.contacts()).extracting(Conversation::name).containsExactlyInAnyOrder("bob", "dave");
        model.privateMessage("bob", "hello");
        model.users(List.of("alice"));
        assertThat(model.contact("dave")).as("no history: removed").isNull();
        assertThat(model.contact("bob").isOnline()).isFalse();
        assertThat(model.contact("bob").last().text()).isEqualTo("bob went offline");
        model.joined("bob");
        assertThat(model.contact("bob").isOnline()).isTrue();
        assertThat(model.contact("bob").last().text()).isEqualTo("bob is back online");
    }

    @Test
    void deliveryFailuresMarkOwnMessagesNewestFirst() {
        model.loggedIn();
        model.users(List.of("alice", "bob"));
        Conversation bob = model.contact("bob");
        ChatMessage a = model.sent(bob, "a");
        ChatMessage b = model.sent(bob, "b");
        model.deliveryFailed("bob");
        assertThat(b.failure()).isEqualTo("bob is not online");
        assertThat(a.failure()).isNull();
        model.deliveryFailed("bob");
        assertThat(a.failure()).isEqualTo("bob is not online");
        model.deliveryFailed("bob");
        assertThat(bob.last().kind()).isEqualTo(ChatMessage.Kind.NOTE);
    }

    private static Room room(String name, String... members) {
        List<String> names = new ArrayList<>();
        List<String> ops = new ArrayList<>();
        for (String m : members) {
            names.add(m.replace("@", ""));
            if (m.startsWith("@")) {
                ops.add(m.substring(1));
            }
        }
        return new Room(name, names, ops, "", "");
    }

    private static List<String> texts(Conversation c) {
        return c.messages().stream().map(ChatMessage::text).toList();
    }

    @Test
    void roomsAreConversationsListedAfterEveryoneWithUnreadAndMembersInJoinOrder() {
        model.loggedIn();
        model.users(List.of("alice", "bob", "carol"));
        List<String> joined = new ArrayList<>();
        model.addListener(new ChatModel.Listener() {
            @Override
            public void roomJoined(Conversation c, boolean asked) {
                joined.add(c.name() + (asked ? " asked" : ""));
            }
        });
        model.joinRequested("#Rust");
        model.roomJoined(room("#Rust", "@bob", "alice"));
        model.roomJoined(room("#go", "@alice"));
        assertThat(joined).containsExactly("#Rust asked", "#go");
        Conversation rust = model.room("#rust");
        assertThat(rust.isRoom()).isTrue();
        assertThat(rust.key()).isEqualTo("#rust");
        assertThat(model.sortedRooms()).extracting(Conversation::name).containsExactly("#go", "#Rust");
        assertThat(model.joinedRooms()).containsExactly("#Rust", "#go");

        model.roomMessage("#RUST", "bob", "hi");
        model.roomMessage("#rust", "bob", "there");
        assertThat(rust.unread()).isEqualTo(2);
        assertThat(model.totalUnread()).isEqualTo(2);
        assertThat(rust.last().sender()).isEqualTo("bob");

        model.memberJoined("#rust", "carol");
        assertThat(rust.members()).containsExactly("bob", "alice", "carol");
        model.memberLeft(new Departure("#rust", "bob", "lunch", null, "alice"));
        assertThat(rust.members()).containsExactly("alice", "carol");
        assertThat(rust.isOperator("alice")).isTrue();
        assertThat(texts(rust)).endsWith("carol joined", "bob left (lunch)",
                "You are now the operator of #Rust: you may set the topic and kick");
        model.memberLeft(new Departure("#rust", "carol", "spam", "alice", null));
        assertThat(rust.last().text()).isEqualTo("carol was kicked by alice (spam)");
        assertThat(rust.unread()).as("notes are not unread").isEqualTo(2);
    }

    @Test
    void theTopicAfterAJoinIsShownOnceAndChangesAreNoted() {
        model.loggedIn();
        model.roomJoined(room("#design", "@bob", "alice"));
        Conversation design = model.room("#design");
        model.roomTopic("#design", "bob", "Mockups by Friday");
        assertThat(texts(design)).containsExactly("Topic: Mockups by Friday (set by bob)");
        model.roomTopic("#design", "bob", "Mockups by Monday");
        model.roomTopic("#design", "bob", "");
        assertThat(texts(design)).endsWith("bob set the topic: Mockups by Monday", "bob cleared the topic");

        // Joined again after a reconnect, with the topic it had: nothing new to say.
        model.roomTopic("#design", "bob", "Mockups by Monday");
        model.roomJoined(room("#design", "@bob", "alice"));
        int before = design.messages().size();
        model.roomTopic("#design", "bob", "Mockups by Monday");
        assertThat(design.messages()).hasSize(before);
        assertThat(design.topic()).isEqualTo("Mockups by Monday");
        model.roomTopic("#design", "alice", "Ours");
        assertThat(design.last().text()).isEqualTo("You set the topic: Ours");
    }

    @Test
    void leavingHidesARoomAndAKickKeepsItListedNotJoined() {
        model.loggedIn();
        model.roomJoined(room("#a", "@alice"));
        model.roomJoined(room("#b", "@bob", "alice"));
        Conversation a = model.room("#a");
        Conversation b = model.room("#b");
        model.select(a);
        model.leaveRequested(a);
        model.roomLeft(new Departure("#a", "alice", "", null, null));
        assertThat(a.isListed()).isFalse();
        assertThat(a.isJoined()).isFalse();
        assertThat(model.selected()).as("Everyone comes to the front").isSameAs(model.everyone());

        model.roomLeft(new Departure("#b", "alice", "be nice", "bob", null));
        assertThat(b.isListed()).isTrue();
        assertThat(b.isJoined()).isFalse();
        assertThat(b.members()).isEmpty();
        assertThat(b.last().text()).isEqualTo("You were kicked from #b by bob (be nice)");
        assertThat(model.sortedRooms()).containsExactly(b);
        model.unlist(b);
        assertThat(model.sortedRooms()).isEmpty();

        // Rooms taken away by a server without them stay listed, saying so.
        model.roomJoined(room("#c", "@alice"));
        model.roomLeft(new Departure("#c", "alice", "the server no longer offers rooms", null, null));
        assertThat(model.room("#c").isListed()).isTrue();
        assertThat(model.room("#c").last().text()).isEqualTo("You are no longer in #c (the server no longer offers rooms)");
    }

    @Test
    void serverErrorsGoWhereTheyBelong() {
        model.loggedIn();
        model.roomJoined(room("#ops", "@bob", "alice"));
        List<String> failed = new ArrayList<>();
        model.addListener(new ChatModel.Listener() {
            @Override
            public void joinFailed(String room, String why) {
                failed.add(room + ": " + why);
            }
        });
        model.serverError("Not an operator of #ops");
        assertThat(model.room("#ops").last().text()).startsWith("Not done: only an operator of #ops");
        model.joinRequested("#x");
        model.serverError("Invalid room name");
        assertThat(failed).containsExactly("#x: The server refused the name \u201c#x\u201d: Invalid room name.");
        assertThat(model.joinPending("#x")).isFalse();
        model.joinSettled("#x", true);
        assertThat(failed).as("settled once").hasSize(1);
        model.joinRequested("#y");
        model.joinSettled("#y", true);
        assertThat(failed).last().isEqualTo("#y: The server did not answer the join.");
        model.serverError("Line too long");
        assertThat(model.everyone().last().text()).isEqualTo("Server: Line too long");
    }

    @Test
    void disconnectMarksEveryoneOfflineUntilTheNextList() {
        model.loggedIn();
        model.users(List.of("alice", "bob"));
        model.privateMessage("bob", "x");
        model.disconnected("server gone", true);
        assertThat(model.status().state()).isEqualTo(ConnectionStatus.State.RECONNECTING);
        assertThat(model.status().canSend()).isFalse();
        assertThat(model.contact("bob").isOnline()).isFalse();
        model.reconnecting(java.time.Duration.ofSeconds(3), 1);
        assertThat(model.status().retryAt()).isEqualTo(Instant.EPOCH.plusSeconds(3));
        model.reconnected();
        model.users(List.of("alice", "bob"));
        assertThat(model.status().canSend()).isTrue();
        assertThat(model.contact("bob").isOnline()).isTrue();
    }
}
