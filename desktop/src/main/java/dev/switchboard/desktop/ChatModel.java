package dev.switchboard.desktop;

import dev.switchboard.client.Departure;
import dev.switchboard.client.Room;
import dev.switchboard.protocol.RoomNames;
import dev.switchboard.protocol.Usernames;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Everything the window shows, as plain objects: the conversations (Everyone, contacts, rooms),
 * who is online, the rooms' members and topics, unread counts and the connection status. Fed by
 * {@link ClientBridge} with what the client core reports and by the window with what the user does.
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

        /**
         * Contacts, rooms (members, operators, topics), presence or unread counts changed since the
         * last flush.
         */
        default void conversationsChanged() {}

        /** The connection status changed. */
        default void statusChanged(ConnectionStatus status) {}

        /**
         * We are in room {@code c}: a first join, a join again after a kick or a leave, or after
         * a reconnect. {@code asked} tells whether the user asked for it just now (the window then
         * opens it).
         */
        default void roomJoined(Conversation c, boolean asked) {}

        /**
         * We are no longer in room {@code c}: {@code asked} when the user left it (it is no longer
         * listed then), else kicked ({@link Departure#kicked()}) or the server no longer offers rooms.
         */
        default void roomLeft(Conversation c, Departure d, boolean asked) {}

        /** A join the user asked for did not happen; {@code why} says it in words. */
        default void joinFailed(String room, String why) {}
    }

    private final Clock clock;
    private final String me;
    private final Conversation everyone;
    /** By {@link Usernames#key}; insertion order is irrelevant, the view sorts. */
    private final Map<String, Conversation> contacts = new LinkedHashMap<>();
    /** By {@link RoomNames#key}: every room of this login, listed or not (history is kept). */
    private final Map<String, Conversation> rooms = new LinkedHashMap<>();
    /** Rooms the user asked to join and not yet joined, key to name as typed: opened when joined. */
    private final Map<String, String> pendingJoins = new LinkedHashMap<>();
    /** Keys of rooms the user asked to leave: their leave is ours, not a drop. */
    private final Set<String> pendingLeaves = new HashSet<>();
    /**
     * Rooms just joined, key to the topic known before: the next topic line is the room's topic
     * shown after the join, not a change (and said only when it is not the one we knew).
     */
    private final Map<String, String> awaitingTopic = new HashMap<>();
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

    /**
     * The conversation with {@code name}, made if there is none yet (a room member the user list
     * has not shown yet: someone in a room is online).
     */
    public Conversation contactFor(String name) {
        Conversation c = contacts.computeIfAbsent(Usernames.key(name), k -> new Conversation(k, name, false));
        if (!c.isOnline() && status.canSend()) {
            c.setOnline(true);
            dirty = true;
        }
        return c;
    }

    public Conversation selected() {
        return selected;
    }

    public ConnectionStatus status() {
        return status;
    }

    /** The room of that name (ignoring case), listed or not, or null. */
    public Conversation room(String name) {
        return rooms.get(RoomNames.key(name));
    }

    /** Every room of this login, listed or not. */
    public Collection<Conversation> rooms() {
        return rooms.values();
    }

    /** The names of the rooms we are in, in the order they were first joined. */
    public List<String> joinedRooms() {
        List<String> out = new ArrayList<>();
        for (Conversation c : rooms.values()) {
            if (c.isJoined()) {
                out.add(c.name());
            }
        }
        return out;
    }

    /** Whether a join of {@code room} the user asked for is waiting for the server's answer. */
    public boolean joinPending(String room) {
        return pendingJoins.containsKey(RoomNames.key(room));
    }

    /** Unread messages over all conversations: the number in the window title. */
    public int totalUnread() {
        int n = everyone.unread();
        for (Conversation c : contacts.values()) {
            n += c.unread();
        }
        for (Conversation c : rooms.values()) {
            n += c.isListed() ? c.unread() : 0;
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

    /** The user asked to join {@code room} (the client queued the JOIN): open it once joined. */
    public void joinRequested(String room) {
        pendingJoins.put(RoomNames.key(room), room);
    }

    /**
     * The server has answered everything up to the user's join of {@code room} ({@code confirmed})
     * or the connection ended first: if neither a join nor an error came, say so.
     */
    void joinSettled(String room, boolean confirmed) {
        awaitingTopic.remove(RoomNames.key(room)); // the answer to the join, its topic included, is in
        String typed = pendingJoins.remove(RoomNames.key(room));
        if (typed == null) {
            return; // joined, or already refused
        }
        String why = confirmed ? "The server did not answer the join." : "The connection was lost before the server answered.";
        for (Listener l : listeners) {
            l.joinFailed(typed, why);
        }
    }

    /** The user asked to leave room {@code c} (the client queued the LEAVE). */
    public void leaveRequested(Conversation c) {
        pendingLeaves.add(c.key());
    }

    /** Takes a room we are no longer in off the list (its history is kept for a later join). */
    public void unlist(Conversation c) {
        if (c.isRoom() && !c.isJoined() && c.isListed()) {
            c.setListed(false);
            if (selected == c) {
                selected = everyone;
            }
            dirty = true;
            flush();
        }
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

    /**
     * An {@code ERROR} that answers none of the cases above. The protocol does not say which line
     * it answers, so it is placed by what it names: a refused room name answers a pending join;
     * an error naming one of our rooms ({@code Not an operator of #x}) goes into that room;
     * anything else into the conversation in front.
     */
    void serverError(String reason) {
        if (!pendingJoins.isEmpty() && (reason.equals(INVALID_ROOM) || reason.startsWith(ROOMS_NEED_CAP))) {
            var first = pendingJoins.entrySet().iterator().next();
            pendingJoins.remove(first.getKey());
            String why = reason.equals(INVALID_ROOM)
                    ? "The server refused the name \u201c" + first.getValue() + "\u201d: " + reason + "."
                    : "This server does not offer rooms (" + reason + ").";
            for (Listener l : listeners) {
                l.joinFailed(first.getValue(), why);
            }
            return;
        }
        Conversation room = roomNamedIn(reason);
        if (room != null) {
            note(room, roomErrorText(room, reason));
            return;
        }
        note(selected, "Server: " + reason);
    }

    /** {@code ERROR|Invalid room name}: the server's wording, by which a refused join is known. */
    static final String INVALID_ROOM = "Invalid room name";
    /** The start of {@code ERROR|Rooms need CAP|REQ|rooms}. */
    static final String ROOMS_NEED_CAP = "Rooms need ";

    /** The room among ours whose name ends the reason ({@code ... of #rust}), or null. */
    private Conversation roomNamedIn(String reason) {
        int hash = reason.lastIndexOf(" #");
        if (hash < 0) {
            return null;
        }
        Conversation c = rooms.get(RoomNames.key(reason.substring(hash + 1)));
        return c != null && c.isListed() ? c : null;
    }

    private static String roomErrorText(Conversation room, String reason) {
        String n = room.name();
        if (reason.equals("Not an operator of " + n)) {
            return "Not done: only an operator of " + n + " may do that (the server said: " + reason + ")";
        }
        if (reason.equals("You are not in " + n)) {
            return "Not done: you are not in " + n + " (the server said so)";
        }
        if (reason.startsWith("User ") && reason.endsWith(" is not in " + n)) {
            return "Not done: " + reason.substring(5, reason.length() - (" is not in " + n).length()) + " is not in " + n;
        }
        return "Server: " + reason;
    }

    // ---- rooms (via ClientBridge) ------------------------------------------------------------

    /** {@code onRoomJoined}: we are in {@code r}, with its members; a topic follows if it has one. */
    void roomJoined(Room r) {
        String key = RoomNames.key(r.name());
        Conversation c = rooms.computeIfAbsent(key, k -> new Conversation(k, r.name(), Conversation.Kind.ROOM));
        boolean wasJoined = c.isJoined();
        boolean asked = pendingJoins.remove(key) != null;
        c.rename(r.name());
        c.setMembers(r.members(), r.operators());
        pendingLeaves.remove(key);
        // The client core's word: a topic, if the room has one, follows (a room made anew has none).
        awaitingTopic.put(key, c.topic());
        c.setTopic(r.topic(), r.topicSetter());
        c.setJoined(true);
        c.setListed(true);
        if (!wasJoined && c.hasHistory()) {
            note(c, "You joined " + c.name() + " again");
        }
        dirty = true;
        for (Listener l : listeners) {
            l.roomJoined(c, asked);
        }
    }

    /** {@code onRoomMembers}: the members of a room we are in, listed anew. */
    void roomMembers(Room r) {
        if (r.isLobby()) {
            return; // the lobby is the user list
        }
        Conversation c = rooms.get(RoomNames.key(r.name()));
        if (c == null || !c.isJoined()) {
            if (pendingJoins.containsKey(RoomNames.key(r.name())) && r.isMember(me)) {
                roomJoined(r); // joined "again": the answer to a join of a room we are in
            }
            return;
        }
        c.setMembers(r.members(), r.operators());
        dirty = true;
        if (pendingJoins.remove(c.key()) != null) {
            for (Listener l : listeners) {
                l.roomJoined(c, true); // asked to join a room we are in: the server lists it again
            }
        }
    }

    void memberJoined(String room, String name) {
        Conversation c = joinedRoom(room);
        if (c == null) {
            return;
        }
        awaitingTopic.remove(c.key());
        c.addMember(name);
        note(c, name + " joined");
        dirty = true;
    }

    void memberLeft(Departure d) {
        Conversation c = joinedRoom(d.room());
        if (c == null) {
            return;
        }
        awaitingTopic.remove(c.key());
        c.removeMember(d.name());
        note(c, d.kicked() ? d.name() + " was kicked by " + d.kickedBy() + because(d.reason())
                : d.name() + " left" + because(d.reason()));
        if (d.newOperator() != null) {
            c.addOperator(d.newOperator());
            note(c, isMe(d.newOperator()) ? "You are now the operator of " + c.name() + ": you may set the topic and kick"
                    : d.newOperator() + " is now the operator");
        }
        dirty = true;
    }

    /** {@code onRoomLeft}: we are out of the room: we left it, were kicked, or rooms are gone. */
    void roomLeft(Departure d) {
        Conversation c = rooms.get(RoomNames.key(d.room()));
        if (c == null) {
            return;
        }
        boolean asked = pendingLeaves.remove(c.key()) && !d.kicked();
        awaitingTopic.remove(c.key());
        c.setJoined(false);
        c.setMembers(List.of(), List.of());
        if (d.kicked()) {
            note(c, "You were kicked from " + c.name() + " by " + d.kickedBy() + because(d.reason()));
        } else if (asked) {
            note(c, "You left " + c.name());
            c.setListed(false);
            c.clearUnread();
            if (selected == c) {
                selected = everyone;
            }
        } else {
            note(c, "You are no longer in " + c.name() + because(d.reason()));
        }
        dirty = true;
        for (Listener l : listeners) {
            l.roomLeft(c, d, asked);
        }
    }

    void roomMessage(String room, String from, String text) {
        Conversation c = joinedRoom(room);
        if (c == null) {
            return;
        }
        awaitingTopic.remove(c.key());
        incoming(c, new ChatMessage(ChatMessage.Kind.INCOMING, from, text, clock.instant()));
    }

    /**
     * {@code onRoomTopic}: the topic shown after a join (noted only when it is not the one we knew,
     * as after a reconnect), or a change by an operator (always noted).
     */
    void roomTopic(String room, String setter, String text) {
        Conversation c = joinedRoom(room);
        if (c == null) {
            return;
        }
        String before = awaitingTopic.remove(c.key());
        boolean afterJoin = before != null;
        boolean same = text.equals(before);
        c.setTopic(text, setter);
        String who = setter.isEmpty() ? null : isMe(setter) ? "You" : setter;
        if (afterJoin) {
            if (!same && !text.isEmpty()) {
                note(c, "Topic: " + text + (who == null ? "" : " (set by " + setter + ")"));
            }
        } else if (text.isEmpty()) {
            note(c, who == null ? "The topic was cleared" : who + " cleared the topic");
        } else {
            note(c, (who == null ? "The topic is now: " : who + " set the topic: ") + text);
        }
        dirty = true;
    }

    private Conversation joinedRoom(String name) {
        Conversation c = rooms.get(RoomNames.key(name));
        return c != null && c.isJoined() ? c : null;
    }

    private static String because(String reason) {
        return reason == null || reason.isEmpty() ? "" : " (" + reason + ")";
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

    /** The rooms the list shows (joined, or kept to say why not), by name ignoring case. */
    public List<Conversation> sortedRooms() {
        List<Conversation> list = new ArrayList<>();
        for (Conversation c : rooms.values()) {
            if (c.isListed()) {
                list.add(c);
            }
        }
        list.sort((a, b) -> String.CASE_INSENSITIVE_ORDER.compare(a.name(), b.name()));
        return list;
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
