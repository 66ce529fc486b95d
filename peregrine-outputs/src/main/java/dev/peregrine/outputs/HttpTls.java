package dev.peregrine.outputs;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The SSLContext for an https http_output, following Falco's curl options: insecure trusts any server (and skips
 * the host name check, which JSSE does inside the trust manager); otherwise ca_cert, else ca_bundle, is the only
 * trust (curl's CAINFO), else ca_path's PEM files are trusted besides the JDK's CAs (curl keeps its built-in bundle
 * with a CAPATH). mtls adds the client certificate and key.
 */
final class HttpTls {

    private static final char[] NO_PASSWORD = new char[0];

    private HttpTls() {
    }

    static SSLContext context(HttpSettings s) throws OutputException {
        TrustManager trust = s.insecure() ? new TrustAll() : trustManager(s);
        KeyManager[] keys = s.mtls() ? keyManagers(s.clientCert(), s.clientKey()) : null;
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, new TrustManager[] {trust}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new OutputException("cannot set up TLS for http output: " + IoReason.of(e), e);
        }
    }

    private static X509ExtendedTrustManager trustManager(HttpSettings s) throws OutputException {
        if (!s.caCert().isEmpty()) {
            return trusting(HttpPem.certificates(Path.of(s.caCert()), "ca_cert"));
        }
        if (!s.caBundle().isEmpty()) {
            return trusting(HttpPem.certificates(Path.of(s.caBundle()), "ca_bundle"));
        }
        X509ExtendedTrustManager jdk = jdkDefault();
        if (s.caPath().isEmpty()) {
            return jdk;
        }
        Path dir = Path.of(s.caPath());
        if (!Files.exists(dir) && s.caPath().equals(HttpSettings.DEFAULT_CA_PATH)) {
            return jdk; // Falco's default directory is absent on some systems: the JDK's CAs still apply
        }
        List<X509Certificate> certs = directory(dir);
        return certs.isEmpty() ? jdk : new EitherTrust(jdk, trusting(certs));
    }

    /** Every certificate in the directory's regular files (subdirectories are not searched, as with curl). */
    private static List<X509Certificate> directory(Path dir) throws OutputException {
        if (!Files.isDirectory(dir)) {
            throw new OutputException("ca_path " + dir + " is not a readable directory", null);
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new OutputException("cannot read ca_path " + dir + ": " + IoReason.of(e), e);
        }
        List<X509Certificate> certs = new ArrayList<>();
        for (Path file : files) {
            certs.addAll(HttpPem.certificatesIn(file, "ca_path file"));
        }
        return certs;
    }

    private static X509ExtendedTrustManager trusting(List<X509Certificate> certs) throws OutputException {
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
            throw new OutputException("cannot set up TLS trust for http output: " + IoReason.of(e), e);
        }
    }

    private static X509ExtendedTrustManager jdkDefault() throws OutputException {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            return x509(factory.getTrustManagers());
        } catch (GeneralSecurityException e) {
            throw new OutputException("cannot load the JDK's trusted CAs: " + IoReason.of(e), e);
        }
    }

    private static X509ExtendedTrustManager x509(TrustManager[] managers) throws OutputException {
        for (TrustManager m : managers) {
            if (m instanceof X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new OutputException("no X.509 trust manager in this JDK", null);
    }

    private static KeyManager[] keyManagers(String certFile, String keyFile) throws OutputException {
        List<X509Certificate> chain = HttpPem.certificates(Path.of(certFile), "client_cert");
        PrivateKey key = HttpPem.privateKey(Path.of(keyFile), "client_key",
                chain.getFirst().getPublicKey().getAlgorithm());
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("client", key, NO_PASSWORD, chain.toArray(X509Certificate[]::new));
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, NO_PASSWORD);
            return factory.getKeyManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new OutputException("cannot use client_cert " + certFile + " with client_key " + keyFile + ": "
                    + IoReason.of(e), e);
        }
    }

    /** Trusts a server that either manager trusts (the JDK's CAs or ca_path's). */
    private static final class EitherTrust extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager first;
        private final X509ExtendedTrustManager second;

        EitherTrust(X509ExtendedTrustManager first, X509ExtendedTrustManager second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            try {
                first.checkServerTrusted(chain, authType, engine);
            } catch (CertificateException e) {
                second.checkServerTrusted(chain, authType, engine);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            try {
                first.checkServerTrusted(chain, authType, socket);
            } catch (CertificateException e) {
                second.checkServerTrusted(chain, authType, socket);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                first.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                second.checkServerTrusted(chain, authType);
            }
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
            X509Certificate[] a = first.getAcceptedIssuers();
            X509Certificate[] b = second.getAcceptedIssuers();
            X509Certificate[] all = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, all, a.length, b.length);
            return all;
        }
    }

    /**
     * insecure: accepts every server. Being an X509ExtendedTrustManager, JSSE does not add its own host name check
     * around it, which is what curl's VERIFYHOST=0 asks for too.
     */
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
