package dev.switchboard.desktop;

import dev.switchboard.client.ChatClient;
import dev.switchboard.client.ClientConfig;
import dev.switchboard.client.LoginOutcome;
import dev.switchboard.client.SendResult;
import dev.switchboard.client.SyncResult;
import dev.switchboard.protocol.ClientMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One login of the desktop client: a {@link ChatClient}, the {@link ChatModel} it feeds through a
 * {@link ClientBridge}, and sending. {@link ChatClient#connect()} and {@link ChatClient#close()}
 * do their I/O on the client's own threads or on a helper thread, never on the EDT.
 */
final class ChatSession {

    private static final Logger log = LoggerFactory.getLogger(ChatSession.class);

    private final ChatModel model;
    private final ClientBridge bridge;
    private final ChatClient client;

    ChatSession(ClientConfig config, ChatModel model) {
        this.model = model;
        this.bridge = new ClientBridge(model);
        this.client = new ChatClient(config, bridge);
    }

    /** A new session for the same user and model, for logging in again after the client gave up. */
    ChatSession again() {
        return new ChatSession(client.config(), model);
    }

    ChatModel model() {
        return model;
    }

    ClientConfig config() {
        return client.config();
    }

    /** Starts connecting; the future completes on a client thread, never on the EDT. */
    CompletableFuture<LoginOutcome> connect() {
        return client.connect();
    }

    /**
     * What became of a draft: {@code problem} is null when every line was queued, else why the
     * first one that was not was refused; {@code rest} is what stays in the box (the lines not sent).
     */
    record Outcome(String problem, String rest) {}

    /**
     * Sends what the user typed to {@code c}: one protocol message per line (the protocol carries
     * no line breaks), blank lines dropped. A line over the server's limit stops the whole draft
     * before anything is sent, so fixing it and pressing Enter again sends nothing twice. EDT
     * only; never blocks.
     */
    Outcome send(Conversation c, String typed) {
        List<String> lines = new ArrayList<>();
        for (String line : typed.split("\\R")) {
            if (!line.isBlank()) {
                lines.add(line.stripTrailing());
            }
        }
        int limit = textLimitBytes(c);
        for (String line : lines) {
            int bytes = line.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > limit) {
                return new Outcome(tooLong(limit, bytes, lines.size() > 1), typed);
            }
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            SendResult r = c.isEveryone() ? client.sendToEveryone(line)
                    : c.isRoom() ? client.sendToRoom(c.name(), line) : client.sendPrivate(c.name(), line);
            if (r != SendResult.QUEUED) {
                model.flush();
                return new Outcome(explain(r), String.join("\n", lines.subList(i, lines.size())));
            }
            model.sent(c, line);
        }
        model.flush();
        return new Outcome(null, "");
    }

    // ---- rooms: every method is EDT only and never blocks; the server answers with events -----

    /** Whether the server of this connection offers rooms (false while not online). */
    boolean roomsAvailable() {
        return client.roomsAvailable();
    }

    /**
     * Asks to join {@code room} (a valid name, not {@code #lobby}) for the user: the model opens it
     * once joined, or reports {@link ChatModel.Listener#joinFailed}. A barrier behind the JOIN
     * ({@link ChatClient#sync()}) settles a join the server answered with nothing we knew.
     *
     * @return null when the JOIN was queued, else why not, in words
     */
    String join(String room) {
        SendResult r = client.joinRoom(room);
        if (r != SendResult.QUEUED) {
            return explainRoom(r);
        }
        model.joinRequested(room);
        client.sync().whenComplete((result, error) -> {
            // On the client's event thread, after every event of the lines before the barrier.
            if (result == SyncResult.CONFIRMED || result == SyncResult.CONNECTION_LOST) {
                bridge.post(m -> m.joinSettled(room, result == SyncResult.CONFIRMED));
            }
        });
        return null;
    }

    /** Joins the remembered rooms at login, without opening them; one that cannot be joined is logged. */
    void joinRemembered(List<String> rooms) {
        for (String room : rooms) {
            SendResult r = client.joinRoom(room);
            if (r != SendResult.QUEUED) {
                log.info("could not join remembered room {}: {}", room, r);
            }
        }
    }

    /** Leaves room {@code c}; null when the LEAVE was queued, else why not. */
    String leave(Conversation c) {
        SendResult r = client.leaveRoom(c.name(), "");
        if (r != SendResult.QUEUED) {
            return explainRoom(r);
        }
        model.leaveRequested(c);
        return null;
    }

    /** Sets the topic of room {@code c} (empty clears it); null when queued, else why not. */
    String setTopic(Conversation c, String text) {
        SendResult r = client.setTopic(c.name(), text);
        return r == SendResult.QUEUED ? null : explainRoom(r);
    }

    /** Kicks {@code name} from room {@code c} with {@code reason} (may be empty); null when queued, else why not. */
    String kick(Conversation c, String name, String reason) {
        SendResult r = client.kick(c.name(), name, reason);
        return r == SendResult.QUEUED ? null : explainRoom(r);
    }

    private static String explainRoom(SendResult r) {
        return switch (r) {
            case QUEUED -> null;
            case NOT_ONLINE -> "You are offline: this can be done once the connection is back.";
            case NOT_SUPPORTED -> "This server does not offer rooms.";
            case QUEUE_FULL -> "Sending faster than the connection carries: wait a moment and try again.";
            case TOO_LONG -> "That is too long for the server's line limit.";
            case INVALID_TARGET -> "That is not a valid room or user name.";
            case INVALID_TEXT -> "The text holds a character the protocol cannot carry.";
        };
    }

    /**
     * The most UTF-8 bytes of text one message to {@code c} can carry: the server's line limit
     * less what goes in front of the text on the wire ({@code name|}, {@code #room|} or {@code ALL|}).
     */
    int textLimitBytes(Conversation c) {
        ClientMessage empty = c.isEveryone() ? new ClientMessage.Everyone("") : new ClientMessage.Private(c.name(), "");
        return client.config().maxLineBytes() - empty.encode().getBytes(StandardCharsets.UTF_8).length;
    }

    private static String tooLong(int limit, int bytes, boolean severalLines) {
        return String.format(Locale.ROOT, "Too long to send: a message holds at most %,d bytes of text, this %s has %,d "
                + "(letters beyond English take 2-4 bytes). Nothing was sent; shorten it or split it into lines.",
                limit, severalLines ? "line" : "one", bytes);
    }

    private static String explain(SendResult r) {
        return switch (r) {
            case QUEUED -> null;
            case NOT_ONLINE -> "Not connected: the message was not sent.";
            case QUEUE_FULL -> "Sending faster than the connection carries: wait a moment and try again.";
            case TOO_LONG -> "That message is too long for the server; split it into shorter ones.";
            case INVALID_TARGET -> "That contact's name cannot receive messages.";
            case INVALID_TEXT -> "The message holds a character the protocol cannot carry.";
            case NOT_SUPPORTED -> "The server does not offer rooms.";
        };
    }

    /** Closes the client on a helper thread (it waits for the server to take QUIT), then runs {@code then} there. */
    void closeInBackground(Runnable then) {
        Thread t = new Thread(() -> {
            try {
                client.close();
            } finally {
                then.run();
            }
        }, "switchboard-desktop-close-" + client.name());
        t.setDaemon(true);
        t.start();
    }
}
