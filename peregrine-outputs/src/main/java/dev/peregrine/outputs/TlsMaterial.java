package dev.peregrine.outputs;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** The trust and key managers that TLS set-ups (the HTTP and Kafka channels, the web server) build from PEM files. */
public final class TlsMaterial {
    private static final char[] NO_PASSWORD = new char[0];

    private TlsMaterial() {
    }

    /** Trusts exactly the CA certificates of a PEM file; errors name the file as the setting {@code what}. */
    public static X509ExtendedTrustManager trusting(Path file, String what) throws OutputException {
        try {
            return trusting(Pem.certificates(file, what));
        } catch (PemException e) {
            throw new OutputException(e.getMessage(), e);
        }
    }

    /** Trusts exactly these CA certificates. */
    public static X509ExtendedTrustManager trusting(List<X509Certificate> certs) throws OutputException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < certs.size(); i++) {
                store.setCertificateEntry("ca" + i, certs.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return x509(factory.getTrustManagers());
        } catch (GeneralSecurityException | IOException e) {
            throw new OutputException("cannot set up TLS trust: " + IoReason.of(e), e);
        }
    }

    static X509ExtendedTrustManager x509(TrustManager[] managers) throws OutputException {
        for (TrustManager m : managers) {
            if (m instanceof X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new OutputException("no X.509 trust manager in this JDK", null);
    }

    /**
     * A client certificate chain and its key, for mutual TLS; errors name the files as the settings client_cert and
     * client_key, after {@code channel} (e.g. "kafka ", or "" when the setting names are clear enough).
     */
    public static KeyManager[] keyManagers(Path certFile, Path keyFile, String channel) throws OutputException {
        Pem.Identity identity;
        try {
            identity = Pem.identity(certFile, channel + "client_cert", keyFile, channel + "client_key");
        } catch (PemException e) {
            throw new OutputException(e.getMessage(), e);
        }
        try {
            return keyManagers(identity);
        } catch (GeneralSecurityException e) {
            throw new OutputException("cannot use " + channel + "client_cert " + certFile + " with client_key "
                    + keyFile + ": " + IoReason.of(e), e);
        }
    }

    /** The key managers that present this certificate chain and key, to a server or as a server. */
    public static KeyManager[] keyManagers(Pem.Identity identity) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new KeyStoreException("cannot create an in-memory key store", e); // no stream: never happens
        }
        store.setKeyEntry("identity", identity.key(), NO_PASSWORD, identity.chain().toArray(X509Certificate[]::new));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, NO_PASSWORD);
        return factory.getKeyManagers();
    }

    /**
     * insecure: accepts every server. Being an X509ExtendedTrustManager, JSSE does not add its own host name check
     * around it, which is what curl's VERIFYHOST=0 asks for too.
     */
    public static X509ExtendedTrustManager trustAll() {
        return new TrustAll();
    }

    /** A trust manager of a client: it checks servers only, and refuses to be asked about client certificates. */
    abstract static class ClientSideTrust extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("a client does not check client certificates");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("a client does not check client certificates");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a client does not check client certificates");
        }
    }

    private static final class TrustAll extends ClientSideTrust {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
