package dev.peregrine.kafka;

import dev.peregrine.outputs.OutputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
 * Reads the PEM files of {@link KafkaSettings.Tls}: certificates, and unencrypted private keys as PKCS#8 ("PRIVATE
 * KEY") or PKCS#1 RSA ("RSA PRIVATE KEY"). We parse them ourselves rather than hand them to Kafka's PEM support so
 * that PKCS#1 keys work and every failure is an {@link OutputException} with one line naming the file.
 */
final class KafkaPem {

    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----",
            Pattern.DOTALL);
    // AlgorithmIdentifier { rsaEncryption, NULL }: what wraps a PKCS#1 key into PKCS#8
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
            (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "EdDSA", "RSASSA-PSS", "DSA");

    private record Block(String type, byte[] der) {
    }

    private KafkaPem() {
    }

    /** Every certificate in the file; at least one. */
    static List<X509Certificate> certificates(Path file, String what) throws OutputException {
        List<X509Certificate> certs = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block block : blocks(file, what)) {
                if (block.type().equals("CERTIFICATE")) {
                    certs.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new OutputException("bad certificate in kafka " + what + " " + file + ": " + oneLine(e), e);
        }
        if (certs.isEmpty()) {
            throw new OutputException("no PEM certificate in kafka " + what + " " + file, null);
        }
        return certs;
    }

    /** The file's first private key; {@code algorithm} (the certificate's) is tried first. */
    static PrivateKey privateKey(Path file, String what, String algorithm) throws OutputException {
        for (Block block : blocks(file, what)) {
            switch (block.type()) {
                case "PRIVATE KEY" -> {
                    return pkcs8(block.der(), algorithm, file, what);
                }
                case "RSA PRIVATE KEY" -> {
                    return pkcs8(rsaToPkcs8(block.der()), "RSA", file, what);
                }
                case "ENCRYPTED PRIVATE KEY" -> throw new OutputException(
                        "encrypted private key in kafka " + what + " " + file + " is not supported", null);
                case "EC PRIVATE KEY" -> throw new OutputException("EC PRIVATE KEY in kafka " + what + " " + file
                        + " is not supported: convert it with openssl pkcs8 -topk8 -nocrypt", null);
                default -> {
                    // certificates or parameters beside the key
                }
            }
        }
        throw new OutputException("no PEM private key in kafka " + what + " " + file, null);
    }

    private static PrivateKey pkcs8(byte[] der, String preferred, Path file, String what) throws OutputException {
        List<String> tries = new ArrayList<>(List.of(preferred));
        KEY_ALGORITHMS.stream().filter(a -> !a.equals(preferred)).forEach(tries::add);
        for (String algorithm : tries) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException | RuntimeException e) {
                // not this algorithm
            }
        }
        throw new OutputException("bad private key in kafka " + what + " " + file + ": not a key this JDK reads",
                null);
    }

    private static List<Block> blocks(Path file, String what) throws OutputException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1); // PEM is ASCII: never a decoding failure
        } catch (NoSuchFileException e) {
            throw new OutputException("cannot read kafka " + what + " " + file + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new OutputException("cannot read kafka " + what + " " + file + ": permission denied", e);
        } catch (IOException e) {
            throw new OutputException("cannot read kafka " + what + " " + file + ": " + oneLine(e), e);
        }
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            if (m.group(2).contains(":")) { // RFC 1421 headers: an old-style encrypted key
                throw new OutputException("encrypted private key in kafka " + what + " " + file
                        + " is not supported", null);
            }
            try {
                blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
            } catch (IllegalArgumentException e) {
                throw new OutputException("bad PEM in kafka " + what + " " + file + ": " + oneLine(e), e);
            }
        }
        return blocks;
    }

    /** PrivateKeyInfo { version 0, rsaEncryption, OCTET STRING pkcs1 }. */
    private static byte[] rsaToPkcs8(byte[] pkcs1) {
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

    static String oneLine(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message.replace('\n', ' ');
    }
}
