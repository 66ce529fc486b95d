package dev.peregrine.grpc;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PEM files falco.yaml names (grpc.private_key, grpc.cert_chain, grpc.root_certs), failing with a
 * one-line reason that names the key and the file. Private keys may be PKCS#8 ({@code BEGIN PRIVATE KEY}) or,
 * as older openssl versions write them and Falco's docs produce, PKCS#1 ({@code BEGIN RSA PRIVATE KEY}).
 */
final class PemFiles {

    /** A setting's file could not be used; the message is one line fit for a user. */
    static final class BadPemFile extends Exception {
        BadPemFile(String message) {
            super(message);
        }
    }

    private static final Pattern KEY_BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]*PRIVATE KEY)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
    // PKCS#8's AlgorithmIdentifier for rsaEncryption (OID 1.2.840.113549.1.1.1, NULL parameters), DER-encoded
    private static final byte[] RSA_ALGORITHM = {
            0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01,
            0x05, 0x00};
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "EdDSA", "RSASSA-PSS");

    private PemFiles() {
    }

    static PrivateKey privateKey(String setting, Path file) throws BadPemFile {
        String text = new String(read(setting, file), StandardCharsets.US_ASCII);
        Matcher block = KEY_BLOCK.matcher(text);
        if (!block.find()) {
            throw new BadPemFile(setting + " " + file + " holds no PEM private key");
        }
        String type = block.group(1);
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(block.group(2));
        } catch (IllegalArgumentException e) {
            throw new BadPemFile(setting + " " + file + ": the " + type + " is not valid base64");
        }
        byte[] pkcs8 = switch (type) {
            case "PRIVATE KEY" -> der;
            case "RSA PRIVATE KEY" -> rsaPkcs1ToPkcs8(der);
            default -> throw new BadPemFile(setting + " " + file + ": " + type
                    + " is not supported; convert it with: openssl pkcs8 -topk8 -nocrypt");
        };
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            } catch (GeneralSecurityException e) {
                // not this algorithm: try the next
            }
        }
        throw new BadPemFile(setting + " " + file + ": the private key is neither RSA, EC nor EdDSA, or is damaged");
    }

    static X509Certificate[] certificates(String setting, Path file) throws BadPemFile {
        byte[] bytes = read(setting, file);
        try {
            var certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(bytes));
            if (certificates.isEmpty()) {
                throw new BadPemFile(setting + " " + file + " holds no certificate");
            }
            return certificates.toArray(X509Certificate[]::new);
        } catch (CertificateException e) {
            throw new BadPemFile(setting + " " + file + " holds no valid PEM certificate (" + e.getMessage() + ")");
        }
    }

    private static byte[] read(String setting, Path file) throws BadPemFile {
        if (file == null) {
            throw new BadPemFile(setting + " is not set (a TCP address needs mutual TLS)");
        }
        if (!Files.isRegularFile(file)) {
            throw new BadPemFile(setting + " " + file + (Files.exists(file) ? " is not a file" : " does not exist"));
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BadPemFile(setting + " " + file + " cannot be read (" + e + ")");
        }
    }

    /** PrivateKeyInfo ::= SEQUENCE { version 0, rsaEncryption, OCTET STRING holding the PKCS#1 key }. */
    static byte[] rsaPkcs1ToPkcs8(byte[] pkcs1) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x00});
        body.writeBytes(RSA_ALGORITHM);
        body.write(0x04);
        body.writeBytes(derLength(pkcs1.length));
        body.writeBytes(pkcs1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x30);
        out.writeBytes(derLength(body.size()));
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    private static byte[] derLength(int length) {
        if (length < 0x80) {
            return new byte[] {(byte) length};
        }
        int bytes = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
        byte[] out = new byte[bytes + 1];
        out[0] = (byte) (0x80 | bytes);
        for (int i = bytes; i > 0; i--) {
            out[i] = (byte) length;
            length >>>= 8;
        }
        return out;
    }
}
