package dev.switchboard.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Where the server's {@link TlsIdentity} comes from: the operator's PEM files, or a self-signed
 * certificate kept under the data directory.
 *
 * <p>The self-signed identity is three files in {@code <data-dir>/tls/} (a directory of mode
 * 0700, files of mode 0600): {@code key.pem} (the private key, PKCS#8) and {@code public.pem}
 * (its public key), made once with the JDK's {@link KeyPairGenerator}, and {@code cert.pem},
 * which BouncyCastle builds (only the X.509 structure; the JDK signs it) and which is made again
 * with the same key when it is near its end. Clients pin the key, not the certificate, so a
 * renewal changes nothing for them.
 */
final class TlsIdentities {

    /** A self-signed certificate lasts a year; nobody validates its dates against a CA anyway. */
    static final Duration SELF_SIGNED_VALIDITY = Duration.ofDays(365);

    /**
     * Renewed at start (or on SIGHUP) once fewer than 30 days are left, so that a server that is
     * restarted monthly never presents an expired certificate to clients that check dates.
     */
    static final Duration RENEW_BEFORE = Duration.ofDays(30);

    /** The curve of the self-signed key: P-256, which every TLS client supports (RFC 8446 requires it). */
    static final String CURVE = "secp256r1";

    static final String DIR = "tls";
    static final String KEY_FILE = "key.pem";
    static final String PUBLIC_FILE = "public.pem";
    static final String CERT_FILE = "cert.pem";

    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private TlsIdentities() {
    }

    /** The identity the configuration names: its PEM files, or the self-signed one under {@code dataDir}. */
    static TlsIdentity load(ServerConfig.Tls tls, Path dataDir, Instant now) throws IOException {
        return tls.selfSigned() ? selfSigned(dataDir, now) : fromPem(tls.cert(), tls.key());
    }

    // ---- PEM files given by the operator ----

    /** Reads a certificate chain and its unencrypted PKCS#8 key (EC or RSA), and checks that they belong together. */
    static TlsIdentity fromPem(Path certFile, Path keyFile) throws IOException {
        List<X509Certificate> chain = readCertificates(certFile);
        PrivateKey key = readPrivateKey(keyFile, chain.getFirst().getPublicKey().getAlgorithm());
        if (!matches(key, chain.getFirst().getPublicKey())) {
            throw new IOException("the key in " + keyFile + " does not belong to the certificate in " + certFile);
        }
        return new TlsIdentity(key, chain, certFile.toString());
    }

    static List<X509Certificate> readCertificates(Path file) throws IOException {
        byte[] pem = readFile(file, "certificate");
        try {
            List<X509Certificate> chain = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem)).stream()
                    .map(c -> (X509Certificate) c).toList();
            if (chain.isEmpty()) {
                throw new IOException("no certificate in " + file + " (expected -----BEGIN CERTIFICATE-----)");
            }
            return chain;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the certificate in " + file + ": " + e.getMessage(), e);
        }
    }

    static PrivateKey readPrivateKey(Path file, String algorithm) throws IOException {
        String pem = new String(readFile(file, "key"), StandardCharsets.US_ASCII);
        if (pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            throw new IOException("the key in " + file + " is encrypted; give an unencrypted PKCS#8 key "
                    + "(openssl pkcs8 -topk8 -nocrypt) and protect the file with its permissions");
        }
        if (pem.contains("-----BEGIN EC PRIVATE KEY-----") || pem.contains("-----BEGIN RSA PRIVATE KEY-----")) {
            throw new IOException("the key in " + file + " is not PKCS#8; convert it with "
                    + "'openssl pkcs8 -topk8 -nocrypt -in " + file + "'");
        }
        byte[] der = pemBody(pem, "PRIVATE KEY", file);
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the " + algorithm + " key in " + file + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code key} signs what {@code pub} verifies. */
    private static boolean matches(PrivateKey key, PublicKey pub) {
        String algorithm = switch (pub.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> null;
        };
        if (algorithm == null || !key.getAlgorithm().equals(pub.getAlgorithm())) {
            return false;
        }
        try {
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature s = Signature.getInstance(algorithm);
            s.initSign(key);
            s.update(probe);
            byte[] signature = s.sign();
            Signature v = Signature.getInstance(algorithm);
            v.initVerify(pub);
            v.update(probe);
            return v.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    // ---- the self-signed identity ----

    /** The identity under {@code dataDir}, made on first use and its certificate renewed near its end, with the same key. */
    static TlsIdentity selfSigned(Path dataDir, Instant now) throws IOException {
        Path dir = ownerOnlyDirectory(dataDir);
        Path keyFile = dir.resolve(KEY_FILE);
        Path publicFile = dir.resolve(PUBLIC_FILE);
        Path certFile = dir.resolve(CERT_FILE);
        KeyPair pair;
        if (Files.exists(keyFile) && Files.exists(publicFile)) {
            restrict(keyFile, OWNER_ONLY_FILE);
            PublicKey pub = readPublicKey(publicFile);
            pair = new KeyPair(pub, readPrivateKey(keyFile, pub.getAlgorithm()));
            if (!matches(pair.getPrivate(), pub)) {
                throw new IOException("the key in " + keyFile + " does not belong to " + publicFile);
            }
        } else {
            pair = generate();
            writeOwnerOnly(keyFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            writeOwnerOnly(publicFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            Files.deleteIfExists(certFile); // belonged to a key that is gone
        }
        X509Certificate cert = null;
        if (Files.exists(certFile)) {
            try {
                X509Certificate old = readCertificates(certFile).getFirst();
                boolean sameKey = old.getPublicKey().equals(pair.getPublic());
                boolean fresh = old.getNotAfter().toInstant().isAfter(now.plus(RENEW_BEFORE))
                        && !old.getNotBefore().toInstant().isAfter(now);
                cert = sameKey && fresh ? old : null;
            } catch (IOException e) {
                cert = null; // unreadable: made again below
            }
        }
        if (cert == null) {
            cert = selfSignedCertificate(pair, now);
            writeOwnerOnly(certFile, pem("CERTIFICATE", encoded(cert)));
        }
        return new TlsIdentity(pair.getPrivate(), List.of(cert), certFile.toString());
    }

    private static KeyPair generate() throws IOException {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(CURVE));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot make an EC P-256 key: " + e.getMessage(), e);
        }
    }

    /**
     * A certificate for {@code pair}, signed by itself: valid from an hour ago (clocks differ) for
     * {@link #SELF_SIGNED_VALIDITY}, for TLS servers only, naming localhost and the loopback
     * addresses (clients that check names against it do so on this machine; others pin the key).
     */
    static X509Certificate selfSignedCertificate(KeyPair pair, Instant now) throws IOException {
        X500Name name = new X500Name("CN=Switchboard self-signed");
        BigInteger serial = new BigInteger(63, new SecureRandom()).add(BigInteger.ONE);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial,
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(SELF_SIGNED_VALIDITY)), name,
                pair.getPublic());
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                    new GeneralName(GeneralName.iPAddress, "::1")}));
            // No provider named: the JDK's own signs.
            var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (CertIOException | OperatorCreationException | GeneralSecurityException e) {
            throw new IOException("cannot make the self-signed certificate: " + e.getMessage(), e);
        }
    }

    private static PublicKey readPublicKey(Path file) throws IOException {
        byte[] der = pemBody(new String(readFile(file, "public key"), StandardCharsets.US_ASCII), "PUBLIC KEY", file);
        try {
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the public key in " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] encoded(X509Certificate cert) throws IOException {
        try {
            return cert.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    // ---- files ----

    /** {@code <dataDir>/tls}, made if missing (the data directory too), mode 0700. */
    private static Path ownerOnlyDirectory(Path dataDir) throws IOException {
        Path dir = dataDir.resolve(DIR);
        if (!Files.isDirectory(dataDir)) {
            createDirectory(dataDir);
        }
        if (!Files.isDirectory(dir)) {
            createDirectory(dir);
        }
        restrict(dir, OWNER_ONLY_DIR);
        return dir;
    }

    private static void createDirectory(Path dir) throws IOException {
        try {
            if (posix(dir.toAbsolutePath().getParent())) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
            } else {
                Files.createDirectories(dir);
            }
        } catch (FileAlreadyExistsException e) {
            throw new IOException(dir + " exists and is not a directory", e);
        }
    }

    private static boolean posix(Path existingOrNot) {
        Path p = existingOrNot;
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p != null && p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static void restrict(Path p, Set<PosixFilePermission> perms) throws IOException {
        if (p.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(p, perms);
        }
    }

    /** Writes {@code text} to {@code file} through a temporary file made 0600 from the start, then renamed. */
    private static void writeOwnerOnly(Path file, String text) throws IOException {
        Path dir = file.getParent();
        Path tmp = posix(dir)
                ? Files.createTempFile(dir, "." + file.getFileName(), ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE))
                : Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static byte[] readFile(Path file, String what) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IOException("no " + what + " file " + file, e);
        } catch (IOException e) {
            throw new IOException("cannot read the " + what + " file " + file + ": " + e.getMessage(), e);
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] pemBody(String pem, String type, Path file) throws IOException {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int b = pem.indexOf(begin);
        int e = pem.indexOf(end, Math.max(b, 0));
        if (b < 0 || e < 0) {
            throw new IOException("no " + begin + " block in " + file);
        }
        try {
            return Base64.getMimeDecoder().decode(pem.substring(b + begin.length(), e));
        } catch (IllegalArgumentException ex) {
            throw new IOException("the " + type + " block in " + file + " is not valid base64", ex);
        }
    }
}
