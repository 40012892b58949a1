package dev.switchboard.terminal;

import dev.switchboard.client.ChatClient;
import dev.switchboard.client.ChatListener;
import dev.switchboard.client.ClientConfig;
import dev.switchboard.client.LoginOutcome;
import dev.switchboard.client.Rejection;
import dev.switchboard.client.SendResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The scriptable mode: input lines {@code target|text}, {@code /all text}, {@code /users},
 * {@code /quit}; every event one plain line on {@code out}, in a form split like the protocol
 * ({@code MSG|from|text}). Local problems go to {@code err}. At the end of the input it quits
 * after the server has taken every line, and returns 0.
 *
 * <p>A script is never dropped silently: while the client reconnects or its send queue is full,
 * the next input line waits (up to {@link #SEND_PATIENCE}), which backs the pipe up instead of
 * losing lines.
 */
final class PipeChat implements ChatListener {

    /** How long one line may wait for a reconnect or for room in the send queue before it is given up. */
    static final Duration SEND_PATIENCE = Duration.ofSeconds(30);

    private static final String EOF = new String("EOF");

    private final ClientConfig config;
    private final BufferedReader in;
    private final PrintStream out;
    private final PrintStream err;
    /** Counted down when the client can go on no longer (rejected on reconnect, gave up). */
    private final CountDownLatch over = new CountDownLatch(1);
    /** Signalled on every change that may let a waiting line go out. */
    private final Object sendable = new Object();
    private volatile boolean loggedIn;
    private ChatClient client;

    PipeChat(ClientConfig config, BufferedReader in, PrintStream out, PrintStream err) {
        this.config = config;
        this.in = in;
        this.out = out;
        this.err = err;
    }

    int run() throws InterruptedException {
        client = new ChatClient(config, this);
        LoginOutcome outcome;
        try {
            outcome = client.connect().get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("the login future never fails", e);
        }
        switch (outcome) {
            case LoginOutcome.LoggedIn ok -> { }
            case LoginOutcome.Rejected r -> {
                err.println("switchboard chat: " + Describe.rejection(r.reason(), config.name(), config.address(), r.serverText()));
                client.close();
                return ChatCommand.EXIT_FAILED;
            }
            case LoginOutcome.Failed f -> {
                err.println("switchboard chat: " + Describe.sentence(f.cause()));
                client.close();
                return ChatCommand.EXIT_FAILED;
            }
        }
        BlockingQueue<String> lines = startInputThread();
        int lineNo = 0;
        boolean failed = false;
        while (true) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (over.getCount() == 0) {
                failed = true;
                break;
            }
            if (line == null) {
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
        client.close(); // QUIT after every queued line; waits for the server and the last events
        out.flush();
        err.flush();
        return failed ? ChatCommand.EXIT_FAILED : 0;
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
        String target;
        String text;
        if (line.startsWith("/all ") || line.equals("/all")) {
            target = null;
            text = line.length() > 5 ? line.substring(5) : "";
        } else {
            int bar = line.indexOf('|');
            if (bar < 0) {
                err.println("switchboard chat: line " + lineNo + " ignored: expected target|text or /all text");
                return true;
            }
            target = line.substring(0, bar);
            text = line.substring(bar + 1);
            if (target.equals("ALL")) {
                target = null;
            }
        }
        SendResult result = send(target, text);
        String why = Describe.notSent(result, target);
        if (why != null) {
            err.println("switchboard chat: line " + lineNo + ": " + why);
        }
        return true;
    }

    private SendResult send(String target, String text) throws InterruptedException {
        long deadline = System.nanoTime() + SEND_PATIENCE.toNanos();
        while (true) {
            SendResult r = target == null ? client.sendToEveryone(text) : client.sendPrivate(target, text);
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
        emit("ERROR|User " + target + " is not online");
    }

    @Override
    public void onServerError(String reason) {
        emit("ERROR|" + reason);
    }

    @Override
    public void onDisconnected(String cause, boolean willReconnect) {
        if (!loggedIn) {
            return; // the login outcome says it
        }
        emit("DISCONNECTED|" + cause);
        if (!willReconnect && !cause.equals("you quit") && !cause.equals("closed")) {
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
}
