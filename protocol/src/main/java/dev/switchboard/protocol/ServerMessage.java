package dev.switchboard.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * A line a server sends. {@link #encode()} gives the line without its {@code \n};
 * {@link #parse(String)} reads one back and never fails: a line that fits no form is
 * {@link Unknown}, so a client can record it instead of breaking.
 */
public sealed interface ServerMessage {

    /** Encodes this message as one line without the line end. */
    String encode();

    /** {@code WELCOME|text}: login accepted; always the first line a client receives. */
    record Welcome(String text) implements ServerMessage {
        public String encode() {
            return "WELCOME|" + text;
        }
    }

    /** {@code ERROR|reason}. Reasons of a rejected login are the constants below. */
    record ErrorReply(String reason) implements ServerMessage {
        public static final String NAME_TAKEN = "Username already taken";
        public static final String SERVER_FULL = "Server is full";
        public static final String INVALID_NAME = "Invalid username";
        public static final String SHUTTING_DOWN = "Server shutting down";
        public static final String SENDQ_EXCEEDED = "Send queue exceeded";
        public static final String HANDSHAKE_TIMEOUT = "Handshake timeout";
        public static final String PING_TIMEOUT = "Ping timeout";
        public static final String EXCESS_FLOOD = "Excess flood";
        public static final String TOO_MANY_CONNECTIONS = "Too many connections";
        /** A TLS ClientHello came to the plaintext port; then the server closes. */
        public static final String TLS_ON_PLAINTEXT = "This port is plaintext; connect to the TLS port";
        public static final String INVALID_MESSAGE = "Invalid message, expected Target|Content";

        /** {@code User <name> is not online}: the target of a private message is unknown. */
        public static ErrorReply notOnline(String name) {
            return new ErrorReply("User " + name + " is not online");
        }

        /** The name in a {@link #notOnline} reason, or null for any other reason. */
        public String offlineTarget() {
            if (reason.startsWith("User ") && reason.endsWith(" is not online")) {
                return reason.substring(5, reason.length() - 14);
            }
            return null;
        }

        /** Whether this error rejects a login (the server closes the connection after it). */
        public boolean rejectsLogin() {
            return reason.equals(NAME_TAKEN) || reason.equals(SERVER_FULL) || reason.equals(INVALID_NAME);
        }

        public String encode() {
            return "ERROR|" + reason;
        }
    }

    /** {@code USERS|a,b,c}: the full set of users online, in no significant order. */
    record Users(List<String> names) implements ServerMessage {
        public Users {
            names = List.copyOf(names);
        }

        public String encode() {
            return "USERS|" + String.join(",", names);
        }
    }

    /** {@code MSG|sender|content}: a private message delivered. */
    record Msg(String sender, String content) implements ServerMessage {
        public String encode() {
            return "MSG|" + sender + "|" + content;
        }
    }

    /** {@code ALL|sender|content}: a message to everyone, delivered. */
    record All(String sender, String content) implements ServerMessage {
        public String encode() {
            return "ALL|" + sender + "|" + content;
        }
    }

    /** {@code PING|token}: the peer must answer {@code PONG|token}. */
    record Ping(String token) implements ServerMessage {
        public String encode() {
            return "PING|" + token;
        }
    }

    /** {@code PONG|token}: the answer to {@code PING|token}. */
    record Pong(String token) implements ServerMessage {
        public String encode() {
            return "PONG|" + token;
        }
    }

    /** {@code CAP|LS|a,b}: the capabilities the server offers. */
    record CapList(List<String> caps) implements ServerMessage {
        public CapList {
            caps = List.copyOf(caps);
        }

        public String encode() {
            return "CAP|LS|" + String.join(",", caps);
        }
    }

    /** {@code CAP|ACK|a,b}: all requested capabilities granted. */
    record CapAck(List<String> caps) implements ServerMessage {
        public CapAck {
            caps = List.copyOf(caps);
        }

        public String encode() {
            return "CAP|ACK|" + String.join(",", caps);
        }
    }

    /** {@code CAP|NAK|a,b}: the request was refused whole; nothing changed. */
    record CapNak(List<String> caps) implements ServerMessage {
        public CapNak {
            caps = List.copyOf(caps);
        }

        public String encode() {
            return "CAP|NAK|" + String.join(",", caps);
        }
    }

    /**
     * {@code USERS|#room|@alice,bob} (capability {@code rooms}): who is in a room, in the order
     * they joined; an operator's name is marked with {@code @}.
     */
    record RoomUsers(String room, List<String> members) implements ServerMessage {
        public RoomUsers {
            members = List.copyOf(members);
        }

        /** The members' names without the operator mark. */
        public List<String> names() {
            return members.stream().map(m -> m.startsWith("@") ? m.substring(1) : m).toList();
        }

        /** Whether {@code name} (as listed) is marked as an operator. */
        public boolean isOperator(String name) {
            return members.contains("@" + name);
        }

        public String encode() {
            return "USERS|" + room + "|" + String.join(",", members);
        }
    }

    /** {@code JOIN|#room|name} (capability {@code rooms}): someone joined a room the client is in. */
    record RoomJoin(String room, String name) implements ServerMessage {
        public String encode() {
            return "JOIN|" + room + "|" + name;
        }
    }

    /**
     * {@code LEAVE|#room|name} or {@code LEAVE|#room|name|reason} (capability {@code rooms}):
     * someone left a room the client is in (the client itself included); {@code reason} is empty
     * when there was none.
     */
    record RoomLeave(String room, String name, String reason) implements ServerMessage {
        public String encode() {
            return "LEAVE|" + room + "|" + name + (reason.isEmpty() ? "" : "|" + reason);
        }
    }

    /** {@code MSG|#room|sender|content} (capability {@code rooms}): a message in a room. */
    record RoomMsg(String room, String sender, String content) implements ServerMessage {
        public String encode() {
            return "MSG|" + room + "|" + sender + "|" + content;
        }
    }

    /** {@code TOPIC|#room|setter|text} (capability {@code rooms}): a room's topic, set or changed. */
    record Topic(String room, String setter, String text) implements ServerMessage {
        public String encode() {
            return "TOPIC|" + room + "|" + setter + "|" + text;
        }
    }

    /** {@code JOIN|name} (capability {@code presence}): a user came online. */
    record Join(String name) implements ServerMessage {
        public String encode() {
            return "JOIN|" + name;
        }
    }

    /** {@code LEAVE|name} (capability {@code presence}): a user went offline. */
    record Leave(String name) implements ServerMessage {
        public String encode() {
            return "LEAVE|" + name;
        }
    }

    /** Any line that fits no known form, kept whole. */
    record Unknown(String line) implements ServerMessage {
        public String encode() {
            return line;
        }
    }

    /** Parses one line (without its line end) as a client reads it. */
    static ServerMessage parse(String line) {
        int bar = line.indexOf('|');
        if (bar < 0) {
            return new Unknown(line);
        }
        String rest = line.substring(bar + 1);
        Command cmd = Command.lookup(line.substring(0, bar));
        if (cmd == null) {
            return new Unknown(line);
        }
        return switch (cmd) {
            case WELCOME -> new Welcome(rest);
            case ERROR -> new ErrorReply(rest);
            case USERS -> {
                if (RoomNames.looksLikeRoom(rest)) {
                    int sep = rest.indexOf('|');
                    yield sep < 0 ? new Unknown(line) : new RoomUsers(rest.substring(0, sep), splitList(rest.substring(sep + 1)));
                }
                yield new Users(splitList(rest));
            }
            case MSG -> {
                String[] f = fields(rest, RoomNames.looksLikeRoom(rest) ? 3 : 2);
                if (f == null) {
                    yield new Unknown(line);
                }
                yield f.length == 3 ? new RoomMsg(f[0], f[1], f[2]) : new Msg(f[0], f[1]);
            }
            case TOPIC -> {
                String[] f = fields(rest, 3);
                yield f == null ? new Unknown(line) : new Topic(f[0], f[1], f[2]);
            }
            case ALL -> {
                int sep = rest.indexOf('|');
                yield sep < 0 ? new Unknown(line) : new All(rest.substring(0, sep), rest.substring(sep + 1));
            }
            case PING -> new Ping(rest);
            case PONG -> new Pong(rest);
            case JOIN -> {
                if (rest.isEmpty()) {
                    yield new Unknown(line);
                }
                if (RoomNames.looksLikeRoom(rest)) {
                    String[] f = fields(rest, 2);
                    yield f == null ? new Unknown(line) : new RoomJoin(f[0], f[1]);
                }
                yield new Join(rest);
            }
            case LEAVE -> {
                if (rest.isEmpty()) {
                    yield new Unknown(line);
                }
                if (RoomNames.looksLikeRoom(rest)) {
                    int sep = rest.indexOf('|');
                    if (sep < 0) {
                        yield new Unknown(line);
                    }
                    String more = rest.substring(sep + 1);
                    int sep2 = more.indexOf('|');
                    yield sep2 < 0 ? new RoomLeave(rest.substring(0, sep), more, "")
                            : new RoomLeave(rest.substring(0, sep), more.substring(0, sep2), more.substring(sep2 + 1));
                }
                yield new Leave(rest);
            }
            case CAP -> parseCap(line, rest);
            default -> new Unknown(line);
        };
    }

    private static ServerMessage parseCap(String line, String rest) {
        int sep = rest.indexOf('|');
        String sub = sep < 0 ? rest : rest.substring(0, sep);
        List<String> caps = sep < 0 ? List.of() : splitList(rest.substring(sep + 1));
        return switch (sub) {
            case "LS" -> new CapList(caps);
            case "ACK" -> new CapAck(caps);
            case "NAK" -> new CapNak(caps);
            default -> new Unknown(line);
        };
    }

    /**
     * Splits {@code s} at its first {@code n - 1} bars into {@code n} fields (the last keeps any
     * further bars), or null when it has fewer.
     */
    static String[] fields(String s, int n) {
        String[] out = new String[n];
        int start = 0;
        for (int i = 0; i < n - 1; i++) {
            int bar = s.indexOf('|', start);
            if (bar < 0) {
                return null;
            }
            out[i] = s.substring(start, bar);
            start = bar + 1;
        }
        out[n - 1] = s.substring(start);
        return out;
    }

    /** Splits a comma list, skipping empty items ({@code USERS|} is the empty list). */
    static List<String> splitList(String s) {
        List<String> out = new ArrayList<>();
        int start = 0;
        while (start <= s.length()) {
            int comma = s.indexOf(',', start);
            int end = comma < 0 ? s.length() : comma;
            if (end > start) {
                out.add(s.substring(start, end));
            }
            if (comma < 0) {
                break;
            }
            start = comma + 1;
        }
        return out;
    }
}
