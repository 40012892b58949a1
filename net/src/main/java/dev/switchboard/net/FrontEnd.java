package dev.switchboard.net;

import dev.switchboard.protocol.ControlPolicy;
/**
 * A protocol spoken on a listener: the line protocol, IRC. It makes one {@link ProtocolHandler}
 * per connection and words the connection layer's endings in its protocol. A front end never
 * owns a socket or an accept loop; the {@link Listener} it is attached to does.
 */
public interface FrontEnd {

    /** Short name for thread names and logs ("line", "irc"). */
    String name();

    /** Longest line a client may send, line end excluded. */
    int maxLineBytes();

    /** Which control characters its lines may carry (the decoder refuses the others). */
    default ControlPolicy controlPolicy() {
        return ControlPolicy.STRICT;
    }

    /** A handler for one new connection; called on the connection's own reader thread before the first read. */
    ProtocolHandler open(Link link);

    /** The last line a client gets when the connection layer ends it for {@code why}, line end included. */
    byte[] endingLine(Ending why);
}
