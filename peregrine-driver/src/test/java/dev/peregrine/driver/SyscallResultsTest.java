package dev.peregrine.driver;

import dev.peregrine.driver.ChildProcesses.Child;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.peregrine.driver.Captured.bytes;
import static dev.peregrine.driver.Captured.collect;
import static dev.peregrine.driver.Captured.text;
import static dev.peregrine.driver.Captured.tuple;
import static dev.peregrine.driver.Captured.type;
import static dev.peregrine.driver.ChildProcesses.python;
import static dev.peregrine.scap.EventIds.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The syscalls added with execveat/openat2/clone3, the socket data calls, vectored I/O, ownership, mounts, ids,
 * modules and capabilities: a python3 child makes each one through libc's syscall(), prints what it got back, and
 * the events of its tid must carry exactly those values. Same requirements and skipping rules as
 * {@link LiveCaptureTest}.
 */
class SyscallResultsTest {
    private static final Set<String> TRACED = Set.of("execveat", "openat2", "creat", "clone3", "socketpair", "sendto",
            "recvfrom", "sendmsg", "recvmsg", "readv", "writev", "chown", "fchown", "lchown", "fchownat", "mount",
            "umount2", "setresuid", "setresgid", "bpf", "init_module", "finit_module", "capset");

    @RegisterExtension
    static final LiveCaptureResource live = new LiveCaptureResource(TRACED);

    @Test
    void filesOwnershipAndMounts(@TempDir Path dir) throws Exception {
        Files.createDirectory(dir.resolve("mnt"));
        Child ch = python(dir, """
                fd = sc(SYS_creat, b'created', 0o640)
                out('creat', fd)
                how = struct.pack('QQQ', os.O_CREAT | os.O_WRONLY, 0o600, 0x08 | 0x04)  # RESOLVE_BENEATH | NO_SYMLINKS
                fd2 = sc(SYS_openat2, -100, b'opened2', how, 24)
                out('openat2', fd2)
                out('chown', sc(SYS_chown, b'created', 1234, 5678))
                out('lchown', sc(SYS_lchown, b'created', 11, 12))
                out('fchown', sc(SYS_fchown, fd, 13, 14))
                out('fchownat', sc(SYS_fchownat, fd2, b'', 15, 16, 0x1000))  # AT_EMPTY_PATH
                # MS_MGC_VAL | MS_RDONLY
                out('mount', rc(sc(SYS_mount, b'peregrine', b'mnt', b'tmpfs', 0xC0ED0000 | 1, None)))
                out('umount2', rc(sc(SYS_umount2, b'mnt', 2)))  # MNT_DETACH
                """);
        long pid = ch.pid();
        Map<String, Captured> e = collect(live.capture(), pid, Map.of(
                "creat", type(SYSCALL_CREAT_X, x -> true),
                "openat2", type(SYSCALL_OPENAT2_X, x -> true),
                "chown", type(SYSCALL_CHOWN_X, x -> true),
                "lchown", type(SYSCALL_LCHOWN_X, x -> true),
                "fchown", type(SYSCALL_FCHOWN_X, x -> true),
                "fchownat", type(SYSCALL_FCHOWNAT_X, x -> true),
                "mount", type(SYSCALL_MOUNT_X, x -> true),
                "umount2", type(SYSCALL_UMOUNT2_X, x -> true)));

        Captured creat = e.get("creat");
        assertThat(creat.num("fd")).isEqualTo(ch.num("creat")).isGreaterThanOrEqualTo(3);
        assertThat(creat.str("name")).isEqualTo("created");
        assertThat(creat.num("mode")).isEqualTo(0640);
        assertThat(creat.num("ino")).isEqualTo(((Number) Files.getAttribute(dir.resolve("created"), "unix:ino")).longValue());
        assertThat(creat.num("creat_flags")).isZero();

        Captured o2 = e.get("openat2");
        assertThat(o2.num("fd")).isEqualTo(ch.num("openat2")).isGreaterThanOrEqualTo(3);
        assertThat(o2.num("dirfd")).isEqualTo(-100);
        assertThat(o2.str("name")).isEqualTo("opened2");
        // PPM_O_WRONLY (2) | PPM_O_CREAT (4) | PPM_O_F_CREATED (1 << 14): the file was new
        assertThat(o2.num("flags")).isEqualTo(2 | 4 | (1 << 14));
        assertThat(o2.num("mode")).isEqualTo(0600);
        assertThat(o2.num("resolve")).isEqualTo(1 | 8); // PPM_RESOLVE_BENEATH | PPM_RESOLVE_NO_SYMLINKS
        assertThat(o2.num("ino")).isEqualTo(((Number) Files.getAttribute(dir.resolve("opened2"), "unix:ino")).longValue());

        Captured chown = e.get("chown");
        assertThat(chown.num("res")).isZero();
        assertThat(chown.str("path")).isEqualTo("created");
        assertThat(chown.num("uid")).isEqualTo(1234);
        assertThat(chown.num("gid")).isEqualTo(5678);
        Captured lchown = e.get("lchown");
        assertThat(lchown.str("path")).isEqualTo("created");
        assertThat(lchown.num("uid")).isEqualTo(11);
        assertThat(lchown.num("gid")).isEqualTo(12);
        Captured fchown = e.get("fchown");
        assertThat(fchown.num("res")).isZero();
        assertThat(fchown.num("fd")).isEqualTo(ch.num("creat"));
        assertThat(fchown.num("uid")).isEqualTo(13);
        assertThat(fchown.num("gid")).isEqualTo(14);
        Captured fchownat = e.get("fchownat");
        assertThat(fchownat.num("res")).isEqualTo(ch.num("fchownat")).isZero();
        assertThat(fchownat.num("dirfd")).isEqualTo(ch.num("openat2"));
        assertThat(fchownat.str("pathname")).isEmpty();
        assertThat(fchownat.num("uid")).isEqualTo(15);
        assertThat(fchownat.num("gid")).isEqualTo(16);
        assertThat(fchownat.num("flags")).isEqualTo(0x1000); // PPM_AT_EMPTY_PATH

        Captured mount = e.get("mount");
        assertThat(mount.num("res")).isEqualTo(ch.num("mount"));
        assertThat(mount.str("dev")).isEqualTo("peregrine");
        assertThat(mount.str("dir")).isEqualTo("mnt");
        assertThat(mount.str("type")).isEqualTo("tmpfs");
        assertThat(mount.num("flags")).isEqualTo(1); // MS_RDONLY, the MS_MGC_VAL magic dropped
        Captured umount = e.get("umount2");
        assertThat(umount.num("res")).isEqualTo(ch.num("umount2"));
        assertThat(umount.str("name")).isEqualTo("mnt");
        assertThat(umount.num("flags")).isEqualTo(2); // PPM_MNT_DETACH
    }

    /** Runs a command that must succeed (set-up and clean-up steps). */
    private static void sh(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("%s: %s", List.of(command), out).isZero();
    }

    @Test
    void overlayLayersAndExecutableFlags(@TempDir Path dir) throws Exception {
        for (String d : List.of("l", "u", "w", "m")) {
            Files.createDirectory(dir.resolve(d));
        }
        Files.writeString(dir.resolve("l/lowerfile"), "lower");
        Files.copy(Path.of("/bin/true"), dir.resolve("l/lowertrue"));
        dir.resolve("l/lowertrue").toFile().setExecutable(true);
        sh("mount", "-t", "overlay", "overlay", "-o", "lowerdir=" + dir.resolve("l") + ",upperdir=" + dir.resolve("u")
                + ",workdir=" + dir.resolve("w"), dir.resolve("m").toString());
        try {
            String marker = "peregrine-ovl-" + System.nanoTime();
            Child ch = python(dir.resolve("m"), """
                    how = struct.pack('QQQ', os.O_CREAT | os.O_WRONLY, 0o600, 0)
                    out('upper', sc(SYS_openat2, -100, b'newfile', how, 24))
                    out('lower', sc(SYS_openat2, -100, b'lowerfile', struct.pack('QQQ', os.O_RDONLY, 0, 0), 24))
                    out('creat', sc(SYS_creat, b'created', 0o600))
                    sys.stdout.flush()
                    os.execv('./lowertrue', ['lowertrue', sys.argv[1]])
                    """.replace("sys.argv[1]", "'" + marker + "'"));
            Map<String, Captured> e = collect(live.capture(), ch.pid(), Map.of(
                    "upper", type(SYSCALL_OPENAT2_X, x -> "newfile".equals(x.str("name"))),
                    "lower", type(SYSCALL_OPENAT2_X, x -> "lowerfile".equals(x.str("name"))),
                    "creat", type(SYSCALL_CREAT_X, x -> true),
                    // execve is not traced here, but a successful exec may have been an execveat (see the driver)
                    "exec", type(SYSCALL_EXECVE_19_X, x -> x.num("res") == 0 && text(x, "args").startsWith(marker))));
            assertThat(e.get("upper").num("fd")).isEqualTo(ch.num("upper"));
            assertThat(e.get("upper").num("flags") & ((1 << 15) | (1 << 16))).isEqualTo(1 << 15); // PPM_FD_UPPER_LAYER
            assertThat(e.get("lower").num("fd")).isEqualTo(ch.num("lower"));
            assertThat(e.get("lower").num("flags") & ((1 << 15) | (1 << 16))).isEqualTo(1 << 16); // PPM_FD_LOWER_LAYER
            assertThat(e.get("creat").num("creat_flags")).isEqualTo(1); // PPM_FD_UPPER_LAYER_CREAT
            // PPM_EXE_LOWER_LAYER (8) | PPM_EXE_WRITABLE (1): root owns it
            assertThat(e.get("exec").num("flags")).isEqualTo(8 | 1);
            // the executable's path, across the overlay's mount point
            assertThat(e.get("exec").str("trusted_exepath")).isEqualTo(dir.resolve("m/lowertrue").toRealPath().toString());
        } finally {
            sh("umount", "-l", dir.resolve("m").toString());
        }

        // an executable run from a memfd, and one nobody but root may write
        String marker = "peregrine-memfd-" + System.nanoTime();
        Child ch = python(null, """
                fd = os.memfd_create('peregrine-exe', 0)
                os.write(fd, open('/bin/true', 'rb').read())
                sys.stdout.flush()
                os.execve(fd, ['true', 'MARK'], {})
                """.replace("MARK", marker));
        Captured exec = collect(live.capture(), ch.pid(), Map.of("exec", type(SYSCALL_EXECVE_19_X,
                x -> x.num("res") == 0 && text(x, "args").startsWith(marker)))).get("exec");
        assertThat(exec.num("flags") & 4).isEqualTo(4); // PPM_EXE_FROM_MEMFD
        assertThat(exec.num("flags") & (2 | 8)).isZero(); // not on overlayfs
        assertThat(exec.str("trusted_exepath")).isEqualTo("memfd:peregrine-exe"); // no path: the memfd's name
    }

    @Test
    void idsCapabilitiesBpfAndModules() throws Exception {
        Child ch = python(null, """
                out('setresuid', sc(SYS_setresuid, 0, -1, 0))
                out('setresgid', sc(SYS_setresgid, -1, 0, -1))
                hdr = struct.pack('Ii', 0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3, this process
                data = ctypes.create_string_buffer(24)
                assert sc(SYS_capget, hdr, data) == 0
                eff0, perm0, inh0, eff1, perm1, inh1 = struct.unpack('6I', data.raw)
                out('eff', eff0 | (eff1 << 32))
                out('perm', perm0 | (perm1 << 32))
                out('inh', inh0 | (inh1 << 32))
                out('capset', sc(SYS_capset, hdr, data))
                attr = ctypes.create_string_buffer(struct.pack('IIII', 2, 4, 4, 1), 72)  # an ARRAY map, 1 entry
                out('bpf', sc(SYS_bpf, 0, attr, 72))  # BPF_MAP_CREATE
                img = b'\\x7fNOTELF' + bytes(8)
                out('init_module', rc(sc(SYS_init_module, img, len(img), b'opt=1')))
                nul = os.open('/dev/null', os.O_RDONLY)
                out('nul', nul)
                out('finit_module', rc(sc(SYS_finit_module, nul, b'opt=2', 2)))  # MODULE_INIT_IGNORE_VERMAGIC
                """);
        Map<String, Captured> e = collect(live.capture(), ch.pid(), Map.of(
                "setresuid", type(SYSCALL_SETRESUID_X, x -> true),
                "setresgid", type(SYSCALL_SETRESGID_X, x -> true),
                "capset", type(SYSCALL_CAPSET_X, x -> true),
                "bpf", type(SYSCALL_BPF_2_X, x -> true),
                "init_module", type(SYSCALL_INIT_MODULE_X, x -> true),
                "finit_module", type(SYSCALL_FINIT_MODULE_X, x -> true)));

        Captured uid = e.get("setresuid");
        assertThat(uid.num("res")).isZero();
        assertThat(uid.num("ruid")).isZero();
        assertThat(uid.num("euid")).isEqualTo(0xffffffffL);
        assertThat(uid.num("suid")).isZero();
        Captured gid = e.get("setresgid");
        assertThat(gid.num("res")).isZero();
        assertThat(gid.num("rgid")).isEqualTo(0xffffffffL);
        assertThat(gid.num("egid")).isZero();
        assertThat(gid.num("sgid")).isEqualTo(0xffffffffL);

        Captured capset = e.get("capset");
        assertThat(capset.num("res")).isEqualTo(ch.num("capset")).isZero();
        assertThat(capset.num("cap_effective")).isEqualTo(ch.num("eff")).isNotZero();
        assertThat(capset.num("cap_permitted")).isEqualTo(ch.num("perm"));
        assertThat(capset.num("cap_inheritable")).isEqualTo(ch.num("inh"));

        Captured bpf = e.get("bpf");
        assertThat(bpf.num("fd")).isEqualTo(ch.num("bpf")).isGreaterThanOrEqualTo(3);
        assertThat(bpf.num("cmd")).isZero(); // PPM_BPF_MAP_CREATE

        Captured init = e.get("init_module");
        assertThat(init.num("res")).isEqualTo(ch.num("init_module")).isNegative();
        assertThat(init.num("length")).isEqualTo(15);
        assertThat(text(init, "img")).isEqualTo("\u007fNOTELF" + "\0".repeat(8));
        assertThat(init.str("uargs")).isEqualTo("opt=1");
        Captured finit = e.get("finit_module");
        assertThat(finit.num("res")).isEqualTo(ch.num("finit_module")).isNegative();
        assertThat(finit.num("fd")).isEqualTo(ch.num("nul"));
        assertThat(finit.str("uargs")).isEqualTo("opt=2");
        assertThat(finit.num("flags")).isEqualTo(2); // PPM_MODULE_INIT_IGNORE_VERMAGIC
    }

    @Test
    void socketData(@TempDir Path dir) throws Exception {
        Child ch = python(dir, """
                arr = (ctypes.c_int * 2)()
                out('socketpair', sc(SYS_socketpair, socket.AF_UNIX, socket.SOCK_STREAM, 0, arr))
                out('fd1', arr[0])
                out('fd2', arr[1])
                r = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                r.bind(('127.0.0.1', 0))
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                out('rfd', r.fileno())
                out('sfd', s.fileno())
                out('rport', r.getsockname()[1])
                s.sendto(b'hello peregrine', r.getsockname())
                out('sport', s.getsockname()[1])
                data, addr = r.recvfrom(100)
                s.sendmsg([b'abc', b'defg'], [], 0, r.getsockname())
                data, anc, flags, addr = r.recvmsg(64)
                out('got', data.decode())
                s.sendto(bytes(range(200)), r.getsockname())
                u = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
                u.bind('u.sock')
                c = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
                out('ufd', u.fileno())
                out('cfd', c.fileno())
                c.sendto(b'unix hello', 'u.sock')
                u.recvfrom(64)
                out('pairsend', sc(SYS_sendto, arr[1], b'pair', 4, 0, None, 0))
                """);
        long pid = ch.pid();
        Map<String, Captured> e = collect(live.capture(), pid, Map.of(
                "socketpair", type(SOCKET_SOCKETPAIR_X, x -> true),
                "sendto", type(SOCKET_SENDTO_X, x -> x.num("size") == 15),
                "sendto200", type(SOCKET_SENDTO_X, x -> x.num("size") == 200),
                "recvfrom", type(SOCKET_RECVFROM_X, x -> x.num("size") == 100),
                "unixsend", type(SOCKET_SENDTO_X, x -> x.num("size") == 10),
                "unixrecv", type(SOCKET_RECVFROM_X, x -> x.num("size") == 64),
                "pairsend", type(SOCKET_SENDTO_X, x -> x.num("size") == 4),
                "sendmsg", type(SOCKET_SENDMSG_X, x -> true),
                "recvmsg", type(SOCKET_RECVMSG_X, x -> true)));
        assertThat(ch.out().get("got")).isEqualTo("abcdefg");

        Captured sp = e.get("socketpair");
        assertThat(sp.num("res")).isZero();
        assertThat(sp.num("fd1")).isEqualTo(ch.num("fd1"));
        assertThat(sp.num("fd2")).isEqualTo(ch.num("fd2"));
        assertThat(sp.num("source")).isNotZero();
        assertThat(sp.num("peer")).isNotZero().isNotEqualTo(sp.num("source"));
        assertThat(sp.num("domain")).isEqualTo(1); // AF_UNIX
        assertThat(sp.num("type")).isEqualTo(1);   // SOCK_STREAM
        assertThat(sp.num("proto")).isZero();

        long rport = ch.num("rport"), sport = ch.num("sport");
        Captured sendto = e.get("sendto");
        assertThat(sendto.num("res")).isEqualTo(15);
        assertThat(sendto.num("fd")).isEqualTo(ch.num("sfd"));
        assertThat(text(sendto, "data")).isEqualTo("hello peregrine");
        ByteBuffer t = tuple(sendto); // outbound: local -> the address given to sendto (the socket has none)
        assertThat(t.remaining()).isEqualTo(13);
        assertThat(t.get(0)).isEqualTo((byte) 2);
        assertThat(t.getShort(5) & 0xffff).isEqualTo(sport);
        assertThat(t.getInt(7)).isEqualTo(0x0100007f);
        assertThat(t.getShort(11) & 0xffff).isEqualTo(rport);
        Captured big = e.get("sendto200");
        assertThat(big.num("res")).isEqualTo(200);
        byte[] snap = bytes(big, "data");
        assertThat(snap).hasSize(80); // the snaplen
        assertThat(snap[79]).isEqualTo((byte) 79);

        Captured recvfrom = e.get("recvfrom");
        assertThat(recvfrom.num("res")).isEqualTo(15);
        assertThat(recvfrom.num("fd")).isEqualTo(ch.num("rfd"));
        assertThat(recvfrom.num("size")).isEqualTo(100);
        assertThat(text(recvfrom, "data")).isEqualTo("hello peregrine");
        t = tuple(recvfrom); // inbound: the sender (from the address recvfrom filled in) -> this socket
        assertThat(t.remaining()).isEqualTo(13);
        assertThat(t.getInt(1)).isEqualTo(0x0100007f);
        assertThat(t.getShort(5) & 0xffff).isEqualTo(sport);
        assertThat(t.getShort(11) & 0xffff).isEqualTo(rport);

        Captured sendmsg = e.get("sendmsg");
        assertThat(sendmsg.num("res")).isEqualTo(7);
        assertThat(sendmsg.num("fd")).isEqualTo(ch.num("sfd"));
        assertThat(sendmsg.num("size")).isEqualTo(7);
        assertThat(text(sendmsg, "data")).isEqualTo("abcdefg");
        assertThat(tuple(sendmsg).getShort(11) & 0xffff).isEqualTo(rport);

        Captured recvmsg = e.get("recvmsg");
        assertThat(recvmsg.num("res")).isEqualTo(7);
        assertThat(recvmsg.num("size")).isEqualTo(7);
        assertThat(recvmsg.num("fd")).isEqualTo(ch.num("rfd"));
        assertThat(text(recvmsg, "data")).isEqualTo("abcdefg");
        t = tuple(recvmsg);
        assertThat(t.getShort(5) & 0xffff).isEqualTo(sport);
        assertThat(t.getShort(11) & 0xffff).isEqualTo(rport);
        assertThat(recvmsg.view().hasParam(4)).isFalse(); // no control data asked for

        // unix sockets: family 1, two kernel socket addresses, a path
        Captured unixSend = e.get("unixsend");
        assertThat(unixSend.num("fd")).isEqualTo(ch.num("cfd"));
        assertThat(text(unixSend, "data")).isEqualTo("unix hello");
        t = tuple(unixSend); // outbound, no peer yet: the path the caller sent to
        assertThat(t.get(0)).isEqualTo((byte) 1);
        assertThat(t.getLong(1)).isZero();
        long sender = t.getLong(9);
        assertThat(sender).isNotZero();
        assertThat(text(unixSend, "tuple").substring(17)).isEqualTo("u.sock\0");
        Captured unixRecv = e.get("unixrecv");
        assertThat(unixRecv.num("fd")).isEqualTo(ch.num("ufd"));
        assertThat(text(unixRecv, "data")).isEqualTo("unix hello");
        t = tuple(unixRecv); // inbound: this socket, its (absent) peer, the path it is bound to
        assertThat(t.get(0)).isEqualTo((byte) 1);
        assertThat(t.getLong(1)).isNotZero().isNotEqualTo(sender);
        assertThat(t.getLong(9)).isZero();
        assertThat(text(unixRecv, "tuple").substring(17)).isEqualTo("u.sock\0");
        Captured pairSend = e.get("pairsend"); // from the socketpair's second socket: peer = the first
        assertThat(pairSend.num("res")).isEqualTo(4);
        t = tuple(pairSend);
        assertThat(t.getLong(1)).isEqualTo(sp.num("source"));
        assertThat(t.getLong(9)).isEqualTo(sp.num("peer"));
        assertThat(text(pairSend, "tuple").substring(17)).isEqualTo("\0"); // not bound to a path
    }

    @Test
    void vectoredIo(@TempDir Path dir) throws Exception {
        Child ch = python(dir, """
                fd = os.open('v', os.O_RDWR | os.O_CREAT, 0o600)
                out('fd', fd)
                out('writev', os.writev(fd, [b'one', b'two']))
                out('writev3', os.writev(fd, [b'a' * 50, b'b' * 50, b'c' * 50]))
                os.lseek(fd, 0, 0)
                bufs = [bytearray(2), bytearray(4)]
                out('readv', os.readv(fd, bufs))
                """);
        Map<String, Captured> e = collect(live.capture(), ch.pid(), Map.of(
                "writev", type(SYSCALL_WRITEV_X, x -> x.num("res") == 6),
                "writev3", type(SYSCALL_WRITEV_X, x -> x.num("res") == 150),
                "readv", type(SYSCALL_READV_X, x -> true)));
        long fd = ch.num("fd");
        Captured w = e.get("writev");
        assertThat(w.num("fd")).isEqualTo(fd);
        assertThat(w.num("size")).isEqualTo(6);
        assertThat(text(w, "data")).isEqualTo("onetwo");
        Captured w3 = e.get("writev3");
        assertThat(w3.num("size")).isEqualTo(150);
        assertThat(text(w3, "data")).isEqualTo("a".repeat(50) + "b".repeat(30)); // the snaplen, across iovecs
        Captured r = e.get("readv");
        assertThat(r.num("res")).isEqualTo(6);
        assertThat(r.num("size")).isEqualTo(6);
        assertThat(r.num("fd")).isEqualTo(fd);
        assertThat(text(r, "data")).isEqualTo("onetwo");
    }

    @Test
    void execveatAndClone3() throws Exception {
        Child ch = python(null, """
                ptid = ctypes.c_int(0)
                args = struct.pack('8Q', 0x00100000, 0, 0, ctypes.addressof(ptid), 17, 0, 0, 0)  # CLONE_PARENT_SETTID
                buf = ctypes.create_string_buffer(args, 64)
                out('rss', [l.split()[1] for l in open('/proc/self/status') if l.startswith('VmRSS:')][0])
                child = sc(SYS_clone3, buf, 64)
                if child == 0:
                    os._exit(0)
                os.waitpid(child, 0)
                out('child', child)
                out('ptid', ptid.value)
                argv = (ctypes.c_char_p * 3)(b'/bin/true', b'peregrine-arg', None)
                envp = (ctypes.c_char_p * 2)(b'PEREGRINE=1', None)
                out('failed', rc(sc(SYS_execveat, -100, b'/nonexistent/peregrine-nope', argv, envp, 0)))
                sys.stdout.flush()
                sc(SYS_execveat, -100, b'/bin/true', argv, envp, 0)
                out('not', 'reached')
                """);
        long pid = ch.pid();
        long child = ch.num("child");
        assertThat(ch.num("ptid")).isEqualTo(child);
        assertThat(ch.out()).doesNotContainKey("not");
        Map<String, Captured> e = collect(live.capture(), Set.of(pid, child), Map.of(
                "child", type(SYSCALL_CLONE3_X, x -> x.num("res") == 0 && x.tid() == child),
                "clone3", type(SYSCALL_CLONE3_X, x -> x.num("res") > 0),
                "failed", type(SYSCALL_EXECVEAT_X, x -> x.num("res") < 0),
                // a successful execveat reaches sys_exit as execve: an execve event, as Falco's modern probe gives
                "execveat", type(SYSCALL_EXECVE_19_X, x -> x.num("res") == 0 && "true".equals(x.str("comm")))));
        Captured parent = e.get("clone3");
        assertThat(parent.num("res")).isEqualTo(child);
        assertThat(parent.num("tid")).isEqualTo(pid);
        assertThat(parent.num("pid")).isEqualTo(pid);
        assertThat(parent.num("ptid")).isEqualTo(ProcessHandle.current().pid());
        assertThat(parent.num("flags") & 512).isEqualTo(512); // PPM_CL_CLONE_PARENT_SETTID
        assertThat(parent.str("comm")).startsWith("python3");
        assertThat(parent.str("exe")).endsWith("python3");
        assertThat(text(parent, "cgroups")).contains("=/");

        Captured failed = e.get("failed");
        assertThat(failed.num("res")).isEqualTo(ch.num("failed")).isEqualTo(-2);
        assertThat(failed.view().nparams()).isEqualTo(30); // execveat's event has no filename parameter
        // a failed exec: exe, args and env from the caller's argv and envp, as Falco's modern probe
        assertThat(failed.str("exe")).isEqualTo("/bin/true");
        assertThat(text(failed, "args")).isEqualTo("peregrine-arg\0");
        assertThat(text(failed, "env")).isEqualTo("PEREGRINE=1\0");
        assertThat(failed.str("comm")).startsWith("python3");

        Captured exec = e.get("execveat");
        assertThat(exec.str("filename")).isEqualTo("/bin/true"); // bprm->filename, kept at sched_process_exec
        assertThat(exec.str("exe")).isEqualTo("/bin/true");
        assertThat(text(exec, "args")).isEqualTo("peregrine-arg\0");
        assertThat(exec.str("comm")).isEqualTo("true");
        assertThat(exec.num("tid")).isEqualTo(pid);
        assertThat(exec.num("ptid")).isEqualTo(ProcessHandle.current().pid());
        assertThat(text(exec, "env")).isEqualTo("PEREGRINE=1\0");
        assertThat(text(exec, "cgroups")).contains("=/");

        assertThat(parent.num("pidns_init_start_ts")).isZero(); // only the child's event carries it
        long rss = ch.num("rss"); // KiB, from /proc just before: the counters' central value is close to it
        assertThat(parent.num("vm_rss")).isBetween(rss / 2, rss * 2);
        assertThat(parent.num("vm_size")).isGreaterThanOrEqualTo(parent.num("vm_rss"));
        assertThat(parent.num("vm_swap")).isGreaterThanOrEqualTo(0);
        Captured childEvent = e.get("child");
        // the start time (monotonic ns) of the init of the child's pid namespace: earlier than the child's
        assertThat(childEvent.num("pidns_init_start_ts")).isPositive();
        assertThat(childEvent.num("tid")).isEqualTo(child);
        assertThat(childEvent.num("pid")).isEqualTo(child);
        assertThat(childEvent.num("ptid")).isEqualTo(pid);
    }
}
