package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A TLS client nobody here wrote: OpenSSL's {@code s_client} logs in on the TLS port and chats with a plaintext user. */
class TlsInteropTest {

    @TempDir
    static Path dataDir;

    @RegisterExtension
    final ServerExtension ext = new ServerExtension(c -> c.withListener(ServerConfig.Protocol.TLS, 0).withDataDir(dataDir));

    private static boolean haveOpenssl() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "openssl"))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void opensslComputesThePinTheServerPrints() throws Exception {
        assumeTrue(haveOpenssl(), "openssl is not installed (Debian: apt-get install openssl); ./switchboard test installs it");
        Path cert = dataDir.resolve("tls").resolve("cert.pem");
        Process p = new ProcessBuilder("bash", "-c", "openssl x509 -in \"$0\" -noout -pubkey | openssl pkey -pubin -outform der"
                + " | openssl dgst -sha256 -binary | base64", cert.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat("sha256/" + out).isEqualTo(ext.server().tlsPin());
    }

    @Test
    void opensslSClientLogsInVerifiesTheCertificateAndChats() throws Exception {
        assumeTrue(haveOpenssl(), "openssl is not installed (Debian: apt-get install openssl); ./switchboard test installs it");
        int port = ext.server().port(ServerConfig.Protocol.TLS);
        Path cert = dataDir.resolve("tls").resolve("cert.pem");
        // -verify_return_error: a certificate that is not the one on disk, or not for 127.0.0.1, ends the session.
        Process p = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-quiet",
                "-CAfile", cert.toString(), "-verify_return_error", "-verify_ip", "127.0.0.1", "-tls1_3")
                .redirectErrorStream(true).start();
        try (LineClient bob = ext.login("bob")) {
            BlockingQueue<String> out = new LinkedBlockingQueue<>();
            Thread.ofPlatform().daemon(true).start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l; (l = r.readLine()) != null; ) {
                        out.add(l);
                    }
                } catch (java.io.IOException ignored) {
                    // the process is gone
                }
            });
            OutputStream in = p.getOutputStream();
            in.write("ossl\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
            List<String> seen = new ArrayList<>();
            while (seen.stream().noneMatch(l -> l.startsWith("WELCOME|"))) {
                String l = out.poll(LineClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                assertThat(l).as("WELCOME from s_client's session, after %s", seen).isNotNull();
                seen.add(l);
            }
            assertThat(seen).noneMatch(l -> l.contains("verify error"));
            in.write("bob|hello from openssl\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
            bob.awaitLine("MSG|ossl|hello from openssl");
            bob.send("ossl|hi openssl");
            while (!seen.getLast().equals("MSG|bob|hi openssl")) {
                String l = out.poll(LineClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                assertThat(l).as("bob's message at s_client, after %s", seen).isNotNull();
                seen.add(l);
            }
            in.write("QUIT|done\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("s_client ends when the server closes").isTrue();
            List<String> rest = new ArrayList<>();
            for (String l; (l = out.poll(2, TimeUnit.SECONDS)) != null; ) {
                rest.add(l);
            }
            // The server said close_notify before closing: OpenSSL 3 reports "unexpected eof" otherwise.
            assertThat(rest).as("s_client's last words").noneMatch(l -> l.contains("unexpected eof"));
        } finally {
            p.destroyForcibly();
        }
    }
}
