package dev.peregrine.kafka;

import dev.peregrine.outputs.OutputException;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Builds the SSLContext for {@link KafkaSettings.Tls}: caCert's CAs as the only trust (else the JDK's), the client
 * certificate and key for mutual TLS, or, when insecure, a trust manager that accepts any broker.
 */
final class KafkaTls {

    private static final char[] NO_PASSWORD = new char[0];

    private KafkaTls() {
    }

    static SSLContext context(KafkaSettings.Tls tls) throws OutputException {
        TrustManager[] trust = tls.insecure() ? new TrustManager[] {new TrustAll()}
                : tls.caCert().isEmpty() ? null // the JDK's CAs
                : trusting(KafkaPem.certificates(Path.of(tls.caCert()), "ca_cert"));
        KeyManager[] keys = tls.clientCert().isEmpty() ? null : keyManagers(tls.clientCert(), tls.clientKey());
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new OutputException("cannot set up TLS for kafka: " + KafkaPem.oneLine(e), e);
        }
    }

    private static TrustManager[] trusting(List<X509Certificate> certs) throws OutputException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < certs.size(); i++) {
                store.setCertificateEntry("ca" + i, certs.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory.getTrustManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new OutputException("cannot set up TLS trust for kafka: " + KafkaPem.oneLine(e), e);
        }
    }

    private static KeyManager[] keyManagers(String certFile, String keyFile) throws OutputException {
        List<X509Certificate> chain = KafkaPem.certificates(Path.of(certFile), "client_cert");
        PrivateKey key = KafkaPem.privateKey(Path.of(keyFile), "client_key",
                chain.getFirst().getPublicKey().getAlgorithm());
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("client", key, NO_PASSWORD, chain.toArray(X509Certificate[]::new));
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, NO_PASSWORD);
            return factory.getKeyManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new OutputException("kafka client_cert " + certFile + " does not go with client_key " + keyFile
                    + ": " + KafkaPem.oneLine(e), e);
        }
    }

    /** insecure: accepts every broker certificate; the engine factory also leaves out the host name check. */
    private static final class TrustAll extends X509ExtendedTrustManager {
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

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
