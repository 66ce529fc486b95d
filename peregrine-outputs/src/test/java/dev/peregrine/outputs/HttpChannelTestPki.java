package dev.peregrine.outputs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A throw-away PKI made with the openssl command at test time: a CA, server certificates it signs (one for
 * 127.0.0.1/localhost, one for another name), client certificates with an RSA PKCS#1 key and an EC PKCS#8 key, and
 * an unrelated self-signed CA. Private config files keep it independent of the system's openssl.cnf.
 */
final class HttpChannelTestPki {

    static final String PASSWORD = "changeit";

    final Path dir;
    final Path caCert;
    final Path otherCa;
    final Path serverP12;
    final Path wrongHostP12;
    final Path clientRsaCert;
    final Path clientRsaKeyPkcs1;
    final Path clientRsaKeyPkcs8;
    final Path clientEcCert;
    final Path clientEcKey;
    final Path encryptedKey;

    private final Openssl openssl;

    HttpChannelTestPki(Openssl openssl, Path dir) throws IOException, InterruptedException {
        this.openssl = openssl;
        this.dir = dir;
        Path caConf = write("ca.cnf", """
                [req]
                distinguished_name = dn
                prompt = no
                x509_extensions = ca
                [dn]
                CN = Peregrine Test CA
                [ca]
                basicConstraints = critical, CA:TRUE
                keyUsage = critical, keyCertSign, cRLSign
                subjectKeyIdentifier = hash
                """);
        caCert = dir.resolve("ca.pem");
        Path caKey = dir.resolve("ca.key");
        run("req", "-x509", "-config", caConf.toString(), "-newkey", "rsa:2048", "-nodes", "-keyout", caKey.toString(),
                "-out", caCert.toString(), "-days", "2");
        otherCa = dir.resolve("other-ca.pem");
        run("req", "-x509", "-config", caConf.toString(), "-newkey", "rsa:2048", "-nodes",
                "-keyout", dir.resolve("other-ca.key").toString(), "-out", otherCa.toString(), "-days", "2",
                "-subj", "/CN=Unrelated CA");

        serverP12 = serverIdentity("server", "DNS:localhost,IP:127.0.0.1", caCert, caKey);
        wrongHostP12 = serverIdentity("wrong-host", "DNS:elsewhere.invalid", caCert, caKey);

        clientRsaKeyPkcs1 = dir.resolve("client-rsa.key");
        run("genrsa", "-traditional", "-out", clientRsaKeyPkcs1.toString(), "2048");
        clientRsaKeyPkcs8 = dir.resolve("client-rsa.pk8");
        run("pkcs8", "-topk8", "-nocrypt", "-in", clientRsaKeyPkcs1.toString(), "-out", clientRsaKeyPkcs8.toString());
        clientRsaCert = sign("client-rsa", clientRsaKeyPkcs1, "/CN=falco-rsa-client", "clientAuth", null, caCert,
                caKey);

        clientEcKey = dir.resolve("client-ec.key");
        run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", clientEcKey.toString());
        clientEcCert = sign("client-ec", clientEcKey, "/CN=falco-ec-client", "clientAuth", null, caCert, caKey);

        encryptedKey = dir.resolve("encrypted.key");
        run("pkcs8", "-topk8", "-v2", "aes256", "-passout", "pass:secret", "-in", clientRsaKeyPkcs1.toString(),
                "-out", encryptedKey.toString());
    }

    private Path serverIdentity(String name, String san, Path ca, Path caKey) throws IOException, InterruptedException {
        Path key = dir.resolve(name + ".key");
        run("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", key.toString());
        Path cert = sign(name, key, "/CN=" + name, "serverAuth", san, caCert, caKey);
        Path p12 = dir.resolve(name + ".p12");
        run("pkcs12", "-export", "-in", cert.toString(), "-inkey", key.toString(), "-out", p12.toString(),
                "-passout", "pass:" + PASSWORD);
        return p12;
    }

    private Path sign(String name, Path key, String subject, String usage, String san, Path ca, Path caKey)
            throws IOException, InterruptedException {
        Path csr = dir.resolve(name + ".csr");
        run("req", "-new", "-config", dir.resolve("ca.cnf").toString(), "-key", key.toString(), "-subj", subject,
                "-out", csr.toString());
        Path ext = write(name + ".ext", "basicConstraints = CA:FALSE\nextendedKeyUsage = " + usage + "\n"
                + (san == null ? "" : "subjectAltName = " + san + "\n"));
        Path cert = dir.resolve(name + ".pem");
        run("x509", "-req", "-in", csr.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(),
                "-set_serial", String.valueOf(System.nanoTime() & 0xffffffL), "-days", "2",
                "-extfile", ext.toString(), "-out", cert.toString());
        return cert;
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.US_ASCII);
    }

    private void run(String... args) throws IOException, InterruptedException {
        openssl.run(dir, args);
    }
}
