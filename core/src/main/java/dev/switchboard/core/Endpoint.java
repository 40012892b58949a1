package dev.switchboard.core;

/**
 * What a front end implements to receive core events for one client, and turns into its own
 * wire. Every method is called from some other thread (a sender's reader, the presence thread)
 * and must not block: it encodes (once per event per wire, through the event's
 * {@link Encodings}) and queues.
 */
public interface Endpoint {

    /** A private message to this client's user, or a message to everyone, or to a room it is in. False if refused (closing, or over its send queue). */
    boolean deliver(ChatEvent.Message m);

    /** Something happened in a room this client's user is in (a join, a leave, a topic). */
    void roomEvent(ChatEvent.RoomEvent e);

    /** The newest full user list, for a client that gets full lists; returns the bytes it adds to the client's queue (0 when it only replaced a list not yet written). */
    long presenceList(PresenceRound round);

    /** The one snapshot a delta client gets first; returns the bytes queued. */
    long presenceSnapshot(PresenceRound round);

    /** Who came and went since the last round, for a delta client that has its snapshot; returns the bytes queued. */
    long presenceDelta(PresenceRound round);

    /** Where the client is, for logs. */
    String peer();
}
