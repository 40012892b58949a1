package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A TLS client refused at accept is closed without a byte: a plaintext refusal would be a broken record to it. */
class TlsRefusalTest {

    @TempDir
    static Path dataDir;

    @RegisterExtension
    final ServerExtension ext = new ServerExtension(c -> c.withListener(ServerConfig.Protocol.TLS, 0)
            .withDataDir(dataDir).withConnectionLimits(1, 0, false));

    @Test
    void overTheConnectionLimitATlsClientIsClosedWithoutAWord() throws Exception {
        try (LineClient first = ext.login("first");
             Socket second = LineClient.connect(ext.server().port(ServerConfig.Protocol.TLS))) {
            assertThat(TlsTest.readUntilClosed(second, Duration.ofSeconds(10))).as("bytes to a refused TLS client").isEmpty();
            ext.awaitLog(l -> l.contains("refused: too many connections"), 1, "the refusal in the log");
            first.sync();
        }
    }
}
