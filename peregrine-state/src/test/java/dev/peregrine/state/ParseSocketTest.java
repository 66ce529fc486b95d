package dev.peregrine.state;

import dev.peregrine.scap.FdType;
import dev.peregrine.scap.L4Proto;
import dev.peregrine.scap.synthetic.ShellMachine;
import dev.peregrine.scap.synthetic.SocketParams;
import dev.peregrine.scap.synthetic.SyntheticCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static dev.peregrine.scap.synthetic.ShellMachine.ETH0;
import static dev.peregrine.scap.synthetic.ShellMachine.SHELL;
import static dev.peregrine.scap.synthetic.SocketParams.AF_INET;
import static dev.peregrine.scap.synthetic.SocketParams.AF_INET6;
import static dev.peregrine.scap.synthetic.SocketParams.AF_UNIX;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The socket family's parsers (libsinsp e5c53d6 add_socket, parse_bind_exit, parse_connect_enter/exit,
 * parse_accept_exit, parse_socketpair_exit; today's exits alone as current libsinsp reads them): the socket's type
 * and protocol, then its addresses, name and role as it is bound, connected or accepted.
 */
class ParseSocketTest {
    private static final int SOCK_STREAM = 1, SOCK_DGRAM = 2, SOCK_RAW = 3;
    private static final int AF_NETLINK = 16, AF_PACKET = 17;
    private static final long EINPROGRESS = -115, ECONNREFUSED = -111;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "domain {0} type {1} protocol {2}")
    @CsvSource({
            "2, 1, 0, 3, 2", // AF_INET, SOCK_STREAM: TCP
            "2, 2, 0, 3, 3", // SOCK_DGRAM: UDP
            "2, 1, 6, 3, 2", // IPPROTO_TCP
            "2, 2, 17, 3, 3", // IPPROTO_UDP
            "2, 2, 1, 3, 4", // IPPROTO_ICMP (ping sockets)
            "2, 3, 1, 3, 5", // SOCK_RAW, IPPROTO_ICMP
            "2, 3, 255, 3, 5", // IPPROTO_RAW
            "2, 524289, 0, 3, 2", // SOCK_STREAM | SOCK_CLOEXEC
            "10, 1, 0, 4, 2", // AF_INET6
            "1, 1, 0, 8, 0", // AF_UNIX
            "16, 3, 0, 15, 0"}) // AF_NETLINK
    void socketMakesAnFdOfItsDomainAndProtocol(int domain, int type, int proto, int fdType, int l4) throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        c.enter(SHELL, "socket").set("domain", domain).set("type", type).set("proto", proto);
        c.exit(SHELL, "socket").set("fd", 5L);
        // today's exit alone carries the same three
        c.exit(SHELL, "socket").set("fd", 6L).set("domain", domain).set("type", type).set("proto", proto);
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.skip(2);
            for (long fd : new long[] {5, 6}) {
                FdInfo f = r.fd(SHELL, fd);
                assertThat(f.type()).as("fd %d", fd).isEqualTo(fdType);
                assertThat(f.l4proto()).isEqualTo(l4);
                assertThat(f.name()).isEmpty();
                assertThat(f.roleNone()).isTrue();
                assertThat(r.state().currentFdNum()).isEqualTo(fd);
                r.finish();
            }
        }
    }

    @Test
    void socketsOfOtherDomainsAndFailedSocketsAreNotTracked() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        c.exit(SHELL, "socket").set("fd", 5L).set("domain", AF_PACKET).set("type", SOCK_RAW).set("proto", 768);
        c.exit(SHELL, "socket").set("fd", -97L).set("domain", AF_INET).set("type", SOCK_STREAM).set("proto", 0);
        try (StateReplay r = StateReplay.of(c, dir)) {
            int fds = r.thread(SHELL).fds().size();
            r.skip(2);
            assertThat(r.fd(SHELL, 5)).isNull();
            assertThat(r.thread(SHELL).fds().size()).isEqualTo(fds);
        }
    }

    @Test
    void bindMakesAServerSocket() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        tcpSocket(c, 5);
        c.exit(SHELL, "bind").set("res", 0L).set("addr", SocketParams.ipv4("0.0.0.0", 8080)).set("fd", 5L);
        c.exit(SHELL, "socket").set("fd", 6L).set("domain", AF_INET6).set("type", SOCK_STREAM).set("proto", 0);
        c.exit(SHELL, "bind").set("res", 0L).set("addr", SocketParams.ipv6("::", 8443)).set("fd", 6L);
        c.exit(SHELL, "socket").set("fd", 7L).set("domain", AF_INET6).set("type", SOCK_STREAM).set("proto", 0);
        c.exit(SHELL, "bind").set("res", 0L).set("addr", SocketParams.ipv6("::ffff:127.0.0.1", 9000)).set("fd", 7L);
        c.exit(SHELL, "socket").set("fd", 8L).set("domain", AF_UNIX).set("type", SOCK_STREAM).set("proto", 0);
        c.exit(SHELL, "bind").set("res", 0L).set("addr", SocketParams.unix("/run/app.sock")).set("fd", 8L);
        c.exit(SHELL, "socket").set("fd", 9L).set("domain", AF_INET6).set("type", SOCK_STREAM).set("proto", 0);
        c.exit(SHELL, "bind").set("res", 0L).set("addr", SocketParams.ipv6("2001:db8::5", 443)).set("fd", 9L);
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.skip(2);
            FdInfo v4 = r.fd(SHELL, 5);
            assertThat(v4.type()).isEqualTo(FdType.IPV4_SERVSOCK);
            assertThat(v4.sip()).isZero();
            assertThat(v4.sport()).isEqualTo(8080);
            assertThat(v4.l4proto()).isEqualTo(L4Proto.TCP);
            assertThat(v4.name()).isEqualTo("0.0.0.0:8080");
            assertThat(v4.isServer()).isTrue();
            assertThat(v4.nameChangedBy(r.state().eventSeq())).isTrue();
            r.skip(2);
            // libsinsp takes the all-zero IPv6 address for an IPv4 one too
            FdInfo any6 = r.fd(SHELL, 6);
            assertThat(any6.type()).isEqualTo(FdType.IPV4_SERVSOCK);
            assertThat(any6.sip()).isZero();
            assertThat(any6.sport()).isEqualTo(8443);
            assertThat(any6.name()).isEqualTo(":::8443");
            r.skip(2);
            // an IPv4 address in IPv6 clothing is an IPv4 server
            FdInfo mapped = r.fd(SHELL, 7);
            assertThat(mapped.type()).isEqualTo(FdType.IPV4_SERVSOCK);
            assertThat(mapped.sip()).isEqualTo(SocketParams.ipv4Address("127.0.0.1"));
            assertThat(mapped.sport()).isEqualTo(9000);
            r.skip(2);
            assertThat(r.fd(SHELL, 8).name()).isEqualTo("/run/app.sock");
            assertThat(r.fd(SHELL, 8).type()).isEqualTo(FdType.UNIX_SOCK);
            r.skip(2);
            FdInfo v6 = r.fd(SHELL, 9);
            assertThat(v6.type()).isEqualTo(FdType.IPV6_SERVSOCK);
            assertThat(v6.sip6()).isEqualTo(SocketParams.ipv6Address("2001:db8::5"));
            assertThat(v6.sport()).isEqualTo(443);
            assertThat(v6.name()).isEqualTo("2001:db8::5:443");
            assertThat(v6.isServer()).isTrue();
        }
    }

    @Test
    void bindingPortZeroOrFailingMakesNoServer() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        tcpSocket(c, 5);
        c.exit(SHELL, "bind").set("res", 0L).set("addr", SocketParams.ipv4("10.0.0.5", 0)).set("fd", 5L);
        tcpSocket(c, 6);
        c.exit(SHELL, "bind").set("res", -98L).set("addr", SocketParams.ipv4("0.0.0.0", 80)).set("fd", 6L);
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.skip(2);
            FdInfo f = r.fd(SHELL, 5);
            assertThat(f.type()).isEqualTo(FdType.IPV4_SOCK);
            assertThat(f.roleNone()).isTrue();
            assertThat(f.name()).isEqualTo("10.0.0.5:0");
            r.skip(2);
            assertThat(r.fd(SHELL, 6).type()).isEqualTo(FdType.IPV4_SOCK);
            assertThat(r.fd(SHELL, 6).name()).isEmpty();
        }
    }

    @Test
    void connectMakesAConnectedClientSocket() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        tcpSocket(c, 5);
        c.enter(SHELL, "connect").set("fd", 5L).set("addr", SocketParams.ipv4("93.184.216.34", 443));
        c.exit(SHELL, "connect").set("res", 0L).set("fd", 5L)
                .set("tuple", SocketParams.ipv4Tuple(ETH0, 40000, "93.184.216.34", 443));
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.skip(2);
            FdInfo f = r.fd(SHELL, 5);
            // the enter event tells the destination only
            assertThat(f.dip()).isEqualTo(SocketParams.ipv4Address("93.184.216.34"));
            assertThat(f.dport()).isEqualTo(443);
            assertThat(f.sport()).isZero();
            assertThat(f.name()).isEmpty();
            assertThat(f.connected()).isFalse();
            r.next();
            assertThat(f.sip()).isEqualTo(SocketParams.ipv4Address(ETH0));
            assertThat(f.sport()).isEqualTo(40000);
            assertThat(f.name()).isEqualTo(ETH0 + ":40000->93.184.216.34:443");
            assertThat(f.connected()).isTrue();
            assertThat(f.isClient()).isTrue();
            assertThat(r.state().currentFd()).isSameAs(f);
        }
    }

    @Test
    void aConnectInProgressCountsAndARefusedOneDoesNot() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        tcpSocket(c, 5);
        c.exit(SHELL, "connect").set("res", EINPROGRESS).set("fd", 5L)
                .set("tuple", SocketParams.ipv4Tuple(ETH0, 40001, "10.0.0.1", 80));
        tcpSocket(c, 6);
        c.exit(SHELL, "connect").set("res", ECONNREFUSED).set("fd", 6L)
                .set("tuple", SocketParams.ipv4Tuple(ETH0, 40002, "10.0.0.1", 81));
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.skip(2);
            assertThat(r.fd(SHELL, 5).connected()).isTrue();
            assertThat(r.fd(SHELL, 5).name()).isEqualTo(ETH0 + ":40001->10.0.0.1:80");
            r.skip(2);
            assertThat(r.fd(SHELL, 6).connected()).isFalse();
            assertThat(r.fd(SHELL, 6).name()).isEmpty();
            assertThat(r.fd(SHELL, 6).roleNone()).isTrue();
        }
    }

    @Test
    void connectOverIpv6AndUnixSockets() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        c.exit(SHELL, "socket").set("fd", 5L).set("domain", AF_INET6).set("type", SOCK_STREAM).set("proto", 0);
        c.exit(SHELL, "connect").set("res", 0L).set("fd", 5L)
                .set("tuple", SocketParams.ipv6Tuple("2001:db8::5", 50000, "2001:db8::1", 443));
        c.exit(SHELL, "socket").set("fd", 6L).set("domain", AF_UNIX).set("type", SOCK_STREAM).set("proto", 0);
        c.exit(SHELL, "connect").set("res", 0L).set("fd", 6L)
                .set("tuple", SocketParams.unixTuple(0xffff9a0001L, 0xffff9a0002L, "/run/docker.sock"));
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.skip(2);
            FdInfo v6 = r.fd(SHELL, 5);
            assertThat(v6.type()).isEqualTo(FdType.IPV6_SOCK);
            assertThat(v6.name()).isEqualTo("2001:db8::5:50000->2001:db8::1:443");
            assertThat(v6.dip6()).isEqualTo(SocketParams.ipv6Address("2001:db8::1"));
            r.skip(2);
            FdInfo unix = r.fd(SHELL, 6);
            assertThat(unix.name()).isEqualTo("ffff9a0001->ffff9a0002 /run/docker.sock");
            assertThat(unix.unixSource()).isEqualTo(0xffff9a0001L);
            assertThat(unix.unixDest()).isEqualTo(0xffff9a0002L);
            assertThat(unix.isClient()).isTrue();
        }
    }

    @Test
    void acceptAddsTheServerSideOfTheConnection() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        tcpSocket(c, 5);
        c.exit(SHELL, "bind").set("res", 0L).set("addr", SocketParams.ipv4("0.0.0.0", 8080)).set("fd", 5L);
        c.exit(SHELL, "accept").set("fd", 6L).set("tuple", SocketParams.ipv4Tuple("10.0.0.9", 5555, ETH0, 8080))
                .set("queuemax", 128);
        c.exit(SHELL, "accept4").set("fd", 7L)
                .set("tuple", SocketParams.ipv6Tuple("::ffff:10.0.0.8", 6666, "::ffff:" + ETH0, 8080));
        c.exit(SHELL, "accept4").set("fd", 8L).set("tuple", SocketParams.ipv6Tuple("fe80::9", 7777, "fe80::5", 8080));
        c.exit(SHELL, "accept4").set("fd", 9L).set("tuple", SocketParams.unixTuple(0xa1L, 0xb2L, "/run/app.sock"));
        c.exit(SHELL, "accept4").set("fd", -11L).set("tuple", new byte[0]);
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.skip(3);
            FdInfo f = r.fd(SHELL, 6);
            assertThat(f.type()).isEqualTo(FdType.IPV4_SOCK);
            assertThat(f.l4proto()).isEqualTo(L4Proto.TCP);
            assertThat(f.name()).isEqualTo("10.0.0.9:5555->" + ETH0 + ":8080");
            assertThat(f.isServer()).isTrue();
            assertThat(f.connected()).isTrue();
            assertThat(r.state().currentFdNum()).isEqualTo(6);
            r.next();
            // both ends IPv4-mapped: an IPv4 socket
            FdInfo mapped = r.fd(SHELL, 7);
            assertThat(mapped.type()).isEqualTo(FdType.IPV4_SOCK);
            assertThat(mapped.name()).isEqualTo("10.0.0.8:6666->" + ETH0 + ":8080");
            r.next();
            assertThat(r.fd(SHELL, 8).type()).isEqualTo(FdType.IPV6_SOCK);
            assertThat(r.fd(SHELL, 8).name()).isEqualTo("fe80::9:7777->fe80::5:8080");
            r.next();
            assertThat(r.fd(SHELL, 9).type()).isEqualTo(FdType.UNIX_SOCK);
            assertThat(r.fd(SHELL, 9).name()).isEqualTo("a1->b2 /run/app.sock");
            int fds = r.thread(SHELL).fds().size();
            r.next();
            assertThat(r.thread(SHELL).fds().size()).isEqualTo(fds);
        }
    }

    @Test
    void socketpairAddsTwoConnectedUnixSockets() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        c.exit(SHELL, "socketpair").set("res", 0L).set("fd1", 5L).set("fd2", 6L).set("source", 0x10L)
                .set("peer", 0x20L).set("domain", AF_UNIX).set("type", SOCK_DGRAM);
        c.exit(SHELL, "socketpair").set("res", -24L).set("fd1", 7L).set("fd2", 8L);
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.next();
            for (long fd : new long[] {5, 6}) {
                FdInfo f = r.fd(SHELL, fd);
                assertThat(f.type()).isEqualTo(FdType.UNIX_SOCK);
                assertThat(f.unixSource()).isEqualTo(0x10);
                assertThat(f.unixDest()).isEqualTo(0x20);
            }
            assertThat(r.state().currentFdNum()).isEqualTo(6);
            r.next();
            assertThat(r.fd(SHELL, 7)).isNull();
        }
    }

    private static void tcpSocket(SyntheticCapture c, long fd) {
        c.exit(SHELL, "socket").set("fd", fd).set("domain", AF_INET).set("type", SOCK_STREAM).set("proto", 0);
    }
}
