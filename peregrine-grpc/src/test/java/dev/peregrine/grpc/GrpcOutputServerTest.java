package dev.peregrine.grpc;

import dev.peregrine.grpc.proto.OutputsProto.response;
import dev.peregrine.grpc.proto.SchemaProto;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GrpcOutputServerTest {

    @TempDir
    static Path certDir;
    private static TestCertificates certs;

    @TempDir
    Path dir;

    private final GrpcOutputServer server = new GrpcOutputServer();
    private final GrpcChannel channel = server.channel();

    @BeforeAll
    static void makeCertificates() throws Exception {
        certs = TestCertificates.create(certDir); // RSA key generation is slow: once for the class
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Path startOnUnixSocket() {
        Path socket = dir.resolve("run/falco/falco.sock"); // parent directories do not exist yet
        server.start(GrpcSettings.unixSocket(socket));
        return socket;
    }

    @Test
    @SuppressWarnings("deprecation")
    void getReturnsTheAlertsWrittenBeforeItWithEveryField() throws Exception {
        Path socket = startOnUnixSocket();
        channel.write(TestAlerts.warning(0));
        channel.write(TestAlerts.warning(1));
        channel.write(TestAlerts.warning(2));

        try (TestClients client = TestClients.unixSocket(socket)) {
            List<response> got = client.get();

            assertThat(got).extracting(response::getOutput).containsExactly(
                    "A file was opened by cat #0", "A file was opened by cat #1", "A file was opened by cat #2");
            response first = got.getFirst();
            assertThat(first.getTime().getSeconds()).isEqualTo(1_470_327_477L);
            assertThat(first.getTime().getNanos()).isEqualTo(881_781_397);
            assertThat(got.get(2).getTime().getNanos()).isEqualTo(881_781_399);
            assertThat(first.getPriority()).isEqualTo(SchemaProto.priority.WARNING);
            assertThat(first.getRule()).isEqualTo("open_from_cat");
            assertThat(first.getSource()).isEqualTo("syscall");
            assertThat(first.getSourceDeprecated()).isEqualTo(SchemaProto.source.SYSCALL);
            assertThat(first.getHostname()).isEqualTo("host-1");
            assertThat(first.getTagsList()).containsExactly("filesystem", "mitre_discovery");
            assertThat(first.getOutputFieldsMap()).containsExactlyInAnyOrderEntriesOf(
                    Map.of("proc.name", "cat", "fd.num", "3", "container.id", "<NA>"));
        }
    }

    @Test
    void aSecondGetReturnsOnlyNewerAlerts() throws Exception {
        Path socket = startOnUnixSocket();
        try (TestClients client = TestClients.unixSocket(socket)) {
            assertThat(client.get()).isEmpty();
            channel.write(TestAlerts.warning(1));
            assertThat(client.get()).extracting(response::getOutput).containsExactly("A file was opened by cat #1");
            channel.write(TestAlerts.warning(2));
            channel.write(TestAlerts.warning(3));
            assertThat(client.get()).extracting(response::getOutput)
                    .containsExactly("A file was opened by cat #2", "A file was opened by cat #3");
            assertThat(client.get()).isEmpty();
        }
    }

    @Test
    void subReceivesAlertsWrittenAfterSubscribing() throws Exception {
        Path socket = startOnUnixSocket();
        try (TestClients client = TestClients.unixSocket(socket)) {
            TestClients.Subscription sub = client.sub();
            sub.request();
            channel.write(TestAlerts.warning(1));
            assertThat(sub.next().getOutput()).isEqualTo("A file was opened by cat #1");
            // no further request: alerts keep coming as they are written
            channel.write(TestAlerts.warning(2));
            channel.write(TestAlerts.warning(3));
            assertThat(sub.next().getOutput()).isEqualTo("A file was opened by cat #2");
            assertThat(sub.next().getOutput()).isEqualTo("A file was opened by cat #3");
            assertThat(server.queue().size()).isZero();
        }
    }

    @Test
    void aRequestOnSubSendsWhatWasQueuedBefore() throws Exception {
        Path socket = startOnUnixSocket();
        try (TestClients client = TestClients.unixSocket(socket)) {
            TestClients.Subscription sub = client.sub();
            channel.write(TestAlerts.warning(1));
            channel.write(TestAlerts.warning(2));
            // as in Falco, an open sub takes nothing until the client sends a request
            Thread.sleep(200);
            assertThat(sub.received).isEmpty();
            assertThat(server.queue().size()).isEqualTo(2);

            sub.request();
            assertThat(sub.next().getOutput()).isEqualTo("A file was opened by cat #1");
            assertThat(sub.next().getOutput()).isEqualTo("A file was opened by cat #2");
        }
    }

    @Test
    void subKeepsStreamingAfterTheClientHalfClosesAndEndsWhenTheServerCloses() throws Exception {
        Path socket = startOnUnixSocket();
        try (TestClients client = TestClients.unixSocket(socket)) {
            TestClients.Subscription sub = client.sub();
            sub.request();
            sub.requests.onCompleted(); // what grpcurl -d '{}' does after sending its request
            channel.write(TestAlerts.warning(1));
            assertThat(sub.next().getOutput()).isEqualTo("A file was opened by cat #1");

            server.close();
            assertThat(sub.ended.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(sub.error).isNull();
        }
    }

    @Test
    void closeRemovesTheSocketFile() {
        Path socket = startOnUnixSocket();
        assertThat(socket).exists();
        server.close();
        assertThat(socket).doesNotExist();
    }

    @Test
    void aStaleSocketIsReplaced() throws Exception {
        Path socket = dir.resolve("falco.sock");
        try (var stale = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            stale.bind(UnixDomainSocketAddress.of(socket));
        }
        assertThat(socket).exists(); // closing a unix socket leaves its file behind

        server.start(GrpcSettings.unixSocket(socket));
        channel.write(TestAlerts.warning(1));
        try (TestClients client = TestClients.unixSocket(socket)) {
            assertThat(client.get()).hasSize(1);
        }
    }

    @Test
    void aRegularFileInTheSocketsPlaceIsNotDeleted() throws Exception {
        Path file = Files.writeString(dir.resolve("falco.sock"), "keep me");
        assertThatThrownBy(() -> server.start(GrpcSettings.unixSocket(file)))
                .isInstanceOf(GrpcServerException.class)
                .hasMessage("cannot start the gRPC server at unix://" + file + ": " + file
                        + " exists and is not a socket");
        assertThat(file).hasContent("keep me");
    }

    @Test
    void aBadBindAddressIsAClearError() {
        assertThatThrownBy(() -> server.start(new GrpcSettings("localhost", 0, null, null, null)))
                .isInstanceOf(GrpcServerException.class)
                .hasMessage("cannot start the gRPC server at localhost: expected unix:///path/to.sock or host:port")
                .hasNoCause();
        assertThatThrownBy(() -> server.start(new GrpcSettings("0.0.0.0:99999", 0, null, null, null)))
                .hasMessage("cannot start the gRPC server at 0.0.0.0:99999: port 99999 is out of range 0..65535");
    }

    @Test
    void aMissingKeyFileIsAClearError() throws Exception {
        Path missing = dir.resolve("missing/server.key");
        assertThatThrownBy(() -> server.start(
                GrpcSettings.mutualTls("127.0.0.1:0", missing, certs.serverCert(), certs.caCert())))
                .isInstanceOf(GrpcServerException.class)
                .hasMessage("cannot start the gRPC server at 127.0.0.1:0: grpc.private_key " + missing
                        + " does not exist")
                .hasNoCause();
    }

    @Test
    void badTlsFilesSayWhichSettingAndWhy() throws Exception {
        Path text = Files.writeString(dir.resolve("not.pem"), "hello");
        assertThatThrownBy(() -> server.start(
                GrpcSettings.mutualTls("127.0.0.1:0", text, certs.serverCert(), certs.caCert())))
                .isInstanceOf(GrpcServerException.class)
                .hasMessage("cannot start the gRPC server at 127.0.0.1:0: grpc.private_key " + text
                        + " holds no PEM private key");
        assertThatThrownBy(() -> server.start(
                GrpcSettings.mutualTls("127.0.0.1:0", certs.serverKey(), certs.serverCert(), dir)))
                .hasMessage("cannot start the gRPC server at 127.0.0.1:0: grpc.root_certs " + dir + " is not a file");
        Path ec = Files.writeString(dir.resolve("ec.key"),
                "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
        assertThatThrownBy(() -> server.start(
                GrpcSettings.mutualTls("127.0.0.1:0", ec, certs.serverCert(), certs.caCert())))
                .hasMessageStartingWith("cannot start the gRPC server at 127.0.0.1:0: grpc.private_key " + ec
                        + ": the EC PRIVATE KEY block is not valid DER");
    }

    @Test
    void aKeyOfAnotherCertificateIsRefused() {
        assertThatThrownBy(() -> server.start(
                GrpcSettings.mutualTls("127.0.0.1:0", certs.clientKey(), certs.serverCert(), certs.caCert())))
                .isInstanceOf(GrpcServerException.class)
                .hasMessage("cannot start the gRPC server at 127.0.0.1:0: grpc.private_key " + certs.clientKey()
                        + ": the private key does not belong to the certificate in grpc.cert_chain "
                        + certs.serverCert());
    }

    @Test
    void tcpWithoutCertificatesIsRefused() {
        assertThatThrownBy(() -> server.start(new GrpcSettings("0.0.0.0:5060", 0, null, null, null)))
                .isInstanceOf(GrpcServerException.class)
                .hasMessage("cannot start the gRPC server at 0.0.0.0:5060: grpc.private_key is not set"
                        + " (a TCP address needs mutual TLS)");
    }

    @Test
    void aPortInUseIsAClearError() throws Exception {
        server.start(GrpcSettings.mutualTls("127.0.0.1:0", certs.serverKey(), certs.serverCert(), certs.caCert()));
        String taken = "127.0.0.1:" + server.port();
        try (GrpcOutputServer second = new GrpcOutputServer()) {
            assertThatThrownBy(() -> second.start(
                    GrpcSettings.mutualTls(taken, certs.serverKey(), certs.serverCert(), certs.caCert())))
                    .isInstanceOf(GrpcServerException.class)
                    .hasMessageStartingWith("cannot start the gRPC server at " + taken + ": ")
                    .hasMessageContaining("in use")
                    .message().doesNotContain("\n");
        }
    }

    @Test
    void tcpServesClientsWithACertificateFromTheRootCas() throws Exception {
        server.start(GrpcSettings.mutualTls("127.0.0.1:0", certs.serverKey(), certs.serverCert(), certs.caCert()));
        channel.write(TestAlerts.warning(1));

        try (TestClients client = TestClients.tls(server.port(), certs.caCert(), certs.clientKey(),
                certs.clientCert())) {
            assertThat(client.get()).extracting(response::getRule).containsExactly("open_from_cat");
            TestClients.Subscription sub = client.sub();
            sub.request();
            channel.write(TestAlerts.warning(2));
            assertThat(sub.next().getOutput()).isEqualTo("A file was opened by cat #2");
        }
    }

    @Test
    void tcpRefusesAClientWithoutACertificate() throws Exception {
        server.start(GrpcSettings.mutualTls("127.0.0.1:0", certs.serverKey(), certs.serverCert(), certs.caCert()));
        channel.write(TestAlerts.warning(1));

        try (TestClients client = TestClients.tls(server.port(), certs.caCert(), null, null)) {
            assertThatThrownBy(client::get).isInstanceOfSatisfying(StatusRuntimeException.class,
                    e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        }
        try (TestClients client = TestClients.tls(server.port(), certs.caCert(), certs.strangerKey(),
                certs.strangerCert())) {
            assertThatThrownBy(client::get).isInstanceOf(StatusRuntimeException.class);
        }
        assertThat(server.queue().size()).isEqualTo(1); // nothing was handed out
    }

    @Test
    void theTestSupportClientRendersAlertsAsText() throws Exception {
        Path socket = startOnUnixSocket();
        channel.write(TestAlerts.warning(0));

        List<String> alerts = GrpcOutputsClient.get("unix://" + socket, Duration.ofSeconds(10));

        assertThat(alerts).singleElement().satisfies(line -> assertThat(line)
                .contains("time { seconds: 1470327477 nanos: 881781397 }")
                .contains("priority: WARNING")
                .contains("rule: \"open_from_cat\"")
                .contains("output: \"A file was opened by cat #0\"")
                .contains("output_fields { key: \"proc.name\" value: \"cat\" }")
                .contains("hostname: \"host-1\"")
                .contains("tags: \"filesystem\"")
                .contains("source: \"syscall\"")
                .doesNotContain("\n"));
    }

    @Test
    void theTestSupportClientSpeaksMutualTls() throws Exception {
        server.start(GrpcSettings.mutualTls("127.0.0.1:0", certs.serverKey(), certs.serverCert(), certs.caCert()));
        channel.write(TestAlerts.warning(0));

        List<String> alerts = GrpcOutputsClient.get("127.0.0.1:" + server.port(), certs.clientKey(),
                certs.clientCert(), certs.caCert(), Duration.ofSeconds(10));

        assertThat(alerts).singleElement().asString().contains("rule: \"open_from_cat\"");
    }

    @Test
    void theTestSupportClientNeedsAllThreeTlsFiles() {
        assertThatThrownBy(() -> GrpcOutputsClient.get("127.0.0.1:1", certs.clientKey(), certs.clientCert(), null,
                Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mutual TLS needs all of the client key, client cert and root certs");
    }
}
