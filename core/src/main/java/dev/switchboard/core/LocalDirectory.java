package dev.switchboard.core;

import dev.switchboard.protocol.Usernames;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The users online in this process: name key to user.
 *
 * <p>Reads ({@link #find}, {@link #users}) are lock-free. Changes and {@link #snapshot} take
 * {@link #lock}, so a login's check-then-insert is atomic and a snapshot is one consistent set.
 * The lock is held for memory work only: never during I/O, never while waiting for anything.
 */
public final class LocalDirectory implements Directory {

    private final int maxUsers;
    private final ReentrantLock lock = new ReentrantLock();
    /** Written only under {@link #lock}; read anywhere. */
    private final ConcurrentHashMap<String, User> users = new ConcurrentHashMap<>();
    /** Both UTS #39 skeletons of every name online, to the user; guarded by {@link #lock}. */
    private final java.util.HashMap<String, User> bySkeleton = new java.util.HashMap<>();
    /** Bumped under {@link #lock} by every change of membership. */
    private long version;
    /** The last snapshot made, kept while nobody comes or goes. */
    private volatile UserList cached = new UserList(-1, List.of());
    private Runnable onChange = () -> { };

    public LocalDirectory(int maxUsers) {
        this.maxUsers = maxUsers;
    }

    @Override
    public void onChange(Runnable listener) {
        this.onChange = listener;
    }

    @Override
    public LoginResult login(Client client, String name, Runnable whileLocked) {
        String key = Usernames.key(name);
        List<String> skeletons = Usernames.skeletons(name);
        lock.lock();
        try {
            if (users.containsKey(key)) {
                return LoginResult.NAME_TAKEN;
            }
            for (String s : skeletons) {
                if (bySkeleton.containsKey(s)) {
                    return LoginResult.LOOKS_TAKEN;
                }
            }
            if (users.size() >= maxUsers) {
                return LoginResult.FULL;
            }
            User u = new User(name, key);
            u.skeletons = skeletons;
            for (String s : skeletons) {
                bySkeleton.put(s, u);
            }
            client.user(u);
            u.addClient(client);
            // Before the user can be found (find is lock-free) or listed: nothing sent to the
            // new user can come before what the front end queues here.
            whileLocked.run();
            users.put(key, u);
            version++;
        } finally {
            lock.unlock();
        }
        onChange.run();
        return LoginResult.OK;
    }

    @Override
    public boolean logout(Client client) {
        User u = client.user();
        if (u == null) {
            return false;
        }
        boolean removed;
        boolean userGone = false;
        lock.lock();
        try {
            removed = users.get(u.key()) == u && u.removeClient(client);
            if (removed && !u.online()) {
                users.remove(u.key(), u);
                for (String s : u.skeletons) {
                    bySkeleton.remove(s, u);
                }
                version++;
                userGone = true;
            }
        } finally {
            lock.unlock();
        }
        if (userGone) {
            onChange.run();
        }
        return removed;
    }

    @Override
    public User find(String name) {
        return users.get(Usernames.key(name));
    }

    @Override
    public Collection<User> users() {
        return users.values();
    }

    @Override
    public UserList snapshot() {
        UserList c = cached;
        lock.lock();
        try {
            if (c.version() == version) {
                return c;
            }
            @SuppressWarnings("unchecked") // every value is a User; an Object[] copy skips per-element store checks
            List<User> copy = (List<User>) (List<?>) Arrays.asList(users.values().toArray());
            c = new UserList(version, copy);
            cached = c;
            return c;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int size() {
        return users.size();
    }

    @Override
    public int maxUsers() {
        return maxUsers;
    }
}
