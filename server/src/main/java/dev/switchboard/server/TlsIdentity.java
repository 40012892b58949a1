package dev.switchboard.server;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The server's TLS key and certificate chain (its own certificate first), and where they came
 * from, for the log.
 */
record TlsIdentity(PrivateKey key, List<X509Certificate> chain, String source) {

    TlsIdentity {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("no certificate");
        }
    }

    /** The server's own certificate. */
    X509Certificate certificate() {
        return chain.getFirst();
    }

    /** {@code sha256/<base64>}: what clients pin (the SHA-256 of the SubjectPublicKeyInfo, as RFC 7469). */
    String pin() {
        return pin(certificate().getPublicKey());
    }

    static String pin(PublicKey key) {
        try {
            byte[] spki = key.getEncoded(); // X.509 SubjectPublicKeyInfo, DER
            return "sha256/" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(spki));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** A JSSE server context presenting this identity (TLS 1.3 and 1.2 are chosen per socket). */
    SSLContext sslContext() throws GeneralSecurityException {
        char[] password = new char[0]; // the key store lives in memory only
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
        store.setKeyEntry("server", key, password, chain.toArray(X509Certificate[]::new));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }
}
