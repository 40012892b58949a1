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
import dev.switchboard.protocol.RoomNames;
import dev.switchboard.protocol.Usernames;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
 * and tab completion of commands, usernames and rooms. A conversation is a user or a room
 * ({@code /to bob}, {@code /to #rust}; {@code #lobby} is everyone).
 *
 * <p>Threads: the main thread reads the keyboard; listener calls come on the client's event
 * thread and only print above the prompt (JLine serialises that with the line being edited).
 */
final class InteractiveChat {

    static final List<String> COMMANDS = List.of("/to", "/msg", "/all", "/users", "/join", "/part", "/names",
            "/topic", "/kick", "/rooms", "/presence", "/quit", "/help");

    /** How often held presence changes are looked at: a summary comes at most this late after its burst. */
    static final long PRESENCE_TICK_MILLIS = 250;

    private static final String HELP = String.join("\n",
            "/to NAME         talk to NAME: plain lines go to them from now on",
            "/to #ROOM        talk in a room you are in (#lobby is everyone online)",
            "/msg NAME TEXT   send one message to NAME",
            "/all TEXT        send TEXT to everyone online",
            "/users           who is online",
            "/join #ROOM      join a room (a new one is made, and you are its operator)",
            "/part [#ROOM] [REASON]   leave a room (the current one if none is named)",
            "/names [#ROOM]   who is in a room",
            "/topic [#ROOM] [TEXT]    show the topic, or set it (operators)",
            "/kick [#ROOM] NAME [REASON]  remove someone from a room (operators)",
            "/rooms           the rooms you are in",
            "/presence MODE   joined/left lines: on (a crowd is summed up), summary, or off",
            "/quit            leave (Ctrl-D too)",
            "/help            this text",
            "Tab completes commands, names and rooms; Up/Down recall earlier lines.");

    private final ClientConfig baseConfig;
    private final boolean nameGiven;
    private final boolean colourWanted;
    /** Rooms to join once logged in ({@code --join}). */
    private final List<String> joinAtStart;
    private Terminal terminal;
    private LineReader reader;
    private ChatScreen screen;
    private ChatClient client;
    /**
     * The current conversation (a user, or a {@code #room}), or null. Written on the main thread
     * and by the event thread (a first message, a joined or left room).
     */
    private volatile String current;
    /** A room the user asked to join: it becomes the conversation once joined. Main thread writes, event thread takes. */
    private volatile String switchTo;
    /** Set on the event thread when the client can go on no longer; the main thread then exits. */
    private volatile String fatal;
    /** Which joins and leaves are shown; fed by the event thread, read out by the presence timer. */
    private final PresenceDigest presence = new PresenceDigest();
    /** The line being handled, as typed. Main thread only. */
    private String typed;
    /** A refused message's line, put back in the editor by the next readLine. Main thread only. */
    private String draft;

    InteractiveChat(ClientConfig config, boolean nameGiven, boolean colourWanted, List<String> joinAtStart) {
        this.baseConfig = config;
        this.nameGiven = nameGiven;
        this.colourWanted = colourWanted;
        this.joinAtStart = List.copyOf(joinAtStart);
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
        for (String room : joinAtStart) {
            switchTo = room;
            String why = Describe.commandNotSent(client.joinRoom(room), room);
            if (why != null) {
                say(screen.problem("--join " + room + ": " + why));
            }
        }
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
                say(screen.problem("Nobody to send to yet: /to NAME picks someone, /to #ROOM a room, /all TEXT writes to everyone."));
            } else {
                sendTo(to, text);
            }
            return true;
        }
        int space = line.indexOf(' ');
        String cmd = space < 0 ? line : line.substring(0, space);
        String rest = space < 0 ? "" : line.substring(space + 1).strip();
        RoomCommands.Parsed room = RoomCommands.parse(cmd, rest, currentRoom());
        if (room != null) {
            roomCommand(room);
            return true;
        }
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
            case "/rooms" -> {
                List<Room> rooms = client.rooms();
                say(screen.notice(rooms.isEmpty() ? "You are in no room (besides #lobby, which is everyone); /join #ROOM joins one."
                        : "Your rooms: " + String.join(", ", rooms.stream().map(r -> r.name() + " (" + r.members().size() + ")").toList())));
            }
            case "/to" -> {
                if (rest.isEmpty()) {
                    say(screen.notice(current == null ? "No conversation; /to NAME picks one." : "Talking to " + current + "."));
                } else if (RoomNames.looksLikeRoom(rest)) {
                    toRoom(rest);
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
        if (RoomNames.isLobby(to)) {
            report(client.sendToEveryone(text), null, text, screen.everyone(client.name(), text));
        } else if (RoomNames.looksLikeRoom(to)) {
            Room r = client.room(to);
            report(client.sendToRoom(to, text), to, text, screen.room(r == null ? to : r.name(), client.name(), text));
        } else {
            report(client.sendPrivate(to, text), to, text, screen.privateOut(to, text));
        }
    }

    /** The current conversation when it is a room other than the lobby, else null. */
    private String currentRoom() {
        String c = current;
        return c != null && RoomNames.looksLikeRoom(c) && !RoomNames.isLobby(c) ? c : null;
    }

    private void toRoom(String name) {
        String bad = RoomCommands.roomProblem(name);
        if (bad != null) {
            say(screen.problem(bad));
        } else if (RoomNames.isLobby(name)) {
            current = RoomNames.LOBBY;
            say(screen.notice("Talking in #lobby: everyone online."));
        } else {
            Room r = client.room(name);
            if (r == null) {
                say(screen.problem("You are not in " + name + "; /join " + name + " first."));
            } else {
                current = r.name();
                say(screen.notice("Talking in " + r.name() + " (" + r.members().size() + " here)."));
            }
        }
    }

    private void join(String room) {
        if (RoomNames.isLobby(room)) {
            say(screen.notice("Everyone online is in #lobby: /to #lobby or /all TEXT writes to them."));
            return;
        }
        switchTo = room;
        check(client.joinRoom(room), room);
    }

    private void roomCommand(RoomCommands.Parsed p) {
        switch (p) {
            case RoomCommands.Problem pr -> say(screen.problem(pr.message()));
            case RoomCommands.Join j -> join(j.room());
            case RoomCommands.Part pt -> {
                if (RoomNames.isLobby(pt.room())) {
                    say(screen.problem("Nobody leaves #lobby: it is everyone online."));
                } else {
                    check(client.leaveRoom(pt.room(), pt.reason()), pt.room());
                }
            }
            case RoomCommands.Names n -> check(client.requestRoomMembers(n.room()), n.room());
            case RoomCommands.Topic t -> check(t.text() == null ? client.requestTopic(t.room())
                    : client.setTopic(t.room(), t.text()), t.room());
            case RoomCommands.Kick k -> check(client.kick(k.room(), k.name(), k.reason()), k.room());
        }
    }

    /** For a room command: says why it was not sent (the line goes back to the editor); the server answers with an event. */
    private void check(SendResult r, String room) {
        String why = Describe.commandNotSent(r, room);
        if (why != null) {
            draft = typed;
            say(screen.problem(why + " It is back in the input line."));
        }
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
            ChatClient c = client;
            if (c == null) {
                return;
            }
            int index = line.wordIndex();
            boolean roomCommand = RoomCommands.NAMES.contains(first);
            if (index == 1 && (roomCommand || first.equals("/to"))) {
                rooms(c, candidates, true);
                if (first.equals("/to")) {
                    names(c.users(), c.name(), candidates, true);
                } else if (first.equals("/kick") && currentRoom() != null) {
                    members(c, currentRoom(), candidates, true); // /kick NAME: in the current room
                }
                return;
            }
            if (first.equals("/kick") && index == 2 && words.get(1).startsWith("#")) {
                members(c, words.get(1), candidates, true);
                return;
            }
            if (first.startsWith("/") && index > 0 && !first.equals("/msg") && !first.equals("/all")) {
                return; // the free text of other commands: nothing to offer
            }
            if (word.startsWith("#")) {
                rooms(c, candidates, false);
                return;
            }
            boolean nameSlot = first.equals("/msg") && index == 1;
            String room = currentRoom();
            if (room != null && !nameSlot && c.room(room) != null) {
                // In a room, a mention is of someone there.
                names(c.room(room).members(), c.name(), candidates, false);
            } else {
                names(c.users(), nameSlot ? c.name() : null, candidates, nameSlot);
            }
        }

        /**
         * {@code complete}: a slot of a command, closed with a space; a name in running text is a
         * mention, completed without one. {@code except} (may be null) is left out.
         */
        private void names(List<String> pool, String except, List<Candidate> candidates, boolean complete) {
            for (String u : pool) {
                if (except == null || !u.equalsIgnoreCase(except)) {
                    candidates.add(new Candidate(u, u, null, null, null, null, complete));
                }
            }
        }

        private void members(ChatClient c, String roomName, List<Candidate> candidates, boolean complete) {
            Room r = c.room(roomName);
            if (r != null) {
                names(r.members(), c.name(), candidates, complete);
            }
        }

        /** The rooms this client is in, and #lobby. */
        private void rooms(ChatClient c, List<Candidate> candidates, boolean complete) {
            candidates.add(new Candidate(RoomNames.LOBBY, RoomNames.LOBBY, null, null, null, null, complete));
            for (Room r : c.rooms()) {
                candidates.add(new Candidate(r.name(), r.name(), null, null, null, null, complete));
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
                converse(from); // a first message starts a conversation
            }
            say(screen.privateIn(from, text));
        }

        /** The conversation changes under the user's hands: the prompt says so. */
        private void converse(String to) {
            current = to;
            if (reader instanceof LineReaderImpl impl) {
                impl.setPrompt(prompt()); // shown when the line below is redrawn
            }
        }

        @Override
        public void onEveryoneMessage(String from, String text) {
            say(screen.everyone(from, text));
        }

        // ---- rooms ----

        /** The rooms this listener has been told it is in, by key: a join again after a reconnect is "back in". */
        private final Set<String> inRooms = new HashSet<>();

        @Override
        public void onRoomJoined(Room room) {
            boolean again = !inRooms.add(RoomNames.key(room.name()));
            String wanted = switchTo;
            if (wanted != null && RoomNames.key(wanted).equals(RoomNames.key(room.name()))) {
                switchTo = null;
                converse(room.name()); // before printing: the prompt is redrawn with the line
            }
            say(screen.notice((again ? "Back in " : "You joined ") + members(room)));
        }

        @Override
        public void onRoomMembers(Room room) {
            say(screen.notice(members(room)));
        }

        private String members(Room room) {
            if (room.members().size() > 20) {
                return room.name() + ": " + room.members().size() + " here" + (room.isLobby() ? " (/users lists them)" : "");
            }
            List<String> shown = room.members().stream().map(m -> room.isOperator(m) ? "@" + m : m).toList();
            return room.name() + " (" + room.members().size() + "): " + String.join(", ", shown);
        }

        @Override
        public void onMemberJoined(String room, String name) {
            say(screen.notice(name + " joined " + room));
        }

        @Override
        public void onMemberLeft(Departure d) {
            if (d.kicked()) {
                say(screen.notice(d.name() + " was kicked from " + d.room() + " by " + d.kickedBy() + because(d.reason())));
            } else {
                say(screen.notice(d.name() + " left " + d.room() + because(d.reason())));
            }
            if (d.newOperator() != null) {
                boolean me = d.newOperator().equalsIgnoreCase(client.name());
                say(screen.notice((me ? "You are" : d.newOperator() + " is") + " now the operator of " + d.room() + "."));
            }
        }

        @Override
        public void onRoomLeft(Departure d) {
            inRooms.remove(RoomNames.key(d.room()));
            String c = current;
            if (c != null && RoomNames.key(c).equals(RoomNames.key(d.room()))) {
                converse(null);
            }
            if (d.kicked()) {
                say(screen.problem("You were kicked from " + d.room() + " by " + d.kickedBy() + because(d.reason()) + "."));
            } else {
                say(screen.notice("You left " + d.room() + because(d.reason()) + "."));
            }
        }

        private static String because(String reason) {
            return reason.isEmpty() ? "" : " (" + reason + ")";
        }

        @Override
        public void onRoomMessage(String room, String from, String text) {
            say(screen.room(room, from, text));
        }

        @Override
        public void onRoomTopic(String room, String setter, String text) {
            if (text.isEmpty() && setter.isEmpty()) {
                say(screen.notice(room + " has no topic."));
            } else {
                say(screen.notice(room + " topic: " + text + (setter.isEmpty() ? "" : " (set by " + setter + ")")));
            }
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
