package dev.switchboard.protocol;

/** Capabilities a client may request with {@code CAP|REQ|...}. */
public final class Capability {
    private Capability() {}

    /** One full {@code USERS} snapshot at login, then {@code JOIN|name}/{@code LEAVE|name} deltas. */
    public static final String PRESENCE = "presence";

    /** The server pings an idle link and closes a client that does not answer in time. */
    public static final String HEARTBEAT = "heartbeat";

    /** Rooms: {@code JOIN|#room}, {@code #room|text}, room events ({@code docs/PROTOCOL.md}, "Rooms"). */
    public static final String ROOMS = "rooms";
}
