package dev.peregrine.grpc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PemFilesTest {

    @TempDir
    Path dir;

    @Test
    void readsPkcs1RsaAndPkcs8EcKeys() throws Exception {
        TestCertificates certs = TestCertificates.create(dir);
        assertThat(Files.readString(certs.serverKey())).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(Files.readString(certs.clientKey())).startsWith("-----BEGIN PRIVATE KEY-----");

        assertThat(PemFiles.privateKey("k", certs.serverKey())).isInstanceOf(RSAPrivateCrtKey.class);
        assertThat(PemFiles.privateKey("k", certs.clientKey())).isInstanceOf(ECPrivateKey.class);
        assertThat(PemFiles.certificates("c", certs.serverCert())).hasSize(1);
    }

    @Test
    void badFilesSayWhichSettingAndWhy() throws Exception {
        Path text = Files.writeString(dir.resolve("not.pem"), "hello");
        assertThatThrownBy(() -> PemFiles.privateKey("grpc.private_key", text))
                .hasMessage("grpc.private_key " + text + " holds no PEM private key");
        assertThatThrownBy(() -> PemFiles.certificates("grpc.root_certs", dir))
                .hasMessage("grpc.root_certs " + dir + " is not a file");
        Path ec = Files.writeString(dir.resolve("ec.key"),
                "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
        assertThatThrownBy(() -> PemFiles.privateKey("grpc.private_key", ec))
                .hasMessageContaining("EC PRIVATE KEY is not supported");
    }
}
