package dev.peregrine.procfs;

import dev.peregrine.scap.CaptureMetadata;
import dev.peregrine.scap.FdEntry;
import dev.peregrine.scap.FdType;
import dev.peregrine.scap.ThreadEntry;
import dev.peregrine.state.FdInfo;
import dev.peregrine.state.SocketNames;
import dev.peregrine.state.SystemState;
import dev.peregrine.state.ThreadInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A scan of this machine's /proc, checked against what this JVM holds open, and fed to SystemState. */
class LiveProcTest {
    @TempDir
    Path tmp;

    /** The fd number /proc/self/fd gives for a path this process has open. */
    private static long fdOf(Path file) throws Exception {
        try (var ds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path p : ds) {
                String target = ProcFiles.link(p);
                if (file.toString().equals(target)) {
                    return Long.parseLong(p.getFileName().toString());
                }
            }
        }
        return -1;
    }

    @Test
    void ownProcessThreadsFilesAndSockets() throws Exception {
        long pid = ProcessHandle.current().pid();
        Path file = tmp.resolve("held.txt");
        Files.writeString(file, "hello");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw");
             ServerSocket server = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            raf.seek(5); // held open (and used) for the whole scan
            long fd = fdOf(file);
            assertThat(fd).isPositive();
            ProcSnapshot s = ProcScanner.system().scan();
            System.out.printf("scan of this machine: %d threads, %d fds, %d users, %d interfaces in %.1f ms%n",
                    s.threads().size(), s.fds().size(), s.users().size(), s.interfaces().size(),
                    s.scanNanos() / 1e6);

            ThreadEntry me = s.threads().stream().filter(t -> t.tid == pid).findFirst().orElseThrow();
            assertThat(me.pid).isEqualTo(pid);
            assertThat(me.comm).isEqualTo("java");
            String javaHome = Path.of(System.getProperty("java.home")).toRealPath().toString();
            assertThat(me.exepath).startsWith(javaHome);
            assertThat(me.cwd).isEqualTo(Path.of("").toAbsolutePath().toString());
            assertThat(me.ptid).isEqualTo(ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L));
            assertThat(me.exeIno).isPositive();
            List<ThreadEntry> mine = s.threads().stream().filter(t -> t.pid == pid).toList();
            assertThat(mine.size()).isGreaterThan(5); // a JVM has GC, compiler, finalizer... threads
            assertThat(mine).filteredOn(t -> t.tid != pid)
                    .allMatch(t -> (t.flags & ThreadReader.CLONE_THREAD) != 0);

            FdEntry held = s.fds().stream().filter(f -> f.tid() == pid && f.fd() == fd).findFirst().orElseThrow();
            assertThat(held.type()).isEqualTo(FdType.FILE_V2);
            assertThat(held.name()).isEqualTo(file.toString());
            assertThat(held.openFlags() & OpenFlags.RDWR).isEqualTo(OpenFlags.RDWR);

            FdEntry listening = s.fds().stream()
                    .filter(f -> f.tid() == pid && f.sport() == server.getLocalPort()
                            && (f.type() == FdType.IPV4_SERVSOCK || f.type() == FdType.IPV6_SERVSOCK))
                    .findFirst().orElseThrow();
            // the JDK binds dual-stack sockets: the kernel lists them in tcp6 as ::ffff:127.0.0.1
            String listenName;
            if (listening.type() == FdType.IPV4_SERVSOCK) {
                assertThat(listening.sip()).isEqualTo(0x0100007F);
                listenName = "127.0.0.1:" + server.getLocalPort();
            } else {
                assertThat(listening.sip6()).containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 127, 0, 0, 1);
                listenName = SocketNames.ipv6(listening.sip6()) + ":" + server.getLocalPort();
            }

            // (c) SystemState initialises from the scan as from a capture file
            CaptureMetadata metadata = ProcMetadata.toCaptureMetadata(s);
            SystemState state = new SystemState(metadata);
            ThreadInfo t = state.thread(pid);
            assertThat(t).isNotNull();
            assertThat(t.comm()).isEqualTo("java"); // proc.name
            assertThat(t.exepath()).startsWith(javaHome);
            FdInfo fi = state.fd(t, fd);
            assertThat(fi).isNotNull();
            assertThat(fi.name()).isEqualTo(file.toString()); // fd.name
            FdInfo sock = state.fd(t, listening.fd());
            assertThat(sock.name()).isEqualTo(listenName);
            assertThat(state.machine().hostname()).isNotEmpty();
        }
    }

    @Test
    void repeatedScansAreQuickEnoughAndStable() {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            ProcSnapshot s = ProcScanner.system().scan();
            best = Math.min(best, s.scanNanos());
            assertThat(s.threads()).isNotEmpty();
        }
        System.out.printf("best of 3 scans: %.1f ms%n", best / 1e6);
    }
}
