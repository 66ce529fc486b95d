package dev.peregrine.outputs;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.KeyManager;
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

    private HttpTls() {
    }

    static SSLContext context(HttpSettings s) throws OutputException {
        TrustManager trust = s.insecure() ? TlsMaterial.trustAll() : trustManager(s);
        KeyManager[] keys = s.mtls() ? TlsMaterial.keyManagers(Path.of(s.clientCert()), Path.of(s.clientKey()), "") : null;
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
            return TlsMaterial.trusting(Path.of(s.caCert()), "ca_cert");
        }
        if (!s.caBundle().isEmpty()) {
            return TlsMaterial.trusting(Path.of(s.caBundle()), "ca_bundle");
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
        return certs.isEmpty() ? jdk : new EitherTrust(jdk, TlsMaterial.trusting(certs));
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
        try {
            for (Path file : files) {
                certs.addAll(Pem.certificatesIn(file, "ca_path file"));
            }
        } catch (PemException e) {
            throw new OutputException(e.getMessage(), e);
        }
        return certs;
    }

    private static X509ExtendedTrustManager jdkDefault() throws OutputException {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            return TlsMaterial.x509(factory.getTrustManagers());
        } catch (GeneralSecurityException e) {
            throw new OutputException("cannot load the JDK's trusted CAs: " + IoReason.of(e), e);
        }
    }

    /** One of X509ExtendedTrustManager's server checks, with its arguments. */
    private interface Check {
        void on(X509ExtendedTrustManager manager) throws CertificateException;
    }

    /** Trusts a server that either manager trusts (the JDK's CAs or ca_path's). */
    private static final class EitherTrust extends TlsMaterial.ClientSideTrust {
        private final X509ExtendedTrustManager first;
        private final X509ExtendedTrustManager second;

        EitherTrust(X509ExtendedTrustManager first, X509ExtendedTrustManager second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            either(m -> m.checkServerTrusted(chain, authType, engine));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            either(m -> m.checkServerTrusted(chain, authType, socket));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            either(m -> m.checkServerTrusted(chain, authType));
        }

        /** The second manager's verdict when the first refuses. */
        private void either(Check check) throws CertificateException {
            try {
                check.on(first);
            } catch (CertificateException e) {
                check.on(second);
            }
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
}
