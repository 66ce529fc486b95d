package dev.peregrine.outputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peregrine.outputs.PemException.Problem;
import dev.peregrine.testkit.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The one PEM reader against keys and certificates that openssl makes at test time: every key form (PKCS#8, PKCS#1
 * RSA, SEC1 EC, Ed25519), a certificate chain, and the errors (missing file, not PEM, a certificate where a key was
 * expected, mismatched and encrypted keys, damaged blocks). Without openssl the tests are skipped (failed when
 * CI=true).
 */
class PemTest {

    @TempDir
    static Path pki;
    @TempDir
    Path dir;

    private static Openssl openssl;

    @BeforeAll
    static void makeKeys() throws Exception {
        Optional<Openssl> found = Openssl.find();
        if (found.isEmpty()) {
            return;
        }
        openssl = found.get();
        run("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "rsa.pk8");
        run("rsa", "-in", "rsa.pk8", "-traditional", "-out", "rsa.pk1");
        selfSigned("rsa.pk8", "rsa.crt", "/CN=rsa");
        run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "ec.pk8");
        run("ec", "-in", "ec.pk8", "-out", "ec.sec1");
        selfSigned("ec.pk8", "ec.crt", "/CN=ec");
        run("genpkey", "-algorithm", "ed25519", "-out", "ed.pk8");
        selfSigned("ed.pk8", "ed.crt", "/CN=ed");

        // a chain: a leaf (EC) signed by a CA (RSA), the leaf first as servers send it
        run("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "ca.key");
        selfSigned("ca.key", "ca.crt", "/CN=Peregrine Test CA");
        run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out", "leaf.key");
        run("req", "-new", "-key", "leaf.key", "-subj", "/CN=leaf", "-out", "leaf.csr");
        run("x509", "-req", "-in", "leaf.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-set_serial", "7",
                "-days", "2", "-out", "leaf.crt");
        Files.writeString(pki.resolve("chain.pem"), Files.readString(pki.resolve("leaf.crt"))
                + Files.readString(pki.resolve("ca.crt")));

        run("pkcs8", "-topk8", "-v2", "aes256", "-passout", "pass:secret", "-in", "rsa.pk8", "-out", "rsa.enc");
        run("rsa", "-in", "rsa.pk8", "-traditional", "-aes256", "-passout", "pass:secret", "-out", "rsa-legacy.enc");
    }

    private static void run(String... args) throws Exception {
        openssl.run(pki, args);
    }

    private static void selfSigned(String key, String cert, String subject) throws Exception {
        run("req", "-x509", "-key", key, "-subj", subject, "-days", "2", "-out", cert);
    }

    private static Path file(String name) {
        return pki.resolve(name);
    }

    @BeforeEach
    void needOpenssl() {
        if (openssl == null) {
            SharedData.missing("openssl not found (install the Debian package openssl)");
        }
    }

    @Test
    void eachKeyFormReadsAsTheKeyOfItsCertificate() throws Exception {
        assertThat(Files.readString(file("rsa.pk8"))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(file("rsa.pk1"))).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(Files.readString(file("ec.sec1"))).startsWith("-----BEGIN EC PRIVATE KEY-----");

        for (String key : List.of("rsa.pk8", "rsa.pk1")) {
            Pem.Identity rsa = Pem.identity(file("rsa.crt"), "cert", file(key), "key");
            assertThat(rsa.key()).isInstanceOf(RSAPrivateCrtKey.class);
            assertThat(rsa.chain()).singleElement().extracting(c -> c.getSubjectX500Principal().getName())
                    .isEqualTo("CN=rsa");
        }
        for (String key : List.of("ec.pk8", "ec.sec1")) {
            assertThat(Pem.identity(file("ec.crt"), "cert", file(key), "key").key()).isInstanceOf(ECPrivateKey.class);
        }
        assertThat(Pem.identity(file("ed.crt"), "cert", file("ed.pk8"), "key").key())
                .isInstanceOf(EdECPrivateKey.class);
    }

    @Test
    void theFormsOfOneKeyReadAsTheSameKey() throws Exception {
        assertThat(Pem.privateKey(file("rsa.pk1"), "key")).isEqualTo(Pem.privateKey(file("rsa.pk8"), "key"));
        ECPrivateKey sec1 = (ECPrivateKey) Pem.privateKey(file("ec.sec1"), "key");
        ECPrivateKey pkcs8 = (ECPrivateKey) Pem.privateKey(file("ec.pk8"), "key");
        assertThat(sec1.getS()).isEqualTo(pkcs8.getS());
        assertThat(sec1.getParams().getCurve()).isEqualTo(pkcs8.getParams().getCurve());
    }

    @Test
    void aPkcs1KeyIsWrappedAsOpensslWrapsItInPkcs8() throws Exception {
        run("pkcs8", "-topk8", "-nocrypt", "-in", "rsa.pk1", "-outform", "DER", "-out", "rsa-pk8.der");
        assertThat(Pem.rsaToPkcs8(der(file("rsa.pk1")))).isEqualTo(Files.readAllBytes(file("rsa-pk8.der")));
    }

    @Test
    void aChainKeepsItsOrderAndTheKeyBelongsToItsFirstCertificate() throws Exception {
        List<X509Certificate> chain = Pem.certificates(file("chain.pem"), "cert_chain");
        assertThat(chain).extracting(c -> c.getSubjectX500Principal().getName())
                .containsExactly("CN=leaf", "CN=Peregrine Test CA");
        chain.getFirst().verify(chain.get(1).getPublicKey());

        Pem.Identity leaf = Pem.identity(file("chain.pem"), "cert_chain", file("leaf.key"), "private_key");
        assertThat(leaf.chain()).isEqualTo(chain);
        assertFails(() -> Pem.identity(file("chain.pem"), "cert_chain", file("ca.key"), "private_key"),
                Problem.MISMATCHED_KEY, "bad private key in private_key " + file("ca.key")
                        + ": the private key does not belong to the certificate in cert_chain " + file("chain.pem"));
    }

    @Test
    void certificateAndKeyInOneFileMakeAnIdentity() throws Exception {
        Path both = Files.writeString(dir.resolve("both.pem"),
                Files.readString(file("ec.crt")) + Files.readString(file("ec.sec1")));

        Pem.Identity identity = Pem.identity(both, "ssl_certificate", both, "ssl_certificate");

        assertThat(identity.key()).isEqualTo(Pem.privateKey(file("ec.sec1"), "key"));
        assertThat(identity.chain()).isEqualTo(Pem.certificates(file("ec.crt"), "cert"));
    }

    @Test
    void aMissingFileOrADirectoryIsNamedWithItsSetting() {
        Path missing = dir.resolve("missing.pem");
        assertFails(() -> Pem.privateKey(missing, "client_key"), Problem.MISSING,
                "cannot read client_key " + missing + ": no such file or directory")
                .satisfies(e -> assertThat(((PemException) e).reason()).isEqualTo("no such file"));
        assertFails(() -> Pem.certificates(dir, "root_certs"), Problem.NOT_A_FILE,
                "cannot read root_certs " + dir + ": not a regular file");
    }

    @Test
    void aFileWithoutPemBlocksHoldsNeitherCertificateNorKey() throws Exception {
        Path text = Files.writeString(dir.resolve("text.pem"), "hello\n");

        assertFails(() -> Pem.certificates(text, "ca_cert"), Problem.NO_CERTIFICATE, "no PEM certificate in ca_cert "
                + text);
        assertFails(() -> Pem.privateKey(text, "client_key"), Problem.NO_KEY, "no PEM private key in client_key "
                + text);
        assertThat(Pem.certificatesIn(text, "ca_path file")).isEmpty();
    }

    @Test
    void aCertificateWhereAKeyWasExpectedSaysWhatTheFileHolds() {
        assertFails(() -> Pem.privateKey(file("rsa.crt"), "client_key"), Problem.NO_KEY,
                "no PEM private key in client_key " + file("rsa.crt") + " (it holds CERTIFICATE only)");
        assertFails(() -> Pem.certificates(file("rsa.pk8"), "client_cert"), Problem.NO_CERTIFICATE,
                "no PEM certificate in client_cert " + file("rsa.pk8") + " (it holds PRIVATE KEY only)");
    }

    @Test
    void aKeyOfAnotherCertificateIsRefused() {
        // another algorithm, and the same algorithm but another key
        assertFails(() -> Pem.identity(file("rsa.crt"), "client_cert", file("ec.sec1"), "client_key"),
                Problem.MISMATCHED_KEY, "bad private key in client_key " + file("ec.sec1")
                        + ": the private key does not belong to the certificate in client_cert " + file("rsa.crt"));
        assertFails(() -> Pem.identity(file("rsa.crt"), "client_cert", file("ca.key"), "client_key"),
                Problem.MISMATCHED_KEY, "bad private key in client_key " + file("ca.key") + ": ");
    }

    @Test
    void encryptedKeysAreRefusedWithTheWayToDecryptThem() {
        for (Path encrypted : List.of(file("rsa.enc"), file("rsa-legacy.enc"))) {
            assertFails(() -> Pem.privateKey(encrypted, "client_key"), Problem.ENCRYPTED_KEY,
                    "encrypted private key in client_key " + encrypted + " is not supported: write it unencrypted"
                            + " (openssl pkcs8 -topk8 -nocrypt)");
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            CERTIFICATE | !!!notbase64!!! | NOT_BASE64 | bad PEM | the CERTIFICATE block is not valid base64 (
            CERTIFICATE | AAAA | BAD_CERTIFICATE | bad certificate | Could not parse certificate
            PRIVATE KEY | AAAA | BAD_KEY | bad private key | not a key this JDK can read
            EC PRIVATE KEY | AAAA | BAD_KEY | bad private key | the EC PRIVATE KEY block is not valid DER
            OPENSSH PRIVATE KEY | AAAA | BAD_KEY | bad private key | the OPENSSH PRIVATE KEY form is not supported
            """)
    void damagedBlocksSayWhichBlockAndWhy(String type, String base64, Problem problem, String what, String reason)
            throws Exception {
        Path damaged = block("damaged.pem", type, base64);

        assertFails(() -> {
            if (type.endsWith("PRIVATE KEY")) {
                Pem.privateKey(damaged, "setting");
            } else {
                Pem.certificates(damaged, "setting");
            }
        }, problem, what + " in setting " + damaged + ": " + reason);
    }

    @Test
    void aSec1KeyWithoutItsCurveIsRefused() throws Exception {
        // the same key without its [0] parameters: only the curve is missing
        byte[][] fields = Der.children(der(file("ec.sec1"))).stream().filter(f -> f.tag() != 0xa0)
                .map(Der.Element::encoded).toArray(byte[][]::new);
        Path noCurve = block("no-curve.pem", "EC PRIVATE KEY",
                Base64.getMimeEncoder().encodeToString(Der.element(Der.SEQUENCE, fields)));

        assertFails(() -> Pem.privateKey(noCurve, "client_key"), Problem.BAD_KEY,
                "bad private key in client_key " + noCurve + ": the EC PRIVATE KEY block names no curve");
    }

    @Test
    void theFirstKeyOfAFileIsRead() throws Exception {
        Path two = Files.writeString(dir.resolve("two.pem"), "EC key first\n" + Files.readString(file("ec.sec1"))
                + Files.readString(file("rsa.pk1")));

        PrivateKey key = Pem.privateKey(two, "client_key");

        assertThat(key).isEqualTo(Pem.privateKey(file("ec.sec1"), "client_key"));
    }

    /** The bytes of a file of one PEM block. */
    private static byte[] der(Path pem) throws Exception {
        return Base64.getMimeDecoder().decode(Files.readString(pem).replaceAll("-----[A-Z ]+-----", ""));
    }

    /** A file of one PEM block. */
    private Path block(String name, String type, String base64) throws Exception {
        return Files.writeString(dir.resolve(name), "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type
                + "-----\n");
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertFails(ThrowingCallable call, Problem problem,
                                                                               String messageStart) {
        return assertThatThrownBy(call)
                .isInstanceOfSatisfying(PemException.class, e -> assertThat(e.problem()).isEqualTo(problem))
                .hasMessageStartingWith(messageStart)
                .hasMessageNotContaining("\n");
    }
}
