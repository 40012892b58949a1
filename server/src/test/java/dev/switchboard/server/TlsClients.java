package dev.switchboard.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** TLS clients for the tests: the JDK's own, trusting exactly the certificate a test names. */
final class TlsClients {

    private TlsClients() {
    }

    /** A client context that trusts {@code cert} and nothing else. */
    static SSLContext trusting(X509Certificate cert) throws GeneralSecurityException, IOException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(null, tmf.getTrustManagers(), null);
        return c;
    }

    /** A client context that trusts the self-signed certificate the server keeps under {@code dataDir}. */
    static SSLContext trustingSelfSigned(Path dataDir) throws GeneralSecurityException, IOException {
        return trusting(TlsIdentities.readCertificates(dataDir.resolve("tls").resolve("cert.pem")).getFirst());
    }

    /** A client context that accepts any certificate and records each one presented (to check which one the server shows). */
    static SSLContext recording(List<X509Certificate> presented) throws GeneralSecurityException {
        X509TrustManager any = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                throw new UnsupportedOperationException("client side only");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                presented.add(chain[0]);
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(null, new TrustManager[] {any}, null);
        return c;
    }

    static List<X509Certificate> newRecord() {
        return new CopyOnWriteArrayList<>();
    }

    /**
     * Connects to 127.0.0.1:{@code port} and completes the handshake, checking the certificate's
     * name against 127.0.0.1 as an HTTPS client would.
     */
    static SSLSocket connect(int port, SSLContext context) throws IOException {
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        SSLParameters p = s.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        s.setSSLParameters(p);
        s.setSoTimeout((int) LineClient.TIMEOUT.toMillis());
        s.startHandshake();
        s.setSoTimeout(0);
        return s;
    }

    /** The bytes of a real ClientHello, as the JDK's client sends it first. */
    static byte[] clientHello() throws GeneralSecurityException, IOException {
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(null, null, null);
        SSLEngine e = c.createSSLEngine("127.0.0.1", 1);
        e.setUseClientMode(true);
        ByteBuffer out = ByteBuffer.allocate(e.getSession().getPacketBufferSize());
        e.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        byte[] hello = new byte[out.remaining()];
        out.get(hello);
        return hello;
    }
}
