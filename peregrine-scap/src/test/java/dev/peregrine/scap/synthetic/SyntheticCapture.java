package dev.peregrine.scap.synthetic;

import dev.peregrine.scap.CaptureWriter;
import dev.peregrine.scap.EventView;
import dev.peregrine.scap.FdEntry;
import dev.peregrine.scap.FdType;
import dev.peregrine.scap.GroupEntry;
import dev.peregrine.scap.InterfaceEntry;
import dev.peregrine.scap.L4Proto;
import dev.peregrine.scap.MachineInfo;
import dev.peregrine.scap.MetadataWriter;
import dev.peregrine.scap.ThreadEntry;
import dev.peregrine.scap.UserEntry;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A capture built in a test: the machine as its metadata blocks describe it at the start (threads, fds, users,
 * groups, interfaces), then events named by their event-table name and direction ({@link SyntheticEvent}).
 * {@link #write} makes a real capture file with {@link CaptureWriter}, so tests read it back through
 * {@code CaptureReader} and exercise the same decoding path as shared captures.
 *
 * <p>Events get increasing timestamps, one millisecond apart, from {@link #START_NS} (or from the last one set
 * with {@link SyntheticEvent#at}).
 */
public final class SyntheticCapture {
    /** The first event's default timestamp: 2023-11-14T22:13:20Z. */
    public static final long START_NS = 1_700_000_000_000_000_000L;
    private static final long STEP_NS = 1_000_000;

    private MachineInfo machine = new MachineInfo(2, 8L << 30, 4_194_304, "synthetic", START_NS - 3_600_000_000_000L,
            0);
    private final List<ThreadEntry> threads = new ArrayList<>();
    private final List<FdEntry> fds = new ArrayList<>();
    private final List<UserEntry> users = new ArrayList<>();
    private final List<GroupEntry> groups = new ArrayList<>();
    private final List<InterfaceEntry> interfaces = new ArrayList<>();
    private final List<SyntheticEvent> events = new ArrayList<>();

    /** The machine-info block (by default 2 CPUs, 8 GiB, host "synthetic", booted an hour before the start). */
    public SyntheticCapture machine(MachineInfo info) {
        this.machine = info;
        return this;
    }

    /**
     * A thread in the process list: {@code tid}, pid = tid (a main thread), the rest as {@code setup} sets it on a
     * {@link ThreadEntry} (whose fields keep their defaults otherwise: empty strings, ids 0, vtid/vpid -1).
     */
    public SyntheticCapture thread(long tid, Consumer<ThreadEntry> setup) {
        ThreadEntry t = new ThreadEntry();
        t.tid = tid;
        t.pid = tid;
        setup.accept(t);
        threads.add(t);
        return this;
    }

    /** An fd in the fd list of process {@code entry.tid()} (fd lists are kept per process, under its pid). */
    public SyntheticCapture fd(FdEntry entry) {
        fds.add(entry);
        return this;
    }

    /** A regular file (FILE_V2) open in process {@code pid}. */
    public SyntheticCapture file(long pid, long fd, String path, int openFlags) {
        return fd(new FdEntry(pid, fd, 0, FdType.FILE_V2, path, openFlags, 0, 0, 0, null, null, 0, 0, 0, 0, 0));
    }

    /** An fd of a type with only a name in fd lists (directory, fifo, event, eventpoll, signalfd...). */
    public SyntheticCapture namedFd(long pid, long fd, int fdType, String name) {
        return fd(new FdEntry(pid, fd, 0, fdType, name, 0, 0, 0, 0, null, null, 0, 0, 0, 0, 0));
    }

    /** A connected IPv4 socket: source address and port, then destination, as the fd list stores a tuple. */
    public SyntheticCapture ipv4Socket(long pid, long fd, String sip, int sport, String dip, int dport, int l4) {
        return fd(new FdEntry(pid, fd, 0, FdType.IPV4_SOCK, "", 0, 0, SocketParams.ipv4Address(sip),
                SocketParams.ipv4Address(dip), null, null, sport, dport, l4, 0, 0));
    }

    /** A listening IPv4 socket. */
    public SyntheticCapture ipv4Server(long pid, long fd, String ip, int port, int l4) {
        return fd(new FdEntry(pid, fd, 0, FdType.IPV4_SERVSOCK, "", 0, 0, SocketParams.ipv4Address(ip), 0, null,
                null, port, 0, l4, 0, 0));
    }

    /** A unix socket: the kernel's pointers to both ends and the path ("" when unnamed). */
    public SyntheticCapture unixSocket(long pid, long fd, long source, long dest, String path) {
        return fd(new FdEntry(pid, fd, 0, FdType.UNIX_SOCK, path, 0, 0, 0, 0, null, null, 0, 0, L4Proto.NA, source,
                dest));
    }

    public SyntheticCapture user(int uid, int gid, String name, String home, String shell) {
        users.add(new UserEntry(uid, gid, name, home, shell));
        return this;
    }

    public SyntheticCapture group(int gid, String name) {
        groups.add(new GroupEntry(gid, name));
        return this;
    }

    /** An IPv4 interface of the machine (address and netmask as dotted quads). */
    public SyntheticCapture ipv4Interface(String name, String addr, String netmask) {
        int a = SocketParams.ipv4Address(addr), m = SocketParams.ipv4Address(netmask);
        interfaces.add(new InterfaceEntry(false, name, a, m, a | ~m, null, null, null, 0));
        return this;
    }

    /** An IPv6 interface of the machine. */
    public SyntheticCapture ipv6Interface(String name, String addr) {
        interfaces.add(new InterfaceEntry(true, name, 0, 0, 0, SocketParams.ipv6Address(addr), new byte[16],
                new byte[16], 0));
        return this;
    }

    /** Appends the enter event ('>') of this name (its current version: see {@link SyntheticEvent#lookup}). */
    public SyntheticEvent enter(long tid, String name) {
        return add(new SyntheticEvent(name, true, tid, nextTimestamp()));
    }

    /** Appends the exit event ('<') of this name (its current version: see {@link SyntheticEvent#lookup}). */
    public SyntheticEvent exit(long tid, String name) {
        return add(new SyntheticEvent(name, false, tid, nextTimestamp()));
    }

    private long nextTimestamp() {
        return events.isEmpty() ? START_NS : events.getLast().timestamp() + STEP_NS;
    }

    private SyntheticEvent add(SyntheticEvent e) {
        events.add(e);
        return e;
    }

    public List<SyntheticEvent> events() {
        return List.copyOf(events);
    }

    /** The metadata blocks: machine info, interfaces, users and groups, threads, then one fd list per process. */
    public List<byte[]> metadataBlocks() {
        List<byte[]> blocks = new ArrayList<>();
        if (machine != null) {
            blocks.add(MetadataWriter.machine(machine));
        }
        blocks.add(MetadataWriter.interfaces(interfaces));
        blocks.add(MetadataWriter.users(users, groups));
        blocks.add(MetadataWriter.threads(threads));
        Map<Long, List<FdEntry>> byPid = new LinkedHashMap<>();
        for (FdEntry f : fds) {
            byPid.computeIfAbsent(f.tid(), k -> new ArrayList<>()).add(f);
        }
        byPid.forEach((pid, list) -> blocks.add(MetadataWriter.fds(pid, list, false)));
        return blocks;
    }

    /**
     * Writes the capture (format 1.2, as libscap writes today) to {@code file}.
     *
     * @return {@code file}
     */
    public Path write(Path file) throws IOException {
        try (CaptureWriter w = CaptureWriter.open(file, 1, 2, metadataBlocks())) {
            EventView view = new EventView();
            for (SyntheticEvent e : events) {
                byte[] bytes = e.encode();
                String bad = view.wrap(MemorySegment.ofArray(bytes), 0, e.headerSize(), e.largeLengths(), e.cpu(), -1);
                if (bad != null) {
                    throw new IllegalStateException(e.info().name() + " does not decode: " + bad);
                }
                w.write(view);
            }
        }
        return file;
    }
}
