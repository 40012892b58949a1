package dev.switchboard.desktop;

import java.time.Instant;

/**
 * One line in a conversation: a message someone sent, one of ours, or a note from the client
 * itself ("bob went offline"). Confined to the EDT like the rest of {@link ChatModel}; only the
 * delivery failure changes after creation.
 */
public final class ChatMessage {

    /** What a line in a conversation is. */
    public enum Kind { INCOMING, OWN, NOTE }

    private final Kind kind;
    private final String sender;
    private final String text;
    private final Instant time;
    private String failure;

    ChatMessage(Kind kind, String sender, String text, Instant time) {
        this.kind = kind;
        this.sender = sender;
        this.text = text;
        this.time = time;
    }

    public Kind kind() {
        return kind;
    }

    /** Who wrote it; for a note, the contact it is about. */
    public String sender() {
        return sender;
    }

    public String text() {
        return text;
    }

    public Instant time() {
        return time;
    }

    public boolean isOwn() {
        return kind == Kind.OWN;
    }

    /** Why this own message was not delivered ("bob is not online"), or null. */
    public String failure() {
        return failure;
    }

    void markFailed(String reason) {
        this.failure = reason;
    }

    @Override
    public String toString() {
        return kind + " " + sender + ": " + text + (failure == null ? "" : " [" + failure + "]");
    }
}
