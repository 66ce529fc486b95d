package dev.peregrine.driver;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.peregrine.driver.Captured.collect;
import static dev.peregrine.driver.Captured.type;
import static dev.peregrine.scap.EventIds.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The syscalls beyond open/close/exec/connect/clone: a python3 child (or a coreutils command) makes them, and the
 * events are matched by the child's tid. Same requirements and skipping rules as {@link LiveCaptureTest}.
 */
class SyscallArgumentsTest {
    private static final Set<String> TRACED = new HashSet<>();

    static {
        // the syscalls with events of their own, but not the frequent ones: too many events otherwise
        Syscalls.SUPPORTED.keySet().stream().filter(Syscalls::hasOwnEvent).forEach(TRACED::add);
        TRACED.removeAll(Syscalls.HIGH_VOLUME);
    }

    @RegisterExtension
    static final LiveCaptureResource live = new LiveCaptureResource(TRACED);

    private static long run(Path dir, String... command) throws Exception {
        ChildProcesses.Run r = ChildProcesses.run(dir, command);
        assertThat(r.status()).as("exit status of %s: %s", List.of(command), r.out()).isZero();
        return r.pid();
    }

    private static long python(Path dir, String script) throws Exception {
        return run(dir, "python3", "-c", "import ctypes, os, socket\nlibc = ctypes.CDLL(None, use_errno=True)\n"
                + "sc = libc.syscall\nsc.restype = ctypes.c_long\n" + SyscallNumbers.pythonAssignments() + script);
    }

    @Test
    void fdAndSocketSyscalls() throws Exception {
        long pid = python(null, """
                fd = os.open('/etc/hostname', os.O_RDONLY)
                sc(SYS_dup, fd)
                sc(SYS_dup2, fd, 100)
                sc(SYS_dup3, fd, 101, 0o2000000)
                arr = (ctypes.c_int * 2)()
                sc(SYS_pipe, arr)
                sc(SYS_pipe2, arr, 0o2000000)
                s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                s.bind(('127.0.0.1', 0))
                s.listen(7)
                c1 = socket.create_connection(s.getsockname())
                a, _ = s.accept()
                c2 = socket.create_connection(s.getsockname())
                sc(SYS_accept, s.fileno(), None, None)
                """);
        Map<String, Captured> e = collect(live.capture(), pid, Map.ofEntries(
                Map.entry("dup", type(SYSCALL_DUP_1_X, x -> x.num("res") >= 0)),
                Map.entry("dup2", type(SYSCALL_DUP2_X, x -> x.num("newfd") == 100)),
                Map.entry("dup3", type(SYSCALL_DUP3_X, x -> x.num("newfd") == 101)),
                Map.entry("pipe", type(SYSCALL_PIPE_X, x -> true)),
                // the JVM's process launcher makes pipes in the child before the exec: match ours by their flags
                Map.entry("pipe2", type(SYSCALL_PIPE2_X, x -> x.num("flags") == 4096)),
                Map.entry("socket", type(SOCKET_SOCKET_X, x -> x.num("domain") == 2)),
                Map.entry("bind", type(SOCKET_BIND_X, x -> true)),
                Map.entry("listen", type(SOCKET_LISTEN_X, x -> true)),
                Map.entry("accept4", type(SOCKET_ACCEPT4_6_X, x -> true)),
                Map.entry("accept", type(SOCKET_ACCEPT_5_X, x -> true)),
                Map.entry("connect", type(SOCKET_CONNECT_X, x -> x.num("res") == 0))));
        assertThat(e.get("dup").num("res")).isGreaterThanOrEqualTo(3);
        long fd = e.get("dup").num("oldfd");
        assertThat(fd).isGreaterThanOrEqualTo(3);
        assertThat(e.get("dup2").num("res")).isEqualTo(100);
        assertThat(e.get("dup2").num("oldfd")).isEqualTo(fd);
        assertThat(e.get("dup3").num("res")).isEqualTo(101);
        assertThat(e.get("dup3").num("flags")).isEqualTo(4096); // PPM_O_CLOEXEC
        Captured pipe = e.get("pipe");
        assertThat(pipe.num("res")).isZero();
        assertThat(pipe.num("fd1")).isGreaterThanOrEqualTo(3);
        assertThat(pipe.num("fd2")).isGreaterThan(pipe.num("fd1"));
        assertThat(pipe.num("ino")).isPositive();
        assertThat(e.get("pipe2").num("flags")).isEqualTo(4096);
        assertThat(e.get("pipe2").num("res")).isZero();

        Captured sock = e.get("socket");
        long sfd = sock.num("fd");
        assertThat(sfd).isGreaterThanOrEqualTo(3);
        assertThat(sock.num("type") & 0xf).isEqualTo(1); // SOCK_STREAM
        Captured bind = e.get("bind");
        assertThat(bind.num("res")).isZero();
        assertThat(bind.num("fd")).isEqualTo(sfd);
        byte[] addr = bind.view().paramBytes(1);
        assertThat(addr).hasSize(7).startsWith(2, 127, 0, 0, 1); // AF_INET, 127.0.0.1, port
        Captured listen = e.get("listen");
        assertThat(listen.num("res")).isZero();
        assertThat(listen.num("fd")).isEqualTo(sfd);
        assertThat(listen.num("backlog")).isEqualTo(7);
        Captured accept4 = e.get("accept4");
        assertThat(accept4.num("fd")).isGreaterThanOrEqualTo(3);
        assertThat(accept4.num("queuemax")).isEqualTo(7); // the listen backlog
        assertThat(accept4.num("queuepct")).isBetween(0L, 100L);
        assertThat(accept4.num("flags")).isEqualTo(4096); // python accepts with SOCK_CLOEXEC: PPM_O_CLOEXEC
        assertThat(e.get("accept").num("fd")).isGreaterThanOrEqualTo(3);
        assertThat(e.get("accept").num("queuemax")).isEqualTo(7);
        // inbound tuple: client (127.0.0.1:ephemeral) -> server (127.0.0.1:listening port)
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(accept4.view().paramBytes(1))
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertThat(in.remaining()).isEqualTo(13);
        assertThat(in.get(0)).isEqualTo((byte) 2);
        assertThat(in.getInt(1)).isEqualTo(0x0100007f); // 127.0.0.1 in network order
        assertThat(in.getInt(7)).isEqualTo(0x0100007f);
        int clientPort = in.getShort(5) & 0xffff;
        int serverPort = in.getShort(11) & 0xffff;
        assertThat(clientPort).isPositive().isNotEqualTo(serverPort);
        assertThat(serverPort).isPositive();
        // outbound tuple of the first connect: client -> server, the same two ends
        java.nio.ByteBuffer out = java.nio.ByteBuffer.wrap(e.get("connect").view().paramBytes(1))
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertThat(out.remaining()).isEqualTo(13);
        assertThat(out.getShort(5) & 0xffff).isEqualTo(clientPort);
        assertThat(out.getShort(11) & 0xffff).isEqualTo(serverPort);
        assertThat(out.getInt(7)).isEqualTo(0x0100007f);
    }

    @Test
    void fileSyscallsFromPython(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("f"), "x");
        long pid = python(dir, """
                sc(SYS_mkdir, b'd1', 0o750)
                sc(SYS_mkdirat, -100, b'd2', 0o700)
                sc(SYS_rmdir, b'd1')
                sc(SYS_chmod, b'f', 0o4640)
                sc(SYS_fchmodat, -100, b'f', 0o600)
                fd = os.open('f', os.O_RDONLY)
                sc(SYS_fchmod, fd, 0o644)
                sc(SYS_symlink, b'f', b'sl1')
                sc(SYS_symlinkat, b'f', -100, b'sl2')
                sc(SYS_link, b'f', b'hl1')
                sc(SYS_linkat, -100, b'f', -100, b'hl2', 0)
                sc(SYS_rename, b'hl1', b'mv1')
                sc(SYS_renameat, -100, b'hl2', -100, b'mv2')
                sc(SYS_renameat2, -100, b'mv2', -100, b'mv3', 1)
                sc(SYS_unlink, b'mv1')
                sc(SYS_unlinkat, -100, b'd2', 0x200)
                sc(SYS_chdir, b'/tmp')
                dfd = os.open('/', os.O_RDONLY)
                sc(SYS_fchdir, dfd)
                """);
        Map<String, Captured> e = collect(live.capture(), pid, Map.ofEntries(
                Map.entry("mkdir", type(SYSCALL_MKDIR_2_X, x -> "d1".equals(x.str("path")))),
                Map.entry("mkdirat", type(SYSCALL_MKDIRAT_X, x -> "d2".equals(x.str("path")))),
                Map.entry("rmdir", type(SYSCALL_RMDIR_2_X, x -> "d1".equals(x.str("path")))),
                Map.entry("chmod", type(SYSCALL_CHMOD_X, x -> "f".equals(x.str("filename")))),
                Map.entry("fchmodat", type(SYSCALL_FCHMODAT_X, x -> "f".equals(x.str("filename")))),
                Map.entry("fchmod", type(SYSCALL_FCHMOD_X, x -> true)),
                Map.entry("symlink", type(SYSCALL_SYMLINK_X, x -> "sl1".equals(x.str("linkpath")))),
                Map.entry("symlinkat", type(SYSCALL_SYMLINKAT_X, x -> "sl2".equals(x.str("linkpath")))),
                Map.entry("link", type(SYSCALL_LINK_2_X, x -> "hl1".equals(x.str("newpath")))),
                Map.entry("linkat", type(SYSCALL_LINKAT_2_X, x -> "hl2".equals(x.str("newpath")))),
                Map.entry("rename", type(SYSCALL_RENAME_X, x -> "mv1".equals(x.str("newpath")))),
                Map.entry("renameat", type(SYSCALL_RENAMEAT_X, x -> "mv2".equals(x.str("newpath")))),
                Map.entry("renameat2", type(SYSCALL_RENAMEAT2_X, x -> "mv3".equals(x.str("newpath")))),
                Map.entry("unlink", type(SYSCALL_UNLINK_2_X, x -> "mv1".equals(x.str("path")))),
                Map.entry("unlinkat", type(SYSCALL_UNLINKAT_2_X, x -> "d2".equals(x.str("name")))),
                Map.entry("chdir", type(SYSCALL_CHDIR_X, x -> "/tmp".equals(x.str("path")))),
                Map.entry("fchdir", type(SYSCALL_FCHDIR_X, x -> true))));
        for (Captured c : e.values()) {
            assertThat(c.num("res")).as(c.view().info().name()).isZero();
        }
        assertThat(e.get("mkdir").num("mode")).isEqualTo(0750);
        assertThat(e.get("mkdirat").num("dirfd")).isEqualTo(-100);
        assertThat(e.get("mkdirat").num("mode")).isEqualTo(0700);
        assertThat(e.get("chmod").num("mode")).isEqualTo(04640);
        assertThat(e.get("fchmodat").num("mode")).isEqualTo(0600);
        assertThat(e.get("fchmodat").num("dirfd")).isEqualTo(-100);
        assertThat(e.get("fchmod").num("mode")).isEqualTo(0644);
        assertThat(e.get("fchmod").num("fd")).isGreaterThanOrEqualTo(3);
        assertThat(e.get("symlink").str("target")).isEqualTo("f");
        assertThat(e.get("symlinkat").str("target")).isEqualTo("f");
        assertThat(e.get("symlinkat").num("linkdirfd")).isEqualTo(-100);
        assertThat(e.get("link").str("oldpath")).isEqualTo("f");
        assertThat(e.get("linkat").str("oldpath")).isEqualTo("f");
        assertThat(e.get("linkat").num("flags")).isZero();
        assertThat(e.get("rename").str("oldpath")).isEqualTo("hl1");
        assertThat(e.get("renameat").str("oldpath")).isEqualTo("hl2");
        assertThat(e.get("renameat2").num("flags")).isEqualTo(1); // PPM_RENAME_NOREPLACE
        assertThat(e.get("unlinkat").num("flags")).isEqualTo(0x200); // PPM_AT_REMOVEDIR
        assertThat(e.get("fchdir").num("fd")).isGreaterThanOrEqualTo(3);
    }

    @Test
    void fileSyscallsFromCoreutils(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("target"), "x");
        long ln = run(dir, "ln", "-s", "target", "the-link");
        collect(live.capture(), ln, Map.of("symlink", e -> (e.type() == SYSCALL_SYMLINK_X
                || e.type() == SYSCALL_SYMLINKAT_X) && e.num("res") == 0 && "target".equals(e.str("target"))
                && e.str("linkpath").endsWith("the-link")));
        long chmod = run(dir, "chmod", "0751", "target");
        collect(live.capture(), chmod, Map.of("chmod", e -> (e.type() == SYSCALL_CHMOD_X
                || e.type() == SYSCALL_FCHMODAT_X || e.type() == SYSCALL_FCHMOD_X)
                && e.num("res") == 0 && e.num("mode") == 0751));
        long mkdir = run(dir, "mkdir", "sub");
        collect(live.capture(), mkdir, Map.of("mkdir", e -> (e.type() == SYSCALL_MKDIR_2_X
                || e.type() == SYSCALL_MKDIRAT_X) && e.num("res") == 0 && "sub".equals(e.str("path"))));
        long rmdir = run(dir, "rmdir", "sub");
        collect(live.capture(), rmdir, Map.of("rmdir", e -> (e.type() == SYSCALL_RMDIR_2_X
                && "sub".equals(e.str("path")) || e.type() == SYSCALL_UNLINKAT_2_X && "sub".equals(e.str("name")))
                && e.num("res") == 0));
    }

    @Test
    void processSyscalls() throws Exception {
        long pid = python(null, """
                me = os.getpid()
                sc(SYS_setuid, 0)
                sc(SYS_setgid, 0)
                sc(SYS_unshare, 0x04000000)
                nsfd = os.open('/proc/self/ns/uts', os.O_RDONLY)
                sc(SYS_setns, nsfd, 0x04000000)
                sc(SYS_kill, me, 0)
                sc(SYS_tgkill, me, me, 0)
                name = ctypes.create_string_buffer(b'pgtest')
                sc(SYS_prctl, 15, name, 0, 0, 0)
                sc(SYS_prctl, 4, 1, 0, 0, 0)
                sc(SYS_memfd_create, b'pgmemfd', 1)
                sc(SYS_userfaultfd, 0o2000000)
                params = (ctypes.c_uint32 * 30)()
                sc(SYS_io_uring_setup, 4, params)
                """);
        Map<String, Captured> e = collect(live.capture(), pid, Map.ofEntries(
                Map.entry("setuid", type(SYSCALL_SETUID_X, x -> true)),
                Map.entry("setgid", type(SYSCALL_SETGID_X, x -> true)),
                Map.entry("unshare", type(SYSCALL_UNSHARE_X, x -> true)),
                Map.entry("setns", type(SYSCALL_SETNS_X, x -> true)),
                Map.entry("kill", type(SYSCALL_KILL_X, x -> true)),
                Map.entry("tgkill", type(SYSCALL_TGKILL_X, x -> true)),
                Map.entry("prctl-name", type(SYSCALL_PRCTL_X, x -> x.num("option") == 15)),
                Map.entry("prctl-int", type(SYSCALL_PRCTL_X, x -> x.num("option") == 4)),
                Map.entry("memfd_create", type(SYSCALL_MEMFD_CREATE_X, x -> true)),
                Map.entry("userfaultfd", type(SYSCALL_USERFAULTFD_X, x -> true)),
                Map.entry("io_uring_setup", type(SYSCALL_IO_URING_SETUP_X, x -> true))));
        assertThat(e.get("setuid").num("res")).isZero();
        assertThat(e.get("setuid").num("uid")).isZero();
        assertThat(e.get("setgid").num("gid")).isZero();
        assertThat(e.get("unshare").num("flags")).isEqualTo(128); // PPM_CL_CLONE_NEWUTS
        if (e.get("unshare").num("res") == 0) { // a restricted container may forbid namespaces even to root
            assertThat(e.get("setns").num("res")).isZero();
        }
        assertThat(e.get("setns").num("nstype")).isEqualTo(128);
        assertThat(e.get("setns").num("fd")).isGreaterThanOrEqualTo(3);
        assertThat(e.get("kill").num("res")).isZero();
        assertThat(e.get("kill").num("pid")).isEqualTo(pid);
        assertThat(e.get("kill").num("sig")).isZero();
        assertThat(e.get("tgkill").num("pid")).isEqualTo(pid);
        assertThat(e.get("tgkill").num("tid")).isEqualTo(pid);
        assertThat(e.get("prctl-name").str("arg2_str")).isEqualTo("pgtest");
        assertThat(e.get("prctl-name").num("res")).isZero();
        assertThat(e.get("prctl-int").num("arg2_int")).isEqualTo(1);
        assertThat(e.get("memfd_create").num("fd")).isGreaterThanOrEqualTo(3);
        assertThat(e.get("memfd_create").str("name")).isEqualTo("pgmemfd");
        assertThat(e.get("memfd_create").num("flags")).isEqualTo(1); // PPM_MFD_CLOEXEC
        assertThat(e.get("userfaultfd").num("flags")).isEqualTo(02000000); // O_CLOEXEC as given
        Captured uring = e.get("io_uring_setup");
        assertThat(uring.num("entries")).isEqualTo(4);
        if (uring.num("res") >= 0) { // io_uring may be disabled (kernel.io_uring_disabled)
            assertThat(uring.num("sq_entries")).isEqualTo(4);
            assertThat(uring.num("cq_entries")).isEqualTo(8);
            assertThat(uring.num("features")).isPositive();
        }
    }

    @Test
    void ptraceAttachAndDetach() throws Exception {
        long pid = python(null, """
                import time
                child = os.fork()
                if child == 0:
                    time.sleep(60)
                    os._exit(0)
                sc(SYS_ptrace, 16, child, 0, 0)
                os.waitpid(child, 0)
                sc(SYS_ptrace, 17, child, 0, 0)
                os.kill(child, 9)
                os.waitpid(child, 0)
                """);
        Map<String, Captured> e = collect(live.capture(), pid, Map.of(
                "attach", type(SYSCALL_PTRACE_X, x -> x.num("request") == 11), // PPM_PTRACE_ATTACH
                "detach", type(SYSCALL_PTRACE_X, x -> x.num("request") == 12))); // PPM_PTRACE_DETACH
        Captured attach = e.get("attach");
        long child = attach.num("pid");
        assertThat(child).isPositive().isNotEqualTo(pid);
        assertThat(e.get("detach").num("pid")).isEqualTo(child);
        assertThat(attach.view().paramBytes(1)).hasSize(9).startsWith(0); // PT_DYN: PPM_PTRACE_IDX_UINT64, addr
        if (attach.num("res") == 0) { // Yama may forbid attaching
            assertThat(e.get("detach").num("res")).isZero();
            assertThat(e.get("detach").view().paramBytes(2)).containsExactly(1, 0); // PPM_PTRACE_IDX_SIGTYPE, sig 0
        }
    }

    @Test
    void unshareCommand() throws Exception {
        Process p = new ProcessBuilder("unshare", "-U", "true").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        org.junit.jupiter.api.Assumptions.assumeTrue(p.waitFor() == 0, "unshare -U is not allowed here");
        long pid = p.pid();
        collect(live.capture(), pid, Map.of("unshare", e -> e.type() == SYSCALL_UNSHARE_X && e.num("res") == 0
                && (e.num("flags") & 1048576) != 0)); // PPM_CL_CLONE_NEWUSER
    }

    @Test
    void readAndWriteCarryTheFirstBytes(@TempDir Path dir) throws Exception {
        String data = "peregrine-read-write-" + "0123456789".repeat(10); // longer than the 80-byte snaplen
        List<Captured> keep = new ArrayList<>();
        try (LiveCapture rw = LiveCapture.open(LiveCapture.DEFAULT_RING_SIZE, Set.of("read", "write"))) {
            long pid = python(dir, "data = b'" + data + "'\n"
                    + "fd = os.open('f', os.O_RDWR | os.O_CREAT, 0o600)\n"
                    + "os.write(fd, data)\nos.lseek(fd, 0, 0)\nos.read(fd, 1000)\n");
            Map<String, Captured> e = collect(rw, pid, Map.of(
                    "write", type(SYSCALL_WRITE_X, x -> x.num("res") == data.length()),
                    "read", type(SYSCALL_READ_X, x -> x.num("res") == data.length())));
            keep.addAll(e.values());
            Captured w = e.get("write");
            assertThat(w.num("size")).isEqualTo(data.length());
            assertThat(w.num("fd")).isGreaterThanOrEqualTo(3);
            assertThat(new String(w.view().paramBytes(1), StandardCharsets.UTF_8)).isEqualTo(data.substring(0, 80));
            Captured r = e.get("read");
            assertThat(r.num("size")).isEqualTo(1000);
            assertThat(r.num("fd")).isEqualTo(w.num("fd"));
            assertThat(new String(r.view().paramBytes(1), StandardCharsets.UTF_8)).isEqualTo(data.substring(0, 80));
        }
        assertThat(keep).hasSize(2);
    }
}
