package dev.peregrine.outputs;

import dev.peregrine.outputs.PemException.Problem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PEM files of every TLS setting (the HTTP and Kafka outputs, the gRPC server, the web server):
 * certificates, certificate chains, and unencrypted private keys in PKCS#8 ("PRIVATE KEY"), PKCS#1 RSA
 * ("RSA PRIVATE KEY") or SEC1 EC ("EC PRIVATE KEY") form. Text outside the blocks (openssl's -text dump, comments
 * in a CA bundle) is ignored. Every failure is a {@link PemException} naming the setting ({@code what}), the file and
 * the cause.
 */
public final class Pem {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final byte[] VERSION_0 = Der.element(Der.INTEGER, new byte[] {0});
    // AlgorithmIdentifier { rsaEncryption, NULL }: what PKCS#8 puts before a PKCS#1 key
    private static final byte[] RSA_ALGORITHM = HexFormat.of().parseHex("300d06092a864886f70d0101010500");
    // OID id-ecPublicKey: with the key's curve, what PKCS#8 puts before a SEC1 key
    private static final byte[] EC_PUBLIC_KEY = HexFormat.of().parseHex("06072a8648ce3d0201");
    private static final int SEC1_PARAMETERS = 0xa0;
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "EdDSA", "XDH", "RSASSA-PSS", "DSA");
    private static final String UNENCRYPT = "write it unencrypted (openssl pkcs8 -topk8 -nocrypt)";
    private static final byte[] PROBE = "peregrine".getBytes(StandardCharsets.US_ASCII);

    /** A certificate chain, its first certificate the one the key belongs to. */
    public record Identity(PrivateKey key, List<X509Certificate> chain) {
        public Identity {
            chain = List.copyOf(chain);
        }
    }

    private record Block(String type, String body) {
    }

    private Pem() {
    }

    /** The certificates in a PEM file, in order: at least one. */
    public static List<X509Certificate> certificates(Path file, String what) throws PemException {
        List<Block> blocks = blocks(file, what);
        List<X509Certificate> certs = certificates(blocks, file, what);
        if (certs.isEmpty()) {
            throw new PemException(Problem.NO_CERTIFICATE, what, file, "no -----BEGIN CERTIFICATE----- block",
                    "no PEM certificate in " + what + " " + file + holding(blocks), null);
        }
        return certs;
    }

    /** The certificates in a PEM file, maybe none (the files of a CA directory that are not certificates). */
    public static List<X509Certificate> certificatesIn(Path file, String what) throws PemException {
        return certificates(blocks(file, what), file, what);
    }

    /** The first private key in a PEM file. */
    public static PrivateKey privateKey(Path file, String what) throws PemException {
        List<Block> blocks = blocks(file, what);
        for (Block block : blocks) {
            if (block.type().endsWith("PRIVATE KEY")) {
                return key(block, file, what);
            }
        }
        throw new PemException(Problem.NO_KEY, what, file, "no -----BEGIN PRIVATE KEY----- block",
                "no PEM private key in " + what + " " + file + holding(blocks), null);
    }

    /**
     * A certificate chain and its private key, checked to belong together so that a mix-up fails here rather than in
     * a handshake. Both may be the same file (certificate and key in one, as Falco's webserver.ssl_certificate).
     */
    public static Identity identity(Path certFile, String certWhat, Path keyFile, String keyWhat)
            throws PemException {
        List<X509Certificate> chain = certificates(certFile, certWhat);
        PrivateKey key = privateKey(keyFile, keyWhat);
        if (!belongs(key, chain.getFirst())) {
            String reason = "the private key does not belong to the certificate"
                    + (keyFile.equals(certFile) ? "" : " in " + certWhat + " " + certFile);
            throw new PemException(Problem.MISMATCHED_KEY, keyWhat, keyFile, reason,
                    "bad private key in " + keyWhat + " " + keyFile + ": " + reason, null);
        }
        return new Identity(key, chain);
    }

    private static List<X509Certificate> certificates(List<Block> blocks, Path file, String what)
            throws PemException {
        List<X509Certificate> certs = new ArrayList<>();
        for (Block block : blocks) {
            if (!block.type().equals("CERTIFICATE")) {
                continue;
            }
            byte[] der = decode(block, file, what);
            try {
                certs.add((X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(der)));
            } catch (CertificateException e) {
                String cause = IoReason.of(e);
                throw new PemException(Problem.BAD_CERTIFICATE, what, file,
                        "a CERTIFICATE block is not an X.509 certificate (" + cause + ")",
                        "bad certificate in " + what + " " + file + ": " + cause, e);
            }
        }
        return certs;
    }

    private static PrivateKey key(Block block, Path file, String what) throws PemException {
        // openssl's old encrypted form keeps the PEM type and adds RFC 1421 headers (Proc-Type, DEK-Info)
        if (block.type().equals("ENCRYPTED PRIVATE KEY") || block.body().contains(":")) {
            throw new PemException(Problem.ENCRYPTED_KEY, what, file, "the private key is encrypted; " + UNENCRYPT,
                    "encrypted private key in " + what + " " + file + " is not supported: " + UNENCRYPT, null);
        }
        byte[] der = decode(block, file, what);
        byte[] pkcs8 = switch (block.type()) {
            case "PRIVATE KEY" -> der;
            case "RSA PRIVATE KEY" -> rsaToPkcs8(der);
            case "EC PRIVATE KEY" -> ecToPkcs8(der, file, what);
            default -> throw badKey(what, file, "the " + block.type() + " form is not supported: convert the key to"
                    + " PKCS#8 (openssl pkcs8 -topk8 -nocrypt)");
        };
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            } catch (GeneralSecurityException | RuntimeException e) {
                // not this algorithm: try the next
            }
        }
        throw badKey(what, file, "not a key this JDK can read");
    }

    /** PrivateKeyInfo { version 0, rsaEncryption, OCTET STRING { the PKCS#1 key } }. */
    static byte[] rsaToPkcs8(byte[] pkcs1) {
        return Der.element(Der.SEQUENCE, VERSION_0, RSA_ALGORITHM, Der.element(Der.OCTET_STRING, pkcs1));
    }

    /** PrivateKeyInfo { version 0, { id-ecPublicKey, the curve SEC1 names in [0] }, OCTET STRING { the SEC1 key } }. */
    private static byte[] ecToPkcs8(byte[] sec1, Path file, String what) throws PemException {
        List<Der.Element> fields;
        try {
            fields = Der.children(sec1);
        } catch (IllegalArgumentException e) {
            throw badKey(what, file, "the EC PRIVATE KEY block is not valid DER (" + e.getMessage() + ")");
        }
        byte[] curve = fields.stream().filter(f -> f.tag() == SEC1_PARAMETERS).map(Der.Element::contents)
                .findFirst().orElseThrow(() -> badKey(what, file, "the EC PRIVATE KEY block names no curve"));
        return Der.element(Der.SEQUENCE, VERSION_0, Der.element(Der.SEQUENCE, EC_PUBLIC_KEY, curve),
                Der.element(Der.OCTET_STRING, sec1));
    }

    /** Whether the key makes signatures that the certificate's public key verifies. */
    private static boolean belongs(PrivateKey key, X509Certificate cert) {
        PublicKey publicKey = cert.getPublicKey();
        String algorithm = switch (publicKey.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "DSA" -> "SHA256withDSA";
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            default -> null; // RSASSA-PSS needs parameters, XDH does not sign: the handshake will tell
        };
        if (algorithm == null) {
            return true;
        }
        try {
            Signature signature = Signature.getInstance(algorithm);
            signature.initSign(key);
            signature.update(PROBE);
            byte[] signed = signature.sign();
            signature.initVerify(publicKey);
            signature.update(PROBE);
            return signature.verify(signed);
        } catch (GeneralSecurityException e) {
            return false; // e.g. an RSA key with an EC certificate
        }
    }

    private static List<Block> blocks(Path file, String what) throws PemException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1); // PEM is ASCII; this never fails on bytes
        } catch (IOException e) {
            throw unreadable(file, what, e);
        }
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            blocks.add(new Block(m.group(1), m.group(2)));
        }
        return blocks;
    }

    private static byte[] decode(Block block, Path file, String what) throws PemException {
        try {
            return Base64.getMimeDecoder().decode(block.body());
        } catch (IllegalArgumentException e) {
            String reason = "the " + block.type() + " block is not valid base64 (" + IoReason.of(e) + ")";
            throw new PemException(Problem.NOT_BASE64, what, file, reason,
                    "bad PEM in " + what + " " + file + ": " + reason, e);
        }
    }

    private static PemException unreadable(Path file, String what, IOException e) {
        String where = what + " " + file;
        if (e instanceof NoSuchFileException) {
            return new PemException(Problem.MISSING, what, file, "no such file",
                    "cannot read " + where + ": " + IoReason.of(e), e);
        }
        if (Files.isDirectory(file)) {
            return new PemException(Problem.NOT_A_FILE, what, file, "not a regular file",
                    "cannot read " + where + ": not a regular file", e);
        }
        String cause = IoReason.of(e);
        return new PemException(Problem.UNREADABLE, what, file, "cannot read it (" + cause + ")",
                "cannot read " + where + ": " + cause, e);
    }

    private static PemException badKey(String what, Path file, String reason) {
        return new PemException(Problem.BAD_KEY, what, file, reason,
                "bad private key in " + what + " " + file + ": " + reason, null);
    }

    /** What a file holds instead of what was asked for, e.g. " (it holds CERTIFICATE only)"; empty for no blocks. */
    private static String holding(List<Block> blocks) {
        List<String> types = blocks.stream().map(Block::type).distinct().toList();
        return types.isEmpty() ? "" : " (it holds " + String.join(", ", types) + " only)";
    }
}
