package dev.switchboard.irc;

import dev.switchboard.core.ChatCore;
import dev.switchboard.core.ChatEvent;
import dev.switchboard.core.Client;
import dev.switchboard.core.Credentials;
import dev.switchboard.core.Endpoint;
import dev.switchboard.core.GuestAuthenticator;
import dev.switchboard.core.LocalDirectory;
import dev.switchboard.core.LoginResult;
import dev.switchboard.core.PresenceRound;
import dev.switchboard.core.Room;
import dev.switchboard.core.User;
import dev.switchboard.net.Link;
import dev.switchboard.net.LogSafe;
import dev.switchboard.net.ProtocolHandler;
import dev.switchboard.net.ServerStats;
import dev.switchboard.protocol.DecodeError;
import dev.switchboard.protocol.LineDecoder;
import dev.switchboard.protocol.RoomNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One IRC client: registration (CAP, NICK, USER), then its commands turned into chat-core calls
 * ({@link IrcCommands} maps each command to its handler), and the core's events turned into IRC
 * lines. Fed whole lines by its connection's reader, one at a time; the core reaches it from
 * other threads only through the {@link Endpoint} methods, which encode (once per event, shared
 * by every IRC recipient) and queue.
 *
 * <p>{@code #lobby} is everyone online. A client is put in it at registration, from the presence
 * thread's snapshot ({@link Client#wantPresenceDeltas}), and then sees the presence deltas as
 * {@code JOIN #lobby} and {@code QUIT}. The reader waits for that snapshot before it reads the
 * client's next line ({@link #LOBBY_WAIT}), so that the JOIN and the names come right after the
 * welcome, as IRC clients expect, before any answer to a later command.
 *
 * <p>A user who goes offline is one {@code QUIT}, whichever comes first of the rooms' leave
 * events (the core delivers them before the presence round that reports the departure) and that
 * presence delta; {@link #quitsSent} remembers it until the delta arrives.
 *
 * <p>Nothing a peer sends can make this class throw: every bad line gets its numeric.
 */
public final class IrcSession implements ProtocolHandler, Endpoint {

    /**
     * How long the reader waits after registration for the lobby snapshot before going on
     * without it: a presence round comes within milliseconds, or within the pacing of a huge one
     * (seconds under a storm of thousands of logins); after this the snapshot still comes, just
     * not before the answers to the client's next lines.
     */
    static final Duration LOBBY_WAIT = Duration.ofSeconds(10);

    /**
     * A QUIT sent from a room's leave event is remembered until the presence delta that reports
     * the same departure (which is then not sent again). A user who came and went between two
     * presence rounds never has such a delta; entries older than this are forgotten.
     */
    static final long QUIT_MEMORY_NANOS = TimeUnit.MINUTES.toNanos(5);

    /** A WHO, NAMES or LIST reply goes out in batches of this many lines, the reader waiting for its queue in between. */
    static final int BATCH_LINES = 200;

    enum State { REGISTERING, ONLINE, ENDED }

    final Link link;
    final IrcFrontEnd fe;
    final ChatCore core;
    final Client client;
    private final ServerStats stats;

    /** Written by the reader only; read by the timer too ({@link #online()}, the handshake timeout). */
    volatile State state = State.REGISTERING;

    // Owned by the reader thread.
    /** The nick asked for (before registration) or had (after). */
    String nick;
    String ident;
    String realname;
    /** CAP LS or REQ came before registration: registration waits for CAP END. */
    boolean capNegotiating;
    /** A rejected login (server full): the close needs no second log line. */
    private boolean rejected;
    private boolean countedUnregistered = true;

    /** How IRC clients see this one; set (by the reader) before the login makes the user visible. */
    volatile IrcIdentity identity;

    /** The away message, or null. Written by the reader; read by other users' readers (WHOIS, 301). */
    volatile String away;
    /** User mode +i. Written by the reader; read by others (WHO, LUSERS). */
    volatile boolean invisible;

    /** The lobby snapshot has been queued: lobby messages and deltas may follow. */
    private volatile boolean inLobby;
    private final CountDownLatch lobbyJoined = new CountDownLatch(1);
    /** Users whose QUIT this client has been sent, with when, until their presence delta comes. */
    private final Map<User, Long> quitsSent = new ConcurrentHashMap<>();

    IrcSession(Link link, IrcFrontEnd fe) {
        this.link = link;
        this.fe = fe;
        this.core = fe.core();
        this.stats = fe.stats();
        this.client = core.newClient(this);
        fe.unregistered.incrementAndGet();
    }

    /**
     * The nick numerics are addressed to: the registered nick, or {@code *} before registration.
     * Read from the user, not the reader's state: the presence thread addresses the lobby
     * snapshot while the reader is still returning from the login.
     */
    String target() {
        User u = client.user();
        return u == null ? "*" : IrcFrontEnd.identity(u).nick();
    }

    User user() {
        return client.user();
    }

    @Override
    public boolean online() {
        return state == State.ONLINE;
    }

    @Override
    public boolean active() {
        return state != State.ENDED;
    }

    @Override
    public byte[] ping(String token) {
        return IrcOut.line(null, "PING", token);
    }

    @Override
    public String peer() {
        return link.peer();
    }

    // ---- replies ----

    /** {@code :server <numeric> <target> params... :<fixed text>}. */
    void reply(Numeric n, String... params) {
        link.send(numeric(n, params));
    }

    /** {@code :server <numeric> <target> params... :<text>}. */
    void replyText(Numeric n, String text, String... params) {
        link.send(numericText(n, text, params));
    }

    /** A numeric with its fixed text last; one without fixed text ends with {@code params} (no {@code :} unless needed). */
    byte[] numeric(Numeric n, String... params) {
        if (n.text() != null) {
            return numericText(n, n.text(), params);
        }
        String[] ps = new String[params.length + 1];
        ps[0] = target();
        System.arraycopy(params, 0, ps, 1, params.length);
        return IrcOut.bare(fe.serverName(), n.code(), ps);
    }

    byte[] numericText(Numeric n, String text, String... params) {
        List<String> ps = new ArrayList<>(params.length + 2);
        ps.add(target());
        for (String p : params) {
            ps.add(p);
        }
        ps.add(text);
        return IrcOut.line(fe.serverName(), n.code(), ps);
    }

    /** A line with the server as its source. */
    void send(String command, String... params) {
        link.send(IrcOut.line(fe.serverName(), command, params));
    }

    // ---- lines from the client (reader thread) ----

    @Override
    public void error(DecodeError error) {
        if (state == State.ENDED) {
            return;
        }
        switch (error) {
            case LINE_TOO_LONG -> reply(Numeric.ERR_INPUTTOOLONG);
            case INVALID_UTF8 -> link.send(IrcOut.line(fe.serverName(), "FAIL", "*", "INVALID_UTF8", error.reply()));
            case NUL_BYTE, CONTROL_CHARACTER -> replyText(Numeric.ERR_UNKNOWNERROR, error.reply(), "*");
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
        ParsedLine parsed = IrcMessage.parse(buf, off, len);
        switch (parsed) {
            case ParsedLine.Bad bad -> {
                if (!paced()) {
                    return;
                }
                switch (bad.problem()) {
                    case TOO_LONG, TAGS_TOO_LONG -> reply(Numeric.ERR_INPUTTOOLONG);
                    case BAD_COMMAND -> reply(Numeric.ERR_UNKNOWNCOMMAND, bad.command());
                    case NO_COMMAND -> { /* nothing to answer: a line of tags or spaces */ }
                }
            }
            case IrcMessage m -> {
                // A PONG is an answer the server asked for: never slowed down.
                if (!m.command().equals("PONG") && !paced()) {
                    return;
                }
                IrcCommands.dispatch(this, m);
            }
        }
    }

    /** Flood control for the line about to be handled; false when the client was dropped for it. */
    private boolean paced() {
        if (!link.paced()) {
            state = State.ENDED;
            return false;
        }
        return state != State.ENDED;
    }

    /** Ends the session: it reads nothing more; {@code lastLine} is written before the close. */
    void end(String reason, byte[] lastLine) {
        state = State.ENDED;
        link.finish(reason, lastLine);
    }

    // ---- registration ----

    /** Registers once NICK and USER are in and CAP negotiation (if begun) has ended. */
    void tryRegister() {
        if (state != State.REGISTERING || nick == null || ident == null || capNegotiating) {
            return;
        }
        String wanted = nick;
        switch (core.authenticate(new Credentials.Guest(wanted))) {
            case ACCEPTED -> { }
            case NAME_REGISTERED, INVALID -> {
                replyText(Numeric.ERR_NICKNAMEINUSE, "Nickname is registered", wanted);
                nick = null;
                return;
            }
        }
        IrcIdentity me = IrcIdentity.of(wanted, userPart(ident), IrcIdentity.IRC_HOST, realname, true);
        identity = me;
        byte[] welcome = welcomeBurst(wanted, me);
        // Deltas from the first presence round on: it sends this client the lobby snapshot.
        client.wantPresenceDeltas();
        LoginResult r = core.login(client, wanted, () -> {
            // Cached now, so that it is there after logout too (the QUIT line); then the welcome,
            // before any line another thread may queue for the new user.
            IrcFrontEnd.identity(client.user());
            link.send(welcome);
        });
        switch (r) {
            case OK -> {
                state = State.ONLINE;
                countedUnregistered = false;
                fe.unregistered.decrementAndGet();
                fe.peakUsers(core.usersOnline());
                link.loggedIn();
                link.startHeartbeat(); // an IRC client is always pinged
                fe.log().info("[JOIN] {} from {} via IRC ({} online)", wanted, link.peer(), core.usersOnline());
                awaitLobby();
            }
            case NAME_TAKEN, LOOKS_TAKEN -> {
                // IRC lets the client try another nick; it stays unregistered. A nick that looks
                // like one online (UTS #39) is as taken as the same nick.
                reply(Numeric.ERR_NICKNAMEINUSE, wanted);
                nick = null;
            }
            case FULL -> {
                rejected = true;
                stats.dropped(ServerStats.Drop.REJECTED_LOGIN);
                fe.log().info("[REJECT] {}: server full ({} users)", link.peer(), core.directory().maxUsers());
                end("login rejected: server full", IrcFrontEnd.error("Server is full"));
            }
        }
    }

    /** {@code ~ident}, kept to characters a user part may have, cut to USERLEN. */
    static String userPart(String ident) {
        StringBuilder sb = new StringBuilder("~");
        for (int i = 0; i < ident.length() && sb.length() < IrcLimits.USERLEN; i++) {
            char c = ident.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.') {
                sb.append(c);
            }
        }
        return sb.length() == 1 ? "~user" : sb.toString();
    }

    /** 001-005, LUSERS and the MOTD, in one array. */
    private byte[] welcomeBurst(String me, IrcIdentity id) {
        String server = fe.serverName();
        List<byte[]> lines = new ArrayList<>();
        lines.add(IrcOut.line(server, Numeric.RPL_WELCOME.code(), me,
                "Welcome to the " + fe.config().network() + " IRC Network " + id.mask()));
        lines.add(IrcOut.line(server, Numeric.RPL_YOURHOST.code(), me,
                "Your host is " + server + ", running version " + fe.version()));
        lines.add(IrcOut.line(server, Numeric.RPL_CREATED.code(), me, "This server was created " + fe.createdText()));
        lines.add(IrcOut.bare(server, Numeric.RPL_MYINFO.code(), me, server, fe.version(), IrcFrontEnd.USER_MODES,
                IrcFrontEnd.CHANNEL_MODES, IrcFrontEnd.CHANNEL_MODES_WITH_PARAM));
        lines.addAll(isupportLines(me));
        lines.addAll(lusersLines(me, core.usersOnline() + 1));
        lines.addAll(motdLines(me));
        return IrcOut.concat(lines);
    }

    List<byte[]> isupportLines(String me) {
        List<byte[]> out = new ArrayList<>();
        for (List<String> tokens : fe.isupport()) {
            List<String> ps = new ArrayList<>(tokens.size() + 2);
            ps.add(me);
            ps.addAll(tokens);
            ps.add(Numeric.RPL_ISUPPORT.text());
            out.add(IrcOut.line(fe.serverName(), Numeric.RPL_ISUPPORT.code(), ps));
        }
        return out;
    }

    /** 251, 253 (when some), 254, 255, 265, 266. {@code users} is the number online to report. */
    List<byte[]> lusersLines(String me, int users) {
        String server = fe.serverName();
        int invisible = Math.min(users, fe.invisible.get());
        int peak = fe.peakUsers(users);
        int unknown = fe.unregistered.get() - (state == State.REGISTERING && countedUnregistered ? 1 : 0);
        List<byte[]> out = new ArrayList<>();
        out.add(IrcOut.line(server, Numeric.RPL_LUSERCLIENT.code(), me,
                "There are " + (users - invisible) + " users and " + invisible + " invisible on 1 servers"));
        if (unknown > 0) {
            out.add(IrcOut.line(server, Numeric.RPL_LUSERUNKNOWN.code(), me, String.valueOf(unknown),
                    Numeric.RPL_LUSERUNKNOWN.text()));
        }
        out.add(IrcOut.line(server, Numeric.RPL_LUSERCHANNELS.code(), me, String.valueOf(core.rooms().size() + 1),
                Numeric.RPL_LUSERCHANNELS.text()));
        out.add(IrcOut.line(server, Numeric.RPL_LUSERME.code(), me, "I have " + users + " clients and 0 servers"));
        out.add(IrcOut.line(server, Numeric.RPL_LOCALUSERS.code(), me, String.valueOf(users), String.valueOf(peak),
                "Current local users " + users + ", max " + peak));
        out.add(IrcOut.line(server, Numeric.RPL_GLOBALUSERS.code(), me, String.valueOf(users), String.valueOf(peak),
                "Current global users " + users + ", max " + peak));
        return out;
    }

    List<byte[]> motdLines(String me) {
        String server = fe.serverName();
        List<String> motd = fe.config().motd();
        if (motd.isEmpty()) {
            return List.of(IrcOut.line(server, Numeric.ERR_NOMOTD.code(), me, Numeric.ERR_NOMOTD.text()));
        }
        List<byte[]> out = new ArrayList<>(motd.size() + 2);
        out.add(IrcOut.line(server, Numeric.RPL_MOTDSTART.code(), me, "- " + server + " Message of the day - "));
        for (String l : motd) {
            out.add(IrcOut.line(server, Numeric.RPL_MOTD.code(), me, "- " + l));
        }
        out.add(IrcOut.line(server, Numeric.RPL_ENDOFMOTD.code(), me, Numeric.RPL_ENDOFMOTD.text()));
        return out;
    }

    /** Waits (reader only) until the lobby snapshot is queued, the session ends, or {@link #LOBBY_WAIT} passes. */
    private void awaitLobby() {
        try {
            long deadline = System.nanoTime() + LOBBY_WAIT.toNanos();
            // Woken every 100 ms to notice an ending connection (a shutdown stops presence).
            while (!lobbyJoined.await(100, TimeUnit.MILLISECONDS)) {
                if (link.ending() || System.nanoTime() - deadline > 0) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void disconnected(String reason) {
        String name = client.user() == null ? null : client.user().name();
        boolean wasOnline = core.logout(client, reason);
        if (state != State.ONLINE && countedUnregistered) {
            countedUnregistered = false;
            fe.unregistered.decrementAndGet();
        }
        if (invisible) {
            invisible = false;
            fe.invisible.decrementAndGet();
        }
        state = State.ENDED;
        if (wasOnline) {
            fe.log().info("[LEAVE] {} ({}; {} online)", name, LogSafe.clean(reason), core.usersOnline());
        } else if (!rejected) {
            fe.log().info("[CLOSE] {} before registration ({})", link.peer(), LogSafe.clean(reason));
        }
    }

    // ---- core events for this client (any thread) ----

    @Override
    public boolean deliver(ChatEvent.Message m) {
        if (m.kind() == ChatEvent.Message.Kind.LOBBY && !inLobby) {
            return false; // said before this client was in #lobby, as it sees it
        }
        return link.send(m.encodings().get(IrcFrontEnd.IRC, m, fe::encodeMessage));
    }

    @Override
    public void roomEvent(ChatEvent.RoomEvent e) {
        switch (e) {
            case ChatEvent.RoomJoined j -> {
                if (j.user() == client.user()) {
                    link.send(j.encodings().get(IrcFrontEnd.IRC_JOINER, j, this::joinerBurst));
                } else {
                    link.send(j.encodings().get(IrcFrontEnd.IRC, j, IrcFrontEnd::encodeJoin));
                }
            }
            case ChatEvent.RoomLeft l -> {
                IrcFrontEnd.LeaveLines lines = l.encodings().get(IrcFrontEnd.IRC, l, fe::encodeLeave);
                if (!lines.quit() || quitsSent.putIfAbsent(lines.user(), System.nanoTime()) == null) {
                    link.send(lines.line());
                }
                if (lines.newOperator() != null) {
                    link.send(lines.newOperator());
                }
            }
            case ChatEvent.TopicChanged t -> link.send(t.encodings().get(IrcFrontEnd.IRC, t, IrcFrontEnd::encodeTopic));
        }
    }

    /** JOIN, the topic if there is one, and the names, as the joiner sees them. */
    private byte[] joinerBurst(ChatEvent.RoomJoined j) {
        Room room = j.room();
        List<byte[]> lines = new ArrayList<>();
        lines.add(IrcFrontEnd.encodeJoin(j));
        Room.Topic t = room.topic();
        if (!t.text().isEmpty()) {
            lines.add(topicLine(room.name(), t.text()));
            lines.add(topicWhoTime(room.name(), t.setter(), t.setAtMillis()));
        }
        for (String run : fe.roomRuns(room, j.members())) {
            lines.add(numericText(Numeric.RPL_NAMREPLY, run, "=", room.name()));
        }
        lines.add(numeric(Numeric.RPL_ENDOFNAMES, room.name()));
        return IrcOut.concat(lines);
    }

    byte[] topicLine(String channel, String text) {
        return numericText(Numeric.RPL_TOPIC, IrcOut.clip(text, IrcLimits.TOPICLEN), channel);
    }

    byte[] topicWhoTime(String channel, String setterName, long atMillis) {
        String setter = setterName.isEmpty() ? fe.serverName() : Nicks.nickOf(setterName);
        return numeric(Numeric.RPL_TOPICWHOTIME, channel, setter, String.valueOf(atMillis / 1000));
    }

    @Override
    public long presenceList(PresenceRound round) {
        return 0; // never asked: an IRC client wants deltas from before its login
    }

    @Override
    public long presenceSnapshot(PresenceRound round) {
        // The snapshot names this client's own user: it is what it joined #lobby with.
        List<byte[]> lines = new ArrayList<>();
        lines.add(IrcFrontEnd.userBare(client.user(), "JOIN", RoomNames.LOBBY));
        lines.add(topicLine(RoomNames.LOBBY, IrcFrontEnd.LOBBY_TOPIC));
        lines.add(topicWhoTime(RoomNames.LOBBY, "", fe.created().toEpochMilli()));
        for (String run : fe.lobbyRuns(round.snapshot())) {
            lines.add(numericText(Numeric.RPL_NAMREPLY, run, "=", RoomNames.LOBBY));
        }
        lines.add(numeric(Numeric.RPL_ENDOFNAMES, RoomNames.LOBBY));
        byte[] all = IrcOut.concat(lines);
        // A QUIT remembered from before the snapshot is of a user the snapshot either shows
        // (its delta is still to come, and must then be sent) or does not (no delta will come).
        quitsSent.clear();
        link.sendSnapshot(all);
        inLobby = true;
        lobbyJoined.countDown();
        return all.length;
    }

    @Override
    public long presenceDelta(PresenceRound round) {
        IrcFrontEnd.Delta d = round.encodings().get(IrcFrontEnd.IRC, round, fe::encodeDelta);
        byte[] out = d.all();
        if (!quitsSent.isEmpty()) {
            out = withoutQuitsSent(d);
        }
        if (out.length > 0) {
            link.send(out);
        }
        return out.length;
    }

    /** The round's lines without the QUITs this client already had from a room. */
    private byte[] withoutQuitsSent(IrcFrontEnd.Delta d) {
        List<byte[]> parts = new ArrayList<>(d.quits().size() + 1);
        for (int i = 0; i < d.quitters().size(); i++) {
            if (quitsSent.remove(d.quitters().get(i)) == null) {
                parts.add(d.quits().get(i));
            }
        }
        long now = System.nanoTime();
        for (Iterator<Long> it = quitsSent.values().iterator(); it.hasNext(); ) {
            if (now - it.next() > QUIT_MEMORY_NANOS) {
                it.remove();
            }
        }
        parts.add(d.joins());
        return IrcOut.concat(parts);
    }

    // ---- preloading ----

    /** See {@link IrcFrontEnd#preloadClasses()}. */
    static void preload() {
        ChatCore scratch = new ChatCore(new LocalDirectory(4), new GuestAuthenticator(), "preload-presence");
        // Its presence thread gives the sessions their lobby snapshots (a platform thread: loads those paths too).
        scratch.start();
        try {
            preload(scratch);
        } finally {
            scratch.stop();
        }
    }

    private static void preload(ChatCore scratch) {
        IrcFrontEnd fe = new IrcFrontEnd(scratch, IrcConfig.defaults("preload.invalid"), new ServerStats(),
                org.slf4j.helpers.NOPLogger.NOP_LOGGER);
        IrcSession a = new IrcSession(Link.discarding("preload"), fe);
        IrcSession b = new IrcSession(Link.discarding("preload"), fe);
        feed(a, "CAP LS 302\r\nCAP REQ :multi-prefix\r\nCAP LIST\r\nNICK warm\r\nUSER warm 0 * :Warm Up\r\nPING x\r\n"
                + "CAP END\r\n");
        feed(b, "NICK other\r\nUSER o 0 * :O\r\n");
        feed(a, "JOIN #warm,#warm2\r\nPRIVMSG #warm :hi\r\nNOTICE other :n\r\nPRIVMSG other,#lobby :x\r\n"
                + "NAMES #warm\r\nTOPIC #warm :t\r\nTOPIC #warm\r\nMODE #warm\r\nMODE #warm b\r\nMODE #warm +o other\r\n"
                + "MODE warm +i\r\nMODE warm\r\nWHO #warm\r\nWHO *\r\nWHO other\r\nWHOIS other\r\nWHOWAS x\r\n"
                + "ISON warm other\r\nUSERHOST warm\r\nAWAY :gone\r\nAWAY\r\nLUSERS\r\nVERSION\r\nMOTD\r\nLIST\r\nTIME\r\n"
                + "KICK #warm other :x\r\nPART #warm2 :bye\r\nPART #lobby\r\nJOIN 0\r\nNICK x\r\nFOO\r\n@a=b;c :s PING :t\r\n");
        feed(b, "JOIN #warm\r\nPRIVMSG warm :hi\r\nPRIVMSG zo|hua :x\r\nQUIT :bye\r\n");
        a.error(DecodeError.LINE_TOO_LONG);
        a.error(DecodeError.INVALID_UTF8);
        a.error(DecodeError.NUL_BYTE);
        Nicks.nickOf("zoë");
        Nicks.usernameOf("zo|hua");
        Nicks.matches("w*", "warm");
        b.disconnected("preload");
        a.disconnected("preload");
    }

    private static void feed(IrcSession s, String lines) {
        byte[] b = lines.getBytes(StandardCharsets.UTF_8);
        new LineDecoder(IrcLimits.MAX_DECODED_LINE_BYTES).feed(b, 0, b.length, s);
    }
}
