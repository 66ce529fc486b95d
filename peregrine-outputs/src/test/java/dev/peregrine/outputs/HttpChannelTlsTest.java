package dev.peregrine.outputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.peregrine.testkit.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * https http_output against a real HttpsServer whose certificates openssl makes at test time: trust through
 * ca_cert, ca_bundle and ca_path, insecure, host name checks, and mutual TLS. Without openssl the tests are skipped
 * (failed when CI=true).
 */
class HttpChannelTlsTest {

    @TempDir
    static Path pkiDir;
    @TempDir
    Path dir;

    private static HttpChannelTestPki pki;
    private static String unavailable;

    private final List<String> clients = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @BeforeAll
    static void makeCertificates() throws Exception {
        Optional<Openssl> openssl = Openssl.find();
        if (openssl.isEmpty()) {
            unavailable = "openssl not found (install the Debian package openssl)";
            return;
        }
        pki = new HttpChannelTestPki(openssl.get(), pkiDir);
    }

    @BeforeEach
    void needOpenssl() {
        if (unavailable != null) {
            SharedData.missing(unavailable);
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : cleanup.reversed()) {
            c.close();
        }
    }

    /** An HTTPS server on 127.0.0.1 with that identity; it records each client's certificate subject. */
    private String startServer(Path identity, boolean needClientCert) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(identity)) {
            keys.load(in, HttpChannelTestPki.PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, HttpChannelTestPki.PASSWORD.toCharArray());
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(pki.caCert)) {
            trusted.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);

        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = context.getDefaultSSLParameters();
                p.setNeedClientAuth(needClientCert);
                params.setSSLParameters(p);
            }
        });
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            try {
                clients.add(((HttpsExchange) exchange).getSSLSession().getPeerPrincipal().getName());
            } catch (SSLPeerUnverifiedException none) {
                clients.add("(none)");
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        cleanup.add(() -> server.stop(0));
        return "https://127.0.0.1:" + server.getAddress().getPort() + "/alerts";
    }

    private HttpChannel channel(HttpSettings settings) throws OutputException {
        HttpChannel channel = new HttpChannel(settings, new ByteArrayOutputStream());
        cleanup.add(channel);
        return channel;
    }

    private static String origin(String url) {
        return url.substring(0, url.indexOf('/', "https://".length()));
    }

    @Test
    void caCertVerifiesTheServer() throws Exception {
        String url = startServer(pki.serverP12, false);
        channel(HttpSettings.of(url, trust(pki.caCert.toString(), "", ""))).write(Alerts.numbered(1));
        assertThat(clients).containsExactly("(none)");
    }

    @Test
    void caBundleWithSeveralCertificatesAndTextAroundThemVerifiesTheServer() throws Exception {
        String url = startServer(pki.serverP12, false);
        Path bundle = Files.writeString(dir.resolve("bundle.pem"), "# unrelated first\n"
                + Files.readString(pki.otherCa) + "\nsome text between\n" + Files.readString(pki.caCert));
        channel(HttpSettings.of(url, trust("", bundle.toString(), ""))).write(Alerts.numbered(1));
        assertThat(clients).hasSize(1);
    }

    @Test
    void caPathDirectoryOfPemFilesVerifiesTheServer() throws Exception {
        String url = startServer(pki.serverP12, false);
        Path certs = Files.createDirectory(dir.resolve("certs"));
        Files.copy(pki.otherCa, certs.resolve("other.pem"));
        Files.writeString(certs.resolve("README"), "not a certificate");
        Files.createDirectory(certs.resolve("java"));
        Files.copy(pki.caCert, certs.resolve("ca.pem"));

        channel(HttpSettings.of(url, trust("", "", certs.toString()))).write(Alerts.numbered(1));
        assertThat(clients).hasSize(1);

        Files.delete(certs.resolve("ca.pem")); // the JDK's CAs and an unrelated one: not trusted
        HttpChannel without = channel(HttpSettings.of(url, trust("", "", certs.toString())));
        assertThatThrownBy(() -> without.write(Alerts.numbered(2)))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("POST to " + origin(url) + " failed: ");
    }

    @Test
    void untrustedServerFailsUnlessInsecure() throws Exception {
        String url = startServer(pki.serverP12, false);
        HttpChannel verifying = channel(HttpSettings.of(url)); // Falco's defaults: system CAs only
        assertThatThrownBy(() -> verifying.write(Alerts.numbered(1)))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("POST to " + origin(url) + " failed: ")
                .hasMessageEndingWith("PKIX path building failed: unable to find valid certification path to "
                        + "requested target");
        HttpChannel ca = channel(HttpSettings.of(url, trust(pki.otherCa.toString(), "", "")));
        assertThatThrownBy(() -> ca.write(Alerts.numbered(1))).isInstanceOf(IOException.class);
        assertThat(clients).isEmpty();

        channel(HttpSettings.of(url, o -> o.insecure = true)).write(Alerts.numbered(2));
        assertThat(clients).hasSize(1);
    }

    @Test
    void hostNameMustMatchUnlessInsecure() throws Exception {
        String url = startServer(pki.wrongHostP12, false);
        HttpChannel verifying = channel(HttpSettings.of(url, trust(pki.caCert.toString(), "", "")));
        assertThatThrownBy(() -> verifying.write(Alerts.numbered(1)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("127.0.0.1");

        channel(HttpSettings.of(url, trust(pki.caCert.toString(), "", "").andThen(o -> o.insecure = true)))
                .write(Alerts.numbered(2));
        assertThat(clients).hasSize(1);
    }

    @Test
    void mutualTlsWithAnRsaPkcs1KeyAnEcPkcs8KeyAndNone() throws Exception {
        String url = startServer(pki.serverP12, true);
        channel(HttpSettings.of(url, trustingPki()
                .andThen(mtls(pki.clientRsaCert.toString(), pki.clientRsaKeyPkcs1.toString()))))
                .write(Alerts.numbered(1));
        channel(HttpSettings.of(url, trustingPki()
                .andThen(mtls(pki.clientEcCert.toString(), pki.clientEcKey.toString()))))
                .write(Alerts.numbered(2));
        assertThat(clients).containsExactly("CN=falco-rsa-client", "CN=falco-ec-client");

        HttpChannel anonymous = channel(HttpSettings.of(url, trustingPki()));
        assertThatThrownBy(() -> anonymous.write(Alerts.numbered(3)))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("POST to " + origin(url) + " failed: ");
        assertThat(clients).hasSize(2);
    }

    @Test
    void pkcs1AndPkcs8FormsOfAKeyReadTheSame() throws Exception {
        assertThat(Pem.privateKey(pki.clientRsaKeyPkcs1, "client_key"))
                .isEqualTo(Pem.privateKey(pki.clientRsaKeyPkcs8, "client_key"));
        assertThat(Pem.privateKey(pki.clientEcKey, "client_key").getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void unusableFilesFailAtConstructionNamingTheFile() throws Exception {
        Path missing = dir.resolve("missing.pem");
        Path text = Files.writeString(dir.resolve("text.pem"), "no certificate here\n");
        Path corrupt = Files.writeString(dir.resolve("corrupt.pem"),
                "-----BEGIN CERTIFICATE-----\n!!!notbase64!!!\n-----END CERTIFICATE-----\n");
        Path garbage = Files.writeString(dir.resolve("garbage.pem"),
                "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");

        assertFails(trust(missing.toString(), "", ""),
                "cannot read ca_cert " + missing + ": no such file or directory");
        assertFails(trust("", text.toString(), ""), "no PEM certificate in ca_bundle " + text);
        assertFails(trust(corrupt.toString(), "", ""), "bad PEM in ca_cert " + corrupt + ": ");
        assertFails(trust(garbage.toString(), "", ""), "bad certificate in ca_cert " + garbage + ": ");
        assertFails(trust("", "", missing.toString()), "ca_path " + missing + " is not a readable directory");
        Path badDir = Files.createDirectory(dir.resolve("bad-dir"));
        Files.copy(garbage, badDir.resolve("x.pem"));
        assertFails(trust("", "", badDir.toString()),
                "bad certificate in ca_path file " + badDir.resolve("x.pem") + ": ");

        String cert = pki.clientRsaCert.toString();
        assertFails(mtls(missing.toString(), pki.clientRsaKeyPkcs1.toString()),
                "cannot read client_cert " + missing + ": no such file or directory");
        assertFails(mtls(cert, missing.toString()),
                "cannot read client_key " + missing + ": no such file or directory");
        assertFails(mtls(cert, cert), "no PEM private key in client_key " + cert);
        assertFails(mtls(cert, pki.encryptedKey.toString()),
                "encrypted private key in client_key " + pki.encryptedKey + " is not supported");
    }

    @Test
    void tlsFilesAreOnlyReadForHttpsUrlsAsWithCurl() throws Exception {
        Path missing = dir.resolve("missing.pem");
        new HttpChannel(HttpSettings.of("http://127.0.0.1:1/", trust(missing.toString(), "", "")
                .andThen(mtls(missing.toString(), missing.toString())))).close();
    }

    @Test
    void theSystemCaDirectoryLoads() throws Exception {
        Path system = Path.of(HttpSettings.DEFAULT_CA_PATH);
        if (!Files.isDirectory(system)) {
            return; // nothing to read here; the missing default falls back to the JDK's CAs
        }
        new HttpChannel(HttpSettings.of("https://127.0.0.1:1/")).close();
    }

    /** Sets ca_cert, ca_bundle and ca_path, all three: the first non-empty one is what is trusted. */
    private static Consumer<HttpSettings.Options> trust(String caCert, String caBundle, String caPath) {
        return o -> {
            o.caCert = caCert;
            o.caBundle = caBundle;
            o.caPath = caPath;
        };
    }

    private Consumer<HttpSettings.Options> trustingPki() {
        return trust(pki.caCert.toString(), "", "");
    }

    private static Consumer<HttpSettings.Options> mtls(String clientCert, String clientKey) {
        return o -> {
            o.mtls = true;
            o.clientCert = clientCert;
            o.clientKey = clientKey;
        };
    }

    /** Building a channel to an https URL with these options fails with a one-line message. */
    private static void assertFails(Consumer<HttpSettings.Options> options, String messageStart) {
        assertThatThrownBy(() -> new HttpChannel(HttpSettings.of("https://127.0.0.1:1/", options),
                new ByteArrayOutputStream()))
                .isInstanceOf(OutputException.class)
                .hasMessageStartingWith(messageStart)
                .hasMessageNotContaining("\n");
    }
}
