package dev.peregrine.scap.synthetic;

import dev.peregrine.scap.CaptureMetadata;
import dev.peregrine.scap.CaptureReader;
import dev.peregrine.scap.EventFlags;
import dev.peregrine.scap.EventInfo;
import dev.peregrine.scap.EventView;
import dev.peregrine.scap.FdEntry;
import dev.peregrine.scap.FdType;
import dev.peregrine.scap.L4Proto;
import dev.peregrine.scap.ThreadEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Synthetic captures read back through {@link CaptureReader}: the metadata blocks and events come back as they were
 * built, which checks the fixture the state and fields tests rely on, and the reader's decoding of each block
 * layout, header version and parameter type it writes.
 */
class SyntheticCaptureTest {
    @TempDir
    Path dir;

    @Test
    void metadataReadsBackAsBuilt() throws Exception {
        SyntheticCapture c = new SyntheticCapture()
                .thread(100, t -> {
                    t.ptid = 1;
                    t.comm = "bash";
                    t.exe = "/bin/bash";
                    t.exepath = "/usr/bin/bash";
                    t.args = List.of("-l", "x y");
                    t.cwd = "/home/u";
                    t.env = List.of("HOME=/home/u", "TERM=xterm");
                    t.cgroups = List.of("cpuset=/", "memory=/user.slice");
                    t.uid = 1000;
                    t.gid = 1001;
                    t.loginuid = 1000;
                    t.fdlimit = 4096;
                    t.vtid = 100;
                    t.vpid = 100;
                    t.capEffective = 0x1234;
                    t.exeIno = 77;
                })
                .thread(101, t -> t.pid = 100)
                .file(100, 3, "/etc/passwd", 1)
                .ipv4Socket(100, 4, "10.0.0.1", 40000, "10.0.0.2", 80, L4Proto.TCP)
                .ipv4Server(100, 5, "0.0.0.0", 8080, L4Proto.TCP)
                .unixSocket(100, 6, 0xabc, 0xdef, "/run/s.sock")
                .namedFd(100, 7, FdType.DIRECTORY, "/tmp")
                .user(1000, 1001, "u", "/home/u", "/bin/bash")
                .group(1001, "users")
                .ipv4Interface("eth0", "10.0.0.1", "255.255.255.0")
                .ipv6Interface("eth0", "fe80::1");
        c.exit(100, "getcwd").set("res", 0L).set("path", "/home/u");
        try (CaptureReader r = CaptureReader.open(c.write(dir.resolve("m.scap")))) {
            CaptureMetadata m = r.metadata();
            assertThat(r.majorVersion() + "." + r.minorVersion()).isEqualTo("1.2");
            assertThat(m.machineInfo().hostname()).isEqualTo("synthetic");
            assertThat(m.threads()).extracting(t -> t.tid).containsExactly(100L, 101L);
            ThreadEntry t = m.threads().getFirst();
            assertThat(List.of(t.comm, t.exe, t.exepath, t.cwd)).containsExactly("bash", "/bin/bash",
                    "/usr/bin/bash", "/home/u");
            assertThat(t.args).containsExactly("-l", "x y");
            assertThat(t.env).containsExactly("HOME=/home/u", "TERM=xterm");
            assertThat(t.cgroups).containsExactly("cpuset=/", "memory=/user.slice");
            assertThat(List.of(t.uid, t.gid, t.loginuid)).containsExactly(1000, 1001, 1000);
            assertThat(List.of(t.ptid, t.fdlimit, t.vtid, t.capEffective, t.exeIno))
                    .containsExactly(1L, 4096L, 100L, 0x1234L, 77L);
            assertThat(m.threads().get(1).pid).isEqualTo(100);

            assertThat(m.fds()).extracting(FdEntry::fd).containsExactly(3L, 4L, 5L, 6L, 7L);
            assertThat(m.fds()).allSatisfy(f -> assertThat(f.tid()).isEqualTo(100));
            FdEntry file = m.fds().get(0);
            assertThat(file.type()).isEqualTo(FdType.FILE_V2);
            assertThat(file.name()).isEqualTo("/etc/passwd");
            assertThat(file.openFlags()).isEqualTo(1);
            FdEntry sock = m.fds().get(1);
            assertThat(sock.sip()).isEqualTo(SocketParams.ipv4Address("10.0.0.1")).isEqualTo(0x0100000a);
            assertThat(List.of(sock.sport(), sock.dport(), sock.l4proto())).containsExactly(40000, 80, L4Proto.TCP);
            assertThat(m.fds().get(2).type()).isEqualTo(FdType.IPV4_SERVSOCK);
            assertThat(m.fds().get(2).sport()).isEqualTo(8080);
            FdEntry unix = m.fds().get(3);
            assertThat(List.of(unix.unixSource(), unix.unixDest())).containsExactly(0xabcL, 0xdefL);
            assertThat(unix.name()).isEqualTo("/run/s.sock");
            assertThat(m.fds().get(4).name()).isEqualTo("/tmp");

            assertThat(m.users()).singleElement().satisfies(u -> {
                assertThat(u.name()).isEqualTo("u");
                assertThat(u.shell()).isEqualTo("/bin/bash");
            });
            assertThat(m.groups()).singleElement().satisfies(g -> assertThat(g.name()).isEqualTo("users"));
            assertThat(m.interfaces()).hasSize(2);
            assertThat(m.interfaces().getFirst().netmask()).isEqualTo(SocketParams.ipv4Address("255.255.255.0"));
            assertThat(m.interfaces().get(1).addr6()).isEqualTo(SocketParams.ipv6Address("fe80::1"));
        }
    }

    @Test
    void parametersDecodeAsTheTableTypesThem() throws Exception {
        SyntheticCapture c = new SyntheticCapture().thread(7, t -> { });
        c.exit(7, "open").set("fd", -2L).set("name", "/etc/shadow").set("flags", 1).set("mode", 0640).cpu(1);
        c.exit(7, "execve").set("res", 0L).set("args", List.of("a", "", "b c")).set("cgroups", List.of("cpu=/x"))
                .set("tty", 34816);
        c.exit(7, "connect").set("res", -115L).set("tuple", SocketParams.ipv4Tuple("1.2.3.4", 5, "6.7.8.9", 10))
                .set("fd", 3L);
        c.enter(7, "bind").set("fd", 9L);
        List<String> seen = new ArrayList<>();
        try (CaptureReader r = CaptureReader.open(c.write(dir.resolve("p.scap")))) {
            EventView v = new EventView();
            assertThat(r.next(v)).isTrue();
            assertThat(v.info().name() + v.info().direction()).isEqualTo("open<");
            assertThat(v.headerSize()).isEqualTo(EventView.HEADER_V2);
            assertThat(v.nparams()).isEqualTo(v.info().nparams());
            assertThat(v.cpu()).isEqualTo(1);
            assertThat(v.timestamp()).isEqualTo(SyntheticCapture.START_NS);
            assertThat(v.tid()).isEqualTo(7);
            assertThat(v.paramAsLong(param(v, "fd"))).as("PT_FD is signed").isEqualTo(-2);
            assertThat(v.paramString(param(v, "name"))).isEqualTo("/etc/shadow");
            assertThat(v.paramAsLong(param(v, "flags"))).isEqualTo(1);
            assertThat(v.paramAsLong(param(v, "mode"))).isEqualTo(0640);
            // unset: zeros of their width
            assertThat(v.paramLength(param(v, "dev"))).isEqualTo(4);
            assertThat(v.paramAsLong(param(v, "dev"))).isZero();
            seen.add(v.info().name());

            assertThat(r.next(v)).isTrue();
            assertThat(v.timestamp()).isEqualTo(SyntheticCapture.START_NS + 1_000_000);
            assertThat(new String(v.paramBytes(param(v, "args")), StandardCharsets.UTF_8)).isEqualTo("a\0\0b c\0");
            assertThat(v.paramAsLong(param(v, "tty"))).isEqualTo(34816);
            // unset variable-size parameters are empty
            assertThat(v.hasParam(param(v, "exe"))).isFalse();
            assertThat(v.paramString(param(v, "exe"))).isEmpty();
            seen.add(v.info().name());

            assertThat(r.next(v)).isTrue();
            assertThat(v.paramAsLong(param(v, "res"))).isEqualTo(-115);
            ByteBuffer tuple = ByteBuffer.wrap(v.paramBytes(param(v, "tuple"))).order(ByteOrder.LITTLE_ENDIAN);
            assertThat(tuple.limit()).isEqualTo(13);
            assertThat(tuple.get(0)).isEqualTo((byte) SocketParams.AF_INET);
            assertThat(tuple.getInt(1)).isEqualTo(SocketParams.ipv4Address("1.2.3.4"));
            assertThat(tuple.getShort(5)).isEqualTo((short) 5);
            assertThat(tuple.getShort(11)).isEqualTo((short) 10);
            seen.add(v.info().name());

            assertThat(r.next(v)).isTrue();
            assertThat(v.isEnter()).isTrue();
            seen.add(v.info().name());
            assertThat(r.next(v)).isFalse();
        }
        assertThat(seen).containsExactly("open", "execve", "connect", "bind");
    }

    @Test
    void fewerParametersV1HeadersAndLargePayloads() throws Exception {
        String json = "{\"container\":{\"id\":\"" + "x".repeat(70_000) + "\"}}";
        SyntheticCapture c = new SyntheticCapture();
        c.exit(1, "execve").set("res", 0L).set("exe", "/bin/true").firstParams(3);
        c.exit(1, "open").set("fd", 3L).set("name", "/old").v1Header();
        c.enter(0, "container").set("json", json);
        try (CaptureReader r = CaptureReader.open(c.write(dir.resolve("f.scap")))) {
            EventView v = new EventView();
            assertThat(r.next(v)).isTrue();
            assertThat(v.nparams()).isEqualTo(3);
            assertThat(v.paramString(1)).isEqualTo("/bin/true");
            assertThat(r.next(v)).isTrue();
            assertThat(v.headerSize()).isEqualTo(EventView.HEADER_V1);
            assertThat(v.nparams()).as("worked out from the lengths").isEqualTo(v.info().nparams());
            assertThat(v.paramString(1)).isEqualTo("/old");
            assertThat(r.next(v)).isTrue();
            assertThat(v.largeLengths()).isTrue();
            assertThat(v.paramString(0)).isEqualTo(json);
        }
    }

    @Test
    void eventTypesAreFoundByNameDirectionAndParameterCount() {
        EventInfo current = SyntheticEvent.lookup("clone", false, -1);
        assertThat(current.hasFlag(EventFlags.OLD_VERSION)).isFalse();
        EventInfo older = SyntheticEvent.lookup("clone", false, 16);
        assertThat(older.nparams()).isEqualTo(16);
        assertThat(older.id()).isNotEqualTo(current.id());
        assertThat(SyntheticEvent.lookup("close", true, -1).enter()).isTrue();
        assertThatThrownBy(() -> SyntheticEvent.lookup("no_such_call", false, -1))
                .hasMessageContaining("no single exit event 'no_such_call'");
        // two old accept exits have 3 parameters: the message lists every version
        assertThatThrownBy(() -> SyntheticEvent.lookup("accept", false, 3))
                .hasMessageContaining("with 3 parameters").hasMessageContaining("old version");
        SyntheticCapture c = new SyntheticCapture();
        assertThatThrownBy(() -> c.exit(1, "open").set("nmae", "x").encode())
                .hasMessageContaining("no parameter 'nmae'").hasMessageContaining("name");
        assertThatThrownBy(() -> c.exit(1, "open").set("fd", "three").encode())
                .hasMessageContaining("open.fd (PT_FD)");
    }

    private static int param(EventView v, String name) {
        int i = v.info().paramIndex(name);
        assertThat(i).as("parameter %s of %s", name, v.info().name()).isNotNegative();
        return i;
    }
}
