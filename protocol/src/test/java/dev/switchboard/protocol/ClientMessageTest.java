package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.ClientMessage.*;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientMessageTest {

    @Test
    void seedFormsParse() {
        assertThat(ClientMessage.parse("alice")).isEqualTo(new Text("alice"));
        assertThat(ClientMessage.parse("Bob|Hello there")).isEqualTo(new Private("Bob", "Hello there"));
    }

    @Test
    void splitsOnTheFirstBarOnly() {
        assertThat(ClientMessage.parse("bob|a|b||c")).isEqualTo(new Private("bob", "a|b||c"));
        assertThat(ClientMessage.parse("MSG|bob|x|y")).isEqualTo(new Private("bob", "x|y"));
        assertThat(ClientMessage.parse("ALL|p|q")).isEqualTo(new Everyone("p|q"));
    }

    @Test
    void emptyContentAndEmptyTarget() {
        assertThat(ClientMessage.parse("bob|")).isEqualTo(new Private("bob", ""));
        assertThat(ClientMessage.parse("|hi")).isEqualTo(new Private("", "hi"));
    }

    @Test
    void commandsAreUpperCaseOnly() {
        assertThat(ClientMessage.parse("msg|hi")).isEqualTo(new Private("msg", "hi"));
        assertThat(ClientMessage.parse("Ping|x")).isEqualTo(new Private("Ping", "x"));
        assertThat(ClientMessage.parse("PING|x")).isEqualTo(new Ping("x"));
    }

    @Test
    void extensions() {
        assertThat(ClientMessage.parse("PONG|t1")).isEqualTo(new Pong("t1"));
        assertThat(ClientMessage.parse("QUIT|bye")).isEqualTo(new Quit("bye"));
        assertThat(ClientMessage.parse("QUIT")).isEqualTo(new Quit(""));
        assertThat(ClientMessage.parse("PING")).isEqualTo(new Ping(""));
        assertThat(ClientMessage.parse("USERS")).isEqualTo(new UserList());
        assertThat(ClientMessage.parse("CAP|LS")).isEqualTo(new CapList());
        assertThat(ClientMessage.parse("CAP|REQ|presence,heartbeat"))
                .isEqualTo(new CapRequest(List.of("presence", "heartbeat")));
    }

    @Test
    void malformedAndUnsupported() {
        assertThat(ClientMessage.parse("MSG|bob")).isInstanceOf(Malformed.class);
        assertThat(ClientMessage.parse("ALL")).isInstanceOf(Malformed.class);
        assertThat(ClientMessage.parse("CAP|XYZ")).isInstanceOf(Malformed.class);
        assertThat(ClientMessage.parse("CAP|REQ|")).isInstanceOf(Malformed.class);
        assertThat(ClientMessage.parse("WELCOME|x")).isEqualTo(new Unsupported(Command.WELCOME));
        assertThat(ClientMessage.parse("HISTORY")).isEqualTo(new Unsupported(Command.HISTORY));
    }

    @Test
    void encodeRoundTrips() {
        List<ClientMessage> all = List.of(new Text("alice"), new Private("bob", "a|b"), new Everyone("x"),
                new Ping("1"), new Pong("2"), new Quit("bye"), new CapList(),
                new CapRequest(List.of("presence")), new UserList());
        for (ClientMessage m : all) {
            assertThat(ClientMessage.parse(m.encode())).isEqualTo(m);
        }
    }
}
