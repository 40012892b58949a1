package dev.switchboard.client;

import dev.switchboard.protocol.Capability;
import dev.switchboard.protocol.ClientMessage;
import dev.switchboard.protocol.DecodeError;
import dev.switchboard.protocol.RoomNames;
import dev.switchboard.protocol.ServerMessage;
import dev.switchboard.protocol.ServerMessage.ErrorReply;
import dev.switchboard.protocol.Usernames;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Switchboard client without UI: connects, logs in, negotiates capabilities, sends messages,
 * reports everything to a {@link ChatListener}, and reconnects after a drop.
 *
 * <p>Typical use:
 * <pre>{@code
 * ChatClient client = new ChatClient(ClientConfig.of("localhost", 5555, "alice"), listener);
 * switch (client.connect().get()) {
 *     case LoginOutcome.LoggedIn in -> client.sendPrivate("bob", "hi");
 *     case LoginOutcome.Rejected r -> System.out.println("refused: " + r.reason());
 *     case LoginOutcome.Failed f -> System.out.println(f.cause());
 * }
 * client.close();
 * }</pre>
 *
 * <p>Login: the client sends {@code CAP|LS}, {@code CAP|REQ|presence} and its name at once and
 * never waits for a CAP answer, so a seed-style server that ignores CAP still logs it in;
 * {@code WELCOME} or a login {@code ERROR} decides. If the server's {@code CAP|LS} offers
 * {@code heartbeat}, the client asks for it too. Full {@code USERS} lines and
 * {@code JOIN}/{@code LEAVE} deltas are both understood, so the listener sees the same events
 * whichever the server sends.
 *
 * <p>Rooms: when the server's {@code CAP|LS} offers {@code rooms}, the client asks for it; then
 * {@link #joinRoom}, {@link #sendToRoom}, {@link #leaveRoom}, {@link #setTopic}, {@link #kick}...
 * work, and the client keeps the rooms it is in with their members ({@link #rooms()}), joining
 * them again after a reconnect. {@code #lobby} is everyone online: it is the user list, not one
 * of {@link #rooms()}; a message to it is {@code ALL|text}, as {@link #sendToEveryone}, which
 * any server takes.
 *
 * <p>Layers: a {@link ClientTransport} opens the byte stream ({@link ClientConfig#transport()});
 * the connection's reader only cuts it into lines and hands each to {@link #processLine}; nothing
 * the server sends is ever thrown back into the reader: a line that fits no form, or cannot be
 * decoded, is logged and kept in {@link #recentInputProblems()}.
 *
 * <p>Threads (see {@code docs/CONCURRENCY.md, "Client core"}): per connection one reader and one writer;
 * per client one event thread for listener calls and one control thread for connecting, timers
 * and reconnects. Every public method is thread-safe (but {@link #processLine}, which stands in
 * for the reader) and none blocks except {@link #close()}.
 */
public final class ChatClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChatClient.class);

    private enum State { NEW, CONNECTING, LOGGING_IN, ONLINE, WAITING, CLOSING, CLOSED }

    /**
     * {@code ERROR} reasons after which the server closes the connection: they become the cause
     * reported with the disconnect ({@link DisconnectCause#KICKED}) instead of a separate error event.
     */
    private static final Set<String> CLOSING_REASONS = Set.of(ErrorReply.SENDQ_EXCEEDED,
            ErrorReply.HANDSHAKE_TIMEOUT, ErrorReply.PING_TIMEOUT, ErrorReply.EXCESS_FLOOD,
            ErrorReply.TOO_MANY_CONNECTIONS);

    /** How many input problems are kept for {@link #recentInputProblems()}: enough to see a pattern. */
    static final int KEPT_INPUT_PROBLEMS = 16;

    private final ClientConfig config;
    private final ChatListener listener;
    private final String label;
    private final ExecutorService events;
    private final ScheduledExecutorService control;
    private final CompletableFuture<LoginOutcome> firstLogin = new CompletableFuture<>();
    private final ClientLink.Handler handler = new ClientLink.Handler() {
        @Override
        public void line(ClientLink link, String line) {
            processLine(link, line);
        }

        @Override
        public void undecodable(ClientLink link, DecodeError error) {
            inputProblem("", error.reply());
        }

        @Override
        public void ended(ClientLink link, Disconnect why) {
            onEnded(link, why);
        }
    };

    /** Guards the fields below it. Held only to change state and enqueue events, never during I/O. */
    private final ReentrantLock lock = new ReentrantLock();
    private State state = State.NEW;
    private ClientLink link;
    private ClientTransport.Attempt connecting;
    /** Reconnect attempts since the last drop; 0 while connected or before the first drop. */
    private int attempt;
    private boolean everLoggedIn;
    /** Set by a login ERROR on the reader; acted on when that link ends. */
    private Rejection rejection;
    private String rejectionText;
    private ScheduledFuture<?> loginTimer;
    private ScheduledFuture<?> linkCheck;
    /** {@link #sync()} barriers waiting for their PONG, by token. */
    private final Map<String, Barrier> barriers = new HashMap<>();
    private long syncCounter;

    /** A {@code PING|token} sent on {@code link}, completed by the matching {@code PONG}. */
    private record Barrier(ClientLink link, CompletableFuture<SyncResult> result) {}

    /** The link that is logged in, or null: read without the lock by senders. */
    private volatile ClientLink onlineLink;
    private volatile List<String> users = List.of();
    private volatile Set<String> capabilities = Set.of();

    // Confined to the current link's reader thread. Links follow each other: a new one starts only
    // after the previous reader reported its end under the lock, which orders the accesses.
    private final TreeSet<String> userSet = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    private boolean listKnown;
    private final RoomBook roomBook;
    /** The rooms this client is in, as of the reader's last change: an immutable copy. */
    private volatile List<Room> rooms = List.of();

    /** The last input problems, oldest first, and how many there were in all. Guarded by itself. */
    private final ArrayDeque<InputProblem> problems = new ArrayDeque<>();
    private long problemCount;

    // Confined to the control thread.
    private long lastPingNanos;
    private long pingCounter;

    /** A client for {@code config}; nothing happens until {@link #connect()}. */
    public ChatClient(ClientConfig config, ChatListener listener) {
        this.config = config;
        this.listener = listener;
        this.label = config.name() + "@" + config.address();
        this.roomBook = new RoomBook(config.name());
        this.events = Executors.newSingleThreadExecutor(r -> daemon(r, "switchboard-client-events-" + label));
        this.control = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "switchboard-client-control-" + label));
    }

    /**
     * Starts connecting and logging in. The future completes (on the event thread, after the
     * matching listener call) with the outcome of this first login; it never completes
     * exceptionally. Reconnects later report through the listener only.
     *
     * @throws IllegalStateException if called twice
     */
    public CompletableFuture<LoginOutcome> connect() {
        lock.lock();
        try {
            if (state != State.NEW) {
                throw new IllegalStateException("connect() may be called once; state is " + state);
            }
            String problem = Usernames.problem(config.name());
            if (problem != null) {
                // The server would refuse it: say so without a round trip, with the rule.
                state = State.CLOSED;
                String text = ErrorReply.INVALID_NAME + ": " + problem;
                emit(l -> l.onRejected(Rejection.INVALID_NAME, text));
                emit(l -> l.onDisconnected(new Disconnect(DisconnectCause.LOGIN_REFUSED,
                        "the name was refused before connecting: " + text, text), false));
                completeLogin(new LoginOutcome.Rejected(Rejection.INVALID_NAME, text));
                terminate();
                return firstLogin;
            }
            state = State.CONNECTING;
            control.execute(this::openLink);
            return firstLogin;
        } finally {
            lock.unlock();
        }
    }

    /** The name this client logs in with. */
    public String name() {
        return config.name();
    }

    /** {@code host:port} of the server. */
    public String address() {
        return config.address();
    }

    /** The configuration. */
    public ClientConfig config() {
        return config;
    }

    /** Whether the client is logged in right now. */
    public boolean isOnline() {
        return onlineLink != null;
    }

    /** Users online as last reported by the server, sorted ignoring case; may run ahead of the events. */
    public List<String> users() {
        return users;
    }

    /** Capabilities the server granted on the current connection. */
    public Set<String> capabilities() {
        return capabilities;
    }

    /**
     * The rooms this client is in, in the order it joined them, with their members; kept through a
     * reconnect (with the members as they were until the room is joined again). {@code #lobby} is
     * not among them: it is {@link #users()}. May run ahead of the events.
     */
    public List<Room> rooms() {
        return rooms;
    }

    /** The room of that name (ignoring case) this client is in, or null. */
    public Room room(String name) {
        String key = RoomNames.key(name);
        for (Room r : rooms) {
            if (RoomNames.key(r.name()).equals(key)) {
                return r;
            }
        }
        return null;
    }

    /** Whether the server of the current connection offers rooms (false while not online). */
    public boolean roomsAvailable() {
        ClientLink l = onlineLink;
        return l != null && l.roomsOffered();
    }

    /**
     * Lines from the server that were not used (they fit no form, or could not be decoded), the
     * last {@value #KEPT_INPUT_PROBLEMS}, oldest first. Recorded, never thrown: a server that
     * sends something new or broken never ends the session.
     */
    public List<InputProblem> recentInputProblems() {
        synchronized (problems) {
            return List.copyOf(problems);
        }
    }

    /** How many lines from the server were not used since the client was made. */
    public long inputProblemCount() {
        synchronized (problems) {
            return problemCount;
        }
    }

    /**
     * Handles one line from the server, without its line end, as if the current connection had
     * read it: the one entry point of the network layer, which calls nothing else. A line is
     * parsed, applied to the client's state, and turned into listener events; whatever goes wrong
     * is recorded ({@link #recentInputProblems()}), never thrown. A line with no connection to
     * belong to is recorded as such.
     *
     * <p>For tests, and transports that frame lines themselves: it runs on the caller's thread,
     * which takes the place of the reader (which owns the client's state, see
     * {@code docs/CONCURRENCY.md}). Call it from one thread at a time, and only while the
     * current transport reads nothing itself (a test's transport whose input stays silent).
     */
    public void processLine(String line) {
        ClientLink l;
        lock.lock();
        try {
            l = link;
        } finally {
            lock.unlock();
        }
        if (l == null) {
            inputProblem(line, "no connection");
            return;
        }
        processLine(l, line);
    }

    /** Sends {@code text} to {@code target} only. Never blocks. */
    public SendResult sendPrivate(String target, String text) {
        if (!Usernames.isValid(target)) {
            return SendResult.INVALID_TARGET;
        }
        return sendLine(new ClientMessage.Private(target, text).encode(), text);
    }

    /** Sends {@code text} to everyone else online. Never blocks. */
    public SendResult sendToEveryone(String text) {
        return sendLine(new ClientMessage.Everyone(text).encode(), text);
    }

    // ---- rooms: every method below is non-blocking; the server answers with events or ERROR ----

    /**
     * Joins {@code room}, creating it if nobody is in it (the creator is its operator).
     * {@link ChatListener#onRoomJoined} follows. Joining {@code #lobby}, which everyone is in,
     * answers its member list ({@link ChatListener#onRoomMembers}).
     */
    public SendResult joinRoom(String room) {
        if (!RoomNames.isValid(room)) {
            return SendResult.INVALID_TARGET;
        }
        return sendRoomLine(new ClientMessage.Join(room).encode(), "");
    }

    /** Leaves {@code room}, with {@code reason} (may be empty) shown to its members. Nobody leaves {@code #lobby}. */
    public SendResult leaveRoom(String room, String reason) {
        if (!RoomNames.isValid(room)) {
            return SendResult.INVALID_TARGET;
        }
        return sendRoomLine(new ClientMessage.Leave(room, reason).encode(), reason);
    }

    /**
     * Sends {@code text} to the other members of {@code room}; this client must be in it. To
     * {@code #lobby} it is {@link #sendToEveryone}, which needs no capability.
     */
    public SendResult sendToRoom(String room, String text) {
        if (!RoomNames.isValid(room)) {
            return SendResult.INVALID_TARGET;
        }
        if (RoomNames.isLobby(room)) {
            return sendToEveryone(text);
        }
        return sendRoomLine(new ClientMessage.Private(room, text).encode(), text);
    }

    /** Asks who is in {@code room} (any room, whether this client is in it or not); {@link ChatListener#onRoomMembers} answers. */
    public SendResult requestRoomMembers(String room) {
        if (!RoomNames.isValid(room)) {
            return SendResult.INVALID_TARGET;
        }
        return sendRoomLine(new ClientMessage.RoomUserList(room).encode(), "");
    }

    /** Asks for the topic of {@code room}; {@link ChatListener#onRoomTopic} answers. */
    public SendResult requestTopic(String room) {
        if (!RoomNames.isValid(room)) {
            return SendResult.INVALID_TARGET;
        }
        return sendRoomLine(new ClientMessage.Topic(room, null).encode(), "");
    }

    /** Sets the topic of {@code room} (operators only; the server answers others with an error). */
    public SendResult setTopic(String room, String text) {
        if (!RoomNames.isValid(room)) {
            return SendResult.INVALID_TARGET;
        }
        return sendRoomLine(new ClientMessage.Topic(room, text).encode(), text);
    }

    /** Removes {@code name} from {@code room}, with {@code reason} (may be empty); operators only. */
    public SendResult kick(String room, String name, String reason) {
        if (!RoomNames.isValid(room) || !Usernames.isValid(name)) {
            return SendResult.INVALID_TARGET;
        }
        return sendRoomLine(new ClientMessage.Kick(room, name, reason).encode(), reason);
    }

    private SendResult sendRoomLine(String line, String text) {
        ClientLink l = onlineLink;
        if (l != null && !l.roomsOffered()) {
            return SendResult.NOT_SUPPORTED;
        }
        return sendLine(line, text);
    }

    /**
     * Puts a barrier behind every line sent so far: a {@code PING|token} that the server answers
     * with {@code PONG|token} only after it has processed every earlier line of this connection.
     * The future completes on the event thread, after the listener calls for every answer that
     * came before the {@code PONG}: when it says {@link SyncResult#CONFIRMED}, an
     * {@code ERROR|User x is not online} for an earlier message has already been reported. It
     * completes with {@link SyncResult#CONNECTION_LOST} if the connection ends first, and at once
     * when the client is not online or the server does not answer PING. Never blocks.
     */
    public CompletableFuture<SyncResult> sync() {
        CompletableFuture<SyncResult> f = new CompletableFuture<>();
        lock.lock();
        try {
            ClientLink l = state == State.ONLINE ? link : null;
            if (l == null) {
                f.complete(SyncResult.NOT_ONLINE);
            } else if (!l.speaksExtensions()) {
                f.complete(SyncResult.NOT_SUPPORTED);
            } else {
                String token = "sync" + (++syncCounter);
                barriers.put(token, new Barrier(l, f));
                // Past the byte limit, like a PONG: a barrier behind a full queue must still go out.
                l.sendUrgent(new ClientMessage.Ping(token).encode());
            }
        } finally {
            lock.unlock();
        }
        return f;
    }

    /**
     * The most text, in UTF-8 bytes, that one message to {@code target} (a user or a room; null:
     * to everyone) may carry under the configured line limit: what {@link SendResult#TOO_LONG} is
     * measured against.
     */
    public int maxTextBytes(String target) {
        String empty = target == null || RoomNames.isLobby(target)
                ? new ClientMessage.Everyone("").encode() : new ClientMessage.Private(target, "").encode();
        return config.maxLineBytes() - empty.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Asks the server for a fresh full user list (it arrives as {@link ChatListener#onUsers}). */
    public SendResult requestUsers() {
        return sendLine(new ClientMessage.UserList().encode(), "");
    }

    private SendResult sendLine(String line, String text) {
        if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0 || text.indexOf('\0') >= 0) {
            return SendResult.INVALID_TEXT;
        }
        if (line.length() > config.maxLineBytes()
                || line.getBytes(StandardCharsets.UTF_8).length > config.maxLineBytes()) {
            return SendResult.TOO_LONG;
        }
        ClientLink l = onlineLink;
        if (l == null) {
            return SendResult.NOT_ONLINE;
        }
        return l.send(line) ? SendResult.QUEUED : SendResult.QUEUE_FULL;
    }

    /**
     * Leaves: sends {@code QUIT} after everything queued, waits up to the close timeout for the
     * server to take it and close, then stops every thread of this client. Stops reconnecting.
     * Idempotent. Blocks, so a UI should call it off its event thread; calling it from a listener
     * is allowed (it then does not wait for the event thread to finish).
     */
    @Override
    public void close() {
        State prior;
        ClientLink l;
        ClientTransport.Attempt pending;
        lock.lock();
        try {
            if (state == State.CLOSED || state == State.CLOSING) {
                return;
            }
            prior = state;
            state = State.CLOSING;
            l = link;
            pending = connecting;
            cancelTimers();
        } finally {
            lock.unlock();
        }
        if (pending != null) {
            pending.cancel();
        }
        long waitMillis = config.closeTimeout().toMillis();
        try {
            if (l != null) {
                if (prior == State.ONLINE) {
                    l.expectEnd(DisconnectCause.CLOSED, "you quit", "");
                    l.finish(new ClientMessage.Quit("").encode());
                } else {
                    l.abort(DisconnectCause.CLOSED, "closed before login");
                }
                if (!l.isReaderThread() && !l.awaitEnd(waitMillis)) {
                    l.abort(DisconnectCause.CLOSED, "you quit (the server did not close in time)");
                    l.awaitEnd(waitMillis);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lock.lock();
        try {
            if (state != State.CLOSED) {
                state = State.CLOSED;
                link = null;
                onlineLink = null;
                if (prior != State.NEW) {
                    emit(x -> x.onDisconnected(Disconnect.of(DisconnectCause.CLOSED, "closed"), false));
                }
            }
            completeLogin(new LoginOutcome.Failed("closed before the login finished"));
            loseBarriers(null);
            terminate();
        } finally {
            lock.unlock();
        }
        if (!Thread.currentThread().getName().startsWith("switchboard-client-events-" + label)) {
            try {
                if (!events.awaitTermination(waitMillis, TimeUnit.MILLISECONDS)) {
                    log.warn("{}: a listener is still busy after close", label);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---- control thread -------------------------------------------------------------------

    private void openLink() {
        ClientTransport.Attempt attempt = config.transport().attempt(config.host(), config.port());
        lock.lock();
        try {
            if (state != State.CONNECTING && state != State.WAITING) {
                return;
            }
            state = State.CONNECTING;
            connecting = attempt;
        } finally {
            lock.unlock();
        }
        TransportConnection connection;
        try {
            connection = attempt.connect(config.connectTimeout());
        } catch (IOException | RuntimeException e) {
            attempt.cancel();
            connectFailed("cannot reach " + config.address() + ": " + describe(e));
            return;
        }
        lock.lock();
        try {
            connecting = null;
            if (state != State.CONNECTING) {
                connection.close();
                return;
            }
            ClientLink l = new ClientLink(connection, config.sendQueueBytes(), config.maxLineBytes(), label, handler);
            link = l;
            state = State.LOGGING_IN;
            rejection = null;
            capabilities = Set.of();
            // All three at once: the login never waits on a CAP answer a seed-style server won't give.
            l.send(new ClientMessage.CapList().encode());
            l.send(new ClientMessage.CapRequest(List.of(Capability.PRESENCE)).encode());
            l.send(config.name());
            l.start();
            long ms = config.loginTimeout().toMillis();
            loginTimer = control.schedule(() -> loginTimedOut(l), ms, TimeUnit.MILLISECONDS);
        } finally {
            lock.unlock();
        }
    }

    private void connectFailed(String cause) {
        lock.lock();
        try {
            connecting = null;
            if (state != State.CONNECTING) {
                return;
            }
            log.debug("{}: {}", label, cause);
            if (!everLoggedIn) {
                state = State.CLOSED;
                emit(l -> l.onDisconnected(Disconnect.of(DisconnectCause.UNREACHABLE, cause), false));
                completeLogin(new LoginOutcome.Failed(cause));
                terminate();
            } else {
                scheduleReconnect();
            }
        } finally {
            lock.unlock();
        }
    }

    private void loginTimedOut(ClientLink l) {
        boolean stale;
        lock.lock();
        try {
            stale = link != l || state != State.LOGGING_IN;
        } finally {
            lock.unlock();
        }
        if (!stale) {
            l.abort(DisconnectCause.NO_ANSWER, "no answer to the login within " + seconds(config.loginTimeout()));
        }
    }

    /** Runs every half ping interval while online: PING a quiet server, drop a silent one. */
    private void checkLink() {
        ClientLink l = onlineLink;
        if (l == null || !l.speaksExtensions()) {
            return; // a seed-style server does not answer PING; TCP keepalive covers it
        }
        long idle = l.idleNanos();
        long interval = config.pingInterval().toNanos();
        if (idle >= interval + config.pingTimeout().toNanos()) {
            l.abort(DisconnectCause.NO_ANSWER, "no answer from the server for " + seconds(Duration.ofNanos(idle)));
        } else if (idle >= interval && System.nanoTime() - lastPingNanos >= interval) {
            lastPingNanos = System.nanoTime();
            l.sendUrgent(new ClientMessage.Ping("c" + (++pingCounter)).encode());
        }
    }

    /** Guarded by lock. Announces and schedules the next attempt, or gives up. */
    private void scheduleReconnect() {
        attempt++;
        Duration delay = config.reconnect().delayBefore(attempt);
        if (delay == null) {
            state = State.CLOSED;
            int tries = attempt - 1;
            emit(l -> l.onDisconnected(Disconnect.of(DisconnectCause.GAVE_UP,
                    "gave up reconnecting after " + tries + " attempts"), false));
            terminate();
            return;
        }
        state = State.WAITING;
        int n = attempt;
        emit(l -> l.onReconnecting(delay, n));
        try {
            control.schedule(this::openLink, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            state = State.CLOSED;
        }
    }

    // ---- reader thread --------------------------------------------------------------------

    /** Parses and applies one line; records instead of throwing. Reader thread (or its stand-in). */
    private void processLine(ClientLink l, String line) {
        try {
            onReceived(l, ServerMessage.parse(line));
        } catch (RuntimeException e) {
            // A bug of ours on this input: keep the line for the report, keep the session.
            log.warn("{}: failed to handle a line from the server: {}", label, abbreviate(line), e);
            inputProblem(line, "internal error: " + e);
        }
    }

    private void inputProblem(String line, String reason) {
        log.debug("{}: ignored a line from the server ({}): {}", label, reason, abbreviate(line));
        synchronized (problems) {
            problemCount++;
            if (problems.size() == KEPT_INPUT_PROBLEMS) {
                problems.removeFirst();
            }
            problems.addLast(new InputProblem(line.length() > 200 ? line.substring(0, 200) + "..." : line, reason));
        }
    }

    private void onReceived(ClientLink l, ServerMessage message) {
        switch (message) {
            case ServerMessage.Welcome w -> welcomed(l, w.text());
            case ServerMessage.ErrorReply e -> error(l, e);
            case ServerMessage.Users u -> fullList(u.names());
            case ServerMessage.Join j -> {
                if (userSet.add(j.name())) {
                    publishUsers();
                    emit(x -> x.onJoined(j.name()));
                }
            }
            case ServerMessage.Leave lv -> {
                if (userSet.remove(lv.name())) {
                    publishUsers();
                    emit(x -> x.onLeft(lv.name()));
                }
            }
            case ServerMessage.Msg m -> emit(x -> x.onMessage(m.sender(), m.content()));
            case ServerMessage.All a -> emit(x -> x.onEveryoneMessage(a.sender(), a.content()));
            case ServerMessage.Ping p -> l.sendUrgent(new ClientMessage.Pong(p.token()).encode());
            case ServerMessage.Pong p -> passed(l, p.token()); // the read itself also proved the link alive
            case ServerMessage.CapList c -> {
                l.markSpeaksExtensions();
                // Asked for only when offered: a request is all or nothing. It goes out before
                // anything the user sends after WELCOME, which comes after this answer.
                List<String> wanted = new ArrayList<>();
                if (c.caps().contains(Capability.HEARTBEAT)) {
                    wanted.add(Capability.HEARTBEAT);
                }
                if (c.caps().contains(Capability.ROOMS)) {
                    wanted.add(Capability.ROOMS);
                    l.markRoomsOffered();
                }
                if (!wanted.isEmpty()) {
                    l.send(new ClientMessage.CapRequest(wanted).encode());
                }
            }
            case ServerMessage.CapAck a -> {
                l.markSpeaksExtensions();
                Set<String> now = new LinkedHashSet<>(capabilities);
                now.addAll(a.caps());
                capabilities = Set.copyOf(now);
            }
            case ServerMessage.CapNak n -> {
                l.markSpeaksExtensions();
                log.debug("{}: server refused capabilities {}", label, n.caps());
            }
            case ServerMessage.RoomUsers r -> {
                roomBook.members(r, this::emit);
                rooms = roomBook.snapshot();
            }
            case ServerMessage.RoomJoin j -> {
                roomBook.joined(j, this::emit);
                rooms = roomBook.snapshot();
            }
            case ServerMessage.RoomLeave lv -> {
                roomBook.left(lv, this::emit);
                rooms = roomBook.snapshot();
            }
            case ServerMessage.Topic t -> {
                roomBook.topic(t, this::emit);
                rooms = roomBook.snapshot();
            }
            case ServerMessage.RoomMsg m -> emit(x -> x.onRoomMessage(m.room(), m.sender(), m.content()));
            case ServerMessage.Unknown u -> inputProblem(u.line(), "unknown line");
        }
    }

    private void welcomed(ClientLink l, String text) {
        lock.lock();
        try {
            if (link != l || state != State.LOGGING_IN) {
                log.debug("{}: ignored an unexpected WELCOME", label);
                return;
            }
            state = State.ONLINE;
            cancelTimers();
            attempt = 0;
            long period = Math.max(50, Math.min(config.pingInterval().toMillis(), config.pingTimeout().toMillis()) / 2);
            if (!config.pingInterval().isZero()) {
                linkCheck = control.scheduleAtFixedRate(this::checkLink, period, period, TimeUnit.MILLISECONDS);
            }
            if (everLoggedIn) {
                log.debug("{}: logged in again", label);
                emit(x -> x.onReconnected(config.name()));
                // Before onlineLink is set: no line of the user's can get ahead of these JOINs.
                rejoinRooms(l);
                onlineLink = l;
                return;
            }
            onlineLink = l;
            everLoggedIn = true;
            log.debug("{}: logged in", label);
            emit(x -> x.onLoggedIn(config.name(), text));
            completeLogin(new LoginOutcome.LoggedIn(config.name(), text));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reader, under the lock, at a re-login: joins again the rooms held before the drop (queues
     * the lines, no I/O). They follow our {@code CAP|REQ|rooms}, sent when {@code CAP|LS} came,
     * before WELCOME. A server without rooms cannot have them back: each is reported as left.
     */
    private void rejoinRooms(ClientLink l) {
        if (roomBook.isEmpty()) {
            return;
        }
        if (!l.roomsOffered()) {
            roomBook.dropAll("the server no longer offers rooms", this::emit);
            rooms = roomBook.snapshot();
            return;
        }
        for (String room : roomBook.rejoin()) {
            l.send(new ClientMessage.Join(room).encode());
        }
    }

    private void error(ClientLink l, ErrorReply e) {
        String target = e.offlineTarget();
        if (target != null) {
            emit(x -> x.onDeliveryFailed(target));
            return;
        }
        Rejection r = Rejection.of(e.reason());
        if (r != null) {
            lock.lock();
            try {
                if (link == l && state == State.LOGGING_IN) {
                    rejection = r;
                    rejectionText = e.reason();
                }
            } finally {
                lock.unlock();
            }
            l.abort(DisconnectCause.LOGIN_REFUSED, "the server refused the name: " + e.reason(), e.reason());
            return;
        }
        if (e.reason().equals(ErrorReply.SHUTTING_DOWN)) {
            l.expectEnd(DisconnectCause.SERVER_SHUTTING_DOWN, "the server is shutting down", e.reason());
            return;
        }
        if (CLOSING_REASONS.contains(e.reason())) {
            l.expectEnd(DisconnectCause.KICKED, "the server closed the connection: " + e.reason(), e.reason());
            return;
        }
        emit(x -> x.onServerError(e.reason()));
    }

    private void passed(ClientLink l, String token) {
        lock.lock();
        try {
            Barrier b = barriers.get(token);
            if (b != null && b.link() == l) {
                barriers.remove(token);
                settle(b, SyncResult.CONFIRMED);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Guarded by lock. Completes the barriers of {@code l} (or all, when null) as lost. */
    private void loseBarriers(ClientLink l) {
        var it = barriers.values().iterator();
        while (it.hasNext()) {
            Barrier b = it.next();
            if (l == null || b.link() == l) {
                it.remove();
                settle(b, SyncResult.CONNECTION_LOST);
            }
        }
    }

    /** Completes on the event thread, behind the events queued so far; at once once it has stopped. */
    private void settle(Barrier b, SyncResult r) {
        try {
            events.execute(() -> b.result().complete(r));
        } catch (RejectedExecutionException e) {
            b.result().complete(r);
        }
    }

    private void fullList(List<String> names) {
        Set<String> fresh = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        fresh.addAll(names);
        List<String> joined = new ArrayList<>();
        List<String> left = new ArrayList<>();
        if (listKnown) {
            for (String n : fresh) {
                if (!userSet.contains(n)) {
                    joined.add(n);
                }
            }
            for (String n : userSet) {
                if (!fresh.contains(n)) {
                    left.add(n);
                }
            }
        }
        listKnown = true;
        userSet.clear();
        userSet.addAll(fresh);
        List<String> snapshot = publishUsers();
        for (String n : left) {
            emit(x -> x.onLeft(n));
        }
        for (String n : joined) {
            emit(x -> x.onJoined(n));
        }
        emit(x -> x.onUsers(snapshot));
    }

    private List<String> publishUsers() {
        List<String> snapshot = List.copyOf(userSet);
        users = snapshot;
        return snapshot;
    }

    private void onEnded(ClientLink l, Disconnect cause) {
        lock.lock();
        try {
            if (link != l) {
                return;
            }
            link = null;
            onlineLink = null;
            cancelTimers();
            log.debug("{}: link ended: {}", label, cause.description());
            switch (state) {
                case CLOSING -> {
                    state = State.CLOSED;
                    // The user closed: whatever came first (the server's FIN), that is what ended it.
                    Disconnect closed = cause.byUser() ? cause
                            : new Disconnect(DisconnectCause.CLOSED, "you quit (" + cause.description() + ")", cause.serverText());
                    emit(x -> x.onDisconnected(closed, false));
                }
                case LOGGING_IN -> loginEnded(cause);
                case ONLINE -> {
                    boolean again = config.reconnect().enabled();
                    emit(x -> x.onDisconnected(cause, again));
                    if (again) {
                        scheduleReconnect();
                    } else {
                        state = State.CLOSED;
                        terminate();
                    }
                }
                default -> log.debug("{}: link ended in state {}", label, state);
            }
            loseBarriers(l); // after the disconnect event: a listener learns of the drop first
        } finally {
            lock.unlock();
        }
    }

    /** Guarded by lock: the link ended before WELCOME. */
    private void loginEnded(Disconnect cause) {
        Rejection r = rejection;
        String text = rejectionText;
        if (r != null) {
            emit(x -> x.onRejected(r, text));
            if (r == Rejection.SERVER_FULL && everLoggedIn) {
                scheduleReconnect(); // others may leave; a taken name would only loop
                return;
            }
            state = State.CLOSED;
            // The client is over: said like every other end, so a listener needs no special case.
            Disconnect refused = new Disconnect(DisconnectCause.LOGIN_REFUSED, "the server refused the name: " + text, text);
            emit(x -> x.onDisconnected(refused, false));
            completeLogin(new LoginOutcome.Rejected(r, text));
            terminate();
        } else if (everLoggedIn) {
            scheduleReconnect();
        } else {
            state = State.CLOSED;
            emit(x -> x.onDisconnected(cause, false));
            completeLogin(new LoginOutcome.Failed(cause.description()));
            terminate();
        }
    }

    // ---- helpers --------------------------------------------------------------------------

    /** Queues a listener call on the event thread; the caller may hold the lock (it only enqueues). */
    private void emit(Consumer<ChatListener> call) {
        try {
            events.execute(() -> {
                try {
                    call.accept(listener);
                } catch (RuntimeException e) {
                    log.warn("{}: listener threw", label, e);
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("{}: event after close dropped", label);
        }
    }

    private void completeLogin(LoginOutcome outcome) {
        try {
            events.execute(() -> firstLogin.complete(outcome));
        } catch (RejectedExecutionException e) {
            firstLogin.complete(outcome);
        }
    }

    /** Guarded by lock. */
    private void cancelTimers() {
        if (loginTimer != null) {
            loginTimer.cancel(false);
            loginTimer = null;
        }
        if (linkCheck != null) {
            linkCheck.cancel(false);
            linkCheck = null;
        }
    }

    /** Stops the control thread now and the event thread once it has delivered what is queued. */
    private void terminate() {
        control.shutdownNow();
        events.shutdown();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static String describe(Exception e) {
        if (e instanceof UnknownHostException) {
            return "unknown host";
        }
        if (e instanceof ConnectException) {
            return "connection refused (is the server running?)";
        }
        if (e instanceof SocketTimeoutException) {
            return "timed out";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format("%.1f s", ms / 1000.0);
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
