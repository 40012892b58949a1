package dev.switchboard.desktop;

import dev.switchboard.client.ChatClient;
import dev.switchboard.client.ClientConfig;
import dev.switchboard.client.LoginOutcome;
import dev.switchboard.client.SendResult;
import dev.switchboard.protocol.ClientMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * One login of the desktop client: a {@link ChatClient}, the {@link ChatModel} it feeds through a
 * {@link ClientBridge}, and sending. {@link ChatClient#connect()} and {@link ChatClient#close()}
 * do their I/O on the client's own threads or on a helper thread, never on the EDT.
 */
final class ChatSession {

    private final ChatModel model;
    private final ChatClient client;

    ChatSession(ClientConfig config, ChatModel model) {
        this.model = model;
        this.client = new ChatClient(config, new ClientBridge(model));
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
            SendResult r = c.isEveryone() ? client.sendToEveryone(line) : client.sendPrivate(c.name(), line);
            if (r != SendResult.QUEUED) {
                model.flush();
                return new Outcome(explain(r), String.join("\n", lines.subList(i, lines.size())));
            }
            model.sent(c, line);
        }
        model.flush();
        return new Outcome(null, "");
    }

    /**
     * The most UTF-8 bytes of text one message to {@code c} can carry: the server's line limit
     * less what goes in front of the text on the wire ({@code name|} or {@code ALL|}).
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
