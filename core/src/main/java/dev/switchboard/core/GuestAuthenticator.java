package dev.switchboard.core;

/** Everyone is a guest: any valid, free name may be taken, as in the seed protocol. */
public final class GuestAuthenticator implements Authenticator {
    @Override
    public Outcome authenticate(Credentials credentials) {
        return switch (credentials) {
            case Credentials.Guest g -> Outcome.ACCEPTED;
        };
    }
}
