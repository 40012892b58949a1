package dev.switchboard.server;

import dev.switchboard.protocol.Usernames;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The users online: name key to session. The only state sessions share.
 *
 * <p>Reads ({@link #find}, {@link #sessions}) are lock-free. Changes of membership and
 * {@link #snapshot} take {@link #lock}, so a login's check-then-insert is atomic and a snapshot
 * is one consistent set. The lock is held for memory work only: never during I/O, never while
 * waiting for anything. Every change wakes the {@link PresenceBroadcaster}, after the lock is
 * released.
 */
final class UserRegistry {

    enum LoginResult { OK, NAME_TAKEN, FULL }

    private final int maxUsers;
    private final ReentrantLock lock = new ReentrantLock();
    /** Written only under {@link #lock}; read anywhere. */
    private final ConcurrentHashMap<String, Session> users = new ConcurrentHashMap<>();
    private Runnable onChange = () -> { };
    /** Bumped under {@link #lock} by every change of membership. */
    private long version;
    /** The last full USERS line built, with the version it shows; replaced, never changed. */
    private volatile ListLine cachedList = new ListLine(-1, null);

    private record ListLine(long version, byte[] line) { }

    UserRegistry(int maxUsers) {
        this.maxUsers = maxUsers;
    }

    /** Sets what runs (outside the lock) after every change of membership. */
    void onChange(Runnable listener) {
        this.onChange = listener;
    }

    /**
     * Logs {@code session} in under its name unless the name is taken or the server is full.
     * {@code whileLocked} runs under the lock right after the insert, before any snapshot can
     * contain the new user: the session queues its WELCOME there, so WELCOME always comes first.
     * A rejected login changes nothing, least of all the session that owns the name.
     */
    LoginResult login(Session session, Runnable whileLocked) {
        lock.lock();
        try {
            if (users.containsKey(session.key())) {
                return LoginResult.NAME_TAKEN;
            }
            if (users.size() >= maxUsers) {
                return LoginResult.FULL;
            }
            users.put(session.key(), session);
            session.registered = true;
            version++;
            whileLocked.run();
        } finally {
            lock.unlock();
        }
        onChange.run();
        return LoginResult.OK;
    }

    /** Removes {@code session} if it is the one online under its name; true if it was. */
    boolean logout(Session session) {
        boolean removed;
        lock.lock();
        try {
            removed = users.remove(session.key(), session);
            if (removed) {
                session.registered = false;
                version++;
            }
        } finally {
            lock.unlock();
        }
        if (removed) {
            onChange.run();
        }
        return removed;
    }

    /** The session online under {@code name} (any letter case), or null. */
    Session find(String name) {
        return users.get(Usernames.key(name));
    }

    /** A weakly consistent view of the sessions online, for fan-out. */
    Collection<Session> sessions() {
        return users.values();
    }

    /** One consistent copy of the sessions online (one array copy, made under the lock; fixed-size). */
    List<Session> snapshot() {
        lock.lock();
        try {
            @SuppressWarnings("unchecked") // every value is a Session; an Object[] copy skips per-element store checks
            List<Session> copy = (List<Session>) (List<?>) Arrays.asList(users.values().toArray());
            return copy;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The full {@code USERS|...} line of the users online now, built once per change of
     * membership and shared by every client that asks: answering a request costs no O(N) work
     * while nobody comes or goes.
     */
    byte[] usersLine() {
        ListLine cached = cachedList;
        long v;
        List<Session> now;
        lock.lock();
        try {
            v = version;
            if (cached.version() == v) {
                return cached.line();
            }
            @SuppressWarnings("unchecked")
            List<Session> copy = (List<Session>) (List<?>) Arrays.asList(users.values().toArray());
            now = copy;
        } finally {
            lock.unlock();
        }
        byte[] line = Session.usersLine(now);
        cachedList = new ListLine(v, line); // a racing newer version may be overwritten: it is rebuilt on demand
        return line;
    }

    /** Users online now. */
    int size() {
        return users.size();
    }

    int maxUsers() {
        return maxUsers;
    }
}
