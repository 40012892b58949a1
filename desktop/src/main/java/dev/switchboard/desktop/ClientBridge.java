package dev.switchboard.desktop;

import dev.switchboard.client.ChatListener;
import dev.switchboard.client.Departure;
import dev.switchboard.client.Disconnect;
import dev.switchboard.client.Rejection;
import dev.switchboard.client.Room;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javax.swing.SwingUtilities;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only way network events reach Swing. The client core calls this listener on its event
 * thread; each call becomes a task on a lock-free queue, and one {@code invokeLater} drains the
 * queue on the EDT into the {@link ChatModel}.
 *
 * <p>Why a queue and not one {@code invokeLater} per event: a flood of messages then costs the
 * EDT a few drains instead of thousands of separate events, and each drain stops after
 * {@link #DRAIN_BUDGET_NANOS} and re-posts itself, so paints, clicks and typing get their turn
 * between batches and the EDT never stalls, however much arrives.
 */
final class ClientBridge implements ChatListener {

    private static final Logger log = LoggerFactory.getLogger(ClientBridge.class);

    /**
     * Eight milliseconds of model updates per drain: half a frame at 60 Hz, so the window keeps
     * painting smoothly while a flood is worked off, and far under the 100 ms a person notices.
     */
    static final long DRAIN_BUDGET_NANOS = TimeUnit.MILLISECONDS.toNanos(8);

    private final ChatModel model;
    private final ConcurrentLinkedQueue<Consumer<ChatModel>> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    ClientBridge(ChatModel model) {
        this.model = model;
    }

    // ---- client event thread ----------------------------------------------------------------

    /**
     * Queues {@code task} for the EDT behind every event reported so far. Any thread; the client's
     * event thread keeps the order of the server's lines (a join's settling follows its answer).
     */
    void post(Consumer<ChatModel> task) {
        pending.add(task);
        if (scheduled.compareAndSet(false, true)) {
            SwingUtilities.invokeLater(this::drain);
        }
    }

    @Override
    public void onLoggedIn(String name, String welcome) {
        post(ChatModel::loggedIn);
    }

    @Override
    public void onRejected(Rejection reason, String serverText) {
        // A first-login refusal is shown by the login dialog; this one came during a reconnect.
        // The client core retries only SERVER_FULL; any other refusal ends it, and onDisconnected
        // (which follows) says so.
        post(m -> {
            if (m.status().state() != ConnectionStatus.State.CONNECTING && reason == Rejection.SERVER_FULL) {
                m.refusedOnReconnect(serverText);
            }
        });
    }

    @Override
    public void onUsers(List<String> users) {
        post(m -> m.users(users));
    }

    @Override
    public void onJoined(String name) {
        post(m -> m.joined(name));
    }

    @Override
    public void onLeft(String name) {
        post(m -> m.left(name));
    }

    @Override
    public void onMessage(String from, String text) {
        post(m -> m.privateMessage(from, text));
    }

    @Override
    public void onEveryoneMessage(String from, String text) {
        post(m -> m.everyoneMessage(from, text));
    }

    @Override
    public void onDeliveryFailed(String target) {
        post(m -> m.deliveryFailed(target));
    }

    @Override
    public void onServerError(String reason) {
        post(m -> m.serverError(reason));
    }

    @Override
    public void onDisconnected(Disconnect why, boolean willReconnect) {
        post(m -> {
            if (m.status().state() != ConnectionStatus.State.CONNECTING) {
                m.disconnected(why.description(), willReconnect);
            }
        });
    }

    @Override
    public void onReconnecting(Duration delay, int attempt) {
        post(m -> m.reconnecting(delay, attempt));
    }

    @Override
    public void onReconnected(String name) {
        post(ChatModel::reconnected);
    }

    @Override
    public void onRoomJoined(Room room) {
        post(m -> m.roomJoined(room));
    }

    @Override
    public void onRoomMembers(Room room) {
        post(m -> m.roomMembers(room));
    }

    @Override
    public void onMemberJoined(String room, String name) {
        post(m -> m.memberJoined(room, name));
    }

    @Override
    public void onMemberLeft(Departure departure) {
        post(m -> m.memberLeft(departure));
    }

    @Override
    public void onRoomLeft(Departure departure) {
        post(m -> m.roomLeft(departure));
    }

    @Override
    public void onRoomMessage(String room, String from, String text) {
        post(m -> m.roomMessage(room, from, text));
    }

    @Override
    public void onRoomTopic(String room, String setter, String text) {
        post(m -> m.roomTopic(room, setter, text));
    }

    // ---- EDT --------------------------------------------------------------------------------

    private void drain() {
        long deadline = System.nanoTime() + DRAIN_BUDGET_NANOS;
        Consumer<ChatModel> task;
        while ((task = pending.poll()) != null) {
            try {
                task.accept(model);
            } catch (RuntimeException e) {
                log.warn("a network event failed to update the window", e);
            }
            if (System.nanoTime() - deadline > 0 && !pending.isEmpty()) {
                model.flush();
                SwingUtilities.invokeLater(this::drain); // still scheduled: let other events run first
                return;
            }
        }
        model.flush();
        scheduled.set(false);
        if (!pending.isEmpty() && scheduled.compareAndSet(false, true)) {
            SwingUtilities.invokeLater(this::drain);
        }
    }
}
