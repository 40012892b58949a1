package dev.switchboard.desktop;

import dev.switchboard.client.ChatClient;
import dev.switchboard.client.ClientConfig;
import dev.switchboard.client.LoginOutcome;
import dev.switchboard.client.SendResult;
import java.util.ArrayList;
import java.util.List;
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
     * Sends what the user typed to {@code c}: one protocol message per line (the protocol carries
     * no line breaks), blank lines dropped. EDT only; never blocks.
     *
     * @return null when every line was queued, else why the first one that failed was refused
     */
    String send(Conversation c, String typed) {
        List<String> lines = new ArrayList<>();
        for (String line : typed.split("\\R")) {
            if (!line.isBlank()) {
                lines.add(line.stripTrailing());
            }
        }
        for (String line : lines) {
            SendResult r = c.isEveryone() ? client.sendToEveryone(line) : client.sendPrivate(c.name(), line);
            if (r != SendResult.QUEUED) {
                return explain(r);
            }
            model.sent(c, line);
        }
        model.flush();
        return null;
    }

    private static String explain(SendResult r) {
        return switch (r) {
            case QUEUED -> null;
            case NOT_ONLINE -> "Not connected: the message was not sent.";
            case QUEUE_FULL -> "Sending faster than the connection carries: wait a moment and try again.";
            case TOO_LONG -> "That message is too long for the server; split it into shorter ones.";
            case INVALID_TARGET -> "That contact's name cannot receive messages.";
            case INVALID_TEXT -> "The message holds a character the protocol cannot carry.";
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
