package dev.peregrine.procfs;

import dev.peregrine.scap.CaptureMetadata;
import dev.peregrine.scap.FdEntry;
import dev.peregrine.scap.FdType;
import dev.peregrine.scap.L4Proto;
import dev.peregrine.scap.ThreadEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A scan of a hand-made proc tree: every field of threads and fds, and the round trip through the blocks. */
class FakeProcTreeTest {
    @TempDir
    Path tmp;

    private Path proc, etc, cg, bin, data;

    private void write(Path p, String text) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
    }

    private void link(Path p, String target) throws IOException {
        Files.createDirectories(p.getParent());
        Files.createSymbolicLink(p, Path.of(target));
    }

    private static String status(long tgid, long pid, long ppid, String nspid, String nstgid) {
        return "Name:\tx\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t" + tgid + "\nNgid:\t0\nPid:\t" + pid
                + "\nPPid:\t" + ppid + "\nUid:\t1000\t1001\t1000\t1000\nGid:\t100\t101\t100\t100\nNStgid:\t"
                + nstgid + "\nNSpid:\t" + nspid + "\nNSpgid:\t" + nstgid + "\nVmSize:\t  10240 kB\nVmRSS:\t    2048 kB\n"
                + "VmSwap:\t       4 kB\nCapInh:\t0000000000000000\nCapPrm:\t000001ffffffffff\n"
                + "CapEff:\t00000000a80425fb\n";
    }

    /** A task directory (the process's own, or a thread's). */
    private void task(Path dir, long tgid, long tid, long ppid, String comm, String nspid, String nstgid)
            throws IOException {
        write(dir.resolve("cmdline"), "/usr/bin/server\0--port\0" + "8080\0");
        write(dir.resolve("comm"), comm + "\n");
        write(dir.resolve("environ"), "HOME=/root\0PATH=/bin\0");
        write(dir.resolve("status"), status(tgid, tid, ppid, nspid, nstgid));
        write(dir.resolve("stat"), tid + " (" + comm + " (x)) S " + ppid + " 500 600 34816 0 4194304 77 0 9 0 1 2");
        write(dir.resolve("limits"), "Limit                     Soft Limit           Hard Limit           Units\n"
                + "Max open files            1024                 524288               files\n");
        write(dir.resolve("cgroup"), "4:memory:/docker/abc\n3:cpu,cpuacct:/docker/abc\n0::/system.slice/x.service\n");
        write(dir.resolve("loginuid"), "1000");
        link(dir.resolve("exe"), bin.toString());
        link(dir.resolve("cwd"), "/srv/app");
        link(dir.resolve("root"), tmp.toString()); // not "/": JUnit warns about links leaving the temp dir
        link(dir.resolve("ns/net"), "net:[4026531840]");
    }

    private ProcSnapshot scanFakeTree() throws IOException {
        proc = tmp.resolve("proc");
        etc = tmp.resolve("etc");
        cg = tmp.resolve("cgroup");
        bin = tmp.resolve("server-bin");
        data = tmp.resolve("data.log");
        write(bin, "ELF");
        write(data, "x");
        Files.createDirectories(tmp.resolve("adir"));
        // cgroup v2: cpu at the service, memory only at the root
        write(cg.resolve("cgroup.controllers"), "cpu memory\n");
        write(cg.resolve("system.slice/cgroup.controllers"), "cpu memory\n");
        write(cg.resolve("system.slice/x.service/cgroup.controllers"), "cpu\n");

        Path p100 = proc.resolve("100");
        task(p100, 100, 100, 1, "server", "100\t7", "100\t7");
        task(p100.resolve("task/100"), 100, 100, 1, "server", "100\t7", "100\t7");
        task(p100.resolve("task/101"), 100, 101, 1, "worker", "101\t8", "100\t7");
        link(p100.resolve("fd/0"), bin.toString());
        link(p100.resolve("fd/3"), data.toString());
        write(p100.resolve("fdinfo/3"), "pos:\t12\nflags:\t02102001\nmnt_id:\t29\nino:\t5\n");
        write(p100.resolve("mountinfo"), "29 1 8:3 / / rw - ext4 /dev/sda3 rw\n");
        link(p100.resolve("fd/4"), "socket:[5555]");
        link(p100.resolve("fd/5"), "pipe:[777]");
        link(p100.resolve("fd/6"), "socket:[6666]");
        link(p100.resolve("fd/7"), "anon_inode:[eventfd]");
        link(p100.resolve("fd/8"), tmp.resolve("adir").toString());
        link(p100.resolve("fd/9"), "socket:[7777]");
        link(p100.resolve("fd/10"), "socket:[9999]"); // not in any table: dropped, as libscap does
        link(p100.resolve("fd/11"), "socket:[8888]");
        write(p100.resolve("net/tcp"), "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
                + "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 5555 1 0000000000000000 100 0 0 10 0\n"
                + "   1: 0100007F:1F90 0100007F:D431 01 00000000:00000000 00:00000000 00000000  1000        0 6666 1 0000000000000000 20 4 30 10 -1\n");
        write(p100.resolve("net/unix"), "Num       RefCount Protocol Flags    Type St Inode Path\n"
                + "ffff8881a0b1c000: 00000002 00000000 00010000 0001 01  7777 /run/app.sock\n");
        write(p100.resolve("net/tcp6"), "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
                + "   0: 00000000000000000000000001000000:0050 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 8888 1 0000000000000000 100 0 0 10 0\n");

        // a second process, and one whose status is missing (it "exited" mid-scan), and a kernel thread
        Path p200 = proc.resolve("200");
        task(p200, 200, 200, 100, "child", "200", "200");
        Files.delete(p200.resolve("cmdline"));
        write(p200.resolve("cmdline"), "sh\0");
        Path p300 = proc.resolve("300");
        task(p300, 300, 300, 1, "gone", "300", "300");
        Files.delete(p300.resolve("status"));
        write(proc.resolve("2/cmdline"), "");
        write(proc.resolve("2/comm"), "kthreadd\n");
        write(proc.resolve("self/mountinfo"), "");
        write(proc.resolve("meminfo"), "MemTotal:       16384 kB\n");
        write(proc.resolve("stat"), "cpu 1 2 3\nbtime 1700000000\n");
        write(proc.resolve("sys/kernel/pid_max"), "4194304\n");
        write(proc.resolve("sys/kernel/hostname"), "fakehost\n");
        write(etc.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\nalice:x:1000:100:Alice:/home/alice:/bin/zsh\n");
        write(etc.resolve("group"), "root:x:0:\nusers:x:100:alice\n");
        return new ProcScanner(proc, etc).withCgroupV2Mount(cg).scan();
    }

    @Test
    void threadsHaveEveryField() throws IOException {
        ProcSnapshot s = scanFakeTree();
        assertThat(s.threads()).extracting(t -> t.tid).containsExactly(100L, 101L, 200L);
        ThreadEntry t = s.threads().get(0);
        assertThat(t.pid).isEqualTo(100);
        assertThat(t.ptid).isEqualTo(1);
        assertThat(t.comm).isEqualTo("server");
        assertThat(t.exe).isEqualTo("/usr/bin/server");
        assertThat(t.exepath).isEqualTo(bin.toString());
        assertThat(t.args).containsExactly("--port", "8080");
        assertThat(t.env).containsExactly("HOME=/root", "PATH=/bin");
        assertThat(t.cwd).isEqualTo("/srv/app");
        assertThat(t.root).isEqualTo(tmp.toString());
        assertThat(t.fdlimit).isEqualTo(1024);
        assertThat(t.uid).isEqualTo(1001); // effective
        assertThat(t.gid).isEqualTo(101);
        assertThat(t.vtid).isEqualTo(7);
        assertThat(t.vpid).isEqualTo(7);
        assertThat(t.pgid).isEqualTo(100); // NSpgid's first value when nested
        assertThat(t.vpgid).isEqualTo(7);
        assertThat(t.sid).isEqualTo(600);
        assertThat(t.tty).isEqualTo(34816);
        assertThat(t.pfMinor).isEqualTo(77);
        assertThat(t.pfMajor).isEqualTo(9);
        assertThat(t.vmsizeKb).isEqualTo(10240);
        assertThat(t.vmrssKb).isEqualTo(2048);
        assertThat(t.vmswapKb).isEqualTo(4);
        assertThat(t.capInheritable).isZero();
        assertThat(t.capPermitted).isEqualTo(0x1ffffffffffL);
        assertThat(t.capEffective).isEqualTo(0xa80425fbL);
        assertThat(t.loginuid).isEqualTo(1000);
        assertThat(t.flags).isZero();
        assertThat(t.cgroups).containsExactly("memory=/docker/abc", "cpu=/docker/abc", "cpuacct=/docker/abc",
                "cpu=/system.slice/x.service", "memory=/system.slice");
        assertThat(t.exeIno).isEqualTo(((Number) Files.getAttribute(bin, "unix:ino")).longValue());
        assertThat(t.exeInoMtime).isPositive();
        ThreadEntry worker = s.threads().get(1);
        assertThat(worker.pid).isEqualTo(100);
        assertThat(worker.comm).isEqualTo("worker");
        assertThat(worker.vtid).isEqualTo(8);
        assertThat(worker.flags).isEqualTo(ThreadReader.CLONE_THREAD | ThreadReader.CLONE_FILES);
        ThreadEntry child = s.threads().get(2);
        assertThat(child.exe).isEqualTo("sh");
        assertThat(child.args).isEmpty();
        assertThat(child.vpid).isEqualTo(200);
        assertThat(child.vpgid).isZero(); // host pid namespace: libscap leaves vpgid 0
        assertThat(child.pgid).isEqualTo(500);
    }

    private static FdEntry fd(ProcSnapshot s, long fd) {
        return s.fds().stream().filter(f -> f.tid() == 100 && f.fd() == fd).findFirst().orElse(null);
    }

    @Test
    void fdsAreTypedAndNamed() throws IOException {
        ProcSnapshot s = scanFakeTree();
        assertThat(s.fds()).allMatch(f -> f.tid() == 100);
        assertThat(s.fds()).extracting(FdEntry::fd).containsExactlyInAnyOrder(0L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 11L);
        FdEntry file = fd(s, 3);
        assertThat(file.type()).isEqualTo(FdType.FILE_V2);
        assertThat(file.name()).isEqualTo(data.toString());
        assertThat(file.ino()).isEqualTo(((Number) Files.getAttribute(data, "unix:ino")).longValue());
        // O_WRONLY|O_APPEND|O_CLOEXEC (02102001 also has O_LARGEFILE, which libscap cannot see on x86-64)
        assertThat(file.openFlags()).isEqualTo(OpenFlags.WRONLY | OpenFlags.APPEND | OpenFlags.CLOEXEC);
        assertThat(file.dev()).isEqualTo((8 << 8) | 3);
        FdEntry listen = fd(s, 4);
        assertThat(listen.type()).isEqualTo(FdType.IPV4_SERVSOCK);
        assertThat(listen.sip()).isEqualTo(0x0100007F);
        assertThat(listen.sport()).isEqualTo(8080);
        assertThat(listen.l4proto()).isEqualTo(L4Proto.TCP);
        assertThat(listen.ino()).isEqualTo(5555);
        FdEntry conn = fd(s, 6);
        assertThat(conn.type()).isEqualTo(FdType.IPV4_SOCK);
        assertThat(conn.dip()).isEqualTo(0x0100007F);
        assertThat(conn.sport()).isEqualTo(8080);
        assertThat(conn.dport()).isEqualTo(0xD431);
        FdEntry pipe = fd(s, 5);
        assertThat(pipe.type()).isEqualTo(FdType.FIFO);
        assertThat(pipe.name()).isEqualTo("pipe:[777]");
        assertThat(pipe.ino()).isEqualTo(777);
        assertThat(fd(s, 7).type()).isEqualTo(FdType.EVENT);
        assertThat(fd(s, 7).name()).isEmpty();
        assertThat(fd(s, 8).type()).isEqualTo(FdType.DIRECTORY);
        FdEntry unix = fd(s, 9);
        assertThat(unix.type()).isEqualTo(FdType.UNIX_SOCK);
        assertThat(unix.name()).isEqualTo("/run/app.sock");
        assertThat(unix.unixSource()).isEqualTo(0xffff8881a0b1c000L);
        FdEntry v6 = fd(s, 11);
        assertThat(v6.type()).isEqualTo(FdType.IPV6_SERVSOCK);
        assertThat(v6.sip6()[15]).isEqualTo((byte) 1); // ::1
        assertThat(v6.sport()).isEqualTo(80);
        assertThat(fd(s, 0).type()).isEqualTo(FdType.FILE_V2);
    }

    @Test
    void usersGroupsAndMachine() throws IOException {
        ProcSnapshot s = scanFakeTree();
        assertThat(s.users()).hasSize(2);
        assertThat(s.users().get(1).name()).isEqualTo("alice");
        assertThat(s.users().get(1).homedir()).isEqualTo("/home/alice");
        assertThat(s.users().get(1).shell()).isEqualTo("/bin/zsh");
        assertThat(s.groups()).extracting(g -> g.name()).containsExactly("root", "users");
        assertThat(s.machineInfo().hostname()).isEqualTo("fakehost");
        assertThat(s.machineInfo().memorySizeBytes()).isEqualTo(16384L * 1024);
        assertThat(s.machineInfo().bootTsEpoch()).isEqualTo(1_700_000_000_000_000_000L);
        assertThat(s.machineInfo().maxPid()).isEqualTo(4194304);
    }

    @Test
    void blocksRoundTripThroughTheCaptureReader() throws IOException {
        ProcSnapshot s = scanFakeTree();
        CaptureMetadata m = ProcMetadata.toCaptureMetadata(s);
        assertThat(m.machineInfo()).isEqualTo(s.machineInfo());
        assertThat(m.users()).isEqualTo(s.users());
        assertThat(m.groups()).isEqualTo(s.groups());
        assertThat(m.threads()).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(m.threads().get(i)).usingRecursiveComparison().isEqualTo(s.threads().get(i));
        }
        assertThat(m.fds()).hasSize(s.fds().size());
        for (int i = 0; i < s.fds().size(); i++) {
            assertThat(m.fds().get(i)).usingRecursiveComparison().isEqualTo(s.fds().get(i));
        }
        assertThat(m.rawBlocks()).hasSize(5); // MI, IL, UL, PL, one FDL
    }

    @Test
    void missingProcRootGivesAnEmptyScan() {
        ProcSnapshot s = new ProcScanner(tmp.resolve("nope"), tmp.resolve("nope")).scan();
        assertThat(s.threads()).isEmpty();
        assertThat(s.fds()).isEmpty();
        assertThat(ProcMetadata.toCaptureMetadata(s).threads()).isEmpty();
        assertThat(List.of(s.users(), s.groups())).allMatch(List::isEmpty);
    }
}
