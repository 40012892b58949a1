package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the TLS certificate comes from: the operator's PEM files (and their reload), or the self-signed one. */
class TlsCertificateTest {

    @TempDir
    Path dir;

    /** Writes a self-signed certificate and its PKCS#8 key for a new key pair of {@code algorithm} as PEM files. */
    static KeyPair writePem(Path cert, Path key, String algorithm) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
        if (algorithm.equals("RSA")) {
            g.initialize(2048);
        }
        KeyPair pair = g.generateKeyPair();
        X509Certificate c = algorithm.equals("EC")
                ? TlsIdentities.selfSignedCertificate(pair, Instant.now())
                : rsaCertificate(pair);
        Files.writeString(cert, TlsIdentities.pem("CERTIFICATE", c.getEncoded()));
        Files.writeString(key, TlsIdentities.pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        return pair;
    }

    /** An RSA certificate made with the same builder, signed SHA256withRSA. */
    private static X509Certificate rsaCertificate(KeyPair pair) throws Exception {
        var name = new org.bouncycastle.asn1.x500.X500Name("CN=rsa test");
        var b = new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(name, java.math.BigInteger.TEN,
                java.util.Date.from(Instant.now().minusSeconds(3600)), java.util.Date.from(Instant.now().plusSeconds(86_400)),
                name, pair.getPublic());
        b.addExtension(org.bouncycastle.asn1.x509.Extension.subjectAlternativeName, false,
                new org.bouncycastle.asn1.x509.GeneralNames(new org.bouncycastle.asn1.x509.GeneralName(
                        org.bouncycastle.asn1.x509.GeneralName.iPAddress, "127.0.0.1")));
        var signer = new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate());
        return new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(b.build(signer));
    }

    private ServerConfig pemServer(Path cert, Path key) {
        return ServerConfig.defaults(0).withHost("127.0.0.1").withoutListener(ServerConfig.Protocol.IRC)
                .withListener(ServerConfig.Protocol.TLS, 0).withDataDir(dir.resolve("data"))
                .withTls(new ServerConfig.Tls(cert, key)).withCloseGrace(Duration.ofMillis(200));
    }

    @Test
    void thePemCertificateIsPresentedAndAReloadSwapsItForNewHandshakesOnly() throws Exception {
        Path cert = dir.resolve("fullchain.pem");
        Path key = dir.resolve("privkey.pem");
        KeyPair first = writePem(cert, key, "EC");
        try (SwitchboardServer server = new SwitchboardServer(pemServer(cert, key)).start()) {
            int port = server.port(ServerConfig.Protocol.TLS);
            assertThat(server.tlsPin()).isEqualTo(TlsIdentity.pin(first.getPublic()));
            List<X509Certificate> seen = TlsClients.newRecord();
            try (LineClient before = new LineClient(TlsClients.connect(port, TlsClients.recording(seen)), true)) {
                before.login("before");
                assertThat(seen).hasSize(1);
                assertThat(seen.getFirst().getPublicKey()).isEqualTo(first.getPublic());

                // An ACME client renews: new key, new certificate, same file names; then SIGHUP.
                KeyPair second = writePem(cert, key, "RSA");
                assertThat(server.reloadTls()).isEqualTo(TlsIdentity.pin(second.getPublic()));
                try (LineClient after = new LineClient(TlsClients.connect(port, TlsClients.recording(seen)), true)) {
                    after.login("after");
                    assertThat(seen).hasSize(2);
                    assertThat(seen.get(1).getPublicKey()).isEqualTo(second.getPublic());
                    // The connection from before the reload is still up and in the chat.
                    before.send("after|still connected");
                    after.awaitLine("MSG|before|still connected");
                    after.send("before|and heard");
                    before.awaitLine("MSG|after|and heard");
                }

                // A broken file on reload: the server says why and keeps the certificate it has.
                Files.writeString(key, "not a key");
                assertThatThrownBy(server::reloadTls).hasMessageContaining("no -----BEGIN PRIVATE KEY----- block");
                assertThat(server.tlsPin()).isEqualTo(TlsIdentity.pin(second.getPublic()));
            }
        }
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsRefusedAtStart() throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        writePem(cert, key, "EC");
        writePem(dir.resolve("other.pem"), key, "EC"); // the key now belongs to other.pem
        assertThatThrownBy(() -> new SwitchboardServer(pemServer(cert, key)).start())
                .hasMessageContaining("does not belong to the certificate");
        Files.writeString(key, "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
        assertThatThrownBy(() -> TlsIdentities.fromPem(cert, key)).hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
        assertThatThrownBy(() -> new ServerConfig.Tls(cert, null)).hasMessageContaining("--tls-cert and --tls-key go together");
    }

    @Test
    void theSelfSignedCertificateIsOwnerOnlyReusedAndRenewedWithTheSameKey() throws Exception {
        Path data = dir.resolve("nested").resolve("switchboard");
        Instant now = Instant.now();
        TlsIdentity made = TlsIdentities.selfSigned(data, now);
        Path tls = data.resolve("tls");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
        for (String f : List.of("key.pem", "public.pem", "cert.pem")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls.resolve(f)))).as(f)
                    .isEqualTo("rw-------");
        }
        try (var files = Files.list(tls)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("key.pem", "public.pem", "cert.pem");
        }
        X509Certificate cert = made.certificate();
        assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(cert.getPublicKey().toString()).contains("secp256r1");
        assertThat(cert.getSigAlgName()).isEqualTo("SHA256withECDSA");
        cert.verify(cert.getPublicKey());

        // The next start: the same certificate, so the same pin.
        TlsIdentity again = TlsIdentities.selfSigned(data, now.plusSeconds(60));
        assertThat(again.certificate()).isEqualTo(cert);
        assertThat(again.pin()).isEqualTo(made.pin());

        // Near its end (29 days left): a new certificate, the same key, the same pin.
        Instant late = cert.getNotAfter().toInstant().minus(Duration.ofDays(29));
        TlsIdentity renewed = TlsIdentities.selfSigned(data, late);
        assertThat(renewed.certificate()).isNotEqualTo(cert);
        assertThat(renewed.certificate().getNotAfter()).isAfter(cert.getNotAfter());
        assertThat(renewed.pin()).isEqualTo(made.pin());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls.resolve("cert.pem")))).isEqualTo("rw-------");

        // Two servers in a row on the same data directory present the same key.
        ServerConfig config = ServerConfig.defaults(0).withHost("127.0.0.1").withListener(ServerConfig.Protocol.TLS, 0)
                .withDataDir(data).withCloseGrace(Duration.ofMillis(200));
        try (SwitchboardServer s = new SwitchboardServer(config).start()) {
            assertThat(s.tlsPin()).isEqualTo(made.pin());
            // A client that trusts only the certificate on disk gets through: it is the one presented.
            try (LineClient c = new LineClient(TlsClients.connect(s.port(ServerConfig.Protocol.TLS),
                    TlsClients.trustingSelfSigned(data)), true)) {
                c.login("pinned");
            }
        }
    }
}
