package dev.switchboard.client;

/**
 * Someone left a room: {@link ChatListener#onMemberLeft} for others, {@link ChatListener#onRoomLeft}
 * for this client itself.
 *
 * @param room the room's name as the server spells it
 * @param name who left
 * @param reason why, as the leaver or the server gave it ({@code "bye"}, {@code "quit: off to lunch"},
 *               {@code "connection closed by peer"}); for a kick, the operator's reason without the
 *               {@code "Kicked by <operator>: "} the server puts in front; empty when there was none
 * @param kickedBy the operator who kicked them, or null when they left by themselves
 * @param newOperator the member who became operator because the last one left (the member present
 *                    longest, as the server picks), or null
 */
public record Departure(String room, String name, String reason, String kickedBy, String newOperator) {

    /** Whether an operator removed them. */
    public boolean kicked() {
        return kickedBy != null;
    }
}
