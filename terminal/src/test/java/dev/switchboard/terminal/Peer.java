package dev.switchboard.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.switchboard.client.ChatClient;
import dev.switchboard.client.ChatListener;
import dev.switchboard.client.ClientConfig;
import dev.switchboard.client.Departure;
import dev.switchboard.client.LoginOutcome;
import dev.switchboard.client.ReconnectPolicy;
import dev.switchboard.client.Room;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The other side of a terminal test: a client-core user that records what it receives. */
final class Peer implements ChatListener, AutoCloseable {

    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    final ChatClient client;

    Peer(int port, String name) throws Exception {
        client = new ChatClient(ClientConfig.of("127.0.0.1", port, name)
                .withReconnect(ReconnectPolicy.backoff(Duration.ofMillis(50), Duration.ofMillis(200), 0)), this);
        assertThat(client.connect().get(5, TimeUnit.SECONDS)).isInstanceOf(LoginOutcome.LoggedIn.class);
    }

    /** Skips events until one starts with {@code prefix}. */
    String await(String prefix) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            String e = events.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (e == null) {
                fail("no event starting with " + prefix);
            }
            if (e.startsWith(prefix)) {
                return e;
            }
        }
    }

    @Override
    public void onMessage(String from, String text) {
        events.add("msg:" + from + ":" + text);
    }

    @Override
    public void onEveryoneMessage(String from, String text) {
        events.add("all:" + from + ":" + text);
    }

    @Override
    public void onJoined(String name) {
        events.add("joined:" + name);
    }

    @Override
    public void onLeft(String name) {
        events.add("left:" + name);
    }

    @Override
    public void onReconnected(String name) {
        events.add("reconnected:" + name);
    }

    @Override
    public void onRoomJoined(Room room) {
        events.add("roomJoined:" + room.name() + ":" + room.memberList());
    }

    @Override
    public void onMemberJoined(String room, String name) {
        events.add("memberJoined:" + room + ":" + name);
    }

    @Override
    public void onMemberLeft(Departure d) {
        events.add("memberLeft:" + d.room() + ":" + d.name() + ":" + d.reason());
    }

    @Override
    public void onRoomMessage(String room, String from, String text) {
        events.add("roomMsg:" + room + ":" + from + ":" + text);
    }

    @Override
    public void onRoomTopic(String room, String setter, String text) {
        events.add("roomTopic:" + room + ":" + setter + ":" + text);
    }

    @Override
    public void close() {
        client.close();
    }
}
