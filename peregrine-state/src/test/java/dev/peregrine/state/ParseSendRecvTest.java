package dev.peregrine.state;

import dev.peregrine.scap.FdType;
import dev.peregrine.scap.L4Proto;
import dev.peregrine.scap.synthetic.ShellMachine;
import dev.peregrine.scap.synthetic.SocketParams;
import dev.peregrine.scap.synthetic.SyntheticCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.peregrine.scap.synthetic.ShellMachine.ETH0;
import static dev.peregrine.scap.synthetic.ShellMachine.SHELL;
import static dev.peregrine.scap.synthetic.SocketParams.AF_INET;
import static dev.peregrine.scap.synthetic.SocketParams.AF_UNIX;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * parse_rw_exit and infer_sendto_fdinfo (libsinsp e5c53d6): reads and writes mark IP sockets connected, and the
 * tuples of recvfrom, recvmsg, sendto and sendmsg name sockets that have no name yet or are not TCP (datagram
 * sockets, whose peer can change with every message). Without their enter event, sendto and sendmsg exits
 * carry the tuple themselves, as current libsinsp reads them.
 */
class ParseSendRecvTest {
    private static final int SOCK_STREAM = 1, SOCK_DGRAM = 2;

    @TempDir
    Path dir;

    @Test
    void sendtoNamesADatagramSocketAfterItsPeer() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        udpSocket(c, 5);
        c.enter(SHELL, "sendto").set("fd", 5L).set("size", 30)
                .set("tuple", SocketParams.ipv4Tuple(ETH0, 50000, "8.8.8.8", 53));
        c.exit(SHELL, "sendto").set("res", 30L).set("fd", 5L).set("size", 30);
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.skip(3);
            FdInfo f = r.fd(SHELL, 5);
            assertThat(f.type()).isEqualTo(FdType.IPV4_SOCK);
            assertThat(f.l4proto()).isEqualTo(L4Proto.UDP);
            assertThat(f.name()).isEqualTo(ETH0 + ":50000->8.8.8.8:53");
            assertThat(f.isClient()).isTrue();
            assertThat(f.connected()).isTrue();
        }
    }

    @Test
    void sendtoAndSendmsgExitsAloneCarryTheirTuple() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        udpSocket(c, 5);
        c.exit(SHELL, "sendto").set("res", 30L).set("fd", 5L).set("size", 30)
                .set("tuple", SocketParams.ipv4Tuple(ETH0, 50000, "8.8.8.8", 53));
        udpSocket(c, 6);
        c.exit(SHELL, "sendmsg").set("res", 12L).set("fd", 6L).set("size", 12)
                .set("tuple", SocketParams.ipv4Tuple(ETH0, 50001, "1.1.1.1", 53));
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.skip(2);
            assertThat(r.fd(SHELL, 5).name()).isEqualTo(ETH0 + ":50000->8.8.8.8:53");
            assertThat(r.fd(SHELL, 5).isClient()).isTrue();
            r.skip(2);
            assertThat(r.fd(SHELL, 6).name()).isEqualTo(ETH0 + ":50001->1.1.1.1:53");
        }
    }

    @Test
    void recvfromAndRecvmsgNameTheSocketFromTheirTuple() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        udpSocket(c, 5);
        c.exit(SHELL, "recvfrom").set("res", 40L).set("fd", 5L)
                .set("tuple", SocketParams.ipv4Tuple("8.8.4.4", 53, ETH0, 50002));
        c.exit(SHELL, "socket").set("fd", 6L).set("domain", AF_UNIX).set("type", SOCK_DGRAM).set("proto", 0);
        c.exit(SHELL, "recvmsg").set("res", 8L).set("fd", 6L)
                .set("tuple", SocketParams.unixTuple(0xc1L, 0xc2L, "/run/systemd/notify"));
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.skip(2);
            FdInfo f = r.fd(SHELL, 5);
            assertThat(f.name()).isEqualTo("8.8.4.4:53->" + ETH0 + ":50002");
            assertThat(f.connected()).isTrue();
            assertThat(f.roleNone()).isFalse();
            r.skip(2);
            // unix sockets are named after the whole tuple, as libsinsp prints it
            FdInfo unix = r.fd(SHELL, 6);
            assertThat(unix.name()).isEqualTo("c1->c2 /run/systemd/notify");
            assertThat(unix.unixSource()).isEqualTo(0xc1);
            assertThat(unix.unixDest()).isEqualTo(0xc2);
        }
    }

    @Test
    void aNamedTcpSocketKeepsItsName() throws Exception {
        SyntheticCapture c = ShellMachine.capture().ipv4Socket(SHELL, 7, ETH0, 40000, "10.0.0.1", 80, L4Proto.TCP);
        c.exit(SHELL, "recvfrom").set("res", 10L).set("fd", 7L)
                .set("tuple", SocketParams.ipv4Tuple("10.9.9.9", 1, ETH0, 2));
        try (StateReplay r = StateReplay.of(c, dir)) {
            String before = r.fd(SHELL, 7).name();
            assertThat(before).isEqualTo(ETH0 + ":40000->10.0.0.1:80");
            r.next();
            assertThat(r.fd(SHELL, 7).name()).isEqualTo(before);
        }
    }

    @Test
    void readsAndWritesMarkIpSocketsConnected() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        c.exit(SHELL, "socket").set("fd", 5L).set("domain", AF_INET).set("type", SOCK_STREAM).set("proto", 0);
        c.exit(SHELL, "read").set("res", -11L).set("fd", 5L); // EAGAIN
        c.exit(SHELL, "write").set("res", 3L).set("fd", 5L);
        c.exit(SHELL, "read").set("res", 3L).set("fd", 0L);
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.skip(2);
            assertThat(r.fd(SHELL, 5).connected()).isFalse();
            r.next();
            assertThat(r.fd(SHELL, 5).connected()).isTrue();
            assertThat(r.state().currentFd()).isSameAs(r.fd(SHELL, 5));
            r.next();
            // files have no connection
            assertThat(r.fd(SHELL, 0).connected()).isFalse();
            assertThat(r.state().currentFdNum()).isZero();
        }
    }

    @Test
    void sendtoOnAnUnknownFdAddsADatagramSocket() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        c.enter(SHELL, "sendto").set("fd", 9L).set("size", 4)
                .set("tuple", SocketParams.ipv4Tuple(ETH0, 50003, "10.0.0.53", 53));
        c.exit(SHELL, "sendto").set("res", 4L).set("fd", 9L).set("size", 4);
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.next();
            FdInfo f = r.fd(SHELL, 9);
            assertThat(f).isNotNull();
            assertThat(f.type()).isEqualTo(FdType.IPV4_SOCK);
            assertThat(f.l4proto()).isEqualTo(L4Proto.UDP);
            r.next();
            assertThat(r.fd(SHELL, 9).name()).isEqualTo(ETH0 + ":50003->10.0.0.53:53");
        }
    }

    private static void udpSocket(SyntheticCapture c, long fd) {
        c.exit(SHELL, "socket").set("fd", fd).set("domain", AF_INET).set("type", SOCK_DGRAM).set("proto", 0);
    }
}
