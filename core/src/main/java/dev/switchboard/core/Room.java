package dev.switchboard.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A room other than the lobby: it exists while someone is in it. Its creator is its first
 * operator; when the last operator leaves, the member present longest becomes one.
 *
 * <p>Everything about a room (members, operators, topic, and the delivery of its events) happens
 * under {@link #lock}, so every member sees the room's events in one order. The lock is held for
 * memory work and non-blocking queue offers only; it is never held while taking another room's
 * lock or the directory's.
 */
public final class Room {
    private final String name;
    private final String key;
    final ReentrantLock lock = new ReentrantLock();
    /** Members in the order they joined, with whether each is an operator. Guarded by {@link #lock}. */
    private final LinkedHashMap<User, Boolean> members = new LinkedHashMap<>();
    /** Guarded by {@link #lock}. */
    private String topic = "";
    private String topicSetter = "";
    private long topicSetAtMillis;
    /** Set (under the lock) when the last member left and the room was removed from the core. */
    private boolean gone;
    private final long createdAtMillis = System.currentTimeMillis();
    private final Encodings encodings = new Encodings();

    Room(String name, String key) {
        this.name = name;
        this.key = key;
    }

    /** The name as its creator typed it, {@code #} included. */
    public String name() {
        return name;
    }

    public String key() {
        return key;
    }

    /** Front ends cache their wire forms of the room's name here. */
    public Encodings encodings() {
        return encodings;
    }

    public long createdAtMillis() {
        return createdAtMillis;
    }

    /** The members now, in join order. */
    public List<RoomMember> members() {
        lock.lock();
        try {
            return memberList();
        } finally {
            lock.unlock();
        }
    }

    /** Members now; guarded by the caller holding {@link #lock}. */
    List<RoomMember> memberList() {
        List<RoomMember> out = new ArrayList<>(members.size());
        for (Map.Entry<User, Boolean> e : members.entrySet()) {
            out.add(new RoomMember(e.getKey(), e.getValue()));
        }
        return out;
    }

    /** The topic now ("" for none), who set it and when. */
    public Topic topic() {
        lock.lock();
        try {
            return new Topic(topic, topicSetter, topicSetAtMillis);
        } finally {
            lock.unlock();
        }
    }

    /** A room's topic, its setter's name and the time it was set (0 if never). */
    public record Topic(String text, String setter, long setAtMillis) { }

    public int size() {
        lock.lock();
        try {
            return members.size();
        } finally {
            lock.unlock();
        }
    }

    // The rest is called by ChatCore with lock held.

    boolean gone() {
        return gone;
    }

    void markGone() {
        gone = true;
    }

    boolean isMember(User u) {
        return members.containsKey(u);
    }

    boolean isOperator(User u) {
        return Boolean.TRUE.equals(members.get(u));
    }

    void add(User u, boolean operator) {
        members.put(u, operator);
    }

    /**
     * Removes {@code u}; returns the member who became operator because no operator was left,
     * or null.
     */
    User remove(User u) {
        Boolean wasOp = members.remove(u);
        if (wasOp == null || !wasOp || members.isEmpty() || members.containsValue(Boolean.TRUE)) {
            return null;
        }
        User longest = members.keySet().iterator().next();
        members.put(longest, true);
        return longest;
    }

    boolean isEmpty() {
        return members.isEmpty();
    }

    /** The members' users, for fan-out; guarded by the caller holding {@link #lock}. */
    Iterable<User> users() {
        return members.keySet();
    }

    void setTopic(String text, String setter, long atMillis) {
        topic = text;
        topicSetter = setter;
        topicSetAtMillis = atMillis;
    }

    @Override
    public String toString() {
        return name;
    }
}
