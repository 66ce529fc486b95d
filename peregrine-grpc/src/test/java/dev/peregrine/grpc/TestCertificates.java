package dev.peregrine.grpc;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

/**
 * PEM files for mutual TLS made at run time (no openssl binary needed): a CA, a server certificate for
 * localhost/127.0.0.1 and a client certificate signed by it, and a self-signed client certificate no CA vouches
 * for. The server key is RSA written as PKCS#1 ("RSA PRIVATE KEY", as older openssl and Falco's docs make it);
 * the others are EC (quick to generate) written as PKCS#8.
 */
record TestCertificates(Path caCert, Path serverKey, Path serverCert, Path clientKey, Path clientCert,
                        Path strangerKey, Path strangerCert) {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    static TestCertificates create(Path dir) throws Exception {
        KeyPair ca = ec();
        X500Name caName = new X500Name("CN=Peregrine test CA");
        X509Certificate caCert = sign(caName, ca, caName, ca, true, null);

        KeyPair server = rsa();
        GeneralNames serverNames = new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1")});
        X509Certificate serverCert = sign(new X500Name("CN=localhost"), server, caName, ca, false, serverNames);

        KeyPair client = ec();
        X509Certificate clientCert = sign(new X500Name("CN=client"), client, caName, ca, false, null);

        KeyPair stranger = ec();
        X500Name strangerName = new X500Name("CN=stranger");
        X509Certificate strangerCert = sign(strangerName, stranger, strangerName, stranger, false, null);

        var files = new TestCertificates(dir.resolve("ca.crt"), dir.resolve("server.key"),
                dir.resolve("server.crt"), dir.resolve("client.key"), dir.resolve("client.crt"),
                dir.resolve("stranger.key"), dir.resolve("stranger.crt"));
        writePem(files.caCert, caCert);
        writePem(files.serverKey, server.getPrivate()); // PKCS#1
        writePem(files.serverCert, serverCert);
        writePem(files.clientKey, new JcaPKCS8Generator(client.getPrivate(), null));
        writePem(files.clientCert, clientCert);
        writePem(files.strangerKey, new JcaPKCS8Generator(stranger.getPrivate(), null));
        writePem(files.strangerCert, strangerCert);
        return files;
    }

    private static KeyPair ec() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(X500Name subject, KeyPair subjectKeys, X500Name issuer, KeyPair issuerKeys,
                                        boolean isCa, GeneralNames altNames) throws Exception {
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(1))), subject, subjectKeys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        builder.addExtension(Extension.keyUsage, true, isCa
                ? new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)
                : new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        if (altNames != null) {
            builder.addExtension(Extension.subjectAlternativeName, false, altNames);
        }
        String algorithm = issuerKeys.getPrivate().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        var signer = new JcaContentSignerBuilder(algorithm).build(issuerKeys.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    private static void writePem(Path file, Object object) throws IOException {
        try (Writer out = Files.newBufferedWriter(file); JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(object);
        }
    }
}
