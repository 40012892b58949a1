package dev.switchboard.desktop;

import dev.switchboard.protocol.Usernames;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Everything the window shows, as plain objects: the conversations, who is online, unread counts
 * and the connection status. Fed by {@link ClientBridge} with what the client core reports and by
 * the window with what the user does.
 *
 * <p>Confined to the EDT: every method must be called there, and listeners are called there.
 * Changes to the conversation list are coalesced: they are reported once per {@link #flush()}, which
 * the bridge calls after each batch of network events, so a flood of 500 messages costs one
 * re-sort of the contact list, not 500.
 */
public final class ChatModel {

    /** The key of the Everyone room; never a username key (usernames cannot be empty). */
    public static final String EVERYONE_KEY = "";

    /** Receives changes, on the EDT. */
    public interface Listener {
        /** A line was appended to {@code c}. */
        default void messageAdded(Conversation c, ChatMessage m) {}

        /** A line of {@code c} changed (an own message was marked as not delivered). */
        default void messageChanged(Conversation c, ChatMessage m) {}

        /** A message arrived from someone else; {@code inFront} tells whether {@code c} is selected. */
        default void incoming(Conversation c, ChatMessage m, boolean inFront) {}

        /** Contacts, presence or unread counts changed since the last flush. */
        default void conversationsChanged() {}

        /** The connection status changed. */
        default void statusChanged(ConnectionStatus status) {}
    }

    private final Clock clock;
    private final String me;
    private final Conversation everyone;
    /** By {@link Usernames#key}; insertion order is irrelevant, the view sorts. */
    private final Map<String, Conversation> contacts = new LinkedHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private Conversation selected;
    private ConnectionStatus status = ConnectionStatus.connecting();
    private boolean dirty;

    public ChatModel(String me, Clock clock) {
        this.me = me;
        this.clock = clock;
        this.everyone = new Conversation(EVERYONE_KEY, "Everyone", true);
        this.selected = everyone;
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    public void removeListener(Listener l) {
        listeners.remove(l);
    }

    /** Our own name. */
    public String me() {
        return me;
    }

    public Clock clock() {
        return clock;
    }

    public Conversation everyone() {
        return everyone;
    }

    /** Every contact conversation (online ones and offline ones with history). */
    public Collection<Conversation> contacts() {
        return contacts.values();
    }

    /** The contact conversation for {@code name}, or null. */
    public Conversation contact(String name) {
        return contacts.get(Usernames.key(name));
    }

    public Conversation selected() {
        return selected;
    }

    public ConnectionStatus status() {
        return status;
    }

    /** Unread messages over all conversations: the number in the window title. */
    public int totalUnread() {
        int n = everyone.unread();
        for (Conversation c : contacts.values()) {
            n += c.unread();
        }
        return n;
    }

    // ---- what the user does -------------------------------------------------------------

    /** Brings {@code c} to the front and marks it read. */
    public void select(Conversation c) {
        if (c == null) {
            return;
        }
        selected = c;
        if (c.unread() > 0) {
            c.clearUnread();
            dirty = true;
        }
        flush();
    }

    /** Records a message we sent (the client queued it) in {@code c}. */
    public ChatMessage sent(Conversation c, String text) {
        ChatMessage m = new ChatMessage(ChatMessage.Kind.OWN, me, text, clock.instant());
        append(c, m, false);
        return m;
    }

    // ---- what the server reports (via ClientBridge) -------------------------------------

    /** A new login of the same user starts (the Reconnect action after the client gave up). */
    void relogin() {
        setStatus(new ConnectionStatus(ConnectionStatus.State.RECONNECTING, status.detail(), null));
    }

    void loggedIn() {
        setStatus(new ConnectionStatus(ConnectionStatus.State.CONNECTED, null, null));
        everyone.setOnline(true);
        dirty = true;
    }

    void users(List<String> names) {
        Set<String> online = new HashSet<>();
        for (String n : names) {
            if (isMe(n)) {
                continue;
            }
            online.add(Usernames.key(n));
            Conversation c = contacts.computeIfAbsent(Usernames.key(n), k -> new Conversation(k, n, false));
            c.rename(n);
            if (!c.isOnline()) {
                c.setOnline(true);
                if (c.hasHistory()) {
                    note(c, n + " is back online");
                }
            }
        }
        for (Iterator<Conversation> it = contacts.values().iterator(); it.hasNext(); ) {
            Conversation c = it.next();
            if (!online.contains(c.key()) && c.isOnline()) {
                wentOffline(c, it);
            }
        }
        dirty = true;
    }

    void joined(String name) {
        if (isMe(name)) {
            return;
        }
        Conversation c = contacts.computeIfAbsent(Usernames.key(name), k -> new Conversation(k, name, false));
        c.rename(name);
        if (!c.isOnline()) {
            c.setOnline(true);
            if (c.hasHistory()) {
                note(c, name + " is back online");
            }
        }
        dirty = true;
    }

    void left(String name) {
        Conversation c = contacts.get(Usernames.key(name));
        if (c != null && c.isOnline()) {
            wentOffline(c, null);
            if (!c.hasHistory() && c != selected) {
                contacts.remove(c.key());
            }
        }
        dirty = true;
    }

    private void wentOffline(Conversation c, Iterator<Conversation> it) {
        c.setOnline(false);
        if (c.hasHistory()) {
            note(c, c.name() + " went offline");
        } else if (it != null && c != selected) {
            it.remove();
        }
    }

    void privateMessage(String from, String text) {
        Conversation c = contacts.computeIfAbsent(Usernames.key(from), k -> new Conversation(k, from, false));
        c.rename(from);
        if (!c.isOnline()) {
            c.setOnline(true); // it just wrote to us: it is online, whatever the list said
        }
        incoming(c, new ChatMessage(ChatMessage.Kind.INCOMING, from, text, clock.instant()));
    }

    void everyoneMessage(String from, String text) {
        incoming(everyone, new ChatMessage(ChatMessage.Kind.INCOMING, from, text, clock.instant()));
    }

    /**
     * The server says a message to {@code target} was not delivered. The protocol names only the
     * target, so the newest own message to it not yet marked takes the mark: errors come back in
     * the order the messages went out, so a burst of messages to an offline contact is marked
     * whole. With no such message the failure becomes a note.
     */
    void deliveryFailed(String target) {
        Conversation c = contacts.computeIfAbsent(Usernames.key(target), k -> new Conversation(k, target, false));
        String reason = target + " is not online";
        List<ChatMessage> ms = c.messages();
        for (int i = ms.size() - 1; i >= 0; i--) {
            ChatMessage m = ms.get(i);
            if (m.isOwn() && m.failure() == null) {
                m.markFailed(reason);
                for (Listener l : listeners) {
                    l.messageChanged(c, m);
                }
                return;
            }
        }
        note(c, "A message was not delivered: " + reason);
    }

    void serverError(String reason) {
        note(selected, "Server: " + reason);
    }

    void disconnected(String cause, boolean willReconnect) {
        everyone.setOnline(false);
        for (Conversation c : contacts.values()) {
            c.setOnline(false); // presence is unknown until the next user list
        }
        dirty = true;
        setStatus(new ConnectionStatus(willReconnect ? ConnectionStatus.State.RECONNECTING
                : ConnectionStatus.State.OFFLINE, cause, null));
    }

    void reconnecting(Duration delay, int attempt) {
        String detail = status.detail();
        setStatus(new ConnectionStatus(ConnectionStatus.State.RECONNECTING, detail, clock.instant().plus(delay)));
    }

    void reconnected() {
        everyone.setOnline(true);
        dirty = true;
        setStatus(new ConnectionStatus(ConnectionStatus.State.CONNECTED, null, null));
    }

    void refusedOnReconnect(String reason) {
        setStatus(new ConnectionStatus(status.state() == ConnectionStatus.State.CONNECTED
                ? ConnectionStatus.State.RECONNECTING : status.state(), reason, status.retryAt()));
    }

    /** Reports coalesced changes to the conversation list. */
    public void flush() {
        if (dirty) {
            dirty = false;
            for (Listener l : listeners) {
                l.conversationsChanged();
            }
        }
    }

    // ---- helpers ------------------------------------------------------------------------

    private boolean isMe(String name) {
        return Usernames.key(name).equals(Usernames.key(me));
    }

    private void incoming(Conversation c, ChatMessage m) {
        boolean inFront = c == selected;
        append(c, m, !inFront);
        for (Listener l : listeners) {
            l.incoming(c, m, inFront);
        }
    }

    private void note(Conversation c, String text) {
        append(c, new ChatMessage(ChatMessage.Kind.NOTE, c.name(), text, clock.instant()), false);
    }

    private void append(Conversation c, ChatMessage m, boolean countUnread) {
        c.add(m, countUnread);
        dirty = true;
        for (Listener l : listeners) {
            l.messageAdded(c, m);
        }
    }

    private void setStatus(ConnectionStatus s) {
        status = s;
        for (Listener l : listeners) {
            l.statusChanged(s);
        }
    }

    /** The contacts in the order the list shows them: online first, then by name. */
    public List<Conversation> sortedContacts() {
        List<Conversation> list = new ArrayList<>(contacts.values());
        list.sort((a, b) -> {
            if (a.isOnline() != b.isOnline()) {
                return a.isOnline() ? -1 : 1;
            }
            return String.CASE_INSENSITIVE_ORDER.compare(a.name(), b.name());
        });
        return list;
    }
}
