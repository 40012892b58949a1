package dev.switchboard.terminal;

import dev.switchboard.protocol.RoomNames;
import dev.switchboard.protocol.Usernames;
import java.util.List;

/**
 * The room commands both modes take ({@code /join}, {@code /part}, {@code /names}, {@code /topic},
 * {@code /kick}), parsed from a typed line. Pure: the interactive client passes its current room
 * so that the room may be left out ({@code /part bye}), the pipe mode passes null.
 */
final class RoomCommands {
    private RoomCommands() {}

    static final List<String> NAMES = List.of("/join", "/part", "/names", "/topic", "/kick");

    /** What a room command line asks for. */
    sealed interface Parsed {}

    record Join(String room) implements Parsed {}

    record Part(String room, String reason) implements Parsed {}

    record Names(String room) implements Parsed {}

    /** {@code text} null: ask for the topic. */
    record Topic(String room, String text) implements Parsed {}

    record Kick(String room, String name, String reason) implements Parsed {}

    /** The line cannot be carried out: {@code message} says why, or how it is used. */
    record Problem(String message) implements Parsed {}

    /**
     * {@code cmd} with its arguments {@code rest} (stripped), or null when {@code cmd} is no room
     * command. {@code currentRoom} (null: none) is the room a command without one is about.
     */
    static Parsed parse(String cmd, String rest, String currentRoom) {
        return switch (cmd) {
            case "/join" -> {
                if (rest.isEmpty() || rest.indexOf(' ') >= 0) {
                    yield new Problem("Usage: /join #room");
                }
                String bad = roomProblem(rest);
                yield bad != null ? new Problem(bad) : new Join(rest);
            }
            case "/part", "/leave" -> withRoom(rest, currentRoom, "/part [#room] [reason]", (room, more) -> new Part(room, more));
            case "/names" -> withRoom(rest, currentRoom, "/names [#room]", (room, more) ->
                    more.isEmpty() ? new Names(room) : new Problem("Usage: /names [#room]"));
            case "/topic" -> withRoom(rest, currentRoom, "/topic [#room] [text]", (room, more) ->
                    new Topic(room, more.isEmpty() ? null : more));
            case "/kick" -> withRoom(rest, currentRoom, "/kick [#room] NAME [reason]", (room, more) -> {
                if (more.isEmpty()) {
                    return new Problem("Usage: /kick [#room] NAME [reason]");
                }
                int sp = more.indexOf(' ');
                String name = sp < 0 ? more : more.substring(0, sp);
                String reason = sp < 0 ? "" : more.substring(sp + 1).strip();
                String problem = Usernames.problem(name);
                if (problem != null) {
                    return new Problem("'" + name + "' is not a valid name (" + problem + ").");
                }
                return new Kick(room, name, reason);
            });
            default -> null;
        };
    }

    private interface Then {
        Parsed apply(String room, String rest);
    }

    /** The room named first in {@code rest}, or the current one; then the rest of the line. */
    private static Parsed withRoom(String rest, String currentRoom, String usage, Then then) {
        String room;
        String more;
        if (rest.startsWith("#")) {
            int sp = rest.indexOf(' ');
            room = sp < 0 ? rest : rest.substring(0, sp);
            more = sp < 0 ? "" : rest.substring(sp + 1).strip();
            String bad = roomProblem(room);
            if (bad != null) {
                return new Problem(bad);
            }
        } else if (currentRoom != null) {
            room = currentRoom;
            more = rest;
        } else {
            return new Problem("Which room? Usage: " + usage);
        }
        return then.apply(room, more);
    }

    /** Null when {@code room} is a valid room name, else the sentence that says why not. */
    static String roomProblem(String room) {
        String problem = RoomNames.problem(room);
        if (problem == null) {
            return null;
        }
        if (!RoomNames.looksLikeRoom(room)) {
            return "Room names start with '#': try #" + room + ".";
        }
        return "'" + room + "' is not a valid room name (" + problem + "). Rooms: " + RoomNames.RULE + ".";
    }
}
