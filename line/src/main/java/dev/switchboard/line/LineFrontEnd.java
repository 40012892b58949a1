package dev.switchboard.line;

import dev.switchboard.core.ChatCore;
import dev.switchboard.core.EncodingKey;
import dev.switchboard.core.GuestAuthenticator;
import dev.switchboard.core.LocalDirectory;
import dev.switchboard.net.Ending;
import dev.switchboard.net.FrontEnd;
import dev.switchboard.net.Link;
import dev.switchboard.net.ProtocolHandler;
import dev.switchboard.net.ServerStats;
import dev.switchboard.protocol.Capability;
import dev.switchboard.protocol.ClientMessage;
import dev.switchboard.protocol.LineDecoder;
import dev.switchboard.protocol.ServerMessage;
import dev.switchboard.protocol.ServerMessage.ErrorReply;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;

/** The line protocol of {@code docs/PROTOCOL.md} as a front end: one {@link LineSession} per connection. */
public final class LineFrontEnd implements FrontEnd {

    /** The line protocol's encoding of core events (no message tags). */
    static final EncodingKey LINE = EncodingKey.create("line");

    /** A room join as the joiner sees it: the room's member list instead of its own JOIN. */
    static final EncodingKey LINE_JOINER = EncodingKey.create("line, to the joiner");

    /** Capabilities this server offers, in {@code CAP|LS} order. */
    static final List<String> CAPABILITIES = List.of(Capability.PRESENCE, Capability.HEARTBEAT, Capability.ROOMS);

    private static final byte[] SHUTTING_DOWN = Lines.of(new ErrorReply(ErrorReply.SHUTTING_DOWN));
    private static final byte[] FULL = Lines.of(new ErrorReply(ErrorReply.SERVER_FULL));
    private static final byte[] TOO_MANY = Lines.of(new ErrorReply(ErrorReply.TOO_MANY_CONNECTIONS));
    private static final byte[] SENDQ_EXCEEDED = Lines.of(new ErrorReply(ErrorReply.SENDQ_EXCEEDED));
    private static final byte[] HANDSHAKE_TIMEOUT = Lines.of(new ErrorReply(ErrorReply.HANDSHAKE_TIMEOUT));
    private static final byte[] PING_TIMEOUT = Lines.of(new ErrorReply(ErrorReply.PING_TIMEOUT));
    private static final byte[] EXCESS_FLOOD = Lines.of(new ErrorReply(ErrorReply.EXCESS_FLOOD));
    private static final byte[] TLS_ON_PLAINTEXT = Lines.of(new ErrorReply(ErrorReply.TLS_ON_PLAINTEXT));

    private final ChatCore core;
    private final int maxLineBytes;
    private final ServerStats stats;
    private final Logger log;

    /** Sessions log their event lines ({@code [JOIN]}, {@code [LEAVE]}, ...) to {@code log}. */
    public LineFrontEnd(ChatCore core, int maxLineBytes, ServerStats stats, Logger log) {
        this.core = core;
        this.maxLineBytes = maxLineBytes;
        this.stats = stats;
        this.log = log;
    }

    @Override
    public String name() {
        return "line";
    }

    @Override
    public int maxLineBytes() {
        return maxLineBytes;
    }

    @Override
    public ProtocolHandler open(Link link) {
        return new LineSession(link, core, stats, log);
    }

    @Override
    public byte[] endingLine(Ending why) {
        return switch (why) {
            case TOO_MANY_CONNECTIONS -> TOO_MANY;
            case SERVER_FULL -> FULL;
            case SHUTTING_DOWN -> SHUTTING_DOWN;
            case HANDSHAKE_TIMEOUT -> HANDSHAKE_TIMEOUT;
            case PING_TIMEOUT -> PING_TIMEOUT;
            case SENDQ_EXCEEDED -> SENDQ_EXCEEDED;
            case EXCESS_FLOOD -> EXCESS_FLOOD;
            case TLS_ON_PLAINTEXT -> TLS_ON_PLAINTEXT;
        };
    }

    /**
     * Runs every path of a session once on the calling (platform) thread, so that the classes and
     * call sites they need are loaded and linked before any virtual thread gets there: class
     * initialisation on a virtual thread pins it to its carrier. Logs nothing, keeps nothing.
     */
    public static void preloadClasses() {
        ChatCore scratch = new ChatCore(new LocalDirectory(2), new GuestAuthenticator(), "preload");
        Logger quiet = org.slf4j.helpers.NOPLogger.NOP_LOGGER;
        LineSession s = new LineSession(Link.discarding("preload"), scratch, new ServerStats(), quiet);
        LineSession t = new LineSession(Link.discarding("preload"), scratch, new ServerStats(), quiet);
        byte[] bad = {'x', '|', (byte) 0xFF, '\n', 'x', '|', 0, '\n'};
        new LineDecoder(64).feed(bad, 0, bad.length, s);
        byte[] lines = ("CAP|LS\nCAP|REQ|presence,heartbeat,rooms\nCAP|REQ|bogus\nCAP|FROB\nPING|1\nPONG|1\n"
                + "MSG|a|b\nwarm\nALL|x\nUSERS|\nwarm|hi\nwarm|hi\nMSG|warm|hi\nnobody|hi\nMSG|a\nHISTORY|x\n"
                + "JOIN|#warm\n#warm|hi\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] quit = "QUIT|warm-up\n".getBytes(StandardCharsets.UTF_8);
        byte[] other = ("CAP|REQ|rooms\nother\nwarm|hi\nJOIN|#warm\nJOIN|#warm\n#warm|hi\nUSERS|#warm\nTOPIC|#warm|t\n"
                + "TOPIC|#warm\nKICK|#warm|warm|x\nJOIN|#bad name\n#nope|x\nLEAVE|#lobby\nUSERS|#lobby\nLEAVE|#warm|x\n")
                .getBytes(StandardCharsets.UTF_8);
        new LineDecoder(64).feed(lines, 0, lines.length, s);
        new LineDecoder(128).feed(other, 0, other.length, t);
        new LineDecoder(64).feed(quit, 0, quit.length, s);
        for (String line : new String[] {"bob|hi", "MSG|bob|hi", "words", "ALL|hi", "USERS", "QUIT"}) {
            ClientMessage.parse(line);
        }
        for (ServerMessage m : List.of(new ServerMessage.Welcome("x"), new ServerMessage.Users(List.of("a")),
                new ServerMessage.Msg("a", "b"), new ServerMessage.All("a", "b"), new ServerMessage.Join("a"),
                new ServerMessage.Leave("a"), new ServerMessage.Ping("1"), new ServerMessage.Pong("1"),
                ErrorReply.notOnline("a"))) {
            Lines.of(m);
        }
        s.disconnected("preload");
        t.disconnected("preload");
    }
}
