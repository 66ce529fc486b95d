package dev.peregrine.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpsTest {
    private static final WebSettings LOCAL =
            WebSettings.defaults().withEnabled(true).withListen("127.0.0.1", 0).withThreadiness(1)
                    .withPrometheusMetrics(true);

    @TempDir
    Path dir;

    /** A client trusting only {@code cert}, with host name checks on (the certificate names 127.0.0.1). */
    private static HttpClient trusting(Path cert) throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            trust.setCertificateEntry("test", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private void servesOverTls(String keyOption, boolean keyFirst) throws Exception {
        Path[] made = Openssl.selfSigned(dir, "t", keyOption);
        Path pem = keyFirst ? Openssl.combined(dir, "falco", made[1], made[0])
                : Openssl.combined(dir, "falco", made[0], made[1]);
        PeregrineMetrics metrics = new PeregrineMetrics("0.1.0");
        metrics.eventsProcessed(7);
        try (WebServer server = WebServer.start(LOCAL.withSsl(true, pem.toString()), metrics,
                () -> Map.of(VersionKeys.FALCO_VERSION, "0.1.0"), () -> true)) {
            assertThat(server.https()).isTrue();
            HttpClient client = trusting(made[0]);
            HttpResponse<String> health = Http.send(client, "https", server, "GET", "/healthz");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("{\"status\": \"ok\"}");
            assertThat(Http.send(client, "https", server, "GET", "/versions").body())
                    .isEqualTo("{\"falco_version\":\"0.1.0\"}");
            assertThat(PromText.parse(Http.send(client, "https", server, "GET", "/metrics").body())
                    .value("falcosecurity_scap_n_evts_total")).isEqualTo(7);
            // plain HTTP to the TLS port gets no answer
            assertThatThrownBy(() -> Http.get(server, "/healthz")).isInstanceOf(RuntimeException.class);
        }
    }

    @Test
    void servesOverTlsWithFalcosCombinedPem() throws Exception {
        servesOverTls("rsa:2048", false); // openssl req writes the key as PKCS#8
    }

    @Test
    void servesOverTlsWithAnEcKeyPlacedFirst() throws Exception {
        servesOverTls("ec:" + ecParams(), true);
    }

    @Test
    void acceptsTraditionalRsaAndEcKeys() throws Exception {
        Path[] rsa = Openssl.selfSigned(dir, "rsa", "rsa:2048");
        Path pkcs1 = dir.resolve("rsa-pkcs1.pem");
        Openssl.run(dir, "rsa", "-in", rsa[1].toString(), "-traditional", "-out", pkcs1.toString());
        assertThat(Files.readString(pkcs1)).contains("BEGIN RSA PRIVATE KEY");
        assertThat(WebTls.context(Openssl.combined(dir, "a", rsa[0], pkcs1).toString())).isNotNull();

        Path ecKey = dir.resolve("ec-sec1.pem");
        Openssl.run(dir, "ecparam", "-name", "prime256v1", "-genkey", "-out", ecKey.toString());
        Path ecCert = dir.resolve("ec-cert.pem");
        Openssl.run(dir, "req", "-x509", "-key", ecKey.toString(), "-out", ecCert.toString(), "-days", "2",
                "-subj", "/CN=localhost");
        assertThat(Files.readString(ecKey)).contains("BEGIN EC PARAMETERS").contains("BEGIN EC PRIVATE KEY");
        assertThat(WebTls.context(Openssl.combined(dir, "b", ecCert, ecKey).toString())).isNotNull();
    }

    @Test
    void badCertificatesAreClearErrors() throws Exception {
        Path missing = dir.resolve("nope.pem");
        assertThatThrownBy(() -> WebServer.start(LOCAL.withSsl(true, missing.toString()),
                new PeregrineMetrics("0.1.0"), Map::of, () -> true))
                .isInstanceOf(WebServerException.class)
                .hasMessage("webserver: SSL certificate " + missing + ": no such file");

        Path[] a = Openssl.selfSigned(dir, "a", "rsa:2048");
        Path[] b = Openssl.selfSigned(dir, "b", "rsa:2048");
        assertThatThrownBy(() -> WebTls.context(a[0].toString()))
                .hasMessage("webserver: SSL certificate " + a[0] + ": no -----BEGIN PRIVATE KEY----- block");
        assertThatThrownBy(() -> WebTls.context(a[1].toString()))
                .hasMessage("webserver: SSL certificate " + a[1] + ": no -----BEGIN CERTIFICATE----- block");
        Path mixed = Openssl.combined(dir, "mixed", a[0], b[1]);
        assertThatThrownBy(() -> WebTls.context(mixed.toString()))
                .isInstanceOf(WebServerException.class)
                .hasMessageStartingWith("webserver: SSL certificate " + mixed + ": the private key does not belong");

        Path encrypted = dir.resolve("enc.pem");
        Openssl.run(dir, "pkcs8", "-topk8", "-in", a[1].toString(), "-out", encrypted.toString(), "-passout",
                "pass:secret");
        Path withEncrypted = Openssl.combined(dir, "withenc", a[0], encrypted);
        assertThatThrownBy(() -> WebTls.context(withEncrypted.toString()))
                .hasMessageContaining("the private key is encrypted");

        Path garbage = dir.resolve("garbage.pem");
        Files.writeString(garbage, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> WebTls.context(garbage.toString()))
                .isInstanceOf(WebServerException.class).hasMessageContaining("not an X.509 certificate")
                .hasMessageNotContaining("\n");
    }

    /** The curve file openssl req wants for "-newkey ec:FILE". */
    private String ecParams() {
        Openssl.run(dir, "ecparam", "-name", "prime256v1", "-out", "ec-params.pem");
        return dir.resolve("ec-params.pem").toString();
    }
}
