package dev.switchboard.client;

/** How the first login of a {@link ChatClient} ended; see {@link ChatClient#connect()}. */
public sealed interface LoginOutcome {

    /** The server said {@code WELCOME|welcome}. */
    record LoggedIn(String name, String welcome) implements LoginOutcome {}

    /** The server refused the name; {@code serverText} is its {@code ERROR} reason. */
    record Rejected(Rejection reason, String serverText) implements LoginOutcome {}

    /** No answer to the login: the server was unreachable, closed the link, or said nothing in time. */
    record Failed(String cause) implements LoginOutcome {}
}
