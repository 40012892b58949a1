package dev.switchboard.core;

import java.util.List;

/**
 * What the core tells front ends: chat messages and room events. Events carry users, rooms and
 * text, never bytes of any wire; each front end encodes an event once for its wire and caches the
 * bytes in the event's {@link Encodings}, shared by every recipient on that wire.
 */
public sealed interface ChatEvent {

    /** The encodings of this event, per wire. */
    Encodings encodings();

    /**
     * A chat message: private, to everyone (the lobby), or to a room. It is its own
     * {@link Encodings} (one object fewer on the hot path).
     */
    final class Message extends Encodings implements ChatEvent {
        public enum Kind {
            /** To one user ({@link #to()}). */
            PRIVATE,
            /** To everyone online: the line protocol's {@code ALL}, IRC's {@code #lobby}. */
            LOBBY,
            /** To the members of {@link #room()}. */
            ROOM
        }

        private final Kind kind;
        private final User from;
        private final User to;
        private final Room room;
        private final Text text;
        private final boolean notice;

        Message(Kind kind, User from, User to, Room room, Text text, boolean notice) {
            this.kind = kind;
            this.from = from;
            this.to = to;
            this.room = room;
            this.text = text;
            this.notice = notice;
        }

        public Kind kind() {
            return kind;
        }

        public User from() {
            return from;
        }

        /** The recipient of a private message; null otherwise. */
        public User to() {
            return to;
        }

        /** The room of a room message; null otherwise. */
        public Room room() {
            return room;
        }

        public Text text() {
            return text;
        }

        /**
         * A notice: a message that must never be answered automatically (IRC's {@code NOTICE};
         * a bot that answered notices could loop with another). The line protocol has no notices
         * and delivers it as an ordinary message.
         */
        public boolean notice() {
            return notice;
        }

        @Override
        public Encodings encodings() {
            return this;
        }

        @Override
        public String toString() {
            return (notice ? "notice " : "") + kind + " from " + from + (to != null ? " to " + to : room != null ? " in " + room : "") + ": " + text;
        }
    }

    /** Something that happened in a room, told to its members. */
    sealed interface RoomEvent extends ChatEvent {
        Room room();
    }

    /**
     * {@code user} joined {@code room}. {@code members} is who is in the room right after the
     * join, the joiner included, in the order they joined: the joiner's view to start from.
     */
    final class RoomJoined implements RoomEvent {
        private final Room room;
        private final User user;
        private final List<RoomMember> members;
        private final Encodings encodings = new Encodings();

        RoomJoined(Room room, User user, List<RoomMember> members) {
            this.room = room;
            this.user = user;
            this.members = members;
        }

        @Override
        public Room room() {
            return room;
        }

        public User user() {
            return user;
        }

        public List<RoomMember> members() {
            return members;
        }

        @Override
        public Encodings encodings() {
            return encodings;
        }
    }

    /**
     * {@code user} left {@code room}: by choice, by logging out, or kicked by {@code kickedBy}
     * (null otherwise). {@code reason} may be empty. {@code newOperator} is the member who became
     * operator because the last one left, or null.
     */
    final class RoomLeft implements RoomEvent {
        private final Room room;
        private final User user;
        private final String reason;
        private final User kickedBy;
        private final User newOperator;
        private final boolean quit;
        private final Encodings encodings = new Encodings();

        RoomLeft(Room room, User user, String reason, User kickedBy, User newOperator, boolean quit) {
            this.room = room;
            this.user = user;
            this.reason = reason;
            this.kickedBy = kickedBy;
            this.newOperator = newOperator;
            this.quit = quit;
        }

        @Override
        public Room room() {
            return room;
        }

        public User user() {
            return user;
        }

        public String reason() {
            return reason;
        }

        public User kickedBy() {
            return kickedBy;
        }

        public User newOperator() {
            return newOperator;
        }

        /** True when the user left because they went offline, not by leaving the room. */
        public boolean quit() {
            return quit;
        }

        @Override
        public Encodings encodings() {
            return encodings;
        }
    }

    /** {@code setter} set the topic of {@code room} to {@code topic} (empty: no topic). */
    final class TopicChanged implements RoomEvent {
        private final Room room;
        private final User setter;
        private final String topic;
        private final Encodings encodings = new Encodings();

        TopicChanged(Room room, User setter, String topic) {
            this.room = room;
            this.setter = setter;
            this.topic = topic;
        }

        @Override
        public Room room() {
            return room;
        }

        public User setter() {
            return setter;
        }

        public String topic() {
            return topic;
        }

        @Override
        public Encodings encodings() {
            return encodings;
        }
    }
}
