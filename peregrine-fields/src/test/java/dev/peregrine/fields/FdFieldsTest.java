package dev.peregrine.fields;

import dev.peregrine.scap.L4Proto;
import dev.peregrine.scap.synthetic.ShellMachine;
import dev.peregrine.scap.synthetic.SocketParams;
import dev.peregrine.scap.synthetic.SyntheticCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

import static dev.peregrine.scap.synthetic.ShellMachine.ETH0;
import static dev.peregrine.scap.synthetic.ShellMachine.HOME;
import static dev.peregrine.scap.synthetic.ShellMachine.SHELL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** The fd.* fields (libsinsp e5c53d6 definitions, libs HEAD's for the fields added since) on files and sockets. */
class FdFieldsTest {
    /** PPM_O_RDONLY, PPM_FD_UPPER_LAYER. */
    private static final int O_RDONLY = 1, FD_UPPER_LAYER = 1 << 15;
    private static final int AF_INET = 2, SOCK_STREAM = 1;

    @TempDir
    Path dir;

    @Test
    void aFileOpenedByTheEvent() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        c.enter(SHELL, "openat").set("dirfd", -100L).set("name", "notes/../todo.txt").set("flags", O_RDONLY);
        c.exit(SHELL, "openat").set("fd", 5L).set("dirfd", -100L).set("name", "notes/../todo.txt")
                .set("flags", O_RDONLY | FD_UPPER_LAYER).set("dev", 0x803).set("ino", 77L);
        c.exit(SHELL, "read").set("res", 10L).set("fd", 5L);
        try (FieldReplay r = FieldReplay.of(c, dir)) {
            r.next();
            // the enter: no fd yet
            assertThat(r.values("fd.num", "fd.type", "fd.name")).containsExactly(entry("fd.num", "-1"),
                    entry("fd.type", null), entry("fd.name", null));
            r.next();
            assertThat(r.values("fd.num", "fd.type", "fd.typechar", "fd.name", "fd.directory", "fd.filename",
                    "fd.containername", "fd.nameraw", "fd.name_changed", "fd.is_upper_layer", "fd.is_lower_layer",
                    "fd.dev", "fd.dev.major", "fd.dev.minor", "fd.uid"))
                    .containsExactly(entry("fd.num", "5"), entry("fd.type", "file"), entry("fd.typechar", "f"),
                            entry("fd.name", HOME + "/todo.txt"), entry("fd.directory", HOME),
                            entry("fd.filename", "todo.txt"), entry("fd.containername", ":" + HOME + "/todo.txt"),
                            entry("fd.nameraw", "notes/../todo.txt"), entry("fd.name_changed", "true"),
                            entry("fd.is_upper_layer", "true"), entry("fd.is_lower_layer", "false"),
                            entry("fd.dev", "803"), entry("fd.dev.major", "8"), entry("fd.dev.minor", "3"),
                            entry("fd.uid", "1005"));
            // files have no network fields
            assertThat(r.values("fd.cip", "fd.sport", "fd.l4proto", "fd.sockfamily", "fd.is_server"))
                    .containsExactly(entry("fd.cip", null), entry("fd.sport", null), entry("fd.l4proto", "<NA>"),
                            entry("fd.sockfamily", null), entry("fd.is_server", "false"));
            r.next();
            assertThat(r.value("fd.name")).isEqualTo(HOME + "/todo.txt");
            assertThat(r.value("fd.name_changed")).isEqualTo("false");
        }
    }

    @Test
    void aFailedOpenNamesThePathItTried() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        c.enter(SHELL, "open").set("name", "missing.cfg").set("flags", O_RDONLY);
        c.exit(SHELL, "open").set("fd", -2L).set("name", "missing.cfg").set("flags", O_RDONLY);
        try (FieldReplay r = FieldReplay.of(c, dir)) {
            r.skip(2);
            assertThat(r.values("fd.name", "fd.directory", "fd.type")).containsExactly(
                    entry("fd.name", HOME + "/missing.cfg"), entry("fd.directory", HOME), entry("fd.type", null));
        }
    }

    /**
     * A refused connect as Falco's modern probe sends it (no tuple, the address tried in addr): current libsinsp's
     * parse_connect_exit returns before reading either (Falco leaves connection-status tracking off), so a known
     * socket keeps its own name, empty for a fresh one, with no role, hence no server address or port; an fd the
     * state does not know is named after the event's empty tuple, "NULL", as extract_fdname_from_event does.
     */
    @Test
    void aRefusedConnectLeavesItsSocketAsItWas() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        c.exit(SHELL, "socket").set("fd", 5L).set("domain", AF_INET).set("type", SOCK_STREAM).set("proto", 0);
        c.exit(SHELL, "connect").set("res", -111L).set("fd", 5L).set("addr", SocketParams.ipv4("10.0.0.1", 81));
        c.exit(SHELL, "connect").set("res", -111L).set("fd", 9L).set("addr", SocketParams.ipv4("10.0.0.1", 82));
        try (FieldReplay r = FieldReplay.of(c, dir)) {
            r.skip(2);
            assertThat(r.values("fd.num", "fd.type", "fd.name", "fd.sip", "fd.sport", "fd.rip", "fd.cip",
                    "fd.connected", "evt.res")).containsExactly(entry("fd.num", "5"), entry("fd.type", "ipv4"),
                    entry("fd.name", ""), entry("fd.sip", null), entry("fd.sport", null), entry("fd.rip", null),
                    entry("fd.cip", null), entry("fd.connected", "false"), entry("evt.res", "ECONNREFUSED"));
            r.next();
            assertThat(r.values("fd.num", "fd.type", "fd.name", "fd.sip", "fd.sport")).containsExactly(
                    entry("fd.num", "9"), entry("fd.type", null), entry("fd.name", "NULL"), entry("fd.sip", null),
                    entry("fd.sport", null));
        }
    }

    @Test
    void aClientConnection() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        c.exit(SHELL, "socket").set("fd", 5L).set("domain", AF_INET).set("type", SOCK_STREAM).set("proto", 0);
        c.exit(SHELL, "connect").set("res", 0L).set("fd", 5L)
                .set("tuple", SocketParams.ipv4Tuple(ETH0, 40000, "93.184.216.34", 443));
        try (FieldReplay r = FieldReplay.of(c, dir)) {
            r.next();
            // no role yet: neither client nor server
            assertThat(r.values("fd.type", "fd.typechar", "fd.cip", "fd.l4proto")).containsExactly(
                    entry("fd.type", "ipv4"), entry("fd.typechar", "4"), entry("fd.cip", null),
                    entry("fd.l4proto", "<NA>"));
            r.next();
            assertThat(r.values("fd.name", "fd.cip", "fd.cport", "fd.sip", "fd.sport", "fd.lip", "fd.lport",
                    "fd.rip", "fd.rport", "fd.l4proto", "fd.sockfamily", "fd.is_server", "fd.connected"))
                    .containsExactly(entry("fd.name", ETH0 + ":40000->93.184.216.34:443"), entry("fd.cip", ETH0),
                            entry("fd.cport", "40000"), entry("fd.sip", "93.184.216.34"), entry("fd.sport", "443"),
                            entry("fd.lip", ETH0), entry("fd.lport", "40000"), entry("fd.rip", "93.184.216.34"),
                            entry("fd.rport", "443"), entry("fd.l4proto", "tcp"), entry("fd.sockfamily", "ip"),
                            entry("fd.is_server", "false"), entry("fd.connected", "true"));
        }
    }

    @Test
    void aListeningSocketAndAnAcceptedConnection() throws Exception {
        SyntheticCapture c = ShellMachine.capture().ipv4Server(SHELL, 7, "0.0.0.0", 9090, L4Proto.TCP);
        c.exit(SHELL, "listen").set("res", 0L).set("fd", 7L).set("backlog", 10);
        c.exit(SHELL, "socket").set("fd", 5L).set("domain", AF_INET).set("type", SOCK_STREAM).set("proto", 0);
        c.exit(SHELL, "bind").set("res", 0L).set("addr", SocketParams.ipv4("0.0.0.0", 8080)).set("fd", 5L);
        c.exit(SHELL, "accept4").set("fd", 6L).set("tuple", SocketParams.ipv4Tuple("10.0.0.9", 5555, ETH0, 8080));
        try (FieldReplay r = FieldReplay.of(c, dir)) {
            r.next();
            // a listening socket from the fd list has no role in libsinsp: no server address
            assertThat(r.values("fd.name", "fd.sport", "fd.sip", "fd.is_server")).containsExactly(
                    entry("fd.name", "0.0.0.0:9090"), entry("fd.sport", "9090"), entry("fd.sip", null),
                    entry("fd.is_server", "true"));
            r.skip(2);
            assertThat(r.values("fd.name", "fd.sip", "fd.sport", "fd.cip", "fd.is_server", "fd.l4proto"))
                    .containsExactly(entry("fd.name", "0.0.0.0:8080"), entry("fd.sip", "0.0.0.0"),
                            entry("fd.sport", "8080"), entry("fd.cip", null), entry("fd.is_server", "true"),
                            entry("fd.l4proto", "tcp"));
            r.next();
            // the server end: local is the server's address, remote the client's
            assertThat(r.values("fd.num", "fd.cip", "fd.sip", "fd.lip", "fd.rip", "fd.lport", "fd.rport",
                    "fd.is_server"))
                    .containsExactly(entry("fd.num", "6"), entry("fd.cip", "10.0.0.9"), entry("fd.sip", ETH0),
                            entry("fd.lip", ETH0), entry("fd.rip", "10.0.0.9"), entry("fd.lport", "8080"),
                            entry("fd.rport", "5555"), entry("fd.is_server", "true"));
        }
    }

    @Test
    void unixSocketsAndPipes() throws Exception {
        SyntheticCapture c = ShellMachine.capture().unixSocket(SHELL, 5, 0xa1, 0xb2, "/run/app.sock");
        c.exit(SHELL, "write").set("res", 3L).set("fd", 5L);
        c.exit(SHELL, "pipe").set("res", 0L).set("fd1", 6L).set("fd2", 7L).set("ino", 99L);
        try (FieldReplay r = FieldReplay.of(c, dir)) {
            r.next();
            assertThat(r.values("fd.type", "fd.typechar", "fd.name", "fd.sockfamily", "fd.cip"))
                    .containsExactly(entry("fd.type", "unix"), entry("fd.typechar", "u"),
                            entry("fd.name", "/run/app.sock"), entry("fd.sockfamily", "unix"), entry("fd.cip", null));
            r.next();
            assertThat(r.values("fd.num", "fd.type", "fd.typechar", "fd.ino", "fd.name"))
                    .containsExactly(entry("fd.num", "7"), entry("fd.type", "pipe"), entry("fd.typechar", "p"),
                            entry("fd.ino", "99"), entry("fd.name", ""));
        }
    }

    @Test
    void fdListsOfPollCalls() throws Exception {
        SyntheticCapture c = ShellMachine.capture().ipv4Socket(SHELL, 5, ETH0, 40000, "10.0.0.1", 80, L4Proto.TCP);
        // PT_FDLIST: u16 count, then (u64 fd, u16 flags) for each
        byte[] fds = ByteBuffer.allocate(2 + 2 * 10).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) 2).putLong(0).putShort((short) 1).putLong(5).putShort((short) 1).array();
        c.exit(SHELL, "poll").set("res", 1L).set("fds", fds);
        try (FieldReplay r = FieldReplay.of(c, dir)) {
            r.next();
            assertThat(r.values("fdlist.nums", "fdlist.names", "fdlist.cips", "fdlist.sports"))
                    .containsExactly(entry("fdlist.nums", "0,5"),
                            entry("fdlist.names", "/dev/pts/0," + ETH0 + ":40000->10.0.0.1:80"),
                            entry("fdlist.cips", ETH0), entry("fdlist.sports", "80"));
        }
    }
}
