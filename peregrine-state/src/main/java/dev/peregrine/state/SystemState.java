package dev.peregrine.state;

import dev.peregrine.scap.CaptureMetadata;
import dev.peregrine.scap.EventView;
import dev.peregrine.scap.GroupEntry;
import dev.peregrine.scap.MachineInfo;
import dev.peregrine.scap.UserEntry;

import java.util.HashMap;
import java.util.Map;

/**
 * The machine as the events describe it: threads with their processes and fd tables, users and groups. Seeded
 * from a capture's metadata, then updated by each event before the event is filtered or printed, as libsinsp does.
 */
public final class SystemState {
    private final LongMap<ThreadInfo> threads = new LongMap<>(1024);
    private final Map<Integer, UserEntry> users = new HashMap<>();
    private final Map<Integer, GroupEntry> groups = new HashMap<>();
    private final MachineInfo machine;
    private final EventParser parser;
    private final java.util.List<dev.peregrine.scap.InterfaceEntry> interfaces;
    final Containers containers = new Containers();
    final ProcessTree tree = new ProcessTree(this);
    ThreadInfo currentThread;
    /** The thread the parser attached to the event (libsinsp evt->m_tinfo), before any look-up by tid. */
    ThreadInfo eventThread;
    FdInfo currentFd;
    /** The fd parsing attached to the event (libsinsp evt->m_fdinfo), before any look-up of the thread's last fd. */
    FdInfo eventFd;
    long currentFdNum = -1;
    /** Counts processed events, to tell which state changes the current event made. */
    long eventSeq;
    boolean exitHadEnter;
    boolean filteredOut;
    /** The events come from a live driver (today's layouts), not from a capture file: see {@link #liveDriver}. */
    boolean liveDriver;

    public SystemState(CaptureMetadata metadata) {
        this.machine = metadata.machineInfo();
        this.interfaces = java.util.List.copyOf(metadata.interfaces());
        for (UserEntry u : metadata.users()) {
            users.put(u.uid(), u);
        }
        for (GroupEntry g : metadata.groups()) {
            groups.put(g.gid(), g);
        }
        InitialState.load(this, metadata);
        this.parser = new EventParser(this);
    }

    /**
     * Says the events come from a live driver: its connect enter events (TOCTOU mitigation) are then kept for their
     * exit, as current libsinsp keeps them, instead of naming the socket as sysdig 0.29.3's libsinsp did with the
     * enter events of its era (which captures replay).
     */
    public void liveDriver(boolean live) {
        this.liveDriver = live;
    }

    /** Applies the event's effect on state, and makes its thread and fd current. */
    public void process(EventView event) {
        parser.process(event);
    }

    /**
     * The enter events of open, openat, openat2, creat and connect that a live driver sends for TOCTOU mitigation
     * (their path or address read before the kernel used it): the state prefers them to the exit's copy, and
     * libsinsp hides them from the rules afterwards.
     */
    public static boolean isToctouEnter(int type) {
        return EventTypes.isToctouEnter(type);
    }

    /**
     * True if the last processed event is an exit whose enter was the thread's previous event. libsinsp looks up
     * the exit's fd (and sets its error code) only then.
     */
    public boolean exitHadEnter() {
        return exitHadEnter;
    }

    /**
     * True if the last processed event changed the state only and nobody sees it (libsinsp's filtered-out events:
     * the container event of a failed metadata lookup). It keeps its event number.
     */
    public boolean filteredOut() {
        return filteredOut;
    }

    /** How many events have been processed: the sequence number of the last one. */
    public long eventSeq() {
        return eventSeq;
    }

    /** The thread of the last processed event (libsinsp evt->m_tinfo), or null (container events, clone exits). */
    public ThreadInfo currentThread() {
        return currentThread;
    }

    /**
     * The thread parsing attached to the last processed event: libsinsp's {@code evt->m_tinfo} as parsing left it.
     * Unlike {@link #currentThread()} there is no look-up by tid afterwards, so this is null for events the parser
     * leaves without a thread (a clone exit in a child not yet known, internal events other than procinfo...).
     * evt.latency and evt.abspath read this, as libsinsp's extractors read m_tinfo directly.
     */
    public ThreadInfo eventThread() {
        return eventThread;
    }

    /**
     * The fd the last processed event is about: libsinsp's evt->m_fdinfo, else the thread's table entry for
     * {@link #currentFdNum()}. Only meaningful for events flagged EF_CREATES_FD/USES_FD/DESTROYS_FD.
     */
    public FdInfo currentFd() {
        return currentFd;
    }

    /**
     * The fd parsing attached to the last processed event: libsinsp's {@code evt->m_fdinfo}, without the look-up of
     * the thread's last fd that {@link #currentFd()} falls back to (an exit whose enter is missing and whose layout
     * does not carry its fd has none). evt.buflen and the I/O categories read this.
     */
    public FdInfo eventFd() {
        return eventFd;
    }

    /** fd.num: the thread's lastevent_fd after parsing (-1 on open/socket enters and failed creations). */
    public long currentFdNum() {
        return currentFdNum;
    }

    public ThreadInfo thread(long tid) {
        return threads.get(tid);
    }

    /** get_main_thread(): itself if main, else the entry for its pid (never created), or null. */
    public ThreadInfo mainThread(ThreadInfo t) {
        return t.isMainThread() ? t : threads.get(t.pid);
    }

    /**
     * get_parent_thread(): the entry for the thread's own ptid (the thread that called clone), or null. This is
     * what proc.pname and the proc.aname walk use at e5c53d6; proc.ppid is mainThread(t).ptid().
     */
    public ThreadInfo parent(ThreadInfo t) {
        return threads.get(t.ptid);
    }

    /** The fd table the thread uses: the main thread's for CLONE_FILES threads (null if that is missing). */
    public FdTable fdTable(ThreadInfo t) {
        if ((t.flags & Clone.CLONE_FILES) == 0) {
            return t.fds;
        }
        ThreadInfo main = mainThread(t);
        return main == null ? null : main.fds;
    }

    /** The thread's fd entry, looked up as libsinsp get_fd does. */
    public FdInfo fd(ThreadInfo t, long fd) {
        FdTable table = fdTable(t);
        return table == null ? null : table.get(fd);
    }

    /** proc.cwd: the main thread's cwd (ends in '/', "" for invented threads), "./" if there is no main thread. */
    public String cwdOf(ThreadInfo t) {
        ThreadInfo main = mainThread(t);
        return main == null ? "./" : main.cwd;
    }

    /** set_cwd: resolves against the main thread's cwd and stores it there. */
    void setCwd(ThreadInfo t, String cwd) {
        ThreadInfo main = mainThread(t);
        if (main != null) {
            main.cwd = InitialState.cwdFrom(main.cwd, cwd);
        }
    }

    /**
     * Announces to {@code listener} every container the threads' cgroups name before a container event describes
     * it: those found so far (by the /proc scan), then each new one as it is found.
     */
    public void onNewContainer(ContainerListener listener) {
        containers.listen(listener);
    }

    /** Container metadata by id (from container events or a skeleton for cgroup matches), or null. */
    public ContainerInfo container(String id) {
        return containers.get(id);
    }

    /** True if the IPv4 address (first octet in the low byte) is one of the capture's interfaces (fd.is_server, fd.lip). */
    public boolean isLocalIpv4(int addr) {
        for (int i = 0; i < interfaces.size(); i++) {
            dev.peregrine.scap.InterfaceEntry e = interfaces.get(i);
            if (!e.ipv6() && e.addr() == addr) {
                return true;
            }
        }
        return false;
    }

    /**
     * libsinsp is_ipv4addr_in_local_machine: for a thread in a container, the container's address is local too, or,
     * when the container's address is unknown, any known container's address; then the capture's interfaces.
     */
    public boolean isLocalIpv4(int addr, ThreadInfo t) {
        if (t != null && !t.containerId().isEmpty()) {
            ContainerInfo c = containers.get(t.containerId());
            if (c != null) {
                int ip = c.ipv4();
                if (ip != 0 ? addr == ip : containers.anyHasIpv4(addr)) {
                    return true;
                }
            }
        }
        return isLocalIpv4(addr);
    }

    /** True if the first 8 bytes of the IPv6 address match an interface's (libsinsp is_ipv6addr_in_local_machine). */
    public boolean isLocalIpv6(byte[] addr) {
        if (addr == null) {
            return false;
        }
        for (int i = 0; i < interfaces.size(); i++) {
            dev.peregrine.scap.InterfaceEntry e = interfaces.get(i);
            if (e.ipv6() && e.addr6() != null && java.util.Arrays.equals(e.addr6(), 0, 8, addr, 0, 8)) {
                return true;
            }
        }
        return false;
    }

    /** ifinfo update_fd: fills a zero end of an IP socket from the capture's interface list. */
    void fillLocalAddresses(FdInfo f) {
        if (f.type == dev.peregrine.scap.FdType.IPV4_SOCK) {
            if (f.sip != 0 && f.dip != 0) {
                return;
            }
            if (f.sip == 0) {
                int a = inferIpv4(f.dip);
                if (a == f.dip && f.sport == f.dport) {
                    return;
                }
                f.sip = a;
            } else {
                int a = inferIpv4(f.sip);
                if (a == f.sip && f.sport == f.dport) {
                    return;
                }
                f.dip = a;
            }
        } else if (f.type == dev.peregrine.scap.FdType.IPV6_SOCK) {
            byte[] zero = new byte[16];
            byte[] s6 = f.sip6 == null ? zero : f.sip6, d6 = f.dip6 == null ? zero : f.dip6;
            boolean sz = java.util.Arrays.equals(s6, zero), dz = java.util.Arrays.equals(d6, zero);
            if (!sz && !dz) {
                return;
            }
            if (sz) {
                byte[] a = inferIpv6(d6);
                if (java.util.Arrays.equals(a, d6) && f.sport == f.dport) {
                    return;
                }
                f.sip6 = a;
            } else {
                byte[] a = inferIpv6(s6);
                if (java.util.Arrays.equals(a, s6) && f.sport == f.dport) {
                    return;
                }
                f.dip6 = a;
            }
        }
    }

    private int inferIpv4(int other) {
        for (dev.peregrine.scap.InterfaceEntry e : interfaces) {
            if (!e.ipv6() && e.addr() == other) {
                return other;
            }
        }
        for (dev.peregrine.scap.InterfaceEntry e : interfaces) {
            if (!e.ipv6() && (e.addr() & e.netmask()) == (other & e.netmask())) {
                return e.addr();
            }
        }
        for (dev.peregrine.scap.InterfaceEntry e : interfaces) {
            if (!e.ipv6() && e.addr() != 0x0100007f) {
                return e.addr();
            }
        }
        return 0;
    }

    private static final byte[] IPV6_LOOPBACK = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

    private byte[] inferIpv6(byte[] other) {
        for (dev.peregrine.scap.InterfaceEntry e : interfaces) {
            if (e.ipv6() && java.util.Arrays.equals(e.addr6(), other)) {
                return e.addr6().clone();
            }
        }
        for (dev.peregrine.scap.InterfaceEntry e : interfaces) {
            if (e.ipv6() && java.util.Arrays.equals(e.addr6(), 0, 8, other, 0, 8)) {
                return e.addr6().clone();
            }
        }
        for (dev.peregrine.scap.InterfaceEntry e : interfaces) {
            if (e.ipv6() && !java.util.Arrays.equals(e.addr6(), IPV6_LOOPBACK)) {
                return e.addr6().clone();
            }
        }
        return new byte[16];
    }

    public UserEntry user(int uid) {
        return users.get(uid);
    }

    public GroupEntry group(int gid) {
        return groups.get(gid);
    }

    /** The machine-info block of the capture, or null. */
    public MachineInfo machine() {
        return machine;
    }

    public int threadCount() {
        return threads.size();
    }

    public void forEachThread(java.util.function.Consumer<ThreadInfo> action) {
        threads.forEachValue(action);
    }

    LongMap<ThreadInfo> threads() {
        return threads;
    }
}
