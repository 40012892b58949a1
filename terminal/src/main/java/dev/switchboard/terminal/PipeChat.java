package dev.switchboard.terminal;

import dev.switchboard.client.ChatClient;
import dev.switchboard.client.ChatListener;
import dev.switchboard.client.ClientConfig;
import dev.switchboard.client.Departure;
import dev.switchboard.client.Disconnect;
import dev.switchboard.client.LoginOutcome;
import dev.switchboard.client.Rejection;
import dev.switchboard.client.Room;
import dev.switchboard.client.SendResult;
import dev.switchboard.client.SyncResult;
import dev.switchboard.protocol.RoomNames;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The scriptable mode: input lines {@code target|text}, {@code #room|text}, {@code /all text},
 * {@code /users}, the room commands ({@code /join #room}, {@code /part #room [reason]},
 * {@code /names #room}, {@code /topic #room [text]}, {@code /kick #room name [reason]}),
 * {@code /quit}; every event one plain line on {@code out}, in a form split like the protocol
 * ({@code MSG|from|text}, {@code MSG|#room|from|text}). Local problems go to {@code err}, with the
 * line number. A room message needs the room joined first: with {@code --join #room}, or a
 * {@code /join #room} line before it (the server takes the lines in order).
 *
 * <p>A script is never dropped silently: while the client reconnects or its send queue is full,
 * the next input line waits (up to {@link #SEND_PATIENCE}), which backs the pipe up instead of
 * losing lines. At the end of the input it puts a {@code PING} barrier ({@link ChatClient#sync()})
 * behind the last line and waits for the answer, so that every {@code ERROR} the server has for
 * the script's lines has arrived; then it quits. The exit status says whether everything was
 * delivered: 0 yes, 1 when a line was refused here, answered with an {@code ERROR} or left
 * unconfirmed by a dropped connection (0 anyway with {@code ignoreErrors}), 3 when it could not
 * log in or lost the server for good.
 */
final class PipeChat implements ChatListener {

    /** How long one line may wait for a reconnect or for room in the send queue before it is given up. */
    static final Duration SEND_PATIENCE = Duration.ofSeconds(30);

    /**
     * How long the end of the input waits for the server to confirm the last lines. A server that
     * reads a client slowly for flood control drops it after 30 s of throttling
     * ({@code --flood-max-lag}), so it answers well within twice that, or not at all.
     */
    static final Duration CONFIRM_PATIENCE = Duration.ofSeconds(60);

    /**
     * How long the input may pause before the lines sent so far get a barrier of their own. Cheap
     * (one PING per pause), and it keeps a connection dropped later, say an hour into a bot's life,
     * from casting doubt on lines the server has long confirmed.
     */
    static final Duration IDLE_SYNC = Duration.ofMillis(100);

    private static final String EOF = new String("EOF");

    private final ClientConfig config;
    private final BufferedReader in;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean ignoreErrors;
    /** Rooms to join once logged in ({@code --join}), before the first input line. */
    private final List<String> joinAtStart;
    /** Counted down when the client can go on no longer (rejected on reconnect, gave up). */
    private final CountDownLatch over = new CountDownLatch(1);
    /** Signalled on every change that may let a waiting line go out. */
    private final Object sendable = new Object();
    private volatile boolean loggedIn;
    /** Set by {@link #run()} before it connects; volatile for tests that feed its lines from another thread. */
    private volatile ChatClient client;

    /**
     * The fate of the script's lines. Guarded by itself: the main thread counts a line as sent in
     * the same critical section as it hands it to the client, so a disconnect event (event thread)
     * always sees every line queued on the connection it reports.
     */
    private final Object tally = new Object();
    /** Lines handed to the client core (queued). */
    private long sent;
    /** Of those, how many have a known fate: confirmed by a barrier, or counted unconfirmed. */
    private long settled;
    /** Whether an idle barrier is on its way. */
    private boolean syncing;
    /** False once the server turned out not to answer PING: nothing can be confirmed. */
    private boolean confirmable = true;
    /** Lines refused here: not a message, an empty message, too long, not sent in time. */
    private int refused;
    /** ERROR answers from the server: a message nobody could receive, a line the server refused. */
    private int undelivered;
    /** Messages queued on a connection that ended before the server confirmed them. */
    private long unconfirmed;

    PipeChat(ClientConfig config, BufferedReader in, PrintStream out, PrintStream err, boolean ignoreErrors,
             List<String> joinAtStart) {
        this.config = config;
        this.in = in;
        this.out = out;
        this.err = err;
        this.ignoreErrors = ignoreErrors;
        this.joinAtStart = List.copyOf(joinAtStart);
    }

    PipeChat(ClientConfig config, BufferedReader in, PrintStream out, PrintStream err, boolean ignoreErrors) {
        this(config, in, out, err, ignoreErrors, List.of());
    }

    /** The client core under this run, once {@link #run()} has made it (tests feed lines to it). */
    ChatClient client() {
        return client;
    }

    int run() throws InterruptedException {
        client = new ChatClient(config, this);
        LoginOutcome outcome;
        try {
            outcome = client.connect().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the login future never fails", e);
        }
        switch (outcome) {
            case LoginOutcome.LoggedIn ok -> { }
            case LoginOutcome.Rejected r -> {
                err.println("switchboard chat: " + Describe.rejection(r.reason(), config.name(), config.address(), r.serverText()));
                client.close();
                return ChatCommand.EXIT_NO_CONNECTION;
            }
            case LoginOutcome.Failed f -> {
                err.println("switchboard chat: " + Describe.sentence(f.cause()));
                client.close();
                return ChatCommand.EXIT_NO_CONNECTION;
            }
        }
        for (String room : joinAtStart) {
            String why = Describe.commandNotSent(send(() -> client.joinRoom(room)), room);
            if (why != null) {
                refuse("--join " + room + ": " + why);
            }
        }
        BlockingQueue<String> lines = startInputThread();
        int lineNo = 0;
        boolean failed = false;
        while (true) {
            String line = lines.poll(IDLE_SYNC.toMillis(), TimeUnit.MILLISECONDS);
            if (over.getCount() == 0) {
                failed = true;
                break;
            }
            if (line == null) {
                syncWhileIdle();
                continue;
            }
            if (line == EOF) {
                break;
            }
            lineNo++;
            if (!handle(line.strip().isEmpty() ? "" : line, lineNo)) {
                break;
            }
        }
        if (!failed) {
            confirmTheRest();
            failed = over.getCount() == 0; // lost for good while waiting
        }
        client.close(); // QUIT after every queued line; waits for the server and the last events
        out.flush();
        int status = failed ? ChatCommand.EXIT_NO_CONNECTION : status();
        err.flush();
        return status;
    }

    /** 0 or 1, from the tally; says on stderr what was not delivered. */
    private int status() {
        List<String> parts = new ArrayList<>();
        synchronized (tally) {
            if (refused > 0) {
                parts.add(refused + (refused == 1 ? " line" : " lines") + " refused");
            }
            if (undelivered > 0) {
                parts.add(undelivered + (undelivered == 1 ? " message" : " messages") + " not delivered");
            }
            if (unconfirmed > 0) {
                parts.add(unconfirmed + (unconfirmed == 1 ? " message" : " messages") + " unconfirmed");
            }
        }
        if (parts.isEmpty() || ignoreErrors) {
            return 0;
        }
        err.println("switchboard chat: " + String.join(", ", parts)
                + " (exit status " + ChatCommand.EXIT_NOT_DELIVERED + "; --ignore-errors makes it 0).");
        return ChatCommand.EXIT_NOT_DELIVERED;
    }

    /** While the input pauses: a barrier behind the lines sent so far, not waited for. */
    private void syncWhileIdle() {
        long covers;
        synchronized (tally) {
            if (syncing || !confirmable || sent == settled) {
                return;
            }
            syncing = true;
            covers = sent;
        }
        client.sync().thenAccept(r -> synced(r, covers));
    }

    /** At the end of the input: waits until the server has answered every line, or gives up. */
    private void confirmTheRest() throws InterruptedException {
        long covers;
        synchronized (tally) {
            if (!confirmable || sent == settled) {
                return;
            }
            covers = sent;
        }
        try {
            synced(client.sync().get(CONFIRM_PATIENCE.toMillis(), TimeUnit.MILLISECONDS), covers);
        } catch (TimeoutException e) {
            // Counted as unconfirmed when close() ends the connection.
        } catch (ExecutionException e) {
            throw new IllegalStateException("a sync future never fails", e);
        }
    }

    /** A barrier behind the first {@code covers} sent lines ended with {@code r}. */
    private void synced(SyncResult r, long covers) {
        synchronized (tally) {
            syncing = false;
            switch (r) {
                case CONFIRMED -> settled = Math.max(settled, covers);
                case NOT_SUPPORTED -> {
                    // A seed-style server: only its ERROR lines tell; a line it took is counted delivered.
                    confirmable = false;
                    settled = sent;
                }
                case NOT_ONLINE, CONNECTION_LOST -> { } // the disconnect counted these lines
            }
        }
    }

    /** False when the input asked to stop. */
    private boolean handle(String line, int lineNo) throws InterruptedException {
        if (line.isEmpty()) {
            return true;
        }
        if (line.equals("/quit")) {
            return false;
        }
        if (line.equals("/users")) {
            emit("USERS|" + String.join(",", client.users()));
            return true;
        }
        if (line.startsWith("/")) {
            int sp = line.indexOf(' ');
            RoomCommands.Parsed room = RoomCommands.parse(sp < 0 ? line : line.substring(0, sp),
                    sp < 0 ? "" : line.substring(sp + 1).strip(), null);
            if (room != null) {
                roomCommand(room, lineNo);
                return true;
            }
        }
        String target;
        String text;
        if (line.startsWith("/all ") || line.equals("/all")) {
            target = null;
            text = line.length() > 5 ? line.substring(5) : "";
        } else {
            int bar = line.indexOf('|');
            if (bar < 0) {
                refuse(lineNo, " ignored: expected target|text or /all text");
                return true;
            }
            target = line.substring(0, bar);
            text = line.substring(bar + 1);
            if (target.equals("ALL")) {
                target = null;
            }
        }
        if (text.isBlank()) {
            // The protocol would deliver it (MSG|alice|), but from a script it is an empty variable.
            refuse(lineNo, ": empty message to " + (target == null ? "everyone" : target) + "; not sent.");
            return true;
        }
        String to = target;
        SendResult result = send(() -> to == null ? client.sendToEveryone(text)
                : RoomNames.looksLikeRoom(to) ? client.sendToRoom(to, text) : client.sendPrivate(to, text));
        String why = Describe.notSent(result, target, text, client.maxTextBytes(target));
        if (why != null) {
            refuse(lineNo, ": " + why);
        }
        return true;
    }

    private void roomCommand(RoomCommands.Parsed p, int lineNo) throws InterruptedException {
        String room;
        Supplier<SendResult> op;
        switch (p) {
            case RoomCommands.Problem pr -> {
                refuse(lineNo, ": " + pr.message());
                return;
            }
            case RoomCommands.Join j -> {
                room = j.room();
                op = () -> client.joinRoom(j.room());
            }
            case RoomCommands.Part pt -> {
                room = pt.room();
                op = () -> client.leaveRoom(pt.room(), pt.reason());
            }
            case RoomCommands.Names n -> {
                room = n.room();
                op = () -> client.requestRoomMembers(n.room());
            }
            case RoomCommands.Topic t -> {
                room = t.room();
                op = () -> t.text() == null ? client.requestTopic(t.room()) : client.setTopic(t.room(), t.text());
            }
            case RoomCommands.Kick k -> {
                room = k.room();
                op = () -> client.kick(k.room(), k.name(), k.reason());
            }
        }
        String why = Describe.commandNotSent(send(op), room);
        if (why != null) {
            refuse(lineNo, ": " + why);
        }
    }

    private void refuse(int lineNo, String why) {
        refuse("line " + lineNo + why);
    }

    private void refuse(String why) {
        synchronized (tally) {
            refused++;
        }
        err.println("switchboard chat: " + why);
    }

    /** Hands one line to the client (as {@code op}), waiting while it reconnects or its queue is full. */
    private SendResult send(Supplier<SendResult> op) throws InterruptedException {
        long deadline = System.nanoTime() + SEND_PATIENCE.toNanos();
        while (true) {
            SendResult r;
            synchronized (tally) {
                r = op.get();
                if (r == SendResult.QUEUED) {
                    sent++;
                }
            }
            boolean worthWaiting = r == SendResult.NOT_ONLINE || r == SendResult.QUEUE_FULL;
            long left = deadline - System.nanoTime();
            if (!worthWaiting || left <= 0 || over.getCount() == 0) {
                return r;
            }
            // Woken by a reconnect; a full queue has no event, so look again at least every 50 ms.
            synchronized (sendable) {
                sendable.wait(Math.max(1, Math.min(50, TimeUnit.NANOSECONDS.toMillis(left))));
            }
        }
    }

    private BlockingQueue<String> startInputThread() {
        BlockingQueue<String> q = new LinkedBlockingQueue<>();
        // Reading stdin blocks without a way to interrupt it; a daemon thread lets run() return anyway.
        Thread t = new Thread(() -> {
            try {
                String l;
                while ((l = in.readLine()) != null) {
                    q.add(l);
                }
            } catch (IOException e) {
                err.println("switchboard chat: reading input failed: " + e.getMessage());
            } finally {
                q.add(EOF);
            }
        }, "switchboard-chat-stdin");
        t.setDaemon(true);
        t.start();
        return q;
    }

    private void emit(String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    private void wake() {
        synchronized (sendable) {
            sendable.notifyAll();
        }
    }

    // ---- events (client event thread) -----------------------------------------------------

    @Override
    public void onLoggedIn(String name, String welcome) {
        loggedIn = true;
        emit("WELCOME|" + welcome);
    }

    @Override
    public void onRejected(Rejection reason, String serverText) {
        if (loggedIn) {
            emit("ERROR|" + serverText);
            if (reason != Rejection.SERVER_FULL) {
                err.println("switchboard chat: could not log in again: "
                        + Describe.rejection(reason, config.name(), config.address(), serverText));
                over.countDown();
                wake();
            }
        }
    }

    @Override
    public void onUsers(List<String> users) {
        emit("USERS|" + String.join(",", users));
    }

    @Override
    public void onJoined(String name) {
        emit("JOIN|" + name);
    }

    @Override
    public void onLeft(String name) {
        emit("LEAVE|" + name);
    }

    @Override
    public void onMessage(String from, String text) {
        emit("MSG|" + from + "|" + text);
    }

    @Override
    public void onEveryoneMessage(String from, String text) {
        emit("ALL|" + from + "|" + text);
    }

    @Override
    public void onDeliveryFailed(String target) {
        countUndelivered();
        emit("ERROR|User " + target + " is not online");
    }

    @Override
    public void onServerError(String reason) {
        countUndelivered(); // an answer to one of our lines (Line too long...): it was not delivered
        emit("ERROR|" + reason);
    }

    private void countUndelivered() {
        synchronized (tally) {
            undelivered++;
        }
    }

    @Override
    public void onDisconnected(Disconnect why, boolean willReconnect) {
        if (!loggedIn) {
            return; // the login outcome says it
        }
        long lost;
        synchronized (tally) {
            // What was queued on this connection and not confirmed may or may not have arrived.
            lost = confirmable ? sent - settled : 0;
            unconfirmed += lost;
            settled = sent;
        }
        if (lost > 0) {
            err.println("switchboard chat: the connection ended before the server confirmed " + lost
                    + (lost == 1 ? " message; it" : " messages; they") + " may not have been delivered.");
        }
        emit("DISCONNECTED|" + why.description());
        if (!willReconnect && !why.byUser()) {
            over.countDown();
        }
        wake();
    }

    @Override
    public void onReconnecting(Duration delay, int attempt) {
        emit("RECONNECTING|" + Describe.seconds(delay) + "|" + attempt);
    }

    @Override
    public void onReconnected(String name) {
        emit("RECONNECTED|" + name);
        wake();
    }

    // Room events, as the protocol writes them.

    @Override
    public void onRoomJoined(Room room) {
        emit("USERS|" + room.name() + "|" + room.memberList());
    }

    @Override
    public void onRoomMembers(Room room) {
        emit("USERS|" + room.name() + "|" + room.memberList());
    }

    @Override
    public void onMemberJoined(String room, String name) {
        emit("JOIN|" + room + "|" + name);
    }

    @Override
    public void onMemberLeft(Departure d) {
        emit(leaveLine(d));
    }

    @Override
    public void onRoomLeft(Departure d) {
        emit(leaveLine(d));
    }

    /** {@code LEAVE|#room|name} with the reason, a kick as the server says it ({@code Kicked by bob: spam}). */
    private static String leaveLine(Departure d) {
        String reason = d.kicked() ? "Kicked by " + d.kickedBy() + (d.reason().isEmpty() ? "" : ": " + d.reason()) : d.reason();
        return "LEAVE|" + d.room() + "|" + d.name() + (reason.isEmpty() ? "" : "|" + reason);
    }

    @Override
    public void onRoomMessage(String room, String from, String text) {
        emit("MSG|" + room + "|" + from + "|" + text);
    }

    @Override
    public void onRoomTopic(String room, String setter, String text) {
        emit("TOPIC|" + room + "|" + setter + "|" + text);
    }
}
