package dev.peregrine.outputs;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PEM files the TLS-speaking channels take (HTTP, Kafka): certificates, and unencrypted private keys as PKCS#8
 * ("PRIVATE KEY") or PKCS#1 RSA ("RSA PRIVATE KEY"). Every failure is an {@link OutputException} whose one-line
 * message names the file ({@code what} says which setting it came from); text outside the blocks (e.g. openssl's
 * -text dump) is ignored.
 */
public final class Pem {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    // AlgorithmIdentifier { rsaEncryption, NULL }: the wrapper that turns a PKCS#1 key into PKCS#8
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
            (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "EdDSA", "XDH", "RSASSA-PSS", "DSA");

    private record Block(String type, byte[] der) {
    }

    private Pem() {
    }

    /** The certificates in a PEM file, at least one. */
    public static List<X509Certificate> certificates(Path file, String what) throws OutputException {
        List<X509Certificate> certs = certificatesIn(file, what);
        if (certs.isEmpty()) {
            throw new OutputException("no PEM certificate in " + what + " " + file, null);
        }
        return certs;
    }

    /** The certificates in a PEM file, maybe none (files of a CA directory that are not certificates). */
    public static List<X509Certificate> certificatesIn(Path file, String what) throws OutputException {
        List<X509Certificate> certs = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block block : blocks(file, what)) {
                if (block.type().equals("CERTIFICATE")) {
                    certs.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new OutputException("bad certificate in " + what + " " + file + ": " + IoReason.of(e), e);
        }
        return certs;
    }

    /** The first private key in a PEM file; {@code algorithm} (the certificate's, e.g. "RSA") is tried first. */
    public static PrivateKey privateKey(Path file, String what, String algorithm) throws OutputException {
        for (Block block : blocks(file, what)) {
            switch (block.type()) {
                case "PRIVATE KEY" -> {
                    return pkcs8(block.der(), algorithm, file, what);
                }
                case "RSA PRIVATE KEY" -> {
                    return pkcs8(rsaToPkcs8(block.der()), "RSA", file, what);
                }
                case "ENCRYPTED PRIVATE KEY" -> throw new OutputException(
                        "encrypted private key in " + what + " " + file + " is not supported", null);
                case "EC PRIVATE KEY" -> throw new OutputException("EC PRIVATE KEY (SEC1) in " + what + " " + file
                        + " is not supported: convert it with openssl pkcs8 -topk8 -nocrypt", null);
                default -> {
                    // certificates or parameters beside the key: skip
                }
            }
        }
        throw new OutputException("no PEM private key in " + what + " " + file, null);
    }

    private static PrivateKey pkcs8(byte[] der, String preferred, Path file, String what) throws OutputException {
        List<String> tries = new ArrayList<>();
        if (preferred != null) {
            tries.add(preferred);
        }
        KEY_ALGORITHMS.stream().filter(a -> !a.equals(preferred)).forEach(tries::add);
        for (String algorithm : tries) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException | RuntimeException e) {
                // not this algorithm: try the next
            }
        }
        throw new OutputException("bad private key in " + what + " " + file + ": not a key this JDK can read", null);
    }

    private static List<Block> blocks(Path file, String what) throws OutputException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1); // PEM is ASCII; never fails on bytes
        } catch (IOException e) {
            throw new OutputException("cannot read " + what + " " + file + ": " + IoReason.of(e), e);
        }
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String body = m.group(2);
            if (body.contains(":")) { // RFC 1421 headers (Proc-Type, DEK-Info): an old-style encrypted key
                throw new OutputException("encrypted private key in " + what + " " + file + " is not supported",
                        null);
            }
            try {
                blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(body)));
            } catch (IllegalArgumentException e) {
                throw new OutputException("bad PEM in " + what + " " + file + ": " + IoReason.of(e), e);
            }
        }
        return blocks;
    }

    /** PrivateKeyInfo { version 0, rsaEncryption, OCTET STRING pkcs1 }. */
    static byte[] rsaToPkcs8(byte[] pkcs1) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x00});
        body.writeBytes(RSA_ALGORITHM);
        body.writeBytes(tlv(0x04, pkcs1));
        return tlv(0x30, body.toByteArray());
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 6);
        out.write(tag);
        int n = value.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(n) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(n >>> (8 * i));
            }
        }
        out.writeBytes(value);
        return out.toByteArray();
    }
}
