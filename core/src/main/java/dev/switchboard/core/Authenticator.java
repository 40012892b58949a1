package dev.switchboard.core;

/**
 * The step before login: decides whether these credentials may log in under their name. It may
 * block (hashing a password takes tens of milliseconds), so front ends call it on the client's
 * own thread, never under a lock.
 */
public interface Authenticator {

    /** The answer to a login attempt. */
    enum Outcome {
        ACCEPTED,
        /** The name belongs to an account and the client did not prove it owns it. */
        NAME_REGISTERED,
        /** Wrong password or unknown account (one answer for both). */
        INVALID
    }

    Outcome authenticate(Credentials credentials);
}
