package dev.switchboard.core;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A name online: its display form, its case-insensitive key, and the clients (connections, on
 * any front end) logged in under it. Whatever is sent to the user goes to every one of them.
 *
 * <p>A user object lives from the first login under a name to the last logout; logging in again
 * later makes a new one, so presence rounds that compare users by identity see a LEAVE and a JOIN.
 */
public final class User {
    private static final Client[] NONE = new Client[0];

    private final String name;
    private final String key;
    private final byte[] nameUtf8;
    /** Copy-on-write; replaced only under the directory's lock. */
    private volatile Client[] clients = NONE;
    /** True from login until logout; a reference held elsewhere (a cached target) checks it. */
    private volatile boolean online;
    /** Rooms this user is in; changed under each room's lock. */
    final Set<Room> rooms = ConcurrentHashMap.newKeySet();
    /** Front ends cache their wire forms of this user here (the line protocol's "MSG|alice|"...). */
    private final Encodings encodings = new Encodings();
    /** The name's UTS #39 skeletons, by which the directory refuses lookalikes; set at login. */
    java.util.List<String> skeletons = java.util.List.of();

    User(String name, String key) {
        this.name = name;
        this.key = key;
        this.nameUtf8 = name.getBytes(StandardCharsets.UTF_8);
    }

    /** The name as its owner typed it. */
    public String name() {
        return name;
    }

    /** The identity: equal for two spellings that differ only in letter case. */
    public String key() {
        return key;
    }

    /** The name in UTF-8, shared: never modify it. */
    public byte[] nameUtf8() {
        return nameUtf8;
    }

    public boolean online() {
        return online;
    }

    /** The clients logged in as this user now (a snapshot; never modify it). */
    public Client[] clients() {
        return clients;
    }

    /** The rooms this user is in now (a weakly consistent view). */
    public Set<Room> rooms() {
        return java.util.Collections.unmodifiableSet(rooms);
    }

    /** This user's wire forms, cached per front end. */
    public Encodings encodings() {
        return encodings;
    }

    // Called by the directory under its lock.
    void addClient(Client c) {
        Client[] old = clients;
        Client[] now = java.util.Arrays.copyOf(old, old.length + 1);
        now[old.length] = c;
        clients = now;
        online = true;
    }

    /** Removes {@code c}; true if it was one of this user's clients. The last one gone takes the user offline. */
    boolean removeClient(Client c) {
        Client[] old = clients;
        int at = -1;
        for (int i = 0; i < old.length; i++) {
            if (old[i] == c) {
                at = i;
                break;
            }
        }
        if (at < 0) {
            return false;
        }
        Client[] now = new Client[old.length - 1];
        System.arraycopy(old, 0, now, 0, at);
        System.arraycopy(old, at + 1, now, at, old.length - at - 1);
        clients = now;
        if (now.length == 0) {
            online = false;
        }
        return true;
    }

    @Override
    public String toString() {
        return name;
    }
}
