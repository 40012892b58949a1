package dev.switchboard.core;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One connection's place in the core, whatever front end it came through: the {@link Endpoint}
 * that receives its events, the user it is logged in as, and how it wants presence.
 */
public final class Client {

    /** Gets the full user list, coalesced (seed-style line clients). */
    static final int FULL_LISTS = 0;
    /** Wants deltas and is owed one snapshot first. */
    static final int DELTAS_NEED_SNAPSHOT = 1;
    /** Has its snapshot and gets deltas. */
    static final int DELTAS_SYNCED = 2;

    private final Endpoint endpoint;
    private final ChatCore core;
    /** Set once at login, before the client is visible to other threads (published by the directory's lock). */
    private User user;
    /** Advanced by the reader (wanting deltas) and by the presence thread (snapshot sent). */
    final AtomicInteger presenceMode = new AtomicInteger(FULL_LISTS);

    Client(ChatCore core, Endpoint endpoint) {
        this.core = core;
        this.endpoint = endpoint;
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /** The user this client is logged in as, or null before login. */
    public User user() {
        return user;
    }

    void user(User u) {
        this.user = u;
    }

    /** Whether this client is logged in now. */
    public boolean online() {
        User u = user;
        return u != null && u.online() && contains(u.clients(), this);
    }

    /**
     * From now on, one presence snapshot, then deltas (the line protocol's {@code presence}
     * capability, an IRC client's view of {@code #lobby}). Asked after login, the next presence
     * round sends the snapshot; asked before, the first round after login does.
     */
    public void wantPresenceDeltas() {
        if (presenceMode.compareAndSet(FULL_LISTS, DELTAS_NEED_SNAPSHOT) && user != null) {
            core.presence().changed();
        }
    }

    /** Whether this client gets deltas rather than full lists. */
    public boolean wantsDeltas() {
        return presenceMode.get() != FULL_LISTS;
    }

    private static boolean contains(Client[] cs, Client c) {
        for (Client x : cs) {
            if (x == c) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return (user == null ? "(not logged in)" : user.name()) + " at " + endpoint.peer();
    }
}
