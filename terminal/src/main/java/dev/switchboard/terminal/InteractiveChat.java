package dev.switchboard.terminal;

import dev.switchboard.client.ChatClient;
import dev.switchboard.client.ChatListener;
import dev.switchboard.client.ClientConfig;
import dev.switchboard.client.Disconnect;
import dev.switchboard.client.LoginOutcome;
import dev.switchboard.client.Rejection;
import dev.switchboard.client.SendResult;
import dev.switchboard.protocol.Usernames;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;

/**
 * The interactive terminal client: a JLine line editor at the bottom, chat lines printed above it
 * ({@link LineReader#printAbove}) so that what the user is typing is never broken up; history,
 * and tab completion of commands and usernames.
 *
 * <p>Threads: the main thread reads the keyboard; listener calls come on the client's event
 * thread and only print above the prompt (JLine serialises that with the line being edited).
 */
final class InteractiveChat {

    static final List<String> COMMANDS = List.of("/to", "/msg", "/all", "/users", "/presence", "/quit", "/help");

    /** How often held presence changes are looked at: a summary comes at most this late after its burst. */
    static final long PRESENCE_TICK_MILLIS = 250;

    private static final String HELP = String.join("\n",
            "/to NAME         talk to NAME: plain lines go to them from now on",
            "/msg NAME TEXT   send one message to NAME",
            "/all TEXT        send TEXT to everyone online",
            "/users           who is online",
            "/presence MODE   joined/left lines: on (a crowd is summed up), summary, or off",
            "/quit            leave (Ctrl-D too)",
            "/help            this text",
            "Tab completes commands and names; Up/Down recall earlier lines.");

    private final ClientConfig baseConfig;
    private final boolean nameGiven;
    private final boolean colourWanted;
    private Terminal terminal;
    private LineReader reader;
    private ChatScreen screen;
    private ChatClient client;
    /** The current conversation, or null. Written on the main thread, read by the event thread. */
    private volatile String current;
    /** Set on the event thread when the client can go on no longer; the main thread then exits. */
    private volatile String fatal;
    /** Which joins and leaves are shown; fed by the event thread, read out by the presence timer. */
    private final PresenceDigest presence = new PresenceDigest();
    /** The line being handled, as typed. Main thread only. */
    private String typed;
    /** A refused message's line, put back in the editor by the next readLine. Main thread only. */
    private String draft;

    InteractiveChat(ClientConfig config, boolean nameGiven, boolean colourWanted) {
        this.baseConfig = config;
        this.nameGiven = nameGiven;
        this.colourWanted = colourWanted;
    }

    int run() throws IOException, InterruptedException {
        terminal = TerminalBuilder.builder().system(true).name("switchboard").build();
        try {
            DefaultParser parser = new DefaultParser();
            // Chat text is prose: quotes and backslashes are literal, never a reason to continue a line.
            parser.setQuoteChars(new char[0]);
            parser.setEscapeChars(new char[0]);
            reader = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .appName("switchboard")
                    .parser(parser)
                    .completer(new ChatCompleter())
                    .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true) // '!' is text, not history
                    .option(LineReader.Option.AUTO_FRESH_LINE, true)
                    .build();
            boolean colour = colourWanted && !Terminal.TYPE_DUMB.equals(terminal.getType())
                    && !Terminal.TYPE_DUMB_COLOR.equals(terminal.getType());
            return session(colour);
        } finally {
            terminal.close();
        }
    }

    private int session(boolean colour) throws InterruptedException {
        String name = nameGiven ? baseConfig.name() : askName();
        String problem = name == null ? null : Usernames.problem(name);
        if (problem != null) {
            // A --name the server would refuse: say why before "Connecting...", and ask again.
            say(new AttributedString(Describe.invalidName(name, problem)));
            name = askName();
        }
        if (name == null) {
            return 0;
        }
        while (true) {
            screen = new ChatScreen(colour, name);
            say(screen.notice("Connecting to " + baseConfig.address() + " as " + name + "..."));
            client = new ChatClient(baseConfig.withName(name), new Events());
            LoginOutcome outcome;
            try {
                outcome = client.connect().get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("the login future never fails", e);
            }
            switch (outcome) {
                case LoginOutcome.LoggedIn ok -> {
                    return chat();
                }
                case LoginOutcome.Failed f -> {
                    say(screen.problem(Describe.sentence(f.cause())));
                    return ChatCommand.EXIT_NO_CONNECTION;
                }
                case LoginOutcome.Rejected r -> {
                    say(screen.problem(Describe.rejection(r.reason(), name, baseConfig.address(), r.serverText())));
                    if (r.reason() == Rejection.SERVER_FULL) {
                        return ChatCommand.EXIT_NO_CONNECTION;
                    }
                    name = askName();
                    if (name == null) {
                        return ChatCommand.EXIT_NO_CONNECTION;
                    }
                }
            }
        }
    }

    /** Asks until the name follows the rules; null if the user gave up (Ctrl-C / Ctrl-D). */
    private String askName() {
        while (true) {
            String n;
            try {
                n = reader.readLine("Your name: ").strip();
            } catch (UserInterruptException | EndOfFileException e) {
                return null;
            }
            String problem = Usernames.problem(n);
            if (problem == null) {
                try {
                    reader.getHistory().purge(); // the name is not worth recalling among messages
                } catch (IOException e) {
                    // in-memory history: nothing to fail
                }
                return n;
            }
            say(new AttributedString(Describe.invalidName(n, problem)));
        }
    }

    private int chat() {
        say(screen.notice("Type /help for commands; /to NAME picks who plain lines go to."));
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "switchboard-chat-presence");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> {
            String summary = presence.due(System.nanoTime(), client.users().size());
            if (summary != null) {
                say(screen.notice(summary));
            }
        }, PRESENCE_TICK_MILLIS, PRESENCE_TICK_MILLIS, TimeUnit.MILLISECONDS);
        try {
            while (fatal == null) {
                String line;
                try {
                    line = reader.readLine(prompt(), null, draft);
                } catch (UserInterruptException | EndOfFileException e) {
                    break;
                }
                draft = null;
                typed = line;
                if (!handle(line.strip())) {
                    break;
                }
            }
        } finally {
            timer.shutdownNow();
            client.close();
        }
        if (fatal != null) {
            return ChatCommand.EXIT_NO_CONNECTION; // stop() has said why, once
        }
        return 0;
    }

    private String prompt() {
        String to = current;
        return to == null ? "> " : "to " + to + "> ";
    }

    /** False when the user quits. */
    private boolean handle(String line) {
        if (line.isEmpty()) {
            return true;
        }
        if (!line.startsWith("/") || line.startsWith("//")) {
            String text = line.startsWith("//") ? line.substring(1) : line;
            String to = current;
            if (to == null) {
                say(screen.problem("Nobody to send to yet: /to NAME picks someone, /all TEXT writes to everyone."));
            } else {
                sendTo(to, text);
            }
            return true;
        }
        int space = line.indexOf(' ');
        String cmd = space < 0 ? line : line.substring(0, space);
        String rest = space < 0 ? "" : line.substring(space + 1).strip();
        switch (cmd) {
            case "/quit", "/exit" -> {
                return false;
            }
            case "/help" -> say(new AttributedString(HELP));
            case "/users" -> {
                List<String> users = client.users();
                say(screen.notice(users.size() + " online: " + String.join(", ", users)));
            }
            case "/presence" -> presence(rest);
            case "/to" -> {
                if (rest.isEmpty()) {
                    say(screen.notice(current == null ? "No conversation; /to NAME picks one." : "Talking to " + current + "."));
                } else if (!Usernames.isValid(rest)) {
                    say(screen.problem("'" + rest + "' is not a valid name (" + Usernames.RULE + ")."));
                } else {
                    current = rest;
                    boolean online = client.users().stream().anyMatch(u -> u.equalsIgnoreCase(rest));
                    say(screen.notice("Talking to " + rest + (online ? "." : " (not online right now).")));
                }
            }
            case "/msg" -> {
                int sp = rest.indexOf(' ');
                if (sp < 0) {
                    say(screen.problem("Usage: /msg NAME TEXT"));
                } else {
                    sendTo(rest.substring(0, sp), rest.substring(sp + 1));
                }
            }
            case "/all" -> {
                if (rest.isEmpty()) {
                    say(screen.problem("Usage: /all TEXT"));
                } else {
                    SendResult r = client.sendToEveryone(rest);
                    report(r, null, rest, screen.everyone(client.name(), rest));
                }
            }
            default -> say(screen.problem("Unknown command " + cmd + "; /help lists them."));
        }
        return true;
    }

    private void presence(String arg) {
        PresenceDigest.Mode m = switch (arg) {
            case "on" -> PresenceDigest.Mode.ON;
            case "summary" -> PresenceDigest.Mode.SUMMARY;
            case "off" -> PresenceDigest.Mode.OFF;
            default -> null;
        };
        if (m == null && !arg.isEmpty()) {
            say(screen.problem("Usage: /presence on|summary|off"));
            return;
        }
        if (m != null) {
            presence.mode(m);
        }
        say(screen.notice(switch (presence.mode()) {
            case ON -> "Presence lines on; more than " + PresenceDigest.BURST + " changes within a second are summed up.";
            case SUMMARY -> "Presence changes summed up, in one line once a second passes without one.";
            case OFF -> "Presence lines off; /users lists who is online.";
        }));
    }

    private void sendTo(String to, String text) {
        SendResult r = client.sendPrivate(to, text);
        report(r, to, text, screen.privateOut(to, text));
    }

    /**
     * Shows {@code sent} for a message that went out; for one that did not, why, and the line as
     * typed goes back into the editor: a pasted page is never lost to a refusal.
     */
    private void report(SendResult r, String target, String text, AttributedString sent) {
        String why = Describe.notSent(r, target, text, client.maxTextBytes(target));
        if (why == null) {
            say(sent);
            return;
        }
        draft = typed;
        say(screen.problem(why + " It is back in the input line."));
    }

    private void say(AttributedString s) {
        reader.printAbove(s);
    }

    /** Completes commands in first position, names after /to and /msg and anywhere in text. */
    private final class ChatCompleter implements Completer {
        @Override
        public void complete(LineReader r, ParsedLine line, List<Candidate> candidates) {
            String word = line.word();
            if (line.wordIndex() == 0 && word.startsWith("/")) {
                for (String c : COMMANDS) {
                    candidates.add(new Candidate(c));
                }
                return;
            }
            List<String> words = line.words();
            String first = words.isEmpty() ? "" : words.get(0);
            if (first.equals("/presence")) {
                if (line.wordIndex() == 1) {
                    for (String m : List.of("on", "summary", "off")) {
                        candidates.add(new Candidate(m));
                    }
                }
                return;
            }
            if (first.startsWith("/") && !first.equals("/to") && !first.equals("/msg") && line.wordIndex() > 0
                    && !first.equals("/all")) {
                return;
            }
            boolean nameSlot = (first.equals("/to") || first.equals("/msg")) && line.wordIndex() == 1;
            ChatClient c = client;
            if (c == null) {
                return;
            }
            for (String u : c.users()) {
                if (!u.equals(c.name()) || !nameSlot) {
                    // A name in running text is a mention: complete without the trailing space.
                    candidates.add(new Candidate(u, u, null, null, null, null, nameSlot));
                }
            }
        }
    }

    /** Client events, printed above the prompt. Runs on the client's event thread. */
    private final class Events implements ChatListener {
        private boolean online;
        /**
         * Whether the next full list is the first since a (re)login. Later ones (a seed-style
         * server sends one per change) are not shown: their joins and leaves are.
         */
        private boolean freshList;

        @Override
        public void onLoggedIn(String name, String welcome) {
            online = true;
            freshList = true;
            say(screen.notice(welcome));
        }

        @Override
        public void onUsers(List<String> users) {
            if (!freshList) {
                return;
            }
            freshList = false;
            if (users.size() <= 20) {
                say(screen.notice(users.size() + " online: " + String.join(", ", users)));
            } else {
                say(screen.notice(users.size() + " online (/users lists them)"));
            }
        }

        @Override
        public void onJoined(String name) {
            presenceChange(name, true);
        }

        @Override
        public void onLeft(String name) {
            presenceChange(name, false);
        }

        private void presenceChange(String name, boolean joined) {
            String line = presence.change(name, joined, System.nanoTime());
            if (line != null) {
                say(screen.notice(line));
            }
        }

        @Override
        public void onMessage(String from, String text) {
            if (current == null) {
                current = from; // a first message starts a conversation
                if (reader instanceof LineReaderImpl impl) {
                    impl.setPrompt(prompt()); // shown when the line below is redrawn
                }
            }
            say(screen.privateIn(from, text));
        }

        @Override
        public void onEveryoneMessage(String from, String text) {
            say(screen.everyone(from, text));
        }

        @Override
        public void onDeliveryFailed(String target) {
            say(screen.problem(target + " is not online; message not delivered."));
        }

        @Override
        public void onServerError(String reason) {
            say(screen.problem("Server: " + reason));
        }

        @Override
        public void onRejected(Rejection reason, String serverText) {
            if (!online) {
                return; // the first login's outcome is reported by session()
            }
            String why = Describe.rejection(reason, client.name(), client.address(), serverText);
            if (reason == Rejection.SERVER_FULL) {
                say(screen.problem(why));
            } else {
                stop("Could not log in again: " + why);
            }
        }

        @Override
        public void onDisconnected(Disconnect why, boolean willReconnect) {
            if (!online || fatal != null || why.byUser()) {
                return; // fatal: onRejected has already said why the client ends
            }
            if (willReconnect) {
                say(screen.problem("Connection lost (" + why.description() + ")."));
            } else {
                stop("Connection lost for good (" + why.description() + ").");
            }
        }

        @Override
        public void onReconnecting(Duration delay, int attempt) {
            say(screen.notice("Reconnecting in " + Describe.seconds(delay)
                    + (attempt > 1 ? " (attempt " + attempt + ")" : "") + "..."));
        }

        @Override
        public void onReconnected(String name) {
            freshList = true;
            say(screen.notice("Back online as " + name + "."));
        }

        private void stop(String why) {
            fatal = why;
            say(screen.problem(why));
            // Interrupts the pending readLine (it throws UserInterruptException) so main can exit.
            terminal.raise(Terminal.Signal.INT);
        }
    }
}
