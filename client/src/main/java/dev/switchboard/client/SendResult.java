package dev.switchboard.client;

/** What became of a message handed to {@link ChatClient}: queued, or why not. Sending never blocks. */
public enum SendResult {
    /** Queued for the writer; the server gets it unless the connection drops first. */
    QUEUED,
    /** Not logged in right now (connecting, reconnecting or closed): nothing was queued. */
    NOT_ONLINE,
    /** The send queue is full: the link carries less than is being sent. Nothing was queued. */
    QUEUE_FULL,
    /** The line would exceed the server's line limit. */
    TOO_LONG,
    /** The target is not a valid username (or room name, for the room methods), so nobody could receive it. */
    INVALID_TARGET,
    /** The text holds a line break or NUL, which the line protocol cannot carry. */
    INVALID_TEXT,
    /** The server does not offer what it would take (rooms, from a server without the {@code rooms} capability). */
    NOT_SUPPORTED
}
