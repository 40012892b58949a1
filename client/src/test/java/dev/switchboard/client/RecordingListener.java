package dev.switchboard.client;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Records every listener call as a short string ({@code msg:bob:hi},
 * {@code disconnected:true:KICKED:the server closed the connection: Excess flood[Excess flood]})
 * so tests can assert the
 * order of events; also records which thread made each call.
 */
class RecordingListener implements ChatListener {

    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    final ConcurrentLinkedQueue<String> threads = new ConcurrentLinkedQueue<>();

    void record(String event) {
        threads.add(Thread.currentThread().getName());
        events.add(event);
    }

    /** The next event, whatever it is. */
    String next() throws InterruptedException {
        String e = events.poll(FakeServer.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (e == null) {
            fail("no event within " + FakeServer.WAIT);
        }
        return e;
    }

    /** Skips events until one starts with {@code prefix}; returns it. */
    String await(String prefix) throws InterruptedException {
        long end = System.nanoTime() + FakeServer.WAIT.toNanos();
        StringBuilder skipped = new StringBuilder();
        while (true) {
            long left = end - System.nanoTime();
            String e = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
            if (e == null) {
                fail("no event starting with '" + prefix + "' within " + FakeServer.WAIT + "; skipped: " + skipped);
            }
            if (e.startsWith(prefix)) {
                return e;
            }
            skipped.append(e).append("; ");
        }
    }

    /** Asserts no event arrives within {@code d}. */
    void expectNothing(Duration d) throws InterruptedException {
        String e = events.poll(d.toMillis(), TimeUnit.MILLISECONDS);
        if (e != null) {
            fail("unexpected event " + e);
        }
    }

    @Override
    public void onLoggedIn(String name, String welcome) {
        record("loggedIn:" + name + ":" + welcome);
    }

    @Override
    public void onRejected(Rejection reason, String serverText) {
        record("rejected:" + reason + ":" + serverText);
    }

    @Override
    public void onUsers(List<String> users) {
        record("users:" + users);
    }

    @Override
    public void onJoined(String name) {
        record("joined:" + name);
    }

    @Override
    public void onLeft(String name) {
        record("left:" + name);
    }

    @Override
    public void onMessage(String from, String text) {
        record("msg:" + from + ":" + text);
    }

    @Override
    public void onEveryoneMessage(String from, String text) {
        record("all:" + from + ":" + text);
    }

    @Override
    public void onDeliveryFailed(String target) {
        record("deliveryFailed:" + target);
    }

    @Override
    public void onServerError(String reason) {
        record("serverError:" + reason);
    }

    @Override
    public void onDisconnected(Disconnect why, boolean willReconnect) {
        record("disconnected:" + willReconnect + ":" + why.cause() + ":" + why.description()
                + (why.serverText().isEmpty() ? "" : "[" + why.serverText() + "]"));
    }

    @Override
    public void onReconnecting(Duration delay, int attempt) {
        record("reconnecting:" + attempt);
    }

    @Override
    public void onReconnected(String name) {
        record("reconnected:" + name);
    }

    @Override
    public void onRoomJoined(Room room) {
        record("roomJoined:" + room.name() + ":" + room.memberList());
    }

    @Override
    public void onRoomMembers(Room room) {
        record("roomMembers:" + room.name() + ":" + room.memberList());
    }

    @Override
    public void onMemberJoined(String room, String name) {
        record("memberJoined:" + room + ":" + name);
    }

    @Override
    public void onMemberLeft(Departure d) {
        record("memberLeft:" + d.room() + ":" + d.name() + ":" + d.reason() + ":" + d.kickedBy() + ":" + d.newOperator());
    }

    @Override
    public void onRoomLeft(Departure d) {
        record("roomLeft:" + d.room() + ":" + d.reason() + ":" + d.kickedBy());
    }

    @Override
    public void onRoomMessage(String room, String from, String text) {
        record("roomMsg:" + room + ":" + from + ":" + text);
    }

    @Override
    public void onRoomTopic(String room, String setter, String text) {
        record("roomTopic:" + room + ":" + setter + ":" + text);
    }
}
