package dev.switchboard.irc;

import dev.switchboard.core.ChatCore;
import dev.switchboard.core.ChatEvent;
import dev.switchboard.core.Client;
import dev.switchboard.core.EncodingKey;
import dev.switchboard.core.PresenceRound;
import dev.switchboard.core.Room;
import dev.switchboard.core.RoomMember;
import dev.switchboard.core.User;
import dev.switchboard.core.UserList;
import dev.switchboard.net.Ending;
import dev.switchboard.net.FrontEnd;
import dev.switchboard.net.Link;
import dev.switchboard.protocol.ControlPolicy;
import dev.switchboard.net.ProtocolHandler;
import dev.switchboard.net.ServerStats;
import dev.switchboard.protocol.RoomNames;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;

/**
 * IRC as a front end (RFC 1459/2812, Modern IRC; {@code docs/IRC.md}): one {@link IrcSession}
 * per connection, and what the sessions share: the server's name and ISUPPORT, the counters that
 * LUSERS reports, and the IRC encodings of core events, each made once per event and shared by
 * every IRC recipient.
 */
public final class IrcFrontEnd implements FrontEnd {

    /** IRC's encoding of core events, users (their {@link IrcIdentity}), user lists and presence rounds. */
    static final EncodingKey IRC = EncodingKey.create("irc");

    /** A room join as the joiner sees it: JOIN, topic and NAMES. */
    static final EncodingKey IRC_JOINER = EncodingKey.create("irc, to the joiner");

    /** Users' {@link IrcIdentity}, in {@link User#encodings()}. */
    static final EncodingKey IDENTITY = IRC;

    /** User modes a client may set ({@code i}: invisible, counted by LUSERS). */
    static final String USER_MODES = "i";
    /** Channel modes: {@code b} (a list, always empty), {@code n} and {@code t} (always on), {@code o} (operators). */
    static final String CHANNEL_MODES = "bnot";
    static final String CHANNEL_MODES_WITH_PARAM = "bo";
    /** The modes every room has: no messages from outside, topic set by operators only. */
    static final String FIXED_CHANNEL_MODES = "+nt";

    static final String LOBBY_TOPIC = "Everyone online, on IRC and on the line protocol; nobody leaves #lobby";

    private final ChatCore core;
    private final IrcConfig config;
    private final ServerStats stats;
    private final Logger log;
    private final String version;
    private final Instant created = Instant.now();
    /** RPL_ISUPPORT tokens, at most 13 per line. */
    private final List<List<String>> isupport;
    private final byte[] serverPrefixSpace;

    /** IRC connections that have not registered yet (LUSERS' "unknown connections"). */
    final AtomicInteger unregistered = new AtomicInteger();
    /** IRC users online with user mode +i. */
    final AtomicInteger invisible = new AtomicInteger();
    /** The most users online at once that this front end has seen (LUSERS' max). */
    private final AtomicInteger peakUsers = new AtomicInteger();

    private final byte[] tooMany;
    private final byte[] serverFull;
    private final byte[] shuttingDown;
    private final byte[] handshakeTimeout;
    private final byte[] pingTimeout;
    private final byte[] sendqExceeded;
    private final byte[] excessFlood;
    private final byte[] tlsOnPlaintext;

    /** Sessions log their event lines ({@code [JOIN]}, {@code [LEAVE]}, ...) to {@code log}. */
    public IrcFrontEnd(ChatCore core, IrcConfig config, ServerStats stats, Logger log) {
        this.core = core;
        this.config = config;
        this.stats = stats;
        this.log = log;
        String v = IrcFrontEnd.class.getPackage().getImplementationVersion();
        this.version = "switchboard-" + (v == null ? "0.1.0" : v);
        this.serverPrefixSpace = IrcOut.utf8(":" + config.serverName() + " ");
        this.isupport = chunk(List.of(
                "AWAYLEN=" + IrcLimits.AWAYLEN,
                "CASEMAPPING=ascii",
                "CHANLIMIT=#:",
                "CHANMODES=b,,,nt",
                "CHANNELLEN=" + IrcLimits.CHANNELLEN,
                "CHANTYPES=#",
                "KICKLEN=" + IrcLimits.KICKLEN,
                "MAXTARGETS=" + IrcLimits.MAX_MESSAGE_TARGETS,
                "NETWORK=" + config.network(),
                "NICKLEN=" + IrcLimits.NICKLEN,
                "PREFIX=(o)@",
                "SAFELIST",
                "TARGMAX=ISON:,JOIN:,KICK:1,NAMES:1,NOTICE:" + IrcLimits.MAX_MESSAGE_TARGETS + ",PART:,PRIVMSG:"
                        + IrcLimits.MAX_MESSAGE_TARGETS + ",USERHOST:" + IrcLimits.MAX_USERHOST_TARGETS + ",WHOIS:1",
                "TOPICLEN=" + IrcLimits.TOPICLEN,
                "USERLEN=" + IrcLimits.USERLEN,
                "UTF8ONLY"), 13);
        this.tooMany = error("Too many connections");
        this.serverFull = error("Server is full");
        this.shuttingDown = error("Server shutting down");
        this.handshakeTimeout = error("Registration timed out");
        this.pingTimeout = error("Ping timeout");
        this.sendqExceeded = error("SendQ exceeded");
        this.excessFlood = error("Excess flood");
        this.tlsOnPlaintext = error("This port is plaintext; connect to the TLS port");
    }

    private static List<List<String>> chunk(List<String> tokens, int per) {
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i += per) {
            out.add(tokens.subList(i, Math.min(tokens.size(), i + per)));
        }
        return List.copyOf(out);
    }

    /** {@code ERROR :Closing link: (why)}: the last line of a connection the server ends. */
    static byte[] error(String why) {
        return IrcOut.line(null, "ERROR", "Closing link: (" + why + ")");
    }

    @Override
    public String name() {
        return "irc";
    }

    @Override
    public int maxLineBytes() {
        return IrcLimits.MAX_DECODED_LINE_BYTES;
    }

    /** IRC clients send formatting codes and CTCP in ordinary text; other controls are refused. */
    @Override
    public ControlPolicy controlPolicy() {
        return ControlPolicy.IRC_FORMATTING;
    }

    @Override
    public ProtocolHandler open(Link link) {
        return new IrcSession(link, this);
    }

    @Override
    public byte[] endingLine(Ending why) {
        return switch (why) {
            case TOO_MANY_CONNECTIONS -> tooMany;
            case SERVER_FULL -> serverFull;
            case SHUTTING_DOWN -> shuttingDown;
            case HANDSHAKE_TIMEOUT -> handshakeTimeout;
            case PING_TIMEOUT -> pingTimeout;
            case SENDQ_EXCEEDED -> sendqExceeded;
            case EXCESS_FLOOD -> excessFlood;
            case TLS_ON_PLAINTEXT -> tlsOnPlaintext;
        };
    }

    // ---- shared state ----

    ChatCore core() {
        return core;
    }

    IrcConfig config() {
        return config;
    }

    String serverName() {
        return config.serverName();
    }

    ServerStats stats() {
        return stats;
    }

    Logger log() {
        return log;
    }

    String version() {
        return version;
    }

    Instant created() {
        return created;
    }

    List<List<String>> isupport() {
        return isupport;
    }

    /** Notes how many users are online now and returns the most ever seen. */
    int peakUsers(int now) {
        return peakUsers.accumulateAndGet(now, Math::max);
    }

    String createdText() {
        return DateTimeFormatter.ofPattern("EEE MMM d yyyy 'at' HH:mm:ss 'UTC'", Locale.ROOT)
                .format(created.atOffset(ZoneOffset.UTC));
    }

    /**
     * How IRC clients see {@code u}: its IRC session's identity, or one made from the name for a
     * user who did not come through IRC. Any thread may be first to ask (a message to a user who
     * just logged in); every answer is the same, since an IRC session sets its identity before it
     * logs in and caches it while the login holds the directory lock, before the user can leave.
     */
    static IrcIdentity identity(User u) {
        return u.encodings().get(IDENTITY, u, IrcFrontEnd::makeIdentity);
    }

    private static IrcIdentity makeIdentity(User u) {
        IrcSession s = sessionOf(u);
        return s != null && s.identity != null ? s.identity : IrcIdentity.ofName(u);
    }

    /** The IRC session of {@code u}, or null when the user is on another front end. */
    static IrcSession sessionOf(User u) {
        for (Client c : u.clients()) {
            if (c.endpoint() instanceof IrcSession s) {
                return s;
            }
        }
        return null;
    }

    // ---- encodings of core events, each made once and shared by every IRC recipient ----

    /** {@code :from PRIVMSG target :text}, cut into several lines when it does not fit one. */
    byte[] encodeMessage(ChatEvent.Message m) {
        String target = switch (m.kind()) {
            case PRIVATE -> identity(m.to()).nick();
            case LOBBY -> RoomNames.LOBBY;
            case ROOM -> m.room().name();
        };
        byte[] from = identity(m.from()).prefix();
        byte[] middle = IrcOut.utf8((m.notice() ? " NOTICE " : " PRIVMSG ") + target + " :");
        byte[] prefix = new byte[from.length + middle.length];
        System.arraycopy(from, 0, prefix, 0, from.length);
        System.arraycopy(middle, 0, prefix, from.length, middle.length);
        return IrcOut.text(prefix, m.text().utf8());
    }

    /** Someone else joined a room: {@code :nick!user@host JOIN #room}. */
    static byte[] encodeJoin(ChatEvent.RoomJoined j) {
        return userBare(j.user(), "JOIN", j.room().name());
    }

    /** What a room leave says: a PART, a KICK or (for a user who went offline) a QUIT, then a new operator's MODE. */
    record LeaveLines(byte[] line, boolean quit, User user, byte[] newOperator) { }

    LeaveLines encodeLeave(ChatEvent.RoomLeft l) {
        byte[] line;
        if (l.quit()) {
            line = quitLine(l.user(), l.reason());
        } else if (l.kickedBy() != null) {
            String reason = l.reason().isEmpty() ? identity(l.kickedBy()).nick() : l.reason();
            line = userLine(l.kickedBy(), "KICK", l.room().name(), identity(l.user()).nick(), reason);
        } else if (l.reason().isEmpty()) {
            line = userBare(l.user(), "PART", l.room().name());
        } else {
            line = userLine(l.user(), "PART", l.room().name(), l.reason());
        }
        byte[] op = l.newOperator() == null ? null
                : IrcOut.bare(serverName(), "MODE", l.room().name(), "+o", identity(l.newOperator()).nick());
        return new LeaveLines(line, l.quit(), l.user(), op);
    }

    static byte[] encodeTopic(ChatEvent.TopicChanged t) {
        return userLine(t.setter(), "TOPIC", t.room().name(), IrcOut.clip(t.topic(), IrcLimits.TOPICLEN));
    }

    /** {@code :nick!user@host QUIT :Quit: reason}. */
    static byte[] quitLine(User u, String reason) {
        return userLine(u, "QUIT", quitReason(reason));
    }

    /**
     * A core leave reason in IRC's words: a client's own {@code quit: bye} is {@code Quit: bye}
     * (servers mark a client's reason so that nobody can fake a server's), the server's reasons
     * ({@code ping timeout (30000 ms)}) start with a capital letter.
     */
    static String quitReason(String reason) {
        if (reason == null || reason.isEmpty()) {
            return "Quit";
        }
        if (reason.equals("quit")) {
            return "Quit";
        }
        if (reason.startsWith("quit: ")) {
            return "Quit: " + reason.substring(6);
        }
        return Character.toUpperCase(reason.charAt(0)) + reason.substring(1);
    }

    /** A line with a user as its source. */
    static byte[] userLine(User u, String command, String... params) {
        IrcIdentity id = identity(u);
        return IrcOut.line(id.mask(), command, params);
    }

    /** A line with a user as its source, the last parameter without {@code :} unless it needs one. */
    static byte[] userBare(User u, String command, String... params) {
        return IrcOut.bare(identity(u).mask(), command, params);
    }

    /** The QUIT and JOIN lines of a presence round, made once per round. */
    record Delta(byte[] all, List<User> quitters, List<byte[]> quits, byte[] joins) { }

    Delta encodeDelta(PresenceRound round) {
        peakUsers(round.snapshot().users().size());
        List<User> quitters = new ArrayList<>(round.left().size());
        List<byte[]> quits = new ArrayList<>(round.left().size());
        for (PresenceRound.Departure d : round.left()) {
            quitters.add(d.user());
            quits.add(quitLine(d.user(), d.reason()));
        }
        List<byte[]> joins = new ArrayList<>(round.joined().size());
        for (User u : round.joined()) {
            joins.add(userBare(u, "JOIN", RoomNames.LOBBY));
        }
        byte[] joinBytes = IrcOut.concat(joins);
        List<byte[]> all = new ArrayList<>(quits);
        all.add(joinBytes);
        return new Delta(IrcOut.concat(all), quitters, quits, joinBytes);
    }

    /**
     * The nicks of {@code names} joined by spaces into runs that fit a {@code 353} line for
     * {@code channel} whatever the recipient's nick (at most NICKLEN).
     */
    List<String> nameRuns(String channel, List<String> names) {
        int budget = IrcLimits.MAX_LINE_BYTES - serverPrefixSpace.length - "353 ".length() - IrcLimits.NICKLEN
                - " = ".length() - IrcOut.utf8Length(channel) - " :".length();
        List<String> runs = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        int bytes = 0;
        for (String n : names) {
            int len = IrcOut.utf8Length(n);
            if (bytes > 0 && bytes + 1 + len > budget) {
                runs.add(run.toString());
                run.setLength(0);
                bytes = 0;
            }
            if (bytes > 0) {
                run.append(' ');
                bytes++;
            }
            run.append(n);
            bytes += len;
        }
        if (bytes > 0) {
            runs.add(run.toString());
        }
        return runs;
    }

    /** The name runs of everyone online (the lobby), made once per user list. */
    List<String> lobbyRuns(UserList list) {
        return list.encodings().get(IRC, list, l -> {
            List<String> nicks = new ArrayList<>(l.users().size());
            for (User u : l.users()) {
                nicks.add(identity(u).nick());
            }
            return nameRuns(RoomNames.LOBBY, nicks);
        });
    }

    /** The name runs of a room's members, operators marked {@code @}. */
    List<String> roomRuns(Room room, List<RoomMember> members) {
        List<String> nicks = new ArrayList<>(members.size());
        for (RoomMember m : members) {
            nicks.add((m.operator() ? "@" : "") + identity(m.user()).nick());
        }
        return nameRuns(room.name(), nicks);
    }

    /**
     * Runs every path of a session once on the calling (platform) thread, so that the classes and
     * call sites they need are loaded before any virtual thread gets there (class initialisation
     * on a virtual thread pins it to its carrier). Logs nothing, keeps nothing.
     */
    public static void preloadClasses() {
        IrcSession.preload();
    }
}
