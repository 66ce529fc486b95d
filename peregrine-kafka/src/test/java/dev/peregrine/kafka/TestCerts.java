package dev.peregrine.kafka;

import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * The test PKI in src/test/resources/pki (made by its make.sh, valid for 100 years, so tests need no keytool runs):
 * a CA, a broker certificate for localhost/127.0.0.1 in PKCS#12 stores, and a client certificate signed by the
 * same CA with its key as PEM, both PKCS#8 and PKCS#1.
 */
final class TestCerts {

    static final String PASSWORD = "changeit";
    static final Path DIR = dir();
    static final Path CA_PEM = DIR.resolve("ca.pem");
    static final Path BROKER_KEYSTORE = DIR.resolve("broker.p12");
    static final Path TRUSTSTORE = DIR.resolve("truststore.p12");
    static final Path CLIENT_KEYSTORE = DIR.resolve("client.p12");
    static final Path CLIENT_CERT_PEM = DIR.resolve("client.pem");
    static final Path CLIENT_KEY_PKCS8 = DIR.resolve("client-pkcs8.key");
    static final Path CLIENT_KEY_PKCS1 = DIR.resolve("client-pkcs1.key");

    private TestCerts() {
    }

    private static Path dir() {
        try {
            return Path.of(TestCerts.class.getResource("/pki/ca.pem").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
