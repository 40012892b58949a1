package dev.switchboard.core;

import java.util.List;

/**
 * One presence round: the users online now, and who came and went since the previous round.
 * Front ends cache their encodings of the delta in {@link #encodings()} and of the full list in
 * the snapshot's own encodings, so a round is encoded once per wire, not once per client.
 */
public final class PresenceRound {

    /** A user who went offline, and why (for IRC's QUIT; "" when not known). */
    public record Departure(User user, String reason) { }

    private final UserList snapshot;
    private final List<User> joined;
    private final List<Departure> left;
    private final Encodings encodings = new Encodings();

    PresenceRound(UserList snapshot, List<User> joined, List<Departure> left) {
        this.snapshot = snapshot;
        this.joined = joined;
        this.left = left;
    }

    public UserList snapshot() {
        return snapshot;
    }

    public List<User> joined() {
        return joined;
    }

    public List<Departure> left() {
        return left;
    }

    /** Whether anybody came or went since the previous round. */
    public boolean hasDelta() {
        return !joined.isEmpty() || !left.isEmpty();
    }

    /** The round's delta encodings, per wire. */
    public Encodings encodings() {
        return encodings;
    }
}
