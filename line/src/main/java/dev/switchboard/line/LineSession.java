package dev.switchboard.line;

import dev.switchboard.core.ChatCore;
import dev.switchboard.core.ChatEvent;
import dev.switchboard.core.Client;
import dev.switchboard.core.Credentials;
import dev.switchboard.core.Endpoint;
import dev.switchboard.core.LoginResult;
import dev.switchboard.core.PresenceRound;
import dev.switchboard.core.Text;
import dev.switchboard.core.User;
import dev.switchboard.core.UserList;
import dev.switchboard.net.Link;
import dev.switchboard.net.ProtocolHandler;
import dev.switchboard.net.ServerStats;
import dev.switchboard.protocol.Capability;
import dev.switchboard.protocol.ClientMessage;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.DecodeError;
import dev.switchboard.protocol.ServerMessage;
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
            case ClientMessage.Quit q -> end("quit" + (q.reason().isEmpty() ? "" : ": " + q.reason()), null);
            case ClientMessage.CapList c -> link.send(Lines.of(new ServerMessage.CapList(LineFrontEnd.CAPABILITIES)));
            case ClientMessage.CapRequest r -> requestCaps(r.caps());
            case ClientMessage.UserList u -> {
                if (state == State.HANDSHAKE) {
                    link.send(NOT_LOGGED_IN);
                } else {
                    link.sendList(usersLine(core.users()));
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

    private void login(String wanted) {
        String problem = Usernames.problem(wanted);
        if (problem != null) {
            rejectLogin(INVALID_NAME, "invalid name " + quote(wanted) + ": " + problem);
            return;
        }
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
        if (Command.lookup(buf, off, bar - off) != null) {
            return false;
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
        Text text = Text.copyOf(buf, bar + 1, off + len - bar - 1);
        if (to == null || !core.sendPrivate(client, to, text)) {
            link.send(Lines.of(ErrorReply.notOnline(new String(buf, off, bar - off, StandardCharsets.UTF_8))));
        }
        return true;
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
            log.info("[LEAVE] {} ({}; {} online)", name, reason, core.usersOnline());
        } else if (!rejected) {
            log.info("[CLOSE] {} before login ({})", link.peer(), reason);
        }
    }

    // ---- core events for this client (any thread) ----

    @Override
    public boolean deliver(ChatEvent.Message m) {
        return link.send(m.encodings().get(LineFrontEnd.LINE, m, LineSession::encode));
    }

    @Override
    public void roomEvent(ChatEvent.RoomEvent e) {
        // Rooms need CAP|REQ|rooms, which this server does not offer yet.
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

    /** {@code MSG|sender|text} or {@code ALL|sender|text}. */
    static byte[] encode(ChatEvent.Message m) {
        byte[] verb = m.kind() == ChatEvent.Message.Kind.LOBBY ? ALL_BAR : MSG_BAR;
        byte[] from = m.from().nameUtf8();
        byte[] text = m.text().utf8();
        byte[] out = new byte[verb.length + from.length + 1 + text.length + 1];
        System.arraycopy(verb, 0, out, 0, verb.length);
        System.arraycopy(from, 0, out, verb.length, from.length);
        out[verb.length + from.length] = '|';
        System.arraycopy(text, 0, out, verb.length + from.length + 1, text.length);
        out[out.length - 1] = '\n';
        return out;
    }

    private static final byte[] MSG_BAR = "MSG|".getBytes(StandardCharsets.US_ASCII);
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

    static String quote(String s) {
        String shown = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return "'" + shown.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
