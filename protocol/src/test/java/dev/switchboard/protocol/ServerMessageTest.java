package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.ServerMessage.*;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerMessageTest {

    @Test
    void seedLinesEncodeExactly() {
        assertThat(new Users(List.of("a", "b", "c")).encode()).isEqualTo("USERS|a,b,c");
        assertThat(new Msg("Alice", "Hello there").encode()).isEqualTo("MSG|Alice|Hello there");
        assertThat(new ErrorReply(ErrorReply.NAME_TAKEN).encode()).isEqualTo("ERROR|Username already taken");
        assertThat(new ErrorReply(ErrorReply.SERVER_FULL).encode()).isEqualTo("ERROR|Server is full");
        assertThat(new ErrorReply(ErrorReply.INVALID_NAME).encode()).isEqualTo("ERROR|Invalid username");
        assertThat(ErrorReply.notOnline("bob").encode()).isEqualTo("ERROR|User bob is not online");
    }

    @Test
    void parseRoundTripsEveryMessage() {
        List<ServerMessage> all = List.of(new Welcome("hi alice"), new ErrorReply("x"), new Users(List.of("a", "b")),
                new Users(List.of()), new Msg("a", "b|c"), new Msg("a", ""), new All("a", "x|y"), new Ping("t"),
                new Pong("t"), new CapList(List.of("presence", "heartbeat")), new CapAck(List.of("presence")),
                new CapNak(List.of("bogus")), new Join("z"), new Leave("z"));
        for (ServerMessage m : all) {
            assertThat(ServerMessage.parse(m.encode())).as(m.encode()).isEqualTo(m);
        }
    }

    @Test
    void unknownLinesAreKeptNotThrown() {
        for (String s : new String[] {"", "garbage", "MSG|nosep", "SYSTEM|User x not found", "CAP|WHAT", "JOIN|"}) {
            assertThat(ServerMessage.parse(s)).isEqualTo(new Unknown(s));
        }
    }

    @Test
    void offlineTargetIsRecognised() {
        assertThat(ErrorReply.notOnline("bob").offlineTarget()).isEqualTo("bob");
        assertThat(new ErrorReply(ErrorReply.NAME_TAKEN).offlineTarget()).isNull();
        assertThat(new ErrorReply(ErrorReply.NAME_TAKEN).rejectsLogin()).isTrue();
    }
}
