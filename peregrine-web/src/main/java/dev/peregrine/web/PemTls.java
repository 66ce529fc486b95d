package dev.peregrine.web;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
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
 * An {@link SSLContext} from Falco's {@code webserver.ssl_certificate}: one PEM file with the certificate (then any
 * chain) and its unencrypted private key, in PKCS#8 ("PRIVATE KEY", what {@code openssl req -nodes} writes), PKCS#1
 * ("RSA PRIVATE KEY") or SEC1 ("EC PRIVATE KEY") form. Every failure is one line naming the file.
 */
final class PemTls {
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
    private static final byte[] RSA_ALGORITHM = HexFormat.of().parseHex("300d06092a864886f70d0101010500");
    private static final byte[] EC_PUBLIC_KEY_OID = HexFormat.of().parseHex("06072a8648ce3d0201");
    private static final char[] PASSWORD = "peregrine".toCharArray(); // of the in-memory key store only

    private PemTls() {
    }

    static SSLContext context(String file) {
        String text;
        try {
            text = Files.readString(Path.of(file));
        } catch (NoSuchFileException e) {
            throw fail(file, "no such file");
        } catch (IOException | RuntimeException e) {
            throw fail(file, "cannot read it (" + e.getMessage() + ")");
        }
        List<X509Certificate> chain = new ArrayList<>();
        byte[] pkcs8 = null;
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(m.group(2));
            } catch (IllegalArgumentException e) {
                throw fail(file, "the " + m.group(1) + " block is not valid base64");
            }
            switch (m.group(1)) {
                case "CERTIFICATE" -> chain.add(certificate(file, der));
                case "PRIVATE KEY" -> pkcs8 = der;
                case "RSA PRIVATE KEY" -> pkcs8 = seq(der(0x02, new byte[]{0}), RSA_ALGORITHM, der(0x04, der));
                case "EC PRIVATE KEY" -> pkcs8 = ecToPkcs8(file, der);
                case "ENCRYPTED PRIVATE KEY" -> throw fail(file,
                        "the private key is encrypted; write it unencrypted (openssl pkcs8 -topk8 -nocrypt)");
                default -> {
                    // EC PARAMETERS and the like carry nothing we need
                }
            }
        }
        if (chain.isEmpty()) {
            throw fail(file, "no -----BEGIN CERTIFICATE----- block");
        }
        if (pkcs8 == null) {
            throw fail(file, "no -----BEGIN PRIVATE KEY----- block");
        }
        PrivateKey key = privateKey(file, chain.getFirst(), pkcs8);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("webserver", key, PASSWORD, chain.toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, PASSWORD);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw fail(file, "cannot set up TLS (" + e.getMessage() + ")");
        }
    }

    private static X509Certificate certificate(String file, byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException e) {
            throw fail(file, "a CERTIFICATE block is not an X.509 certificate (" + e.getMessage() + ")");
        }
    }

    /** The key, of the certificate's algorithm, checked against the certificate so a mix-up fails here. */
    private static PrivateKey privateKey(String file, X509Certificate cert, byte[] pkcs8) {
        String alg = cert.getPublicKey().getAlgorithm();
        PrivateKey key;
        try {
            key = KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw fail(file, "the private key is not a " + alg + " key matching the certificate");
        }
        String sigAlg = switch (alg) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            default -> null;
        };
        if (sigAlg != null) {
            try {
                byte[] probe = "peregrine".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                Signature s = Signature.getInstance(sigAlg);
                s.initSign(key);
                s.update(probe);
                byte[] sig = s.sign();
                s.initVerify(cert.getPublicKey());
                s.update(probe);
                if (!s.verify(sig)) {
                    throw fail(file, "the private key does not belong to the certificate");
                }
            } catch (GeneralSecurityException e) {
                throw fail(file, "the private key does not belong to the certificate (" + e.getMessage() + ")");
            }
        }
        return key;
    }

    /** SEC1 wrapped as PKCS#8, with the curve taken from the SEC1 [0] parameters. */
    private static byte[] ecToPkcs8(String file, byte[] sec1) {
        byte[] curve = null;
        try {
            int[] outer = header(sec1, 0);
            for (int p = outer[0]; p < outer[0] + outer[1]; ) {
                int[] h = header(sec1, p);
                if ((sec1[p] & 0xff) == 0xa0) {
                    curve = java.util.Arrays.copyOfRange(sec1, h[0], h[0] + h[1]);
                }
                p = h[0] + h[1];
            }
        } catch (RuntimeException e) {
            throw fail(file, "the EC PRIVATE KEY block is not valid DER");
        }
        if (curve == null) {
            throw fail(file, "the EC PRIVATE KEY block names no curve");
        }
        return seq(der(0x02, new byte[]{0}), seq(EC_PUBLIC_KEY_OID, curve), der(0x04, sec1));
    }

    /** {content offset, content length} of the DER element at {@code p}. */
    private static int[] header(byte[] b, int p) {
        int len = b[p + 1] & 0xff;
        int off = p + 2;
        if ((len & 0x80) != 0) {
            int n = len & 0x7f;
            len = 0;
            for (int i = 0; i < n; i++) {
                len = (len << 8) | (b[off++] & 0xff);
            }
        }
        if (off + len > b.length) {
            throw new IllegalArgumentException("truncated");
        }
        return new int[]{off, len};
    }

    private static byte[] seq(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return der(0x30, out.toByteArray());
    }

    private static byte[] der(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = n > 0xffffff ? 4 : n > 0xffff ? 3 : n > 0xff ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(n >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static WebServerException fail(String file, String why) {
        return new WebServerException("webserver: SSL certificate " + file + ": " + why);
    }
}
