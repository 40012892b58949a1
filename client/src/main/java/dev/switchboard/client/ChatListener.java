package dev.switchboard.client;

import java.time.Duration;
import java.util.List;

/**
 * Receives what happens to a {@link ChatClient}. Every method has an empty default; implement the
 * ones you need.
 *
 * <p>Threading: all calls of one client come from its single event thread
 * ({@code switchboard-client-events-...}), one at a time, in the order the events happened. Never
 * from the socket reader, so a slow listener delays only later events, never the connection.
 * A listener that throws is logged and keeps receiving events.
 */
public interface ChatListener {

    /** The first login succeeded; {@code welcome} is the server's greeting text. */
    default void onLoggedIn(String name, String welcome) {}

    /**
     * The server refused the name. The client is closed afterwards ({@link #onDisconnected}
     * follows), except for {@link Rejection#SERVER_FULL} during a reconnect, which is retried with
     * backoff.
     */
    default void onRejected(Rejection reason, String serverText) {}

    /**
     * A full user list arrived (at login, after a reconnect, and on each change from a server
     * that does not speak {@code presence}); it replaces whatever the listener held. Sorted
     * ignoring case; includes this client's own name.
     */
    default void onUsers(List<String> users) {}

    /** {@code name} came online. Reported whether the server sent a delta or a new full list. */
    default void onJoined(String name) {}

    /** {@code name} went offline. Reported whether the server sent a delta or a new full list. */
    default void onLeft(String name) {}

    /** A private message from {@code from}. */
    default void onMessage(String from, String text) {}

    /** A message from {@code from} to everyone online. */
    default void onEveryoneMessage(String from, String text) {}

    /** A private message to {@code target} was not delivered: nobody of that name is online. */
    default void onDeliveryFailed(String target) {}

    /** Any other {@code ERROR|reason} from the server (for example {@code Line too long}). */
    default void onServerError(String reason) {}

    /**
     * The connection is gone, for the reason {@code why} gives: {@link Disconnect#cause()} to decide
     * on, {@link Disconnect#description()} to show. {@code willReconnect} tells whether the
     * reconnect policy will try again ({@link #onReconnecting} follows) or the client is now
     * closed. The last event of every client that was connected is this one with
     * {@code willReconnect} false, however it ended (a refused login, first or again, included).
     */
    default void onDisconnected(Disconnect why, boolean willReconnect) {}

    /** Reconnect attempt {@code attempt} (from 1) starts after {@code delay}. */
    default void onReconnecting(Duration delay, int attempt) {}

    /** Logged in again with the same name after a drop; the user list follows, and the rooms are joined again. */
    default void onReconnected(String name) {}

    // ---- rooms (capability rooms: a server without it sends none of these) ---------------------

    /**
     * This client is in {@code room}: after {@link ChatClient#joinRoom}, and again after a
     * reconnect joined it anew. The member list (join order, operators) replaces whatever the
     * listener held for the room; its topic, if it has one, follows as {@link #onRoomTopic}.
     */
    default void onRoomJoined(Room room) {}

    /**
     * The members of {@code room} as the server listed them: the answer to
     * {@link ChatClient#requestRoomMembers} (for any room, {@code #lobby} too, whether this
     * client is in it or not) or to joining a room it is already in.
     */
    default void onRoomMembers(Room room) {}

    /** {@code name} joined {@code room}, which this client is in. */
    default void onMemberJoined(String room, String name) {}

    /** Someone else left a room this client is in: by choice, by going offline, or kicked (see {@link Departure}). */
    default void onMemberLeft(Departure departure) {}

    /**
     * This client is no longer in {@code departure.room()}: it left ({@link ChatClient#leaveRoom}),
     * was kicked ({@link Departure#kickedBy()}), or could not join it again after a reconnect (the
     * server no longer offers rooms).
     */
    default void onRoomLeft(Departure departure) {}

    /** A message from {@code from} in {@code room} (never this client's own: the server does not echo them). */
    default void onRoomMessage(String room, String from, String text) {}

    /**
     * The topic of {@code room}: set or changed by {@code setter}, shown after a join, or the answer
     * to {@link ChatClient#requestTopic} (then both are empty when the room has none).
     */
    default void onRoomTopic(String room, String setter, String text) {}
}
