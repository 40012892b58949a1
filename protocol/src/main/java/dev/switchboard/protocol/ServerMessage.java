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
            case USERS -> new Users(splitList(rest));
            case MSG -> {
                int sep = rest.indexOf('|');
                yield sep < 0 ? new Unknown(line) : new Msg(rest.substring(0, sep), rest.substring(sep + 1));
            }
            case ALL -> {
                int sep = rest.indexOf('|');
                yield sep < 0 ? new Unknown(line) : new All(rest.substring(0, sep), rest.substring(sep + 1));
            }
            case PING -> new Ping(rest);
            case PONG -> new Pong(rest);
            case JOIN -> rest.isEmpty() ? new Unknown(line) : new Join(rest);
            case LEAVE -> rest.isEmpty() ? new Unknown(line) : new Leave(rest);
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
