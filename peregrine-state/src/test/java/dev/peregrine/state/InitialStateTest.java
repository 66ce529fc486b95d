package dev.peregrine.state;

import dev.peregrine.scap.FdEntry;
import dev.peregrine.scap.FdType;
import dev.peregrine.scap.L4Proto;
import dev.peregrine.scap.synthetic.ShellMachine;
import dev.peregrine.scap.synthetic.SocketParams;
import dev.peregrine.scap.synthetic.SyntheticCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.peregrine.scap.synthetic.ShellMachine.ALICE;
import static dev.peregrine.scap.synthetic.ShellMachine.ETH0;
import static dev.peregrine.scap.synthetic.ShellMachine.INIT;
import static dev.peregrine.scap.synthetic.ShellMachine.SHELL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The state a capture starts with, from its process, fd and user lists, as libsinsp e5c53d6 imports them
 * (sinsp_threadinfo::init, add_fd_from_scap, create_child_dependencies, fix_sockets_coming_from_proc), with the
 * fields only libs HEAD reads (capabilities, overlay layers, process group, executable inode).
 */
class InitialStateTest {
    private static final long WEB = 300, WORKER = 301;
    private static final String CONTAINER = "3ad7b26ded6d8e7b23da7d48fe889434573036c27ae5a74837233de441c3601e";

    @TempDir
    Path dir;

    private static SyntheticCapture machine() {
        return ShellMachine.capture()
                .thread(WEB, t -> {
                    t.ptid = INIT;
                    t.comm = "nginx";
                    t.exe = "/usr/sbin/nginx";
                    t.cwd = "/srv";
                    t.env = List.of("PORT=8080", "", "");
                    t.uid = 33;
                    t.gid = 33;
                    t.pgid = WEB;
                    t.capPermitted = 0x400;
                    t.capEffective = 0x400;
                    t.exeUpperLayer = true;
                    t.exeFromMemfd = true;
                    t.exeIno = 1234;
                    t.cgroups = List.of("cpu_cgroup=/docker/" + CONTAINER);
                })
                .thread(WORKER, t -> {
                    t.pid = WEB;
                    t.ptid = INIT;
                    t.comm = "nginx";
                    t.cwd = "/ignored";
                    t.env = List.of("IGNORED=1");
                    t.flags = Clone.CLONE_THREAD | Clone.CLONE_FILES;
                })
                .file(WEB, 3, "/var/log/nginx/access.log", 1 << 1 | 1 << 3)
                .namedFd(WEB, 4, FdType.FILE_V2, "/dev/null")
                .ipv4Server(WEB, 5, "0.0.0.0", 8080, L4Proto.TCP)
                // accepted by the server above: the fd list has the local end first
                .ipv4Socket(WEB, 6, ETH0, 8080, "10.0.0.9", 5555, L4Proto.TCP)
                // a client connection to another machine
                .ipv4Socket(WEB, 7, ETH0, 41000, "10.0.0.1", 5432, L4Proto.TCP)
                // a UDP socket whose local address the kernel left unset: the interface's is filled in
                .ipv4Socket(WEB, 8, "0.0.0.0", 53000, "10.0.0.53", 53, L4Proto.UDP)
                .unixSocket(WEB, 9, 0xa1, 0xb2, "/run/nginx.sock")
                .unixSocket(WEB, 10, 0xa3, 0xb4, "")
                .fd(new FdEntry(WEB, 11, 0, FdType.IPV6_SOCK, "", 0, 0, 0, 0, SocketParams.ipv6Address("2001:db8::5"),
                        SocketParams.ipv6Address("2001:db8::1"), 443, 44000, L4Proto.TCP, 0, 0))
                .fd(new FdEntry(WEB, 12, 0, FdType.IPV6_SOCK, "", 0, 0, 0, 0,
                        SocketParams.ipv6Address("::ffff:10.0.0.5"), SocketParams.ipv6Address("::ffff:10.0.0.7"),
                        9000, 9001, L4Proto.TCP, 0, 0))
                .namedFd(WEB, 13, FdType.MEMFD, "memfd:x")
                // the fd list of a process not in the process list
                .file(999, 3, "/orphan", 1);
    }

    @Test
    void threadsAreImportedFromTheProcessList() throws Exception {
        SyntheticCapture c = machine();
        c.exit(INIT, "getcwd").set("res", 0L).set("path", "/");
        try (StateReplay r = StateReplay.of(c, dir)) {
            SystemState s = r.state();
            assertThat(s.threadCount()).isEqualTo(4);
            ThreadInfo web = s.thread(WEB);
            assertThat(List.of(web.comm(), web.exe())).containsExactly("nginx", "/usr/sbin/nginx");
            assertThat(web.ptid()).isEqualTo(INIT);
            assertThat(web.uid()).isEqualTo(33);
            // a working directory always ends in '/'
            assertThat(web.cwd()).isEqualTo("/srv/");
            // the NUL padding after the environment is no variable
            assertThat(web.env()).containsExactly("PORT=8080");
            assertThat(web.flags() & Clone.ACTIVE).isNotZero();
            assertThat(web.cgroups()).singleElement().asString().startsWith("cpu=/docker/");
            assertThat(web.containerId()).isEqualTo(CONTAINER.substring(0, 12));
            // libs HEAD fields
            assertThat(web.pgid()).isEqualTo(WEB);
            assertThat(web.capPermitted()).isEqualTo(0x400);
            assertThat(web.capEffective()).isEqualTo(0x400);
            assertThat(web.exeUpperLayer()).isTrue();
            assertThat(web.exeFromMemfd()).isTrue();
            assertThat(web.exeLowerLayer()).isFalse();
            assertThat(web.exeIno()).isEqualTo(1234);
            // threads: counted on their main thread, which holds the cwd and environment
            ThreadInfo worker = s.thread(WORKER);
            assertThat(web.nchilds()).isEqualTo(1);
            assertThat(worker.isMainThread()).isFalse();
            assertThat(worker.cwd()).isEmpty();
            assertThat(worker.env()).isEmpty();
            assertThat(s.cwdOf(worker)).isEqualTo("/srv/");
            assertThat(s.fdTable(worker)).isSameAs(web.fds());
            // the shell's login uid as the list gives it
            assertThat(s.thread(SHELL).loginuid()).isEqualTo(ALICE);
        }
    }

    @Test
    void aNewerWritersTailIsReadAsLibsinspE5c53d6ReadsIt() throws Exception {
        // e5c53d6 reads the bytes after root as loginuid: a newer writer put pidns_init_start_ts there
        SyntheticCapture c = ShellMachine.capture().thread(WEB, t -> {
            t.loginuid = 1000;
            t.pidnsInitStartTs = 0x0000_0001_0000_0042L;
        });
        c.exit(INIT, "getcwd").set("res", 0L).set("path", "/");
        try (StateReplay r = StateReplay.of(c, dir)) {
            assertThat(r.thread(WEB).loginuid()).isEqualTo(0x42);
            assertThat(r.thread(WEB).exeWritable()).isTrue();
        }
    }

    @Test
    void fdsAreImportedFromTheFdLists() throws Exception {
        SyntheticCapture c = machine();
        c.exit(INIT, "getcwd").set("res", 0L).set("path", "/");
        try (StateReplay r = StateReplay.of(c, dir)) {
            FdInfo log = r.fd(WEB, 3);
            assertThat(log.type()).isEqualTo(FdType.FILE_V2);
            assertThat(log.name()).isEqualTo("/var/log/nginx/access.log");
            assertThat(log.openFlags()).isEqualTo(1 << 1 | 1 << 3);
            assertThat(log.flags() & FdInfo.FLAG_FROM_PROC).isNotZero();
            assertThat(log.flags() & FdInfo.FLAG_IS_TRACER_FILE).isZero();
            assertThat(r.fd(WEB, 4).flags() & FdInfo.FLAG_IS_TRACER_FILE).isNotZero();

            FdInfo server = r.fd(WEB, 5);
            assertThat(server.type()).isEqualTo(FdType.IPV4_SERVSOCK);
            assertThat(server.name()).isEqualTo("0.0.0.0:8080");

            // its local port is a listening port: the connection is the server's, client end first
            FdInfo accepted = r.fd(WEB, 6);
            assertThat(accepted.name()).isEqualTo("10.0.0.9:5555->" + ETH0 + ":8080");
            assertThat(accepted.isServer()).isTrue();
            assertThat(accepted.connected()).isTrue();
            FdInfo client = r.fd(WEB, 7);
            assertThat(client.name()).isEqualTo(ETH0 + ":41000->10.0.0.1:5432");
            assertThat(client.isClient()).isTrue();
            FdInfo udp = r.fd(WEB, 8);
            assertThat(udp.sip()).isEqualTo(SocketParams.ipv4Address(ETH0));
            assertThat(udp.name()).isEqualTo(ETH0 + ":53000->10.0.0.53:53");
            assertThat(udp.connected()).isFalse();

            // a named unix socket is a server end, an unnamed one a client
            assertThat(r.fd(WEB, 9).isServer()).isTrue();
            assertThat(r.fd(WEB, 9).name()).isEqualTo("/run/nginx.sock");
            assertThat(r.fd(WEB, 10).isClient()).isTrue();

            assertThat(r.fd(WEB, 11).type()).isEqualTo(FdType.IPV6_SOCK);
            assertThat(r.fd(WEB, 11).name()).isEqualTo("2001:db8::5:443->2001:db8::1:44000");
            // both ends IPv4-mapped: an IPv4 socket
            assertThat(r.fd(WEB, 12).type()).isEqualTo(FdType.IPV4_SOCK);
            assertThat(r.fd(WEB, 12).name()).isEqualTo(ETH0 + ":9000->10.0.0.7:9001");

            // types libsinsp e5c53d6 did not know are left out
            assertThat(r.fd(WEB, 13)).isNull();
            assertThat(r.state().thread(999)).isNull();
        }
    }

    @Test
    void usersAndGroupsAreLookedUpById() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        c.exit(INIT, "getcwd").set("res", 0L).set("path", "/");
        try (StateReplay r = StateReplay.of(c, dir)) {
            assertThat(r.state().user(ALICE).name()).isEqualTo("alice");
            assertThat(r.state().user(ALICE).homedir()).isEqualTo(ShellMachine.HOME);
            assertThat(r.state().group(ALICE).name()).isEqualTo("alice");
            assertThat(r.state().user(4242)).isNull();
            assertThat(r.state().machine().hostname()).isEqualTo("synthetic");
            assertThat(r.state().isLocalIpv4(SocketParams.ipv4Address(ETH0))).isTrue();
            assertThat(r.state().isLocalIpv4(SocketParams.ipv4Address("8.8.8.8"))).isFalse();
        }
    }
}
