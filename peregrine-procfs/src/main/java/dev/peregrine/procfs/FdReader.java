package dev.peregrine.procfs;

import dev.peregrine.scap.FdEntry;
import dev.peregrine.scap.FdType;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Lists a process's fds from /proc/[pid]/fd, typed and named as scap_fd_scan_fd_dir does. */
final class FdReader {
    private static final int S_IFMT = 0170000, S_IFDIR = 0040000, S_IFREG = 0100000, S_IFBLK = 0060000,
            S_IFCHR = 0020000, S_IFLNK = 0120000, S_IFIFO = 0010000, S_IFSOCK = 0140000;

    private final Path procRoot;
    private final int maxFdsPerProcess;
    /** Socket tables by network namespace inode (0: the namespace of procRoot/net). */
    private final Map<Long, SocketTables> socketsByNs = new HashMap<>();
    /** mount id to device number, by mount namespace. */
    private final Map<String, Map<Long, Integer>> devicesByMntNs = new HashMap<>();

    FdReader(Path procRoot, int maxFdsPerProcess) {
        this.procRoot = procRoot;
        this.maxFdsPerProcess = maxFdsPerProcess;
    }

    /** Appends the fds of the process whose directory is {@code dir}; a vanished process adds nothing. */
    void read(Path dir, long pid, List<FdEntry> out) {
        Path fdDir = dir.resolve("fd");
        int added = 0;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdDir)) {
            for (Path p : fds) {
                if (maxFdsPerProcess > 0 && added >= maxFdsPerProcess) {
                    break; // libscap's fd lookup limit
                }
                String name = p.getFileName().toString();
                if (!ProcFiles.isNumber(name)) {
                    continue;
                }
                FdEntry e = entry(dir, pid, Long.parseLong(name), p);
                if (e != null) {
                    out.add(e);
                    added++;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process exited or its fds are not ours to read: keep what was listed
        }
    }

    /**
     * One fd. The link text decides sockets, pipes and anonymous inodes (so a fake tree's dangling links work);
     * anything else is typed by stat(2) of the fd, as in libscap.
     */
    private FdEntry entry(Path dir, long pid, long fd, Path p) {
        String link = ProcFiles.link(p);
        if (link == null) {
            return null;
        }
        long sockIno = ProcFiles.bracketNumber(link, "socket:[");
        if (sockIno >= 0) {
            return socket(dir, pid, fd, sockIno);
        }
        long pipeIno = ProcFiles.bracketNumber(link, "pipe:[");
        if (pipeIno >= 0) {
            return simple(pid, fd, pipeIno, FdType.FIFO, link);
        }
        Map<String, Object> st = ProcFiles.stat(p);
        if (link.startsWith("anon_inode:")) {
            // libscap clears the name of anonymous inodes and keeps only their type
            long ino = st == null ? 0 : ((Number) st.get("ino")).longValue();
            return simple(pid, fd, ino, AnonInodes.type(link), "");
        }
        if (st == null) {
            return null;
        }
        int mode = ((Number) st.get("mode")).intValue() & S_IFMT;
        long ino = ((Number) st.get("ino")).longValue();
        return switch (mode) {
            case S_IFIFO -> simple(pid, fd, ino, FdType.FIFO, link); // a named pipe
            case S_IFREG, S_IFBLK, S_IFCHR, S_IFLNK -> link.startsWith("/memfd:")
                    ? simple(pid, fd, ino, FdType.MEMFD, link) : file(dir, pid, fd, ino, link);
            case S_IFDIR -> simple(pid, fd, ino, FdType.DIRECTORY, link);
            case S_IFSOCK -> null; // a socket whose link was not socket:[N]: nothing to match it with
            default -> simple(pid, fd, ino, FdType.UNSUPPORTED, "");
        };
    }

    private static FdEntry simple(long pid, long fd, long ino, int type, String name) {
        return new FdEntry(pid, fd, ino, type, name, 0, 0, 0, 0, null, null, 0, 0, 0, 0, 0);
    }

    /** A file: open flags and mount id from fdinfo, the mount id turned into the device from mountinfo. */
    private FdEntry file(Path dir, long pid, long fd, long ino, String name) {
        int flags = 0;
        int dev = 0;
        String info = ProcFiles.text(dir.resolve("fdinfo").resolve(Long.toString(fd)));
        if (info != null) {
            for (String line : info.split("\n")) {
                try {
                    if (line.startsWith("flags:")) {
                        flags = OpenFlags.toScap(Long.parseLong(line.substring(6).trim(), 8));
                    } else if (line.startsWith("mnt_id:")) {
                        dev = device(dir, Long.parseLong(line.substring(7).trim()));
                    }
                } catch (NumberFormatException e) {
                    // leave 0
                }
            }
        }
        return new FdEntry(pid, fd, ino, FdType.FILE_V2, name, flags, dev, 0, 0, null, null, 0, 0, 0, 0, 0);
    }

    private int device(Path dir, long mountId) {
        String ns = ProcFiles.link(dir.resolve("ns/mnt"));
        Map<Long, Integer> devices = devicesByMntNs.computeIfAbsent(ns == null ? dir.toString() : ns,
                k -> Mounts.devices(dir.resolve("mountinfo")));
        return devices.getOrDefault(mountId, 0);
    }

    /**
     * A socket is listed only if its inode is in its network namespace's tables (libscap drops the others). The
     * tables are read once per namespace, from the process's own net/ view.
     */
    private FdEntry socket(Path dir, long pid, long fd, long ino) {
        long ns = ProcFiles.bracketNumber(ProcFiles.link(dir.resolve("ns/net")), "net:[");
        if (ns < 0) {
            ns = 0;
        }
        Path netDir = ns != 0 && ProcFiles.exists(dir.resolve("net")) ? dir.resolve("net") : procRoot.resolve("net");
        SocketTables tables = socketsByNs.computeIfAbsent(ns, k -> SocketTables.read(netDir));
        SocketTables.Sock s = tables.get(ino);
        if (s == null) {
            return null;
        }
        return new FdEntry(pid, fd, ino, s.type(), s.name(), 0, 0, s.sip(), s.dip(), s.sip6(), s.dip6(), s.sport(),
                s.dport(), s.l4proto(), s.unixSource(), 0);
    }
}
