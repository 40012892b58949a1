package dev.switchboard.core;

/** What became of a login. */
public enum LoginResult {
    OK,
    /** Another user is online under this name (letter case aside). */
    NAME_TAKEN,
    /** Another user online has a name that looks the same (UTS #39 skeleton: {@code аlice}, {@code alice}). */
    LOOKS_TAKEN,
    /** As many users as the server takes are online. */
    FULL
}
