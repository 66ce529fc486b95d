package dev.peregrine.procfs;

import dev.peregrine.scap.FdEntry;
import dev.peregrine.scap.InterfaceEntry;
import dev.peregrine.scap.MachineInfo;
import dev.peregrine.scap.ThreadEntry;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the start-up state libscap's /proc scan reads (scap_proc_scan_proc_dir): for every /proc/[pid] the process
 * and each of its /proc/[pid]/task/[tid] threads, the process's fds, and the users, groups, interfaces and machine
 * info. Entries that vanish or cannot be read during the scan are skipped; nothing thrown escapes for them.
 *
 * <p>Not thread-safe: use one scanner per scan (it caches socket tables and mounts for the scan's duration).
 */
public final class ProcScanner {
    private final Path procRoot;
    private final Path etcRoot;
    private Path cgroupV2Mount;
    private boolean cgroupV2Explicit;
    private int maxFdsPerProcess;
    private boolean interfaces;

    /**
     * @param procRoot the proc file system (normally /proc)
     * @param etcRoot  the directory holding passwd and group (normally /etc)
     */
    public ProcScanner(Path procRoot, Path etcRoot) {
        this.procRoot = procRoot;
        this.etcRoot = etcRoot;
    }

    /**
     * A scanner of this machine's /proc and /etc, listing its network interfaces too; under $HOST_ROOT when it is
     * set, as in Falco's container image, which mounts the host's /proc and /etc there (read-only).
     */
    public static ProcScanner system() {
        String hostRoot = System.getenv("HOST_ROOT");
        Path root = Path.of(hostRoot == null || hostRoot.isEmpty() ? "/" : hostRoot);
        return new ProcScanner(root.resolve("proc"), root.resolve("etc")).withInterfaces(true);
    }

    /** The cgroup2 mount for resolving v2 cgroups; by default found in procRoot/self/mountinfo. Null: none. */
    public ProcScanner withCgroupV2Mount(Path mount) {
        this.cgroupV2Mount = mount;
        this.cgroupV2Explicit = true;
        return this;
    }

    /** At most this many fds per process (0, the default: no limit), like libscap's fd lookup limit. */
    public ProcScanner withMaxFdsPerProcess(int max) {
        this.maxFdsPerProcess = max;
        return this;
    }

    /** Whether to list the network interfaces of the machine this JVM runs on (they are not under procRoot). */
    public ProcScanner withInterfaces(boolean list) {
        this.interfaces = list;
        return this;
    }

    public ProcSnapshot scan() {
        long start = System.nanoTime();
        Path v2 = cgroupV2Explicit ? cgroupV2Mount : CgroupReader.findV2Mount(procRoot.resolve("self/mountinfo"));
        ThreadReader threadReader = new ThreadReader(new CgroupReader(v2), ownUid());
        FdReader fdReader = new FdReader(procRoot, maxFdsPerProcess);
        List<ThreadEntry> threads = new ArrayList<>();
        List<FdEntry> fds = new ArrayList<>();
        for (long pid : numericEntries(procRoot)) {
            Path dir = procRoot.resolve(Long.toString(pid));
            ThreadEntry main = threadReader.read(dir, pid);
            if (main == null) {
                continue;
            }
            threads.add(main);
            if (main.pid == main.tid) {
                fdReader.read(dir, main.pid, fds);
            }
            for (long tid : numericEntries(dir.resolve("task"))) {
                if (tid == pid) {
                    continue;
                }
                ThreadEntry t = threadReader.read(dir.resolve("task").resolve(Long.toString(tid)), tid);
                if (t != null) {
                    threads.add(t);
                }
            }
        }
        MachineInfo machine = MachineReader.machine(procRoot);
        List<InterfaceEntry> ifs = interfaces ? MachineReader.interfaces() : List.of();
        return new ProcSnapshot(machine, threads, fds, ifs, EtcReader.users(etcRoot.resolve("passwd")),
                EtcReader.groups(etcRoot.resolve("group")), System.nanoTime() - start);
    }

    /** Numeric names in a directory, sorted; empty if it is gone. */
    private static long[] numericEntries(Path dir) {
        List<Long> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (ProcFiles.isNumber(n) && n.length() < 19) {
                    out.add(Long.parseLong(n));
                }
            }
        } catch (IOException | RuntimeException e) {
            // vanished or unreadable: whatever was listed
        }
        return out.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    private static int ownUid() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
