package dev.peregrine.state;

import java.util.List;

/**
 * What is known about one thread: identity, the process image it runs, credentials, and (shared with the other
 * threads of its process) its file descriptor table. Updated in place by {@link SystemState}.
 */
public final class ThreadInfo {
    long tid;
    long pid;
    long ptid;
    long sid;
    long vpgid;
    long pgid = -1;
    long vtid = -1;
    long vpid = -1;
    String comm = "";
    String exe = "";
    String exepath = "";
    String cwd = "";
    String root = "";
    List<String> args = List.of();
    List<String> env = List.of();
    List<String> cgroups = List.of();
    int uid = -1;
    int gid = -1;
    int loginuid;
    int tty;
    long fdlimit;
    int flags;
    String containerId = "";
    long cloneTs;
    long vmsizeKb;
    long vmrssKb;
    long vmswapKb;
    long pfMajor;
    long pfMinor;
    long capInheritable;
    long capPermitted;
    long capEffective;
    boolean exeWritable;
    boolean exeUpperLayer;
    boolean exeLowerLayer;
    boolean exeFromMemfd;
    long exeIno;
    long exeInoCtime;
    long exeInoMtime;
    /** HEAD m_exe_ino_ctime_duration_clone_ts: clone ts - exe ctime, set at execve, inherited by clone. */
    long exeInoCtimeDurationCloneTs;
    /** HEAD m_exe_ino_ctime_duration_pidns_start: exe ctime - pidns start when the pidns is older, set at execve. */
    long exeInoCtimeDurationPidnsStart;
    long pidnsInitStartTs;
    /** libsinsp m_latency: exit ts minus the ts of the thread's last enter event (0 after an enter). */
    long latency;
    /** libsinsp m_last_latency_entertime: the ts of the thread's last enter event (0 = none yet). */
    long lastEnterTs;
    FdTable fds;
    /** proc.cmdline's bytes and the comm/args they were built from (immutable, so compared by reference). */
    private byte[] cmdline;
    private String cmdlineComm;
    private List<String> cmdlineArgs;
    /** True when the thread was made up from an event's tid alone, with nothing else known yet. */
    boolean incomplete;
    /** Number of other threads whose main thread this is (libsinsp m_nchilds). */
    long nchilds;
    /** The fd the last event of this thread refers to (libsinsp m_lastevent_fd): fd.num. */
    long lastEventFd = 0;
    /** Type of the last enter event (libsinsp m_lastevent_type); 65535 = none. */
    int lastEventType = 0xFFFF;
    /** True when the current exit event found its enter (type == lastEventType + 1). */
    boolean lastEventDataValid;
    /** Copy of the last stored enter event (see EnterEventStore), or null. */
    byte[] storedEnter;
    boolean hasStoredEnter;
    int storedHeaderSize;
    boolean storedLargeLengths;
    int storedCpu;
    /**
     * The process tree (libs HEAD m_children): the entry this one is listed under as a child, and its own children,
     * linked through the children themselves so that an exit finds them without a table scan. See
     * {@link ProcessTree}.
     */
    private ThreadInfo parentEntry;
    private ThreadInfo firstChild;
    private ThreadInfo nextSibling;
    private ThreadInfo prevSibling;
    /**
     * The process is a child subreaper or took orphans in before (libs HEAD's thread group reaper flag), so it takes
     * the next ones.
     */
    boolean reaper;
    /** The reaper a procexit of one of the process's threads named outside it (libsinsp m_reaper_tid), or 0. */
    long reaperTid;

    ThreadInfo(long tid) {
        this.tid = tid;
        this.pid = tid;
        this.fds = new FdTable();
    }

    public long tid() { return tid; }
    public long pid() { return pid; }
    public long ptid() { return ptid; }
    public long sid() { return sid; }
    public long vpgid() { return vpgid; }
    public long pgid() { return pgid; }
    public long vtid() { return vtid; }
    public long vpid() { return vpid; }
    public String comm() { return comm; }
    public String exe() { return exe; }
    public String exepath() { return exepath; }
    public String cwd() { return cwd; }
    public String root() { return root; }
    public List<String> args() { return args; }
    public List<String> env() { return env; }
    public List<String> cgroups() { return cgroups; }
    public int uid() { return uid; }
    public int gid() { return gid; }
    public int loginuid() { return loginuid; }
    public int tty() { return tty; }
    public long fdlimit() { return fdlimit; }
    public int flags() { return flags; }
    public String containerId() { return containerId; }
    public long cloneTs() { return cloneTs; }
    public long vmsizeKb() { return vmsizeKb; }
    public long vmrssKb() { return vmrssKb; }
    public long vmswapKb() { return vmswapKb; }
    public long pfMajor() { return pfMajor; }
    public long pfMinor() { return pfMinor; }
    public long capInheritable() { return capInheritable; }
    public long capPermitted() { return capPermitted; }
    public long capEffective() { return capEffective; }
    public boolean exeWritable() { return exeWritable; }
    public boolean exeUpperLayer() { return exeUpperLayer; }
    public boolean exeLowerLayer() { return exeLowerLayer; }
    public boolean exeFromMemfd() { return exeFromMemfd; }
    public long exeIno() { return exeIno; }
    /** Last status change time of the executable's inode (epoch ns), 0 if unknown (proc.exe_ino.ctime). */
    public long exeInoCtime() { return exeInoCtime; }
    /** Last modification time of the executable's inode (epoch ns), 0 if unknown (proc.exe_ino.mtime). */
    public long exeInoMtime() { return exeInoMtime; }
    /** proc.exe_ino.ctime_duration_proc_start: process start minus exe ctime, 0 if unknown. */
    public long exeInoCtimeDurationCloneTs() { return exeInoCtimeDurationCloneTs; }
    /** proc.exe_ino.ctime_duration_pidns_start: exe ctime minus pid namespace start, 0 if unknown. */
    public long exeInoCtimeDurationPidnsStart() { return exeInoCtimeDurationPidnsStart; }
    /** libsinsp m_latency (evt.latency): exit ts minus the ts of the last enter; 0 after an enter. */
    public long latency() { return latency; }
    /** The ts of the thread's last enter event, 0 if none was seen (libsinsp m_last_latency_entertime). */
    public long lastEnterTs() { return lastEnterTs; }
    public long pidnsInitStartTs() { return pidnsInitStartTs; }
    public boolean incomplete() { return incomplete; }
    /** libsinsp m_nchilds: live threads of this main thread (proc.nthreads = main's nchilds + 1). */
    public long nchilds() { return nchilds; }
    /** The fd number the thread's last event used (fd.num). */
    public long lastEventFd() { return lastEventFd; }

    /**
     * The command line as proc.cmdline shows it (comm, then each argument after a space), as UTF-8 bytes. Cached
     * until comm or args change: rules test it on every event, and command lines can be kilobytes long.
     */
    public byte[] cmdlineBytes() {
        if (cmdline == null || cmdlineComm != comm || cmdlineArgs != args) {
            StringBuilder b = new StringBuilder(comm);
            for (int i = 0, n = args.size(); i < n; i++) {
                b.append(' ').append(args.get(i));
            }
            cmdline = b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            cmdlineComm = comm;
            cmdlineArgs = args;
        }
        return cmdline;
    }

    /** Lists {@code child} among this thread's children, taking it off its previous parent's list. */
    void adopt(ThreadInfo child) {
        child.leaveParent();
        child.parentEntry = this;
        child.nextSibling = firstChild;
        if (firstChild != null) {
            firstChild.prevSibling = child;
        }
        firstChild = child;
    }

    /** Takes this thread off its parent's list of children. */
    void leaveParent() {
        ThreadInfo parent = parentEntry;
        if (parent == null) {
            return;
        }
        if (prevSibling == null) {
            parent.firstChild = nextSibling;
        } else {
            prevSibling.nextSibling = nextSibling;
        }
        if (nextSibling != null) {
            nextSibling.prevSibling = prevSibling;
        }
        prevSibling = null;
        nextSibling = null;
        parentEntry = null;
    }

    /** The first of the entries listed as this thread's children, or null. */
    ThreadInfo firstChild() {
        return firstChild;
    }

    /**
     * How many entries of other processes are listed as this thread's children (libs HEAD m_children, the live
     * ones). Not {@link #nchilds()}, which counts the threads of a main thread (proc.nchilds).
     */
    int childCount() {
        int n = 0;
        for (ThreadInfo c = firstChild; c != null; c = c.nextSibling) {
            n++;
        }
        return n;
    }

    /** The fd table, shared by all threads of the process. */
    public FdTable fds() { return fds; }

    /** True for the main thread of its process (thread.ismain). */
    public boolean isMainThread() { return tid == pid || (flags & Clone.IS_MAIN_THREAD) != 0; }

    @Override
    public String toString() {
        return "ThreadInfo[tid=" + tid + ", pid=" + pid + ", ptid=" + ptid + ", comm=" + comm + "]";
    }
}
