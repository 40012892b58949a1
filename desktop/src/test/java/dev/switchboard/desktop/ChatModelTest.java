package dev.switchboard.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
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
