package dev.switchboard.server;

import dev.switchboard.protocol.Capability;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ClientMessage;
import dev.switchboard.protocol.DecodeError;
import dev.switchboard.protocol.LineDecoder;
import dev.switchboard.protocol.ServerMessage;
import dev.switchboard.protocol.ServerMessage.ErrorReply;
import dev.switchboard.protocol.Usernames;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol state of one client: handshake, then routing of what it sends. Fed whole lines
 * by its connection's reader (one thread at a time); other sessions and the presence broadcaster
 * reach it only through {@link #deliver} and the presence fields, which are thread-safe.
 *
 * <p>Nothing a peer sends can make this class throw: every bad line becomes an {@code ERROR|...}
 * reply, and the session goes on unless the line ends it (a rejected login, {@code QUIT}).
 */
final class Session implements LineDecoder.Sink {

    private static final Logger DEFAULT_LOG = LoggerFactory.getLogger(Session.class);

    /** Capabilities this server offers, in {@code CAP|LS} order. */
    static final List<String> CAPABILITIES = List.of(Capability.PRESENCE, Capability.HEARTBEAT);

    /** Presence modes, see {@link #presenceMode}. */
    static final int FULL_LISTS = 0;
    static final int DELTAS_NEED_SNAPSHOT = 1;
    static final int DELTAS_SYNCED = 2;

    private static final byte[] NOT_LOGGED_IN = Lines.of(new ErrorReply("Log in first: send your username"));
    private static final byte[] INVALID_MESSAGE = Lines.of(new ErrorReply(ErrorReply.INVALID_MESSAGE));
    private static final byte[] INVALID_NAME = Lines.of(new ErrorReply(ErrorReply.INVALID_NAME));
    private static final byte[] NAME_TAKEN = Lines.of(new ErrorReply(ErrorReply.NAME_TAKEN));
    private static final byte[] SERVER_FULL = Lines.of(new ErrorReply(ErrorReply.SERVER_FULL));
    private static final byte[] EXCESS_FLOOD = Lines.of(new ErrorReply(ErrorReply.EXCESS_FLOOD));

    private enum State { HANDSHAKE, ONLINE, ENDED }

    private final Logger log;
    private final Link link;
    private final UserRegistry registry;
    private final Runnable presenceChanged;
    private final FloodControl flood;
    private final ServerStats stats;

    // Owned by the reader thread.
    private State state = State.HANDSHAKE;
    private final Set<String> caps = new LinkedHashSet<>();
    /** A login was rejected: the rejection was logged, the close needs no second line. */
    private boolean rejected;

    /** The target of the last private message and its name as sent, to skip the lookup. Reader only. */
    private Session lastTarget;
    private byte[] lastTargetBytes;

    /** True while this session is in the registry: a cached reference to it is still the user online. */
    volatile boolean registered;

    // Set once at login, before the session is visible to other threads (published by the registry lock).
    private String name;
    private String key;
    private byte[] msgPrefix;
    private byte[] allPrefix;

    /**
     * {@link #FULL_LISTS}: gets coalesced {@code USERS} lines. {@link #DELTAS_NEED_SNAPSHOT}: asked
     * for {@code presence}, owed one full snapshot. {@link #DELTAS_SYNCED}: has a snapshot and gets
     * {@code JOIN}/{@code LEAVE}. Set by the reader, advanced by the presence broadcaster.
     */
    final AtomicInteger presenceMode = new AtomicInteger(FULL_LISTS);

    /** A session without flood control, counting into a stats object of its own (tests, fuzzing). */
    Session(Link link, UserRegistry registry, Runnable presenceChanged) {
        this(link, registry, presenceChanged, null, new ServerStats(), DEFAULT_LOG);
    }

    /**
     * {@code flood} may be null: no flood control for this client. {@code log} takes the
     * session's event lines ({@code [JOIN]}, {@code [LEAVE]}, ...): its server's log.
     */
    Session(Link link, UserRegistry registry, Runnable presenceChanged, FloodControl flood, ServerStats stats,
            Logger log) {
        this.log = log;
        this.link = link;
        this.registry = registry;
        this.presenceChanged = presenceChanged;
        this.flood = flood;
        this.stats = stats;
    }

    String name() {
        return name;
    }

    String key() {
        return key;
    }

    boolean online() {
        return state == State.ONLINE;
    }

    /** False once the session has ended: its reader stops feeding lines. */
    boolean active() {
        return state != State.ENDED;
    }

    /** Queues a line from someone else; false if this client can take nothing more. */
    boolean deliver(byte[] line) {
        return link.send(line);
    }

    /** Queues the full snapshot owed to a client that switched to presence deltas. */
    boolean deliverSnapshot(byte[] usersLine) {
        return link.sendSnapshot(usersLine);
    }

    /** Queues the newest coalesced user list (full-list clients only); true if that adds a write. */
    boolean deliverUsers(byte[] usersLine) {
        return link.offerUsers(usersLine);
    }

    @Override
    public void error(DecodeError error) {
        if (state != State.ENDED) {
            link.send(Lines.of(new ErrorReply(error.reply())));
        }
    }

    @Override
    public void line(byte[] buf, int off, int len) {
        if (state == State.ENDED || link.ending()) {
            return;
        }
        link.backPressure();
        if (link.ending()) {
            return;
        }
        stats.linesIn.increment();
        if (state == State.HANDSHAKE && indexOfBar(buf, off, len) < 0) {
            // Before login a line without '|' is the handshake, even a bare command word such as
            // "QUIT" or "MSG": reserved words are invalid names, so the client hears exactly that.
            if (paced()) {
                login(new String(buf, off, len, StandardCharsets.UTF_8));
            }
            return;
        }
        if (state == State.ONLINE && relayPrivate(buf, off, len)) {
            return;
        }
        ClientMessage m = ClientMessage.parse(buf, off, len);
        // A PONG is an answer the server asked for: never slowed down.
        if (!(m instanceof ClientMessage.Pong) && !paced()) {
            return;
        }
        switch (m) {
            case ClientMessage.Text t -> {
                if (state == State.HANDSHAKE) {
                    login(t.text());
                } else {
                    link.send(INVALID_MESSAGE);
                }
            }
            case ClientMessage.Private p -> {
                if (state == State.HANDSHAKE && Command.lookup(buf, off, indexOfBar(buf, off, len) - off) == Command.MSG) {
                    link.send(NOT_LOGGED_IN); // MSG|bob|hi is a command even before login
                } else if (state == State.HANDSHAKE) {
                    // "a|b" as a first line is a name with a '|' in it.
                    rejectLogin(INVALID_NAME, "invalid name " + quote(new String(buf, off, len, StandardCharsets.UTF_8)));
                } else {
                    sendPrivate(p.target(), p.content());
                }
            }
            case ClientMessage.Everyone e -> {
                if (state == State.HANDSHAKE) {
                    link.send(NOT_LOGGED_IN);
                } else {
                    sendToEveryone(e.content());
                }
            }
            case ClientMessage.Ping p -> link.send(Lines.of(new ServerMessage.Pong(p.token())));
            case ClientMessage.Pong p -> { /* an answer to our PING: the read itself proved liveness */ }
            case ClientMessage.Quit q -> end("quit" + (q.reason().isEmpty() ? "" : ": " + q.reason()), null);
            case ClientMessage.CapList c -> link.send(Lines.of(new ServerMessage.CapList(CAPABILITIES)));
            case ClientMessage.CapRequest r -> requestCaps(r.caps());
            case ClientMessage.UserList u -> {
                if (state == State.HANDSHAKE) {
                    link.send(NOT_LOGGED_IN);
                } else {
                    link.sendList(registry.usersLine());
                }
            }
            case ClientMessage.Unsupported u ->
                    link.send(Lines.of(new ErrorReply("Unsupported command " + u.command().name())));
            case ClientMessage.Malformed bad -> link.send(Lines.of(new ErrorReply(bad.reason())));
        }
    }

    /**
     * Applies flood control to the line about to be handled: waits out its fakelag; returns
     * false (and ends the session) when the client has been throttled for too long.
     */
    private boolean paced() {
        if (flood == null) {
            return true;
        }
        long wait = flood.admit(System.nanoTime());
        if (wait < 0) {
            stats.dropped(ServerStats.Drop.FLOOD);
            end("excess flood", EXCESS_FLOOD);
            return false;
        }
        if (wait > 0) {
            try {
                Thread.sleep(java.time.Duration.ofNanos(wait));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                end("interrupted", null);
                return false;
            }
        }
        return state != State.ENDED && !link.ending();
    }

    private void login(String wanted) {
        String problem = Usernames.problem(wanted);
        if (problem != null) {
            rejectLogin(INVALID_NAME, "invalid name " + quote(wanted) + ": " + problem);
            return;
        }
        name = wanted;
        key = Usernames.key(wanted);
        msgPrefix = ("MSG|" + wanted + "|").getBytes(StandardCharsets.UTF_8);
        allPrefix = ("ALL|" + wanted + "|").getBytes(StandardCharsets.UTF_8);
        byte[] welcome = Lines.of(new ServerMessage.Welcome("Welcome to Switchboard, " + wanted));
        UserRegistry.LoginResult result = registry.login(this, () -> link.send(welcome));
        switch (result) {
            case OK -> {
                state = State.ONLINE;
                link.loggedIn();
                log.info("[JOIN] {} from {} ({} online)", wanted, link.peer(), registry.size());
                if (caps.contains(Capability.HEARTBEAT)) {
                    link.startHeartbeat();
                }
            }
            case NAME_TAKEN -> rejectLogin(NAME_TAKEN, "name " + quote(wanted) + " already taken");
            case FULL -> rejectLogin(SERVER_FULL, "server full (" + registry.maxUsers() + " users)");
        }
    }

    private void rejectLogin(byte[] errorLine, String why) {
        log.info("[REJECT] {}: {}", link.peer(), why);
        rejected = true;
        stats.dropped(ServerStats.Drop.REJECTED_LOGIN);
        end("login rejected: " + why, errorLine);
    }

    /**
     * The hot path: a {@code target|content} line relayed byte for byte, without decoding the
     * content to a String and back. The last target is remembered, since a sender usually writes
     * to the same person many times. Returns false when the line is not a plain private message
     * (a command, or no '|'), leaving it to the general parser.
     */
    private boolean relayPrivate(byte[] buf, int off, int len) {
        int bar = indexOfBar(buf, off, len);
        if (bar < 0 || Command.lookup(buf, off, bar - off) != null) {
            return false;
        }
        if (!paced()) {
            return true;
        }
        int targetLen = bar - off;
        Session to = lastTarget;
        if (to == null || !to.registered || !Arrays.equals(lastTargetBytes, 0, lastTargetBytes.length, buf, off, bar)) {
            String target = new String(buf, off, targetLen, StandardCharsets.UTF_8);
            to = registry.find(target);
            lastTarget = to;
            lastTargetBytes = Arrays.copyOfRange(buf, off, bar);
        }
        byte[] line = Lines.concat(msgPrefix, buf, bar + 1, off + len - bar - 1);
        if (to != null && to.deliver(line)) {
            stats.delivered.increment();
        } else {
            link.send(Lines.of(ErrorReply.notOnline(new String(buf, off, targetLen, StandardCharsets.UTF_8))));
        }
        return true;
    }

    private void sendPrivate(String target, String content) {
        Session to = registry.find(target);
        if (to == null || !to.deliver(Lines.concat(msgPrefix, content))) {
            link.send(Lines.of(ErrorReply.notOnline(target)));
        } else {
            stats.delivered.increment();
        }
    }

    private void sendToEveryone(String content) {
        byte[] line = Lines.concat(allPrefix, content);
        for (Session s : registry.sessions()) {
            if (s != this && s.deliver(line)) {
                stats.delivered.increment();
            }
        }
    }

    private void requestCaps(List<String> wanted) {
        List<String> unknown = new ArrayList<>();
        for (String c : wanted) {
            if (!CAPABILITIES.contains(c)) {
                unknown.add(c);
            }
        }
        if (!unknown.isEmpty()) {
            link.send(Lines.of(new ServerMessage.CapNak(wanted)));
            return;
        }
        boolean newHeartbeat = wanted.contains(Capability.HEARTBEAT) && !caps.contains(Capability.HEARTBEAT);
        caps.addAll(wanted);
        // ACK before any snapshot: the client learns the mode before the lines that use it.
        link.send(Lines.of(new ServerMessage.CapAck(wanted)));
        if (newHeartbeat && state == State.ONLINE) {
            link.startHeartbeat();
        }
        if (wanted.contains(Capability.PRESENCE) && presenceMode.get() == FULL_LISTS) {
            presenceMode.set(DELTAS_NEED_SNAPSHOT);
            if (state == State.ONLINE) {
                presenceChanged.run();
            }
        }
    }

    /** Ends the session: it will read nothing more; {@code lastLine} is written before the close. */
    void end(String reason, byte[] lastLine) {
        state = State.ENDED;
        link.finish(reason, lastLine);
    }

    /** Called once by the reader when the connection is over, whatever ended it. */
    void disconnected(String reason) {
        boolean wasOnline = name != null && registry.logout(this);
        state = State.ENDED;
        if (wasOnline) {
            log.info("[LEAVE] {} ({}; {} online)", name, reason, registry.size());
        } else if (!rejected) {
            log.info("[CLOSE] {} before login ({})", link.peer(), reason);
        }
    }

    /**
     * Runs every pre-login path once on the calling (platform) thread, so that the classes and
     * call sites they need are loaded and linked before any virtual thread gets there: class
     * initialisation on a virtual thread pins it to its carrier. Logs nothing, keeps nothing.
     */
    static void preloadClasses() {
        Link discard = Link.discarding("preload");
        Session s = new Session(discard, new UserRegistry(1), () -> { });
        byte[] bad = {'x', '|', (byte) 0xFF, '\n', 'x', '|', 0, '\n'};
        new LineDecoder(64).feed(bad, 0, bad.length, s);
        byte[] lines = ("CAP|LS\nCAP|REQ|presence,heartbeat\nCAP|REQ|bogus\nCAP|FROB\nPING|1\nPONG|1\n"
                + "ALL|x\nUSERS|\nMSG|a\nHISTORY|x\nQUIT|warm-up\n").getBytes(StandardCharsets.UTF_8);
        new LineDecoder(64).feed(lines, 0, lines.length, s);
        for (String line : new String[] {"bob|hi", "MSG|bob|hi", "words", "ALL|hi", "USERS", "QUIT"}) {
            ClientMessage.parse(line);
        }
        for (ServerMessage m : List.of(new ServerMessage.Welcome("x"), new ServerMessage.Users(List.of("a")),
                new ServerMessage.Msg("a", "b"), new ServerMessage.All("a", "b"), new ServerMessage.Join("a"),
                new ServerMessage.Leave("a"), new ServerMessage.Ping("1"), new ServerMessage.Pong("1"),
                ErrorReply.notOnline("a"))) {
            Lines.of(m);
        }
        s.state = State.ENDED;
    }

    /** A full {@code USERS|...} line for these sessions. */
    static byte[] usersLine(List<Session> sessions) {
        StringBuilder sb = new StringBuilder(6 + sessions.size() * 12);
        sb.append("USERS|");
        for (int i = 0; i < sessions.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(sessions.get(i).name());
        }
        sb.append('\n');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static int indexOfBar(byte[] buf, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (buf[i] == '|') {
                return i;
            }
        }
        return -1;
    }

    private static String quote(String s) {
        String shown = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return "'" + shown.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
