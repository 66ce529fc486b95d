package dev.peregrine.driver;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The few libbpf (libbpf.so.1, 1.1+) and libc functions the driver needs, as FFM downcalls. libbpf 1.x returns
 * NULL or a negative errno on failure (never an encoded pointer), so errors are checked directly; errno is captured
 * for calls that return NULL. libbpf's own log lines are collected through a print callback so exceptions can
 * quote them.
 */
final class Libbpf {
    static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    static final int PROT_READ = 1;
    static final int PROT_WRITE = 2;
    static final int MAP_SHARED = 1;
    private static final int SC_PAGESIZE = 30;
    private static final int CLOCK_REALTIME = 0;
    private static final int CLOCK_BOOTTIME = 7;

    private static volatile Libbpf instance;
    private static final StringBuilder LOG = new StringBuilder();

    private final MethodHandle openMem;
    private final MethodHandle objectLoad;
    private final MethodHandle objectClose;
    private final MethodHandle findProgram;
    private final MethodHandle programAttach;
    private final MethodHandle findMap;
    private final MethodHandle mapFd;
    private final MethodHandle mapSetMaxEntries;
    private final MethodHandle linkDestroy;
    private final MethodHandle mapUpdate;
    private final MethodHandle mapLookup;
    private final MethodHandle numPossibleCpus;
    private final MethodHandle mmap;
    private final MethodHandle munmap;
    private final MethodHandle sysconf;
    private final MethodHandle clockGettime;
    private final MethodHandle innerMapFd;
    private final MethodHandle mapCreate;
    private final MethodHandle close;
    private final MethodHandle mount;

    private Libbpf(SymbolLookup bpf) {
        SymbolLookup libc = LINKER.defaultLookup();
        openMem = down(bpf, "bpf_object__open_mem", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, ADDRESS), true);
        objectLoad = down(bpf, "bpf_object__load", FunctionDescriptor.of(JAVA_INT, ADDRESS), false);
        objectClose = down(bpf, "bpf_object__close", FunctionDescriptor.ofVoid(ADDRESS), false);
        findProgram = down(bpf, "bpf_object__find_program_by_name", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS), false);
        programAttach = down(bpf, "bpf_program__attach", FunctionDescriptor.of(ADDRESS, ADDRESS), true);
        findMap = down(bpf, "bpf_object__find_map_by_name", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS), false);
        mapFd = down(bpf, "bpf_map__fd", FunctionDescriptor.of(JAVA_INT, ADDRESS), false);
        mapSetMaxEntries = down(bpf, "bpf_map__set_max_entries", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), false);
        linkDestroy = down(bpf, "bpf_link__destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS), false);
        mapUpdate = down(bpf, "bpf_map_update_elem", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG), false);
        mapLookup = down(bpf, "bpf_map_lookup_elem", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), false);
        numPossibleCpus = down(bpf, "libbpf_num_possible_cpus", FunctionDescriptor.of(JAVA_INT), false);
        mmap = down(libc, "mmap", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG), true);
        munmap = down(libc, "munmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG), false);
        sysconf = down(libc, "sysconf", FunctionDescriptor.of(JAVA_LONG, JAVA_INT), false);
        clockGettime = down(libc, "clock_gettime", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS), false);
        innerMapFd = down(bpf, "bpf_map__set_inner_map_fd", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), false);
        mapCreate = down(bpf, "bpf_map_create",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS), false);
        close = down(libc, "close", FunctionDescriptor.of(JAVA_INT, JAVA_INT), false);
        mount = down(libc, "mount", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS), true);
        installPrintCallback(bpf, libc);
    }

    /** The process-wide instance; throws {@link BpfException} (NO_LIBBPF) when libbpf.so.1 cannot be loaded. */
    static Libbpf get() {
        Libbpf l = instance;
        if (l == null) {
            synchronized (Libbpf.class) {
                if (instance == null) {
                    SymbolLookup bpf;
                    try {
                        bpf = SymbolLookup.libraryLookup("libbpf.so.1", Arena.global());
                    } catch (IllegalArgumentException e) {
                        throw new BpfException(BpfException.Reason.NO_LIBBPF,
                                "libbpf.so.1 not found: install the Debian package libbpf1 (" + e.getMessage() + ")");
                    }
                    instance = new Libbpf(bpf);
                }
                l = instance;
            }
        }
        return l;
    }

    private static MethodHandle down(SymbolLookup lookup, String name, FunctionDescriptor fd, boolean errno) {
        MemorySegment sym = lookup.find(name).orElseThrow(() -> new BpfException(BpfException.Reason.NO_LIBBPF,
                "symbol " + name + " missing: libbpf 1.1 or later is needed"));
        return errno ? LINKER.downcallHandle(sym, fd, CAPTURE_ERRNO) : LINKER.downcallHandle(sym, fd);
    }

    // ------------------------------------------------------------------ libbpf's log

    /*
     * libbpf_set_print takes int (*)(enum level, const char *fmt, va_list). On x86_64 a va_list parameter is a
     * pointer, which vsnprintf accepts as is, so the upcall formats the line in C and keeps it.
     */
    private static MethodHandle vsnprintf;

    private void installPrintCallback(SymbolLookup bpf, SymbolLookup libc) {
        try {
            vsnprintf = LINKER.downcallHandle(libc.find("vsnprintf").orElseThrow(),
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS));
            MethodHandle target = MethodHandles.lookup().findStatic(Libbpf.class, "print",
                    MethodType.methodType(int.class, int.class, MemorySegment.class, MemorySegment.class));
            MemorySegment stub = LINKER.upcallStub(target, FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS),
                    Arena.global());
            MethodHandle setPrint = LINKER.downcallHandle(bpf.find("libbpf_set_print").orElseThrow(),
                    FunctionDescriptor.of(ADDRESS, ADDRESS));
            MemorySegment previous = (MemorySegment) setPrint.invokeExact(stub);
        } catch (Throwable t) {
            // keep libbpf's default (stderr) printer
        }
    }

    @SuppressWarnings("unused") // called from libbpf
    private static int print(int level, MemorySegment fmt, MemorySegment args) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(1024);
            int n = (int) vsnprintf.invokeExact(buf, 1024L, fmt, args);
            String line = buf.getString(0);
            synchronized (LOG) {
                if (level <= 1 || LOG.length() < 64 * 1024) { // warnings and info; debug only while small
                    LOG.append(line);
                }
            }
            return n;
        } catch (Throwable t) {
            return 0;
        }
    }

    /** libbpf's log lines since the last call, then cleared. */
    static String drainLog() {
        synchronized (LOG) {
            String s = LOG.toString();
            LOG.setLength(0);
            return s;
        }
    }

    // ------------------------------------------------------------------ calls

    /**
     * bpf_object__open_mem; {@code image} must stay valid for the object's life. {@code verifierLog}, if not null,
     * receives the verifier's log of a failed program load (libbpf then does not print it; recent kernels keep its
     * end when it does not fit). {@code btf}, if not null, is the kernel BTF to relocate against.
     */
    MemorySegment openMem(MemorySegment image, String name, Arena arena, MemorySegment verifierLog,
                          java.nio.file.Path btf) {
        // struct bpf_object_open_opts (libbpf 1.1): sz, object_name, relaxed_maps, pin_root_path, :32, kconfig,
        // btf_custom_path, kernel_log_buf (56), kernel_log_size (64), kernel_log_level (72); 80 bytes
        MemorySegment opts = arena.allocate(80, 8);
        opts.set(JAVA_LONG, 0, 80);
        opts.set(ADDRESS, 8, arena.allocateFrom(name));
        if (btf != null) {
            opts.set(ADDRESS, 40, arena.allocateFrom(btf.toString())); // btf_custom_path
        }
        if (verifierLog != null) {
            opts.set(ADDRESS, 56, verifierLog);
            opts.set(JAVA_LONG, 64, verifierLog.byteSize());
        }
        MemorySegment state = arena.allocate(CAPTURE);
        try {
            MemorySegment obj = (MemorySegment) openMem.invokeExact(state, image, image.byteSize(), opts);
            if (obj.address() == 0) {
                int err = errno(state);
                throw new BpfException(BpfException.Reason.OTHER, "cannot open the eBPF object (errno " + err
                        + "): " + drainLog().strip());
            }
            return obj;
        } catch (BpfException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    int load(MemorySegment obj) {
        return (int) call(() -> (int) objectLoad.invokeExact(obj));
    }

    void close(MemorySegment obj) {
        call(() -> {
            objectClose.invokeExact(obj);
            return 0;
        });
    }

    MemorySegment findProgram(MemorySegment obj, String name, Arena arena) {
        MemorySegment n = arena.allocateFrom(name);
        return inObject((MemorySegment) call(() -> (MemorySegment) findProgram.invokeExact(obj, n)), "program " + name);
    }

    MemorySegment findMap(MemorySegment obj, String name, Arena arena) {
        MemorySegment n = arena.allocateFrom(name);
        return inObject((MemorySegment) call(() -> (MemorySegment) findMap.invokeExact(obj, n)), "map " + name);
    }

    /** libbpf's lookups answer NULL for a name the object lacks. */
    private static MemorySegment inObject(MemorySegment found, String what) {
        if (found.address() == 0) {
            throw new BpfException(BpfException.Reason.OTHER, what + " not in the eBPF object");
        }
        return found;
    }

    /** @return the link, or throws with errno */
    MemorySegment attach(MemorySegment prog, String name, Arena arena) {
        MemorySegment state = arena.allocate(CAPTURE);
        MemorySegment link = (MemorySegment) call(() -> (MemorySegment) programAttach.invokeExact(state, prog));
        if (link.address() == 0) {
            int err = errno(state);
            throw new BpfException(err == 1 || err == 13 ? BpfException.Reason.NO_PERMISSION : BpfException.Reason.OTHER,
                    "cannot attach " + name + " (errno " + err + "): " + drainLog().strip());
        }
        return link;
    }

    /** Mounts tracefs at /sys/kernel/tracing (where libbpf finds the ids of trace events); 0 or errno. */
    int mountTracefs(Arena arena) {
        MemorySegment state = arena.allocate(CAPTURE);
        MemorySegment fs = arena.allocateFrom("tracefs");
        MemorySegment target = arena.allocateFrom("/sys/kernel/tracing");
        int rc = (int) call(() -> (int) mount.invokeExact(state, fs, target, fs, 0L, MemorySegment.NULL));
        return rc == 0 ? 0 : errno(state);
    }

    void destroyLink(MemorySegment link) {
        call(() -> (int) linkDestroy.invokeExact(link));
    }

    int mapFd(MemorySegment map) {
        return (int) call(() -> (int) mapFd.invokeExact(map));
    }

    int setMaxEntries(MemorySegment map, int n) {
        return (int) call(() -> (int) mapSetMaxEntries.invokeExact(map, n));
    }

    int mapUpdate(int fd, MemorySegment key, MemorySegment value) {
        return (int) call(() -> (int) mapUpdate.invokeExact(fd, key, value, 0L));
    }

    int mapLookup(int fd, MemorySegment key, MemorySegment value) {
        return (int) call(() -> (int) mapLookup.invokeExact(fd, key, value));
    }

    /**
     * Gives a map-in-map an existing map as the template of its inner maps (bpf_map__set_inner_map_fd), before load.
     * (Sizing libbpf's own template instead crashes libbpf 1.1: its inner map has no object.)
     */
    int setInnerMapFd(MemorySegment map, int fd) {
        return (int) call(() -> (int) innerMapFd.invokeExact(map, fd));
    }

    /** A new BPF ring buffer map (bpf_map_create): its fd, or a negative errno. */
    int createRingBuffer(int size, Arena arena) {
        MemorySegment name = arena.allocateFrom("peregrine_ring");
        return (int) call(() -> (int) mapCreate.invokeExact(27 /* BPF_MAP_TYPE_RINGBUF */, name, 0, 0, size,
                MemorySegment.NULL));
    }

    void closeFd(int fd) {
        call(() -> (int) close.invokeExact(fd));
    }

    int numPossibleCpus() {
        return (int) call(() -> (int) numPossibleCpus.invokeExact());
    }

    /** mmap of a map fd; throws with errno on MAP_FAILED. */
    MemorySegment mmap(long length, int prot, int fd, long offset, Arena arena) {
        MemorySegment state = arena.allocate(CAPTURE);
        MemorySegment p = (MemorySegment) call(() -> (MemorySegment) mmap.invokeExact(state, MemorySegment.NULL,
                length, prot, MAP_SHARED, fd, offset));
        if (p.address() == -1L || p.address() == 0) {
            int err = errno(state);
            throw new BpfException(BpfException.Reason.OTHER, "mmap of the ring buffer failed (errno " + err + ")");
        }
        // bound to the capture's arena: a view used after close fails instead of reading unmapped memory
        return p.reinterpret(length, arena, null);
    }

    void munmap(MemorySegment seg) {
        call(() -> (int) munmap.invokeExact(seg, seg.byteSize()));
    }

    long pageSize() {
        return (long) call(() -> (long) sysconf.invokeExact(SC_PAGESIZE));
    }

    /** Wall-clock time of boot in ns: CLOCK_REALTIME - CLOCK_BOOTTIME, which is what the kernel adds to boot ns. */
    long bootTimeEpochNanos() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ts = a.allocate(16, 8);
            call(() -> (int) clockGettime.invokeExact(CLOCK_REALTIME, ts));
            long real = ts.get(JAVA_LONG, 0) * 1_000_000_000L + ts.get(JAVA_LONG, 8);
            call(() -> (int) clockGettime.invokeExact(CLOCK_BOOTTIME, ts));
            long boot = ts.get(JAVA_LONG, 0) * 1_000_000_000L + ts.get(JAVA_LONG, 8);
            return real - boot;
        }
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    private interface NativeCall {
        Object run() throws Throwable;
    }

    private static Object call(NativeCall c) {
        try {
            return c.run();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
