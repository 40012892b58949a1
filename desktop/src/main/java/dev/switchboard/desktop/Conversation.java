package dev.switchboard.desktop;

import dev.switchboard.protocol.Usernames;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The "Everyone" conversation ({@code #lobby}), the conversation with one contact, or a room. A
 * contact's conversation outlives the contact's presence: it is kept while they are offline and
 * resumed when they come back. A room's outlives our membership: after a kick it stays listed
 * (not joined) to say why, and after leaving it is hidden but resumed if we join again.
 * Confined to the EDT.
 */
public final class Conversation {

    /** What a conversation is with. */
    public enum Kind { EVERYONE, CONTACT, ROOM }

    private final String key;
    private final Kind kind;
    private String name;
    private boolean online;
    private int unread;
    private Instant lastActivity;
    private final List<ChatMessage> messages = new ArrayList<>();

    // ---- rooms only ----
    /** Members in join order (the one present longest first), as the server spells them. */
    private List<String> members = List.of();
    /** Keys of the members who are operators. */
    private final Set<String> operators = new HashSet<>();
    private String topic = "";
    private String topicSetter = "";
    /** Whether we are in the room (kept while the connection is down: the client core joins again). */
    private boolean joined;
    /** Whether the room is in the contact list: joined, or kept there to say why we are not in it any more. */
    private boolean listed;

    Conversation(String key, String name, boolean everyone) {
        this(key, name, everyone ? Kind.EVERYONE : Kind.CONTACT);
    }

    Conversation(String key, String name, Kind kind) {
        this.key = key;
        this.name = name;
        this.kind = kind;
    }

    /**
     * Identity: the case-insensitive key of the contact's or the room's name (a room's starts
     * with {@code #}, a username never does), or {@link ChatModel#EVERYONE_KEY}.
     */
    public String key() {
        return key;
    }

    /** The contact's or the room's name as last seen from the server, or "Everyone". */
    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    public boolean isEveryone() {
        return kind == Kind.EVERYONE;
    }

    public boolean isRoom() {
        return kind == Kind.ROOM;
    }

    /**
     * Whether the contact is online; the Everyone conversation is online while we are; a room is
     * while we are in it (also while our connection is down: the client core joins it again).
     */
    public boolean isOnline() {
        return kind == Kind.ROOM ? joined : online;
    }

    /** A room's members in join order; empty for other conversations. */
    public List<String> members() {
        return members;
    }

    /** Whether {@code name} is an operator of this room (may set the topic and kick), ignoring case. */
    public boolean isOperator(String name) {
        return operators.contains(Usernames.key(name));
    }

    /** The room's topic, empty when it has none. */
    public String topic() {
        return topic;
    }

    /** Who set the topic, empty when nobody did (or it is not known). */
    public String topicSetter() {
        return topicSetter;
    }

    /** Whether we are in this room. */
    public boolean isJoined() {
        return joined;
    }

    /** Whether this room shows in the contact list. */
    public boolean isListed() {
        return listed;
    }

    void setMembers(List<String> names, List<String> ops) {
        members = List.copyOf(names);
        operators.clear();
        for (String o : ops) {
            operators.add(Usernames.key(o));
        }
    }

    /** Adds {@code n} at the end (the newest member), unless it is there already. */
    void addMember(String n) {
        String k = Usernames.key(n);
        for (String m : members) {
            if (Usernames.key(m).equals(k)) {
                return;
            }
        }
        List<String> next = new ArrayList<>(members);
        next.add(n);
        members = List.copyOf(next);
    }

    void removeMember(String n) {
        String k = Usernames.key(n);
        members = members.stream().filter(m -> !Usernames.key(m).equals(k)).toList();
        operators.remove(k);
    }

    void addOperator(String n) {
        operators.add(Usernames.key(n));
    }

    void setTopic(String text, String setter) {
        topic = text;
        topicSetter = setter;
    }

    void setJoined(boolean j) {
        joined = j;
    }

    void setListed(boolean l) {
        listed = l;
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
        return name + (isRoom() ? (joined ? " (joined, " + members.size() + " members" : " (not joined")
                : online ? " (online" : " (offline") + ", " + unread + " unread)";
    }
}
