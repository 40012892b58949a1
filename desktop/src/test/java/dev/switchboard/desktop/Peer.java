package dev.switchboard.desktop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.switchboard.client.ChatClient;
import dev.switchboard.client.ChatListener;
import dev.switchboard.client.ClientConfig;
import dev.switchboard.client.Departure;
import dev.switchboard.client.LoginOutcome;
import dev.switchboard.client.Room;
import dev.switchboard.client.SendResult;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Another user of a room test, on the client core without a window: what it hears is recorded as
 * short strings ({@code msg:#rust:alice:hi}, {@code memberLeft:#rust:carol:spam:bob:}) that the
 * test waits for, in order.
 */
final class Peer implements AutoCloseable {

    final ChatClient client;
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    private Peer(ClientConfig config) {
        this.client = new ChatClient(config, new Recorder());
    }

    /** Logs {@code name} in to the desk's server (reconnecting quickly, like the desk's windows). */
    static Peer login(Desk desk, String name) throws Exception {
        Peer p = new Peer(ClientConfig.of("127.0.0.1", desk.port(), name).withReconnect(Desk.FAST));
        assertThat(p.client.connect().get(10, TimeUnit.SECONDS)).isInstanceOf(LoginOutcome.LoggedIn.class);
        return p;
    }

    String name() {
        return client.name();
    }

    /** Joins {@code room} and waits until the server listed its members. */
    Peer join(String room) throws InterruptedException {
        assertThat(client.joinRoom(room)).isEqualTo(SendResult.QUEUED);
        await("joined:" + room + ":");
        return this;
    }

    void say(String room, String text) {
        assertThat(client.sendToRoom(room, text)).isEqualTo(SendResult.QUEUED);
    }

    /** Skips events until one starts with {@code prefix}; returns it. */
    String await(String prefix) throws InterruptedException {
        long end = System.nanoTime() + Gui.TIMEOUT.toNanos();
        StringBuilder skipped = new StringBuilder();
        while (true) {
            long left = end - System.nanoTime();
            String e = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
            if (e == null) {
                fail(client.name() + " heard nothing starting with '" + prefix + "' within " + Gui.TIMEOUT
                        + "; it heard: " + skipped);
            }
            if (e.startsWith(prefix)) {
                return e;
            }
            skipped.append(e).append("; ");
        }
    }

    @Override
    public void close() {
        client.close();
    }

    private final class Recorder implements ChatListener {
        @Override
        public void onRoomJoined(Room room) {
            events.add("joined:" + room.name() + ":" + room.memberList());
        }

        @Override
        public void onRoomMembers(Room room) {
            events.add("members:" + room.name() + ":" + room.memberList());
        }

        @Override
        public void onMemberJoined(String room, String name) {
            events.add("memberJoined:" + room + ":" + name);
        }

        @Override
        public void onMemberLeft(Departure d) {
            events.add("memberLeft:" + d.room() + ":" + d.name() + ":" + d.reason() + ":" + nz(d.kickedBy()) + ":"
                    + nz(d.newOperator()));
        }

        @Override
        public void onRoomLeft(Departure d) {
            events.add("left:" + d.room() + ":" + d.reason() + ":" + nz(d.kickedBy()));
        }

        @Override
        public void onRoomMessage(String room, String from, String text) {
            events.add("msg:" + room + ":" + from + ":" + text);
        }

        @Override
        public void onRoomTopic(String room, String setter, String text) {
            events.add("topic:" + room + ":" + setter + ":" + text);
        }

        @Override
        public void onMessage(String from, String text) {
            events.add("private:" + from + ":" + text);
        }

        @Override
        public void onServerError(String reason) {
            events.add("error:" + reason);
        }

        @Override
        public void onReconnected(String name) {
            events.add("reconnected:" + name);
        }

        private static String nz(String s) {
            return s == null ? "" : s;
        }
    }
}
