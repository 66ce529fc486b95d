package dev.peregrine.grpc;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BindAddressTest {

    @Test
    void unixSocketForms() {
        assertThat(BindAddress.parse("unix:///run/falco/falco.sock"))
                .isEqualTo(new BindAddress.UnixSocket(Path.of("/run/falco/falco.sock")));
        assertThat(BindAddress.parse("unix:falco.sock")).isEqualTo(new BindAddress.UnixSocket(Path.of("falco.sock")));
    }

    @Test
    void tcpForms() {
        assertThat(BindAddress.parse("0.0.0.0:5060")).isEqualTo(new BindAddress.Tcp("0.0.0.0", 5060));
        assertThat(BindAddress.parse("localhost:5060")).isEqualTo(new BindAddress.Tcp("localhost", 5060));
        assertThat(BindAddress.parse("[::1]:5060")).isEqualTo(new BindAddress.Tcp("::1", 5060));
    }

    @Test
    void badAddresses() {
        assertThatThrownBy(() -> BindAddress.parse("")).hasMessage("the address is empty");
        assertThatThrownBy(() -> BindAddress.parse("unix://")).hasMessage("the unix socket path is empty");
        assertThatThrownBy(() -> BindAddress.parse("5060")).hasMessage("expected unix:///path/to.sock or host:port");
        assertThatThrownBy(() -> BindAddress.parse("host:")).hasMessage("expected unix:///path/to.sock or host:port");
        assertThatThrownBy(() -> BindAddress.parse("host:http")).hasMessage("invalid port 'http'");
        assertThatThrownBy(() -> BindAddress.parse("::1:5060")).hasMessageContaining("in brackets");
        assertThatThrownBy(() -> BindAddress.parse("unix:///" + "x".repeat(200)))
                .hasMessage("the unix socket path is longer than 107 bytes");
    }
}
