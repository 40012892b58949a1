package dev.switchboard.desktop;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The "Everyone" room or the conversation with one contact. A contact's conversation outlives
 * the contact's presence: it is kept while they are offline and resumed when they come back.
 * Confined to the EDT.
 */
public final class Conversation {

    private final String key;
    private final boolean everyone;
    private String name;
    private boolean online;
    private int unread;
    private Instant lastActivity;
    private final List<ChatMessage> messages = new ArrayList<>();

    Conversation(String key, String name, boolean everyone) {
        this.key = key;
        this.name = name;
        this.everyone = everyone;
    }

    /** Identity: the case-insensitive key of the contact's name, or {@link ChatModel#EVERYONE_KEY}. */
    public String key() {
        return key;
    }

    /** The contact's name as last seen from the server, or "Everyone". */
    public String name() {
        return name;
    }

    public boolean isEveryone() {
        return everyone;
    }

    /** Whether the contact is online; the Everyone room is online while we are. */
    public boolean isOnline() {
        return online;
    }

    public int unread() {
        return unread;
    }

    public Instant lastActivity() {
        return lastActivity;
    }

    public List<ChatMessage> messages() {
        return Collections.unmodifiableList(messages);
    }

    /** The last message or note, or null when there is none. */
    public ChatMessage last() {
        return messages.isEmpty() ? null : messages.get(messages.size() - 1);
    }

    boolean hasHistory() {
        return !messages.isEmpty();
    }

    void rename(String n) {
        this.name = n;
    }

    void setOnline(boolean o) {
        this.online = o;
    }

    void clearUnread() {
        unread = 0;
    }

    void add(ChatMessage m, boolean countUnread) {
        messages.add(m);
        lastActivity = m.time();
        if (countUnread) {
            unread++;
        }
    }

    @Override
    public String toString() {
        return name + (online ? " (online" : " (offline") + ", " + unread + " unread)";
    }
}
