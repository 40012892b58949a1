package dev.switchboard.core;

/** What a client presents to log in. */
public sealed interface Credentials {
    /** The name to log in as. */
    String name();

    /** A name and nothing else: a guest, as in the seed protocol. */
    record Guest(String name) implements Credentials { }
}
