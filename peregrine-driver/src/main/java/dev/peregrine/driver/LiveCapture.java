package dev.peregrine.driver;

import dev.peregrine.scap.EventView;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * A live capture: loads peregrine.bpf.o, tells it which syscalls to emit, attaches it and reads its ring buffer.
 * Events are libscap exit events (26-byte header) handed out in place through {@link EventView}, plus a procexit
 * event whenever a thread ends (so process state can be dropped), and enter events for open, openat, openat2,
 * creat and connect (their path or address as read before the kernel used it); a view stays valid until the next call to
 * {@link #next}. Single reader thread.
 *
 * <pre>{@code
 * try (LiveCapture c = LiveCapture.open(8 << 20, Set.of("openat", "close"))) {
 *     EventView ev = new EventView();
 *     while (c.next(ev)) { ... }
 * }
 * }</pre>
 */
public final class LiveCapture implements AutoCloseable {
    public static final int DEFAULT_RING_SIZE = 8 << 20;
    /** A BTF file to use instead of the running kernel's /sys/kernel/btf/vmlinux (kernels without it). */
    public static final String BTF_PROPERTY = "peregrine.btf";
    private static final String OBJECT = "/dev/peregrine/driver/peregrine.bpf.o";
    private static final long MIN_BACKOFF_NS = 500_000;   // 500 us, then doubling, as Falco's modern probe
    // up to 4 ms (libscap goes to 30 ms): a burst of 1M events/s fills an 8 MiB ring in about 60 ms
    private static final long MAX_BACKOFF_NS = 4_000_000;

    private final Libbpf bpf;
    private final Arena arena;
    private final MemorySegment object;
    private final List<MemorySegment> links = new ArrayList<>();
    private final RingSet ring;
    private final int countersFd;
    private int filterFd = -1;
    private final MemorySegment key;
    private final MemorySegment value;
    private long pollTimeoutNanos = Duration.ofSeconds(1).toNanos();
    private long delivered;
    private boolean closed;
    private List<String> warnings = List.of();

    private LiveCapture(Libbpf bpf, Arena arena, MemorySegment object, RingSet ring, int countersFd) {
        this.bpf = bpf;
        this.arena = arena;
        this.object = object;
        this.ring = ring;
        this.countersFd = countersFd;
        this.key = arena.allocate(4, 4);
        this.value = arena.allocate(8, 8);
    }

    /**
     * Loads and attaches the driver.
     *
     * @param ringSizeBytes a power of two, a multiple of the page size (e.g. 8 MiB)
     * @param syscalls      names ("openat") or x86_64 numbers (257), see {@link Syscalls#SUPPORTED}
     * @throws BpfException with a {@link BpfException.Reason} when the machine cannot run it
     */
    public static LiveCapture open(int ringSizeBytes, Collection<?> syscalls) {
        return open(ringSizeBytes, syscalls, 0, 0, objectBytes());
    }

    /**
     * {@link #open(int, Collection)} with one ring buffer (of {@code ringSizeBytes}) per group of
     * {@code cpusPerRing} CPUs, as Falco's cpus_for_each_buffer; 0 means one for all CPUs.
     */
    public static LiveCapture open(int ringSizeBytes, Collection<?> syscalls, int cpusPerRing) {
        return open(ringSizeBytes, syscalls, cpusPerRing, 0, objectBytes());
    }

    /**
     * {@link #open(int, Collection, int)} that never sends the syscalls of process {@code ignoredTgid} (a reader
     * printing events leaves its own out, from the start: each line it writes would be an event to print).
     */
    public static LiveCapture open(int ringSizeBytes, Collection<?> syscalls, int cpusPerRing, long ignoredTgid) {
        return open(ringSizeBytes, syscalls, cpusPerRing, ignoredTgid, objectBytes());
    }

    /** {@link #open(int, Collection)} with another build of the eBPF object (tests). */
    static LiveCapture open(int ringSizeBytes, Collection<?> syscalls, byte[] object) {
        return open(ringSizeBytes, syscalls, 0, 0, object);
    }

    private static LiveCapture open(int ringSizeBytes, Collection<?> syscalls, int cpusPerRing, long ignoredTgid,
                                    byte[] object) {
        String why = unavailableReason();
        if (why != null) {
            throw new BpfException(why.contains("BTF") ? BpfException.Reason.NO_BTF
                    : why.contains("libbpf") ? BpfException.Reason.NO_LIBBPF : BpfException.Reason.NO_PERMISSION, why);
        }
        int[] numbers = syscalls.stream().mapToInt(LiveCapture::syscallNumber).distinct().toArray();
        Libbpf bpf = Libbpf.get();
        Arena arena = Arena.ofShared();
        MemorySegment obj = null;
        List<MemorySegment> links = new ArrayList<>();
        RingSet ring = null;
        List<Integer> ringFds = new ArrayList<>();
        List<RingBuffer> ringBuffers = new ArrayList<>();
        try {
            MemorySegment image = arena.allocateFrom(ValueLayout.JAVA_BYTE, object);
            Libbpf.drainLog();
            MemorySegment verifierLog = arena.allocate(1 << 20);
            String btf = System.getProperty(BTF_PROPERTY);
            obj = bpf.openMem(image, "peregrine", arena, verifierLog, btf == null ? null : Path.of(btf));
            int cpus = bpf.numPossibleCpus();
            MemorySegment rings = bpf.findMap(obj, "rings", arena);
            check(bpf.setMaxEntries(rings, cpus), "size the ring table");
            // the first ring, made now, is also the template the kernel checks the others against
            int perRing = cpusPerRing <= 0 ? cpus : Math.min(cpusPerRing, cpus);
            for (int first = 0; first < cpus; first += perRing) {
                int fd = bpf.createRingBuffer(ringSizeBytes, arena);
                if (fd < 0) {
                    // the first bpf() call: where a kernel or a sandbox that refuses BPF says so
                    throw BpfRefusal.isRefusal(-fd) ? BpfRefusal.of(-fd, "create a ring buffer")
                            : new BpfException(BpfException.Reason.OTHER, "cannot create a ring buffer of "
                            + ringSizeBytes + " bytes (errno " + -fd + ")");
                }
                ringFds.add(fd);
            }
            check(bpf.setInnerMapFd(rings, ringFds.getFirst()), "give the ring table its ring type");
            check(bpf.setMaxEntries(bpf.findMap(obj, "scratch_map", arena), cpus), "size the scratch map");
            load(bpf, obj, verifierLog);

            int filterFd = bpf.mapFd(bpf.findMap(obj, "interesting", arena));
            MemorySegment k = arena.allocate(4, 4);
            MemorySegment on = arena.allocate(1);
            on.set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
            for (int nr : numbers) {
                k.set(ValueLayout.JAVA_INT, 0, nr);
                check(bpf.mapUpdate(filterFd, k, on), "set the syscall filter");
            }
            int settingsFd = bpf.mapFd(bpf.findMap(obj, ".bss", arena));
            long bootEpochNanos = bpf.bootTimeEpochNanos();
            writeSettings(bpf, arena, settingsFd, bootEpochNanos, (int) ignoredTgid);

            // one ring per group of CPUs, at each of the group's CPUs in the kernel's table
            int ringsFd = bpf.mapFd(rings);
            MemorySegment ringFd = arena.allocate(4, 4);
            for (int g = 0, first = 0; first < cpus; g++, first += perRing) {
                int fd = ringFds.get(g);
                ringBuffers.add(new RingBuffer(bpf, fd, ringSizeBytes, arena));
                ringFd.set(ValueLayout.JAVA_INT, 0, fd);
                for (int cpu = first; cpu < Math.min(first + perRing, cpus); cpu++) {
                    k.set(ValueLayout.JAVA_INT, 0, cpu);
                    check(bpf.mapUpdate(ringsFd, k, ringFd), "set CPU " + cpu + "'s ring");
                }
            }
            ring = new RingSet(bpf, ringBuffers.toArray(new RingBuffer[0]),
                    ringFds.stream().mapToInt(Integer::intValue).toArray());
            int countersFd = bpf.mapFd(bpf.findMap(obj, "counters", arena));
            // the scheduler's exec (execve's filename) and exit (procexit) tracepoints: rare events, always attached
            links.add(bpf.attach(bpf.findProgram(obj, "peregrine_sched_exec", arena), "sched_process_exec", arena));
            links.add(bpf.attach(bpf.findProgram(obj, "peregrine_sched_exit", arena), "sched_process_exit", arena));
            links.add(bpf.attach(bpf.findProgram(obj, "peregrine_sys_exit", arena), "sys_exit", arena));
            List<String> warnings = attachEnterPrograms(bpf, obj, arena, links);
            LiveCapture c = new LiveCapture(bpf, arena, obj, ring, countersFd);
            c.filterFd = filterFd;

            c.links.addAll(links);
            c.warnings = List.copyOf(warnings);
            return c;
        } catch (RuntimeException | Error e) {
            links.forEach(bpf::destroyLink);
            if (ring != null) {
                ring.close();
            } else {
                ringBuffers.forEach(RingBuffer::close);
                ringFds.forEach(bpf::closeFd);
            }
            if (obj != null) {
                bpf.close(obj);
            }
            arena.close();
            throw e;
        }
    }

    /**
     * The program's settings (its .bss: struct settings {u64 boot_epoch_ns; u32 ignored_tgid; u32 unused}), written
     * whole.
     */
    private static void writeSettings(Libbpf bpf, Arena arena, int fd, long bootEpochNanos, int ignoredTgid) {
        MemorySegment k = arena.allocate(4, 4);
        MemorySegment v = arena.allocate(16, 8);
        v.set(ValueLayout.JAVA_LONG, 0, bootEpochNanos);
        v.set(ValueLayout.JAVA_INT, 8, ignoredTgid);
        check(bpf.mapUpdate(fd, k, v), "write the driver's settings");
    }

    /** The per-syscall enter tracepoints whose programs send enter events (TOCTOU mitigation, as Falco). */
    static final List<String> ENTER_TRACEPOINTS = List.of("open", "openat", "openat2", "creat", "connect");

    /**
     * Attaches the enter programs of {@link #ENTER_TRACEPOINTS}. They are trace events (syscalls/sys_enter_*),
     * whose ids libbpf reads from tracefs: mounted here if no one has (containers often do not). A program that
     * cannot be attached is left out: its syscall then has its exit event only, as before.
     *
     * @return why some were left out (empty when all are attached)
     */
    private static List<String> attachEnterPrograms(Libbpf bpf, MemorySegment obj, Arena arena,
                                                    List<MemorySegment> links) {
        List<String> warnings = new ArrayList<>();
        if (!Files.isDirectory(Path.of("/sys/kernel/tracing/events"))
                && !Files.isDirectory(Path.of("/sys/kernel/debug/tracing/events"))) {
            int err = bpf.mountTracefs(arena);
            if (err != 0) {
                return List.of("no enter events for " + String.join(", ", ENTER_TRACEPOINTS) + " (TOCTOU "
                        + "mitigation off): tracefs is not mounted and mounting it at /sys/kernel/tracing failed "
                        + "(errno " + err + ")");
            }
        }
        for (String syscall : ENTER_TRACEPOINTS) {
            try {
                links.add(bpf.attach(bpf.findProgram(obj, "peregrine_enter_" + syscall, arena),
                        "syscalls/sys_enter_" + syscall, arena));
            } catch (BpfException e) {
                warnings.add("no enter events for " + syscall + " (TOCTOU mitigation off for it): " + e.getMessage());
            }
        }
        return warnings;
    }

    /** What works less well than it should on this machine (e.g. enter events not attached), for the log. */
    public List<String> warnings() {
        return warnings;
    }

    static Path kernelBtf() {
        return Path.of(System.getProperty(BTF_PROPERTY, "/sys/kernel/btf/vmlinux"));
    }

    private static void load(Libbpf bpf, MemorySegment obj, MemorySegment verifierLog) {
        int rc = bpf.load(obj);
        if (rc == 0) {
            return;
        }
        int err = -rc;
        String log = (Libbpf.drainLog() + verifierLog.getString(0)).strip();
        boolean verifierSpoke = log.contains("BEGIN PROG LOAD LOG") || log.contains("processed ");
        if (BpfRefusal.isRefusal(err) && !verifierSpoke) {
            throw BpfRefusal.of(err, "load the eBPF programs");
        }
        if (verifierSpoke || err == 22 || err == 7) { // a log, EINVAL or E2BIG: the verifier said no
            throw new BpfException(BpfException.Reason.VERIFIER, "the verifier rejected the program (errno "
                    + err + ") on kernel " + System.getProperty("os.version") + "; this is a Peregrine bug, please "
                    + "report it with this message. The verifier said:\n" + verifierSummary(log));
        }
        throw new BpfException(BpfException.Reason.OTHER, "loading the eBPF object failed (errno " + err + ")"
                + (log.isEmpty() ? "" : ":\n" + tail(log)));
    }

    private static String tail(String log) {
        return log.length() <= 8000 ? log : "..." + log.substring(log.length() - 8000);
    }

    /**
     * The part of libbpf's log that says why: which program failed, and the verifier's last lines (its verdict
     * comes just before its "processed N insns" statistics). The whole log can run to megabytes.
     */
    static String verifierSummary(String log) {
        List<String> lines = log.lines().toList();
        StringBuilder out = new StringBuilder();
        lines.stream().filter(l -> l.contains("BPF program load failed")).findFirst()
                .ifPresent(l -> out.append(l).append('\n'));
        int end = lines.size();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("processed ")) {
                end = i + 1;
                break;
            }
        }
        for (int i = Math.max(0, end - 12); i < end; i++) {
            out.append("  ").append(lines.get(i)).append('\n');
        }
        return out.toString().stripTrailing();
    }

    private static void check(int rc, String what) {
        if (rc != 0) {
            throw new BpfException(BpfException.Reason.OTHER, "cannot " + what + " (errno " + -rc + "): "
                    + Libbpf.drainLog().strip());
        }
    }

    private static int syscallNumber(Object o) {
        if (o instanceof Number n) {
            return n.intValue();
        }
        return Syscalls.number(o.toString());
    }

    private static byte[] objectBytes() {
        try (InputStream in = LiveCapture.class.getResourceAsStream(OBJECT)) {
            if (in == null) {
                throw new BpfException(BpfException.Reason.OTHER, "the eBPF object " + OBJECT
                        + " is not on the class path (was peregrine-driver built with clang?)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Why a live capture cannot run here, or null if it probably can: checks for libbpf.so.1, kernel BTF and
     * the capabilities (effective CAP_SYS_ADMIN, or CAP_BPF with CAP_PERFMON).
     */
    public static String unavailableReason() {
        Path btf = kernelBtf();
        if (!Files.exists(btf)) {
            return "no kernel BTF (" + btf + " missing): the CO-RE driver needs a kernel built with "
                    + "CONFIG_DEBUG_INFO_BTF=y (Linux 5.8 or later; most distributions' kernels since 2020 are)";
        }
        try {
            Libbpf.get();
        } catch (BpfException e) {
            return e.getMessage();
        }
        long caps = effectiveCapabilities();
        boolean sysAdmin = (caps & (1L << 21)) != 0;
        boolean bpfAndPerfmon = (caps & (1L << 39)) != 0 && (caps & (1L << 38)) != 0;
        if (!sysAdmin && !bpfAndPerfmon) {
            return "missing capabilities: run as root, or grant CAP_BPF and CAP_PERFMON (CapEff=0x"
                    + Long.toHexString(caps) + ")";
        }
        return null;
    }

    private static long effectiveCapabilities() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    return Long.parseUnsignedLong(line.substring(7).strip(), 16);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through
        }
        return 0;
    }

    /**
     * Changes which syscalls the kernel side sends, while running (e.g. after a rules reload): every supported
     * syscall not in {@code syscalls} is filtered out before any event is built. procexit events (from the
     * scheduler's exit tracepoint) are not syscalls and always come.
     */
    public synchronized void trace(Collection<?> syscalls) {
        java.util.Set<Integer> on = new java.util.HashSet<>();
        for (Object s : syscalls) {
            on.add(syscallNumber(s));
        }
        MemorySegment k = arena.allocate(4, 4);
        MemorySegment v = arena.allocate(1);
        for (int nr : Syscalls.SUPPORTED.values()) {
            k.set(ValueLayout.JAVA_INT, 0, nr);
            v.set(ValueLayout.JAVA_BYTE, 0, (byte) (on.contains(nr) ? 1 : 0));
            check(bpf.mapUpdate(filterFd, k, v), "update the syscall filter");
        }
    }

    /** How long {@link #next(EventView)} polls before giving up (default 1 s). */
    public LiveCapture pollTimeout(Duration timeout) {
        this.pollTimeoutNanos = timeout.toNanos();
        return this;
    }

    /** The next event, waiting up to the poll timeout; false if none came. */
    public boolean next(EventView view) {
        return next(view, pollTimeoutNanos);
    }

    /**
     * The next event, polling with a backoff (500 us doubling to 4 ms) for up to {@code timeoutNanos}. The ring is
     * polled rather than waited on because the kernel side submits without wake-ups.
     */
    public boolean next(EventView view, long timeoutNanos) {
        if (ring.next(view)) {
            delivered++;
            return true;
        }
        long deadline = System.nanoTime() + timeoutNanos;
        long backoff = MIN_BACKOFF_NS;
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            LockSupport.parkNanos(Math.min(backoff, left));
            backoff = Math.min(backoff * 2, MAX_BACKOFF_NS);
            if (ring.next(view)) {
                delivered++;
                return true;
            }
        }
    }

    /** Events lost in the kernel because the ring was full (a kernel counter). */
    public long drops() {
        return counter(0);
    }

    /** Events dropped in the kernel for exceeding 64 KiB. */
    public long oversized() {
        return counter(1);
    }

    /** How many ring buffers the kernel side writes to (one per group of CPUs). */
    public int rings() {
        return ring.size();
    }

    /** Events handed out by {@link #next}. */
    public long delivered() {
        return delivered;
    }

    private long counter(int idx) {
        key.set(ValueLayout.JAVA_INT, 0, idx);
        check(bpf.mapLookup(countersFd, key, value), "read a counter");
        return value.get(ValueLayout.JAVA_LONG, 0);
    }

    /** Detaches the programs and frees the maps; views handed out before become invalid. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        links.forEach(bpf::destroyLink);
        ring.close();
        bpf.close(object);
        arena.close();
    }
}
