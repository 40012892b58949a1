package dev.switchboard.core;

import java.util.Collection;
import java.util.List;

/**
 * Who is online, behind find and snapshot. {@link LocalDirectory} knows the users of this
 * process; a directory that also knows users on other nodes plugs in here.
 *
 * <p>Reads ({@link #find}, {@link #users}) never block; changes and {@link #snapshot} are
 * atomic. A directory never calls out while holding its lock except for the {@code whileLocked}
 * step of a login, and it tells its change listener after every change, outside the lock.
 */
public interface Directory {

    /**
     * Logs {@code client} in as {@code name} unless the name is taken or the directory is full.
     * {@code whileLocked} runs before the new user can be found or be in a snapshot (the client
     * already knows its user): a front end queues its welcome line there, so the welcome always
     * comes first, before any message or presence line for the new user. A
     * rejected login changes nothing, least of all the user who owns the name.
     */
    LoginResult login(Client client, String name, Runnable whileLocked);

    /** Logs {@code client} out; true if it was logged in (its user may stay online through other clients). */
    boolean logout(Client client);

    /** The user online under {@code name} (any letter case), or null. */
    User find(String name);

    /** A weakly consistent view of the users online, for fan-out. */
    Collection<User> users();

    /** One consistent copy of the users online, and the version it shows. */
    UserList snapshot();

    /** Users online now. */
    int size();

    /** Most users online at once. */
    int maxUsers();

    /** Sets what runs, outside the lock, after every change of who is online. */
    void onChange(Runnable listener);
}
