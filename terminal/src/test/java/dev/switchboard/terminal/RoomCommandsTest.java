package dev.switchboard.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.terminal.RoomCommands.Join;
import dev.switchboard.terminal.RoomCommands.Kick;
import dev.switchboard.terminal.RoomCommands.Names;
import dev.switchboard.terminal.RoomCommands.Part;
import dev.switchboard.terminal.RoomCommands.Problem;
import dev.switchboard.terminal.RoomCommands.Topic;
import org.junit.jupiter.api.Test;

/** The room commands as typed, with and without a current room. */
class RoomCommandsTest {

    /** {@code line} as the clients split it: the command, then the rest stripped. */
    private static RoomCommands.Parsed parse(String line, String currentRoom) {
        int sp = line.indexOf(' ');
        return RoomCommands.parse(sp < 0 ? line : line.substring(0, sp), sp < 0 ? "" : line.substring(sp + 1).strip(), currentRoom);
    }

    @Test
    void join() {
        assertThat(parse("/join #rust", null)).isEqualTo(new Join("#rust"));
        assertThat(parse("/join #Rust", "#go")).isEqualTo(new Join("#Rust"));
        assertThat(parse("/join rust", null)).isEqualTo(new Problem("Room names start with '#': try #rust."));
        assertThat(parse("/join", "#go")).isEqualTo(new Problem("Usage: /join #room"));
        assertThat(parse("/join #a #b", null)).isEqualTo(new Problem("Usage: /join #room"));
        assertThat(parse("/join #", null)).isInstanceOf(Problem.class)
                .extracting(p -> ((Problem) p).message()).asString().startsWith("'#' is not a valid room name (empty).");
        assertThat(parse("/join #" + "x".repeat(50), null)).isInstanceOf(Problem.class);
    }

    @Test
    void partNamesAndTopicTakeTheCurrentRoomWhenNoneIsNamed() {
        assertThat(parse("/part", "#go")).isEqualTo(new Part("#go", ""));
        assertThat(parse("/part see you later", "#go")).isEqualTo(new Part("#go", "see you later"));
        assertThat(parse("/part #rust see you", "#go")).isEqualTo(new Part("#rust", "see you"));
        assertThat(parse("/leave #rust", null)).isEqualTo(new Part("#rust", ""));
        assertThat(parse("/part", null)).isEqualTo(new Problem("Which room? Usage: /part [#room] [reason]"));

        assertThat(parse("/names", "#go")).isEqualTo(new Names("#go"));
        assertThat(parse("/names #lobby", null)).isEqualTo(new Names("#lobby"));
        assertThat(parse("/names #go extra", null)).isEqualTo(new Problem("Usage: /names [#room]"));

        assertThat(parse("/topic", "#go")).isEqualTo(new Topic("#go", null));
        assertThat(parse("/topic #rust", "#go")).isEqualTo(new Topic("#rust", null));
        assertThat(parse("/topic Ferris | the crab", "#go")).isEqualTo(new Topic("#go", "Ferris | the crab"));
        assertThat(parse("/topic #rust  Ferris", null)).isEqualTo(new Topic("#rust", "Ferris"));
        assertThat(parse("/topic Ferris", null)).isEqualTo(new Problem("Which room? Usage: /topic [#room] [text]"));
    }

    @Test
    void kick() {
        assertThat(parse("/kick #rust bob", null)).isEqualTo(new Kick("#rust", "bob", ""));
        assertThat(parse("/kick #rust bob spam, again", null)).isEqualTo(new Kick("#rust", "bob", "spam, again"));
        assertThat(parse("/kick bob spam", "#go")).isEqualTo(new Kick("#go", "bob", "spam"));
        assertThat(parse("/kick #rust", null)).isEqualTo(new Problem("Usage: /kick [#room] NAME [reason]"));
        assertThat(parse("/kick bob", null)).isEqualTo(new Problem("Which room? Usage: /kick [#room] NAME [reason]"));
        assertThat(parse("/kick #rust MSG", null)).isEqualTo(new Problem("'MSG' is not a valid name (is a reserved command word)."));
        assertThat(parse("/kick #a|b bob", null)).isInstanceOf(Problem.class);
    }

    @Test
    void otherCommandsAreNotRoomCommands() {
        assertThat(parse("/to #rust", "#go")).isNull();
        assertThat(parse("/all hi", null)).isNull();
        assertThat(parse("/joinx #rust", null)).isNull();
    }
}
