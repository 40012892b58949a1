package dev.switchboard.line;

import dev.switchboard.core.ChatCore;
import dev.switchboard.core.ChatEvent;
import dev.switchboard.core.Client;
import dev.switchboard.core.Credentials;
import dev.switchboard.core.Endpoint;
import dev.switchboard.core.LoginResult;
import dev.switchboard.core.PresenceRound;
import dev.switchboard.core.Room;
import dev.switchboard.core.RoomMember;
import dev.switchboard.core.RoomResult;
import dev.switchboard.core.Text;
import dev.switchboard.core.User;
import dev.switchboard.core.UserList;
import dev.switchboard.net.Link;
import dev.switchboard.net.LogSafe;
import dev.switchboard.net.ProtocolHandler;
import dev.switchboard.net.ServerStats;
import dev.switchboard.protocol.Capability;
import dev.switchboard.protocol.ClientMessage;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.DecodeError;
import dev.switchboard.protocol.Formatting;
import dev.switchboard.protocol.Limits;
import dev.switchboard.protocol.ServerMessage;
import dev.switchboard.protocol.RoomNames;
import dev.switchboard.protocol.ServerMessage.ErrorReply;
import dev.switchboard.protocol.Usernames;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;

/**
 * One line-protocol client: the handshake, then what it sends turned into chat-core calls, and
 * the core's events turned into lines. Fed whole lines by its connection's reader (one thread at
 * a time); the core reaches it from other threads only through the {@link Endpoint} methods,
 * which encode (once per event, shared by every line-protocol recipient) and queue.
 *
 * <p>Nothing a peer sends can make this class throw: every bad line becomes an {@code ERROR|...}
 * reply, and the session goes on unless the line ends it (a rejected login, {@code QUIT}).
 */
public final class LineSession implements ProtocolHandler, Endpoint {

    private static final byte[] NOT_LOGGED_IN = Lines.of(new ErrorReply("Log in first: send your username"));
    private static final byte[] INVALID_MESSAGE = Lines.of(new ErrorReply(ErrorReply.INVALID_MESSAGE));
    private static final byte[] INVALID_NAME = Lines.of(new ErrorReply(ErrorReply.INVALID_NAME));
    private static final byte[] NAME_TAKEN = Lines.of(new ErrorReply(ErrorReply.NAME_TAKEN));
    private static final byte[] SERVER_FULL = Lines.of(new ErrorReply(ErrorReply.SERVER_FULL));
    private static final byte[] NAME_REGISTERED = Lines.of(new ErrorReply("Username is registered"));
    private static final byte[] ROOMS_NEED_CAP = Lines.of(new ErrorReply("Rooms need CAP|REQ|rooms"));
    private static final byte[] INVALID_ROOM = Lines.of(new ErrorReply("Invalid room name"));
    private static final byte[] NOBODY_LEAVES_LOBBY = Lines.of(new ErrorReply("Nobody leaves " + RoomNames.LOBBY));

    private enum State { HANDSHAKE, ONLINE, ENDED }

    private final Logger log;
    private final Link link;
    private final ChatCore core;
    private final Client client;
    private final ServerStats stats;

    // Owned by the reader thread.
    private State state = State.HANDSHAKE;
    private final Set<String> caps = new LinkedHashSet<>();
    /** A login was rejected: the rejection was logged, the close needs no second line. */
    private boolean rejected;
    /** Asked for {@code rooms}: gets room events. Written by the reader, read by anyone delivering. */
    private volatile boolean rooms;
    /** The target of the last private message and its name as sent, to skip the lookup. Reader only. */
    private User lastTarget;
    private byte[] lastTargetBytes;

    LineSession(Link link, ChatCore core, ServerStats stats, Logger log) {
        this.log = log;
        this.link = link;
        this.core = core;
        this.stats = stats;
        this.client = core.newClient(this);
    }

    /** The name logged in as, or null. */
    String name() {
        User u = client.user();
        return u == null ? null : u.name();
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
        return Lines.of(new ServerMessage.Ping(token));
    }

    @Override
    public String peer() {
        return link.peer();
    }

    // ---- lines from the client (reader thread) ----

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
        int bar = indexOfBar(buf, off, len);
        if (state == State.HANDSHAKE && bar < 0) {
            // Before login a line without '|' is the handshake, even a bare command word such as
            // "QUIT" or "MSG": reserved words are invalid names, so the client hears exactly that.
            if (paced()) {
                login(new String(buf, off, len, StandardCharsets.UTF_8));
            }
            return;
        }
        if (state == State.ONLINE && bar >= 0 && relayPrivate(buf, off, len, bar)) {
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
                if (state == State.HANDSHAKE && Command.lookup(buf, off, bar - off) == Command.MSG) {
                    link.send(NOT_LOGGED_IN); // MSG|bob|hi is a command even before login
                } else if (state == State.HANDSHAKE) {
                    // "a|b" as a first line is a name with a '|' in it.
                    rejectLogin(INVALID_NAME, "invalid name " + quote(new String(buf, off, len, StandardCharsets.UTF_8)));
                } else if (RoomNames.looksLikeRoom(p.target())) {
                    sendToRoom(p.target(), Text.of(p.content()));
                } else {
                    sendPrivate(p.target(), Text.of(p.content()));
                }
            }
            case ClientMessage.Everyone e -> {
                if (state == State.HANDSHAKE) {
                    link.send(NOT_LOGGED_IN);
                } else {
                    core.sendToEveryone(client, Text.of(e.content()));
                }
            }
            case ClientMessage.Ping p -> link.send(Lines.of(new ServerMessage.Pong(p.token())));
            case ClientMessage.Pong p -> { /* an answer to our PING: the read itself proved liveness */ }
            case ClientMessage.Quit q -> end("quit" + (q.reason().isEmpty() ? "" : ": " + reason(q.reason())), null);
            case ClientMessage.CapList c -> link.send(Lines.of(new ServerMessage.CapList(LineFrontEnd.CAPABILITIES)));
            case ClientMessage.CapRequest r -> requestCaps(r.caps());
            case ClientMessage.UserList u -> {
                if (state == State.HANDSHAKE) {
                    link.send(NOT_LOGGED_IN);
                } else {
                    link.sendList(usersLine(core.users()));
                }
            }
            case ClientMessage.RoomUserList r -> {
                if (roomsAllowed()) {
                    roomUsers(r.room());
                }
            }
            case ClientMessage.Join j -> {
                if (roomsAllowed()) {
                    join(j.room());
                }
            }
            case ClientMessage.Leave l -> {
                if (roomsAllowed()) {
                    answer(core.leave(client, l.room(), reason(l.reason())), l.room(), null);
                }
            }
            case ClientMessage.Topic t -> {
                if (roomsAllowed()) {
                    topic(t.room(), t.text());
                }
            }
            case ClientMessage.Kick k -> {
                if (roomsAllowed()) {
                    answer(core.kick(client, k.room(), k.name(), reason(k.reason())), k.room(), k.name());
                }
            }
            case ClientMessage.Unsupported u ->
                    link.send(Lines.of(new ErrorReply("Unsupported command " + u.command().name())));
            case ClientMessage.Malformed bad -> link.send(Lines.of(new ErrorReply(bad.reason())));
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

    private void login(String typed) {
        String problem = Usernames.problem(typed);
        if (problem != null) {
            rejectLogin(INVALID_NAME, "invalid name " + quote(typed) + ": " + problem);
            return;
        }
        // Full-width forms mapped, NFC: the spelling everyone sees (ＢＯＢ logs in as BOB).
        String wanted = Usernames.canonical(typed);
        switch (core.authenticate(new Credentials.Guest(wanted))) {
            case ACCEPTED -> { }
            case NAME_REGISTERED, INVALID -> {
                rejectLogin(NAME_REGISTERED, "name " + quote(wanted) + " is registered");
                return;
            }
        }
        byte[] welcome = Lines.of(new ServerMessage.Welcome("Welcome to Switchboard, " + wanted));
        LoginResult result = core.login(client, wanted, () -> link.send(welcome));
        switch (result) {
            case OK -> {
                state = State.ONLINE;
                link.loggedIn();
                log.info("[JOIN] {} from {} ({} online)", wanted, link.peer(), core.usersOnline());
                if (caps.contains(Capability.HEARTBEAT)) {
                    link.startHeartbeat();
                }
            }
            case NAME_TAKEN -> rejectLogin(NAME_TAKEN, "name " + quote(wanted) + " already taken");
            case LOOKS_TAKEN -> rejectLogin(NAME_TAKEN, "name " + quote(wanted) + " looks like one online");
            case FULL -> rejectLogin(SERVER_FULL, "server full (" + core.directory().maxUsers() + " users)");
        }
    }

    private void rejectLogin(byte[] errorLine, String why) {
        log.info("[REJECT] {}: {}", link.peer(), why);
        rejected = true;
        stats.dropped(ServerStats.Drop.REJECTED_LOGIN);
        end("login rejected: " + why, errorLine);
    }

    /**
     * The hot path: a {@code target|content} line, its content copied once and never decoded to
     * a String and back. The last target is remembered, since a sender usually writes to the same
     * person many times. Returns false when the line is not a plain private message (a command),
     * leaving it to the general parser.
     */
    private boolean relayPrivate(byte[] buf, int off, int len, int bar) {
        if (buf[off] == '#' || Command.lookup(buf, off, bar - off) != null) {
            return false; // a room, or a command
        }
        if (!paced()) {
            return true;
        }
        User to = lastTarget;
        if (to == null || !to.online() || !Arrays.equals(lastTargetBytes, 0, lastTargetBytes.length, buf, off, bar)) {
            to = core.find(new String(buf, off, bar - off, StandardCharsets.UTF_8));
            lastTarget = to;
            lastTargetBytes = Arrays.copyOfRange(buf, off, bar);
        }
        // MSG|sender|text\n built once, straight from the read buffer; the core's Text is a view of
        // it and the line is every line-protocol recipient's encoding.
        byte[] from = client.user().nameUtf8();
        int textLen = off + len - bar - 1;
        byte[] line = new byte[MSG_BAR.length + from.length + 1 + textLen + 1];
        System.arraycopy(MSG_BAR, 0, line, 0, MSG_BAR.length);
        System.arraycopy(from, 0, line, MSG_BAR.length, from.length);
        int textAt = MSG_BAR.length + from.length + 1;
        line[textAt - 1] = '|';
        System.arraycopy(buf, bar + 1, line, textAt, textLen);
        line[line.length - 1] = '\n';
        if (to == null || !core.sendPrivate(client, to, Text.view(line, textAt, textLen), LineFrontEnd.LINE, line)) {
            link.send(Lines.of(ErrorReply.notOnline(new String(buf, off, bar - off, StandardCharsets.UTF_8))));
        }
        return true;
    }

    /** Room commands need a login and the {@code rooms} capability; says so when they are missing. */
    private boolean roomsAllowed() {
        if (state == State.HANDSHAKE) {
            link.send(NOT_LOGGED_IN);
            return false;
        }
        if (!rooms) {
            link.send(ROOMS_NEED_CAP);
            return false;
        }
        return true;
    }

    /** {@code #room|text}: the lobby is everyone's, so {@code #lobby|text} needs no capability. */
    private void sendToRoom(String room, Text text) {
        if (RoomNames.isLobby(room)) {
            core.sendToEveryone(client, text);
        } else if (roomsAllowed()) {
            answer(core.sendToRoom(client, room, text), room, null);
        }
    }

    private void join(String room) {
        RoomResult r = core.join(client, room);
        if (r == RoomResult.ALREADY_IN) {
            roomUsers(room); // joining again shows the room as a first join does
        } else {
            answer(r, room, null);
        }
    }

    /** {@code USERS|#room}: who is in it, operators marked; the lobby is everyone. */
    private void roomUsers(String name) {
        if (RoomNames.isLobby(name)) {
            link.send(lobbyLine(core.users()));
            return;
        }
        if (!RoomNames.isValid(name)) {
            link.send(INVALID_ROOM);
            return;
        }
        Room room = core.room(name);
        if (room == null) {
            answer(RoomResult.NO_SUCH_ROOM, name, null);
            return;
        }
        link.send(roomUsersLine(room.name(), room.members()));
    }

    /** {@code TOPIC|#room|text} sets it; {@code TOPIC|#room} asks for it (the lobby has none). */
    private void topic(String name, String text) {
        if (text != null) {
            answer(core.setTopic(client, name, text), name, null);
        } else if (RoomNames.isLobby(name)) {
            link.send(Lines.of(new ServerMessage.Topic(RoomNames.LOBBY, "", "")));
        } else if (!RoomNames.isValid(name)) {
            link.send(INVALID_ROOM);
        } else {
            Room room = core.room(name);
            if (room == null) {
                answer(RoomResult.NO_SUCH_ROOM, name, null);
            } else {
                Room.Topic t = room.topic();
                link.send(Lines.of(new ServerMessage.Topic(room.name(), t.setter(), t.text())));
            }
        }
    }

    /** The reply to a room command that did not succeed; nothing when it did (the events say it). */
    private void answer(RoomResult r, String room, String member) {
        switch (r) {
            case OK, ALREADY_IN -> { }
            case INVALID_NAME -> link.send(INVALID_ROOM);
            case NO_SUCH_ROOM -> link.send(Lines.of(new ErrorReply("No such room " + room)));
            case NOT_IN_ROOM -> link.send(Lines.of(new ErrorReply("You are not in " + room)));
            case NOT_OPERATOR -> link.send(Lines.of(new ErrorReply("Not an operator of " + room)));
            case LOBBY -> link.send(NOBODY_LEAVES_LOBBY);
            case NO_SUCH_MEMBER -> link.send(Lines.of(new ErrorReply("User " + member + " is not in " + room)));
        }
    }

    private void sendPrivate(String target, Text text) {
        User to = core.find(target);
        if (to == null || !core.sendPrivate(client, to, text)) {
            link.send(Lines.of(ErrorReply.notOnline(target)));
        }
    }

    private void requestCaps(List<String> wanted) {
        List<String> unknown = new ArrayList<>();
        for (String c : wanted) {
            if (!LineFrontEnd.CAPABILITIES.contains(c)) {
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
        if (wanted.contains(Capability.PRESENCE)) {
            client.wantPresenceDeltas();
        }
        if (wanted.contains(Capability.ROOMS)) {
            rooms = true;
        }
    }

    /** Ends the session: it will read nothing more; {@code lastLine} is written before the close. */
    private void end(String reason, byte[] lastLine) {
        state = State.ENDED;
        link.finish(reason, lastLine);
    }

    @Override
    public void disconnected(String reason) {
        String name = name();
        boolean wasOnline = core.logout(client, reason);
        state = State.ENDED;
        if (wasOnline) {
            log.info("[LEAVE] {} ({}; {} online)", name, LogSafe.clean(reason), core.usersOnline());
        } else if (!rejected) {
            log.info("[CLOSE] {} before login ({})", link.peer(), LogSafe.clean(reason));
        }
    }

    // ---- core events for this client (any thread) ----

    @Override
    public boolean deliver(ChatEvent.Message m) {
        if (m.kind() == ChatEvent.Message.Kind.ROOM && !rooms) {
            return false; // cannot happen: only members get room messages, and joining needs the capability
        }
        byte[] line = m.encodings().get(LineFrontEnd.LINE, m, LineSession::encode);
        // An IRC user's CTCP query (VERSION, PING...) is not for a person on this protocol.
        return line.length == 0 || link.send(line);
    }

    @Override
    public void roomEvent(ChatEvent.RoomEvent e) {
        if (!rooms) {
            return;
        }
        switch (e) {
            case ChatEvent.RoomJoined j -> {
                if (j.user() == client.user()) {
                    link.send(j.encodings().get(LineFrontEnd.LINE_JOINER, j,
                            x -> roomUsersLine(x.room().name(), x.members())));
                    Room.Topic t = j.room().topic();
                    if (!t.text().isEmpty()) {
                        link.send(Lines.of(new ServerMessage.Topic(j.room().name(), t.setter(), t.text())));
                    }
                } else {
                    link.send(j.encodings().get(LineFrontEnd.LINE, j,
                            x -> Lines.of(new ServerMessage.RoomJoin(x.room().name(), x.user().name()))));
                }
            }
            case ChatEvent.RoomLeft l -> link.send(l.encodings().get(LineFrontEnd.LINE, l, LineSession::encodeLeft));
            case ChatEvent.TopicChanged t -> link.send(t.encodings().get(LineFrontEnd.LINE, t,
                    x -> Lines.of(new ServerMessage.Topic(x.room().name(), x.setter().name(), x.topic()))));
        }
    }

    @Override
    public long presenceList(PresenceRound round) {
        byte[] users = usersLine(round.snapshot());
        return link.offerUsers(users) ? users.length : 0;
    }

    @Override
    public long presenceSnapshot(PresenceRound round) {
        byte[] users = usersLine(round.snapshot());
        link.sendSnapshot(users);
        return users.length;
    }

    @Override
    public long presenceDelta(PresenceRound round) {
        byte[] delta = round.encodings().get(LineFrontEnd.LINE, round, LineSession::encodeDelta);
        if (delta.length == 0) {
            return 0;
        }
        link.send(delta);
        return delta.length;
    }

    // ---- encodings (each made once per event, shared by every line client) ----

    /** {@code LEAVE|#room|name} with the reason when there is one (a kick names the operator). */
    private static byte[] encodeLeft(ChatEvent.RoomLeft l) {
        String reason = l.reason();
        if (l.kickedBy() != null) {
            reason = "Kicked by " + l.kickedBy().name() + (reason.isEmpty() ? "" : ": " + reason);
        } else if (reason.regionMatches(true, 0, KICKED_BY, 0, KICKED_BY.length())) {
            // Only the server says "Kicked by": a member leaving with that reason is not a kick.
            reason = "Left: " + reason;
        }
        return Lines.of(new ServerMessage.RoomLeave(l.room().name(), l.user().name(), reason));
    }

    private static final String KICKED_BY = "Kicked by ";

    /** {@code USERS|#room|@alice,bob}: members in join order, operators marked. */
    static byte[] roomUsersLine(String room, List<RoomMember> members) {
        StringBuilder sb = new StringBuilder(8 + room.length() + members.size() * 12);
        sb.append("USERS|").append(room).append('|');
        for (int i = 0; i < members.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            RoomMember m = members.get(i);
            if (m.operator()) {
                sb.append('@');
            }
            sb.append(m.user().name());
        }
        sb.append('\n');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code USERS|#lobby|...}: everyone, made once per list. */
    private static byte[] lobbyLine(UserList list) {
        return list.encodings().get(LineFrontEnd.LINE_JOINER, list, x -> {
            StringBuilder sb = new StringBuilder(14 + x.users().size() * 12);
            sb.append("USERS|").append(RoomNames.LOBBY).append('|');
            for (int i = 0; i < x.users().size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(x.users().get(i).name());
            }
            sb.append('\n');
            return sb.toString().getBytes(StandardCharsets.UTF_8);
        });
    }

    /** {@code MSG|sender|text}, {@code ALL|sender|text} or {@code MSG|#room|sender|text}. */
    static byte[] encode(ChatEvent.Message m) {
        Text text = m.text();
        if (Formatting.hasControls(text.string())) {
            // From IRC: formatting codes removed, /me for a CTCP ACTION; no line carries a control.
            String plain = Formatting.toPlain(text.string());
            if (plain == null) {
                return NOTHING;
            }
            text = Text.of(plain);
        }
        if (m.kind() == ChatEvent.Message.Kind.ROOM) {
            return Lines.of(new ServerMessage.RoomMsg(m.room().name(), m.from().name(), text.string()));
        }
        byte[] verb = m.kind() == ChatEvent.Message.Kind.LOBBY ? ALL_BAR : MSG_BAR;
        byte[] from = m.from().nameUtf8();
        byte[] out = new byte[verb.length + from.length + 1 + text.byteLength() + 1];
        System.arraycopy(verb, 0, out, 0, verb.length);
        System.arraycopy(from, 0, out, verb.length, from.length);
        out[verb.length + from.length] = '|';
        text.copyTo(out, verb.length + from.length + 1);
        out[out.length - 1] = '\n';
        return out;
    }

    private static final byte[] MSG_BAR = "MSG|".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NOTHING = new byte[0];
    private static final byte[] ALL_BAR = "ALL|".getBytes(StandardCharsets.US_ASCII);

    /** The full {@code USERS|...} line of a list, made once per list. */
    static byte[] usersLine(UserList list) {
        return list.encodings().get(LineFrontEnd.LINE, list, LineSession::encodeUsers);
    }

    private static byte[] encodeUsers(UserList list) {
        List<User> users = list.users();
        StringBuilder sb = new StringBuilder(6 + users.size() * 12);
        sb.append("USERS|");
        for (int i = 0; i < users.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(users.get(i).name());
        }
        sb.append('\n');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The {@code LEAVE|name} and {@code JOIN|name} lines of a round, leaves first. */
    private static byte[] encodeDelta(PresenceRound round) {
        StringBuilder delta = new StringBuilder();
        for (PresenceRound.Departure d : round.left()) {
            delta.append("LEAVE|").append(d.user().name()).append('\n');
        }
        for (User u : round.joined()) {
            delta.append("JOIN|").append(u.name()).append('\n');
        }
        return delta.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static int indexOfBar(byte[] buf, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (buf[i] == '|') {
                return i;
            }
        }
        return -1;
    }

    /** A reason (QUIT, LEAVE, KICK) as others see it: at most {@link Limits#MAX_REASON_CHARS} characters. */
    private static String reason(String r) {
        if (r.length() <= Limits.MAX_REASON_CHARS || r.codePointCount(0, r.length()) <= Limits.MAX_REASON_CHARS) {
            return r;
        }
        return r.substring(0, r.offsetByCodePoints(0, Limits.MAX_REASON_CHARS));
    }

    static String quote(String s) {
        return LogSafe.quote(s);
    }
}
