package dev.switchboard.core;

import java.util.List;

/**
 * One consistent list of the users online, with the directory version it shows. Front ends cache
 * their encoding of it (a {@code USERS|...} line) in {@link #encodings()}: made once per change
 * of membership, shared by every client that asks.
 */
public final class UserList {
    private final long version;
    private final List<User> users;
    private final Encodings encodings = new Encodings();

    UserList(long version, List<User> users) {
        this.version = version;
        this.users = users;
    }

    public long version() {
        return version;
    }

    /** The users, in no significant order (fixed-size; never modify it). */
    public List<User> users() {
        return users;
    }

    public Encodings encodings() {
        return encodings;
    }
}
