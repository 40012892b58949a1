package dev.switchboard.client;

import dev.switchboard.protocol.RoomNames;
import dev.switchboard.protocol.Usernames;
import java.util.List;
import java.util.Objects;

/**
 * A room as the client knows it, immutable: {@link ChatClient#rooms()} and the room events hand
 * these out. Names compare ignoring case, as on the server.
 *
 * @param name the room's name as the server spells it (its creator's spelling)
 * @param members the members in the order they joined (the one present longest first), without the {@code @} mark
 * @param operators the members who are its operators (may set the topic and kick)
 * @param topic the topic, empty when there is none (or none is known yet: it follows a join as {@link ChatListener#onRoomTopic})
 * @param topicSetter who set the topic, empty when there is none
 */
public record Room(String name, List<String> members, List<String> operators, String topic, String topicSetter) {

    public Room {
        Objects.requireNonNull(name, "name");
        members = List.copyOf(members);
        operators = List.copyOf(operators);
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(topicSetter, "topicSetter");
    }

    /** Whether {@code user} is in the room, ignoring case. */
    public boolean isMember(String user) {
        return contains(members, user);
    }

    /** Whether {@code user} is one of the room's operators, ignoring case. */
    public boolean isOperator(String user) {
        return contains(operators, user);
    }

    /** Whether this is {@code #lobby}, which is everyone online. */
    public boolean isLobby() {
        return RoomNames.isLobby(name);
    }

    /** The members as the protocol lists them: join order, operators marked {@code @} ({@code @alice,bob}). */
    public String memberList() {
        StringBuilder sb = new StringBuilder();
        for (String m : members) {
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(isOperator(m) ? "@" : "").append(m);
        }
        return sb.toString();
    }

    private static boolean contains(List<String> names, String user) {
        String key = Usernames.key(user);
        for (String n : names) {
            if (Usernames.key(n).equals(key)) {
                return true;
            }
        }
        return false;
    }
}
