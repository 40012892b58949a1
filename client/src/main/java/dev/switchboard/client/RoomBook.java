package dev.switchboard.client;

import dev.switchboard.protocol.RoomNames;
import dev.switchboard.protocol.ServerMessage;
import dev.switchboard.protocol.Usernames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The rooms this client is in and their members, kept from the server's room lines, and the
 * listener events each line makes. Not thread-safe: confined to the reader of the current link
 * (see {@code docs/CONCURRENCY.md}); others see {@link #snapshot()} copies.
 *
 * <p>The lobby is not kept here: it is everyone online, which is the client's user list.
 */
final class RoomBook {

    /** How a kick reads in a {@code LEAVE|#room|name|reason} line (the line protocol's wording). */
    private static final String KICKED_BY = "Kicked by ";

    private final String self;
    private final String selfKey;
    /** By room key, in the order this client joined them. */
    private final Map<String, State> rooms = new LinkedHashMap<>();

    private static final class State {
        String name;
        /** Member key to name as spelt, in join order. */
        final LinkedHashMap<String, String> members = new LinkedHashMap<>();
        final Set<String> operators = new LinkedHashSet<>();
        String topic = "";
        String setter = "";
        /** Re-joined after a reconnect: the members are the ones before the drop until the server's list comes. */
        boolean rejoining;

        Room snapshot() {
            List<String> ops = new ArrayList<>();
            for (String k : operators) {
                ops.add(members.get(k));
            }
            return new Room(name, List.copyOf(members.values()), ops, topic, setter);
        }

        void replaceMembers(ServerMessage.RoomUsers r) {
            members.clear();
            operators.clear();
            for (String m : r.members()) {
                boolean op = m.startsWith("@");
                String n = op ? m.substring(1) : m;
                members.put(Usernames.key(n), n);
                if (op) {
                    operators.add(Usernames.key(n));
                }
            }
        }
    }

    RoomBook(String self) {
        this.self = self;
        this.selfKey = Usernames.key(self);
    }

    /** The rooms in the order they were joined. */
    List<Room> snapshot() {
        List<Room> out = new ArrayList<>(rooms.size());
        for (State s : rooms.values()) {
            out.add(s.snapshot());
        }
        return List.copyOf(out);
    }

    boolean isEmpty() {
        return rooms.isEmpty();
    }

    /** {@code USERS|#room|...}: we joined (or re-joined), or the answer to a request. */
    void members(ServerMessage.RoomUsers r, Consumer<Consumer<ChatListener>> emit) {
        if (RoomNames.isLobby(r.room())) {
            Room lobby = lobby(r);
            emit.accept(x -> x.onRoomMembers(lobby));
            return;
        }
        String key = RoomNames.key(r.room());
        State s = rooms.get(key);
        boolean inIt = r.names().stream().anyMatch(n -> Usernames.key(n).equals(selfKey));
        if (!inIt) {
            // About a room we are not in (anyone may ask): an answer, not our state.
            State other = new State();
            other.name = r.room();
            other.replaceMembers(r);
            Room room = other.snapshot();
            emit.accept(x -> x.onRoomMembers(room));
            return;
        }
        boolean joined = s == null || s.rejoining;
        if (s == null) {
            s = new State();
            rooms.put(key, s);
        }
        s.name = r.room();
        s.replaceMembers(r);
        if (joined) {
            // A topic, if the room has one, follows as its own line.
            s.topic = "";
            s.setter = "";
            s.rejoining = false;
            Room room = s.snapshot();
            emit.accept(x -> x.onRoomJoined(room));
        } else {
            Room room = s.snapshot();
            emit.accept(x -> x.onRoomMembers(room));
        }
    }

    /** {@code JOIN|#room|name}: someone else joined a room we are in. */
    void joined(ServerMessage.RoomJoin j, Consumer<Consumer<ChatListener>> emit) {
        State s = rooms.get(RoomNames.key(j.room()));
        if (s == null) {
            return; // not ours (any more): nothing to keep
        }
        s.members.putIfAbsent(Usernames.key(j.name()), j.name());
        String room = s.name;
        emit.accept(x -> x.onMemberJoined(room, j.name()));
    }

    /** {@code LEAVE|#room|name[|reason]}: someone, maybe we, left a room we are in. */
    void left(ServerMessage.RoomLeave l, Consumer<Consumer<ChatListener>> emit) {
        String key = RoomNames.key(l.room());
        State s = rooms.get(key);
        if (s == null) {
            return;
        }
        String who = Usernames.key(l.name());
        String reason = l.reason();
        String kickedBy = null;
        if (reason.startsWith(KICKED_BY)) {
            // Names have no spaces, so the operator's name ends at the first ": ".
            String rest = reason.substring(KICKED_BY.length());
            int colon = rest.indexOf(": ");
            String op = colon < 0 ? rest : rest.substring(0, colon);
            // Anyone may leave with the reason "Kicked by bob": only an operator's name makes it a kick.
            if (s.operators.contains(Usernames.key(op))) {
                kickedBy = s.members.get(Usernames.key(op));
                reason = colon < 0 ? "" : rest.substring(colon + 2);
            }
        }
        if (who.equals(selfKey)) {
            rooms.remove(key);
            Departure d = new Departure(s.name, l.name(), reason, kickedBy, null);
            emit.accept(x -> x.onRoomLeft(d));
            return;
        }
        s.members.remove(who);
        boolean wasOperator = s.operators.remove(who);
        String newOperator = null;
        if (wasOperator && s.operators.isEmpty() && !s.members.isEmpty()) {
            // The server's rule: the member present longest becomes operator. It says nothing, so we apply it too.
            Map.Entry<String, String> longest = s.members.entrySet().iterator().next();
            s.operators.add(longest.getKey());
            newOperator = longest.getValue();
        }
        Departure d = new Departure(s.name, l.name(), reason, kickedBy, newOperator);
        emit.accept(x -> x.onMemberLeft(d));
    }

    /** {@code TOPIC|#room|setter|text}: set, changed, or the answer to a request. */
    void topic(ServerMessage.Topic t, Consumer<Consumer<ChatListener>> emit) {
        State s = rooms.get(RoomNames.key(t.room()));
        String room = t.room();
        if (s != null) {
            s.topic = t.text();
            s.setter = t.setter();
            room = s.name;
        }
        String name = room;
        emit.accept(x -> x.onRoomTopic(name, t.setter(), t.text()));
    }

    /** After a reconnect: the rooms to join again, each marked until the server's list for it comes. */
    List<String> rejoin() {
        List<String> names = new ArrayList<>();
        for (State s : rooms.values()) {
            s.rejoining = true;
            names.add(s.name);
        }
        return names;
    }

    /** After a reconnect to a server without rooms: every room is gone, each said as our own leave. */
    void dropAll(String reason, Consumer<Consumer<ChatListener>> emit) {
        for (State s : rooms.values()) {
            Departure d = new Departure(s.name, s.members.getOrDefault(selfKey, self), reason, null, null);
            emit.accept(x -> x.onRoomLeft(d));
        }
        rooms.clear();
    }

    private static Room lobby(ServerMessage.RoomUsers r) {
        return new Room(r.room(), r.names(), List.of(), "", "");
    }
}
