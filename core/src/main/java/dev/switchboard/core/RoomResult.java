package dev.switchboard.core;

/** What became of a room command. Front ends turn each into their wire's wording. */
public enum RoomResult {
    OK,
    /** Not a valid room name. */
    INVALID_NAME,
    /** No room of that name exists. */
    NO_SUCH_ROOM,
    /** The client's user is not in the room. */
    NOT_IN_ROOM,
    /** Only an operator of the room may do that. */
    NOT_OPERATOR,
    /** The user is in the room already (the lobby always). */
    ALREADY_IN,
    /** The lobby is everyone online: nobody leaves it. */
    LOBBY,
    /** The user to kick is not in the room. */
    NO_SUCH_MEMBER
}
