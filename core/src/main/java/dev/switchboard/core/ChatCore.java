package dev.switchboard.core;

import dev.switchboard.protocol.RoomNames;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The chat core: who is online (the {@link Directory}), the rooms, routing and presence. Front
 * ends call it with what their clients asked for, and it answers with {@link ChatEvent events}
 * delivered to each recipient's {@link Endpoint}; it never sees a byte of any wire.
 *
 * <p>Threads: every method may be called from any client's thread. Routing is lock-free for
 * private messages and the lobby; a room's events are delivered under that room's lock, so its
 * members see them in one order. Nothing here blocks or does I/O: endpoints only queue.
 * Presence runs on a thread of its own ({@link Presence}).
 */
public final class ChatCore {

    private final Directory directory;
    private final Authenticator authenticator;
    private final Presence presence;
    /** Copy-on-write; an array, so telling them allocates nothing per message. */
    private final java.util.concurrent.atomic.AtomicReference<MessageListener[]> listeners =
            new java.util.concurrent.atomic.AtomicReference<>(new MessageListener[0]);
    /** Rooms other than the lobby, by key; a room leaves the map (under its lock) when its last member does. */
    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();

    /** A core over {@code directory}; its presence thread is named {@code presenceThread}. */
    public ChatCore(Directory directory, Authenticator authenticator, String presenceThread) {
        this.directory = directory;
        this.authenticator = authenticator;
        this.presence = new Presence(directory, presenceThread);
        directory.onChange(presence::changed);
    }

    /** Adds a listener told of every message after delivery (history, metrics). */
    public void addMessageListener(MessageListener l) {
        listeners.updateAndGet(old -> {
            MessageListener[] now = java.util.Arrays.copyOf(old, old.length + 1);
            now[old.length] = l;
            return now;
        });
    }

    public void start() {
        presence.start();
    }

    /** Stops presence rounds: a shutting-down server tells nobody who left. */
    public void stop() {
        presence.stop();
    }

    public Directory directory() {
        return directory;
    }

    public Presence presence() {
        return presence;
    }

    /** A client of this core whose events go to {@code endpoint}; not logged in yet. */
    public Client newClient(Endpoint endpoint) {
        return new Client(this, endpoint);
    }

    /** The step before login. May block (password hashing): call it on the client's own thread. */
    public Authenticator.Outcome authenticate(Credentials credentials) {
        return authenticator.authenticate(credentials);
    }

    /** See {@link Directory#login}. */
    public LoginResult login(Client client, String name, Runnable whileLocked) {
        return directory.login(client, name, whileLocked);
    }

    /**
     * Logs {@code client} out, whatever the reason; true if it was logged in. When it was its
     * user's last client, the user leaves every room (members hear {@code reason}) and the next
     * presence round tells everyone.
     *
     * <p>The rooms are left before the user leaves the directory, so every room's
     * {@link ChatEvent.RoomLeft} (with {@code quit()} true) reaches its members before the
     * presence round that reports the departure can be taken: a front end that words a departure
     * once for all rooms (IRC's {@code QUIT}) can say it at the first of them and recognise the
     * rest, the presence delta included. The logging-out client reads nothing more, so its user
     * cannot join a room in between.
     */
    public boolean logout(Client client, String reason) {
        User u = client.user();
        if (u == null) {
            return false;
        }
        Client[] cs = u.clients();
        boolean last = cs.length == 1 && cs[0] == client;
        if (last) {
            presence.left(u, reason); // before the change is seen, so the round knows why
            if (client.online()) {
                leaveAllRooms(u, reason);
            }
        }
        boolean was = directory.logout(client);
        if (was && !u.online()) {
            leaveAllRooms(u, reason); // a client of the same user that logged out meanwhile
        }
        return was;
    }

    private void leaveAllRooms(User u, String reason) {
        for (Room r : new ArrayList<>(u.rooms)) {
            r.lock.lock();
            try {
                if (!r.gone() && r.isMember(u)) {
                    leaveLocked(r, u, reason, null, true);
                }
            } finally {
                r.lock.unlock();
            }
        }
    }

    /** The user online under {@code name} (any letter case), or null. */
    public User find(String name) {
        return directory.find(name);
    }

    /** The users online now, one consistent list (shared while nobody comes or goes). */
    public UserList users() {
        return directory.snapshot();
    }

    public int usersOnline() {
        return directory.size();
    }

    // ---- routing ----

    /**
     * A private message from {@code from}'s user to {@code to}. True if at least one of the
     * recipient's clients took it; false if the recipient is offline or none could take it.
     */
    public boolean sendPrivate(Client from, User to, Text text) {
        return sendPrivate(from, to, text, false, null, null);
    }

    /**
     * Like {@link #sendPrivate(Client, User, Text)}; a {@code notice} is a message that must never
     * be answered automatically (IRC's {@code NOTICE}). Front ends without notices deliver it as
     * an ordinary message.
     */
    public boolean sendPrivate(Client from, User to, Text text, boolean notice) {
        return sendPrivate(from, to, text, notice, null, null);
    }

    /**
     * {@link #sendPrivate(Client, User, Text)}, with the sender's front end's own encoding of the
     * message already made ({@code seedKey} → {@code seed}), so that recipients on the same wire
     * share it instead of encoding it again.
     */
    public boolean sendPrivate(Client from, User to, Text text, EncodingKey seedKey, Object seed) {
        return sendPrivate(from, to, text, false, seedKey, seed);
    }

    private boolean sendPrivate(Client from, User to, Text text, boolean notice, EncodingKey seedKey, Object seed) {
        if (!to.online()) {
            return false;
        }
        ChatEvent.Message m = new ChatEvent.Message(ChatEvent.Message.Kind.PRIVATE, from.user(), to, null, text, notice);
        if (seedKey != null) {
            m.seed(seedKey, seed);
        }
        int n = deliverTo(to, m);
        tell(m, n);
        return n > 0;
    }

    /** A message to everyone online but the sender; returns how many clients took it. */
    public int sendToEveryone(Client from, Text text) {
        return sendToEveryone(from, text, false);
    }

    /** Like {@link #sendToEveryone(Client, Text)}, as a notice when {@code notice}. */
    public int sendToEveryone(Client from, Text text, boolean notice) {
        User me = from.user();
        ChatEvent.Message m = new ChatEvent.Message(ChatEvent.Message.Kind.LOBBY, me, null, null, text, notice);
        int n = 0;
        for (User u : directory.users()) {
            if (u != me) {
                n += deliverTo(u, m);
            }
        }
        tell(m, n);
        return n;
    }

    // ---- rooms ----

    /** The room of that name (any letter case), or null; never the lobby. */
    public Room room(String name) {
        return rooms.get(RoomNames.key(name));
    }

    /** Every room now, in no particular order. */
    public Collection<Room> rooms() {
        return List.copyOf(rooms.values());
    }

    /**
     * {@code client}'s user joins {@code name}, creating it (and becoming its operator) if it
     * does not exist. Every member, the joiner included, gets {@link ChatEvent.RoomJoined}.
     */
    public RoomResult join(Client client, String name) {
        if (RoomNames.isLobby(name)) {
            return RoomResult.ALREADY_IN;
        }
        if (!RoomNames.isValid(name)) {
            return RoomResult.INVALID_NAME;
        }
        User u = client.user();
        String key = RoomNames.key(name);
        while (true) {
            Room r = rooms.computeIfAbsent(key, k -> new Room(name, k));
            r.lock.lock();
            try {
                if (r.gone()) {
                    continue; // emptied and removed since we found it: make a new one
                }
                if (r.isMember(u)) {
                    return RoomResult.ALREADY_IN;
                }
                r.add(u, r.isEmpty());
                u.rooms.add(r);
                ChatEvent.RoomJoined e = new ChatEvent.RoomJoined(r, u, r.memberList());
                for (User m : r.users()) {
                    deliverEvent(m, e);
                }
                return RoomResult.OK;
            } finally {
                r.lock.unlock();
            }
        }
    }

    /** {@code client}'s user leaves {@code name}; the members and the leaver get {@link ChatEvent.RoomLeft}. */
    public RoomResult leave(Client client, String name, String reason) {
        if (RoomNames.isLobby(name)) {
            return RoomResult.LOBBY;
        }
        if (!RoomNames.isValid(name)) {
            return RoomResult.INVALID_NAME;
        }
        Room r = room(name);
        if (r == null) {
            return RoomResult.NO_SUCH_ROOM;
        }
        User u = client.user();
        r.lock.lock();
        try {
            if (r.gone()) {
                return RoomResult.NO_SUCH_ROOM;
            }
            if (!r.isMember(u)) {
                return RoomResult.NOT_IN_ROOM;
            }
            leaveLocked(r, u, reason, null, false);
            return RoomResult.OK;
        } finally {
            r.lock.unlock();
        }
    }

    /**
     * A message to the room {@code name} (to everyone, for the lobby). Every member but the
     * sender gets it; the sender must be a member.
     */
    public RoomResult sendToRoom(Client from, String name, Text text) {
        return sendToRoom(from, name, text, false);
    }

    /** Like {@link #sendToRoom(Client, String, Text)}, as a notice when {@code notice}. */
    public RoomResult sendToRoom(Client from, String name, Text text, boolean notice) {
        if (RoomNames.isLobby(name)) {
            sendToEveryone(from, text, notice);
            return RoomResult.OK;
        }
        if (!RoomNames.isValid(name)) {
            return RoomResult.INVALID_NAME;
        }
        Room r = room(name);
        if (r == null) {
            return RoomResult.NO_SUCH_ROOM;
        }
        User me = from.user();
        ChatEvent.Message m = new ChatEvent.Message(ChatEvent.Message.Kind.ROOM, me, null, r, text, notice);
        int n = 0;
        r.lock.lock();
        try {
            if (r.gone()) {
                return RoomResult.NO_SUCH_ROOM;
            }
            if (!r.isMember(me)) {
                return RoomResult.NOT_IN_ROOM;
            }
            for (User u : r.users()) {
                if (u != me) {
                    n += deliverTo(u, m);
                }
            }
        } finally {
            r.lock.unlock();
        }
        tell(m, n);
        return RoomResult.OK;
    }

    /** An operator sets the topic of {@code name}; every member gets {@link ChatEvent.TopicChanged}. */
    public RoomResult setTopic(Client client, String name, String topic) {
        if (RoomNames.isLobby(name)) {
            return RoomResult.NOT_OPERATOR;
        }
        Room r = name == null || !RoomNames.isValid(name) ? null : room(name);
        if (r == null) {
            return RoomNames.isValid(name) ? RoomResult.NO_SUCH_ROOM : RoomResult.INVALID_NAME;
        }
        User u = client.user();
        r.lock.lock();
        try {
            if (r.gone()) {
                return RoomResult.NO_SUCH_ROOM;
            }
            if (!r.isMember(u)) {
                return RoomResult.NOT_IN_ROOM;
            }
            if (!r.isOperator(u)) {
                return RoomResult.NOT_OPERATOR;
            }
            r.setTopic(topic, u.name(), System.currentTimeMillis());
            ChatEvent.TopicChanged e = new ChatEvent.TopicChanged(r, u, topic);
            for (User m : r.users()) {
                deliverEvent(m, e);
            }
            return RoomResult.OK;
        } finally {
            r.lock.unlock();
        }
    }

    /** An operator removes {@code target} from {@code name}; everyone there, the target included, gets {@link ChatEvent.RoomLeft}. */
    public RoomResult kick(Client client, String name, String target, String reason) {
        if (RoomNames.isLobby(name)) {
            return RoomResult.NOT_OPERATOR;
        }
        if (!RoomNames.isValid(name)) {
            return RoomResult.INVALID_NAME;
        }
        Room r = room(name);
        if (r == null) {
            return RoomResult.NO_SUCH_ROOM;
        }
        User u = client.user();
        User victim = directory.find(target);
        r.lock.lock();
        try {
            if (r.gone()) {
                return RoomResult.NO_SUCH_ROOM;
            }
            if (!r.isMember(u)) {
                return RoomResult.NOT_IN_ROOM;
            }
            if (!r.isOperator(u)) {
                return RoomResult.NOT_OPERATOR;
            }
            if (victim == null || !r.isMember(victim)) {
                return RoomResult.NO_SUCH_MEMBER;
            }
            leaveLocked(r, victim, reason, u, false);
            return RoomResult.OK;
        } finally {
            r.lock.unlock();
        }
    }

    /** Removes {@code u} from {@code r} and tells everyone concerned; {@code r.lock} is held. */
    private void leaveLocked(Room r, User u, String reason, User kickedBy, boolean quit) {
        User newOp = r.remove(u);
        u.rooms.remove(r);
        ChatEvent.RoomLeft e = new ChatEvent.RoomLeft(r, u, reason, kickedBy, newOp, quit);
        if (!quit) {
            deliverEvent(u, e);
        }
        for (User m : r.users()) {
            deliverEvent(m, e);
        }
        if (r.isEmpty()) {
            r.markGone();
            rooms.remove(r.key(), r);
        }
    }

    private static int deliverTo(User u, ChatEvent.Message m) {
        int n = 0;
        for (Client c : u.clients()) {
            if (c.endpoint().deliver(m)) {
                n++;
            }
        }
        return n;
    }

    private static void deliverEvent(User u, ChatEvent.RoomEvent e) {
        for (Client c : u.clients()) {
            c.endpoint().roomEvent(e);
        }
    }

    private void tell(ChatEvent.Message m, int recipients) {
        for (MessageListener l : listeners.get()) {
            l.delivered(m, recipients);
        }
    }
}
