package dev.switchboard.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A line a client sends, parsed. Parsing never fails: a line that fits no form becomes
 * {@link Malformed} or {@link Unsupported}, which a server answers with {@code ERROR|...}.
 *
 * <p>A line is a command when the text before its first {@code |} (or the whole line, when it
 * has none) is a reserved word in upper case; otherwise {@code target|content} is a private
 * message and a line without {@code |} is {@link Text} (the handshake, before login).
 */
public sealed interface ClientMessage {

    /** Encodes this message as one line without the line end. */
    String encode();

    /** A line without {@code |} that is not a command: the handshake (username) before login. */
    record Text(String text) implements ClientMessage {
        public String encode() {
            return text;
        }
    }

    /**
     * A private message: {@code target|content} or {@code MSG|target|content}. Content may be
     * empty and may contain {@code |}.
     */
    record Private(String target, String content) implements ClientMessage {
        public String encode() {
            return target + "|" + content;
        }
    }

    /** {@code ALL|content}: a message to everyone else online. */
    record Everyone(String content) implements ClientMessage {
        public String encode() {
            return "ALL|" + content;
        }
    }

    /** {@code PING|token}: the server answers {@code PONG|token}. */
    record Ping(String token) implements ClientMessage {
        public String encode() {
            return "PING|" + token;
        }
    }

    /** {@code PONG|token}: the answer to a server's {@code PING|token}. */
    record Pong(String token) implements ClientMessage {
        public String encode() {
            return "PONG|" + token;
        }
    }

    /** {@code QUIT|reason}: leave cleanly; the server flushes and closes. */
    record Quit(String reason) implements ClientMessage {
        public String encode() {
            return reason.isEmpty() ? "QUIT" : "QUIT|" + reason;
        }
    }

    /** {@code CAP|LS}: list the server's capabilities. */
    record CapList() implements ClientMessage {
        public String encode() {
            return "CAP|LS";
        }
    }

    /** {@code CAP|REQ|a,b}: ask for capabilities, all or none. */
    record CapRequest(List<String> caps) implements ClientMessage {
        public CapRequest {
            caps = List.copyOf(caps);
        }

        public String encode() {
            return "CAP|REQ|" + String.join(",", caps);
        }
    }

    /** {@code USERS}: ask for the full user list now. */
    record UserList() implements ClientMessage {
        public String encode() {
            return "USERS";
        }
    }

    /** {@code USERS|#room}: ask who is in a room (capability {@code rooms}). */
    record RoomUserList(String room) implements ClientMessage {
        public String encode() {
            return "USERS|" + room;
        }
    }

    /** {@code JOIN|#room}: join a room, creating it if it does not exist. */
    record Join(String room) implements ClientMessage {
        public String encode() {
            return "JOIN|" + room;
        }
    }

    /** {@code LEAVE|#room} or {@code LEAVE|#room|reason}: leave a room. */
    record Leave(String room, String reason) implements ClientMessage {
        public String encode() {
            return reason.isEmpty() ? "LEAVE|" + room : "LEAVE|" + room + "|" + reason;
        }
    }

    /** {@code TOPIC|#room|text} sets the topic (operators); {@code TOPIC|#room} asks for it ({@code text} null). */
    record Topic(String room, String text) implements ClientMessage {
        public String encode() {
            return text == null ? "TOPIC|" + room : "TOPIC|" + room + "|" + text;
        }
    }

    /** {@code KICK|#room|name|reason}: an operator removes a member. */
    record Kick(String room, String name, String reason) implements ClientMessage {
        public String encode() {
            return "KICK|" + room + "|" + name + (reason.isEmpty() ? "" : "|" + reason);
        }
    }

    /** A reserved command a server does not take from clients (yet). */
    record Unsupported(Command command) implements ClientMessage {
        public String encode() {
            return command.name();
        }
    }

    /** A known command with a wrong shape; {@code reason} is the reply text. */
    record Malformed(Command command, String reason) implements ClientMessage {
        public String encode() {
            return command.name();
        }
    }

    /** Parses one decoded line (valid UTF-8, no line end). */
    static ClientMessage parse(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return parse(b, 0, b.length);
    }

    /** Parses one decoded line given as UTF-8 bytes (as {@link LineDecoder} hands them out). */
    static ClientMessage parse(byte[] buf, int off, int len) {
        int bar = indexOfBar(buf, off, off + len);
        int wordLen = (bar < 0 ? off + len : bar) - off;
        Command cmd = Command.lookup(buf, off, wordLen);
        if (cmd == null) {
            if (bar < 0) {
                return new Text(new String(buf, off, len, StandardCharsets.UTF_8));
            }
            return new Private(new String(buf, off, bar - off, StandardCharsets.UTF_8),
                    new String(buf, bar + 1, off + len - bar - 1, StandardCharsets.UTF_8));
        }
        String rest = bar < 0 ? "" : new String(buf, bar + 1, off + len - bar - 1, StandardCharsets.UTF_8);
        return switch (cmd) {
            case MSG -> {
                int sep = rest.indexOf('|');
                if (sep < 0) {
                    yield new Malformed(cmd, "Invalid message, expected MSG|Target|Content");
                }
                yield new Private(rest.substring(0, sep), rest.substring(sep + 1));
            }
            case ALL -> bar < 0 ? new Malformed(cmd, "Invalid message, expected ALL|Content") : new Everyone(rest);
            case PING -> new Ping(rest);
            case PONG -> new Pong(rest);
            case QUIT -> new Quit(rest);
            case USERS -> rest.isEmpty() ? new UserList() : new RoomUserList(rest);
            case JOIN -> rest.isEmpty() ? new Malformed(cmd, "Invalid JOIN, expected JOIN|#room") : new Join(rest);
            case LEAVE -> {
                if (rest.isEmpty()) {
                    yield new Malformed(cmd, "Invalid LEAVE, expected LEAVE|#room or LEAVE|#room|reason");
                }
                int sep = rest.indexOf('|');
                yield sep < 0 ? new Leave(rest, "") : new Leave(rest.substring(0, sep), rest.substring(sep + 1));
            }
            case TOPIC -> {
                if (rest.isEmpty()) {
                    yield new Malformed(cmd, "Invalid TOPIC, expected TOPIC|#room|text or TOPIC|#room");
                }
                int sep = rest.indexOf('|');
                yield sep < 0 ? new Topic(rest, null) : new Topic(rest.substring(0, sep), rest.substring(sep + 1));
            }
            case KICK -> {
                int sep = rest.indexOf('|');
                if (sep <= 0 || sep == rest.length() - 1) {
                    yield new Malformed(cmd, "Invalid KICK, expected KICK|#room|name|reason");
                }
                String room = rest.substring(0, sep);
                String more = rest.substring(sep + 1);
                int sep2 = more.indexOf('|');
                yield sep2 < 0 ? new Kick(room, more, "") : new Kick(room, more.substring(0, sep2), more.substring(sep2 + 1));
            }
            case CAP -> parseCap(rest);
            default -> new Unsupported(cmd);
        };
    }

    private static ClientMessage parseCap(String rest) {
        if (rest.equals("LS")) {
            return new CapList();
        }
        if (rest.startsWith("REQ|")) {
            String list = rest.substring(4);
            if (!list.isEmpty()) {
                return new CapRequest(List.of(list.split(",", -1)));
            }
        }
        return new Malformed(Command.CAP, "Invalid CAP, expected CAP|LS or CAP|REQ|cap,...");
    }

    private static int indexOfBar(byte[] buf, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == '|') {
                return i;
            }
        }
        return -1;
    }
}
