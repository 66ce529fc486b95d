package dev.peregrine.state;

/**
 * Who is whose child, and who takes in the children of a thread that goes, as current libsinsp's thread manager
 * does (libs HEAD remove_thread, find_new_reaper): each entry is listed under the entry its ptid names, unless that
 * is a thread of its own process or an entry made up from a tid alone (libsinsp's invalid threads have no
 * children). sysdig 0.29.3's libsinsp kept the dead parent's tid, so its orphans' proc.pname read {@code <NA>}.
 */
final class ProcessTree {
    private final SystemState state;

    ProcessTree(SystemState state) {
        this.state = state;
    }

    /** Lists {@code t} under the entry its ptid names, if that entry can have children. */
    void attach(ThreadInfo t) {
        ThreadInfo parent = state.threads().get(t.ptid);
        if (parent != null && parent != t && isValid(parent) && parent.pid != t.pid) {
            parent.adopt(t);
        }
    }

    /**
     * An execve's parent (the kernel's at the exec, {@code ptid}): a made-up entry takes it, as in libsinsp; so does
     * a main thread whose parent entry is missing or of another process than the kernel's, when the table has that
     * one: the reaper a procexit did not name, because exits of a process's threads raced or the parent's
     * subreaper status was not traced.
     */
    void parentAtExec(ThreadInfo t, long ptid) {
        if (t.ptid != -1) {
            ThreadInfo kernels = state.threads().get(ptid);
            ThreadInfo ours = state.threads().get(t.ptid);
            if (kernels == null || !t.isMainThread() || ours != null && processOf(ours) == processOf(kernels)) {
                return;
            }
            t.leaveParent();
        }
        t.ptid = ptid;
        attach(t);
    }

    /**
     * Gives the children of {@code gone} (exiting, or leaving the table) to their reaper: the thread the kernel
     * named ({@code reaperTid}, procexit's reaper_tid; 0 or -1 when it named none), else the one it named for
     * another thread of the process, else one found as the kernel finds it. A main thread that {@code stays} in
     * the table (its other threads still run) keeps its children when the kernel named no reaper: without a list of
     * its process's threads there is no live one to pick (libs HEAD picks one), and they move on when it goes with
     * its last thread.
     */
    void reparentChildren(ThreadInfo gone, long reaperTid, boolean stays) {
        ThreadInfo reaper = named(gone, reaperTid);
        ThreadInfo process = processOf(gone);
        if (reaper != null && reaper.pid != gone.pid) {
            // the kernel names a reaper outside the process once all its threads exit, the same for each: it takes
            // the children the table lists under another of them (the driver gives a child's parent as a process,
            // the kernel reparents a thread's own children)
            process.reaperTid = reaper.tid;
        }
        if (gone.firstChild() == null) {
            return;
        }
        if (reaper == null) {
            reaper = named(gone, process.reaperTid);
        }
        if (reaper == null) {
            if (stays) {
                return;
            }
            reaper = findReaper(gone);
        }
        if (reaper != null && reaper.pid != gone.pid) {
            processOf(reaper).reaper = true;
        }
        for (ThreadInfo child = gone.firstChild(); child != null; child = gone.firstChild()) {
            child.leaveParent();
            // no reaper: libsinsp's parent 0
            child.ptid = reaper == null ? 0 : reaper.tid;
            attach(child);
        }
    }

    /**
     * prctl's PR_SET_CHILD_SUBREAPER (or the value PR_GET_CHILD_SUBREAPER read): whether the thread's process takes
     * in the orphans of its descendants, as current libsinsp's parse_prctl_exit keeps it.
     */
    void childSubreaper(ThreadInfo t, boolean subreaper) {
        if (isValid(t)) {
            processOf(t).reaper = subreaper;
        }
    }

    /** The reaper the kernel named, if the table has it as a valid entry. */
    private ThreadInfo named(ThreadInfo gone, long reaperTid) {
        if (reaperTid <= 0) {
            return null;
        }
        ThreadInfo r = state.threads().get(reaperTid);
        return r != null && r != gone && isValid(r) ? r : null;
    }

    /**
     * find_new_reaper: a live thread of the same process (its main thread: the table lists no others), else a live
     * thread of the nearest ancestor in the same pid namespace that is a reaper (a namespace's init, a child
     * subreaper, or a process that took orphans in before), else null. The walk is bounded by the table's size in
     * case of a loop.
     */
    private ThreadInfo findReaper(ThreadInfo gone) {
        ThreadInfo main = state.mainThread(gone);
        if (main != null && main != gone && isAlive(main)) {
            return main;
        }
        boolean inNamespace = inPidNamespace(gone);
        ThreadInfo p = state.threads().get(gone.ptid);
        for (int steps = state.threadCount(); p != null && p != gone && steps > 0; steps--) {
            if (inPidNamespace(p) != inNamespace) {
                return null;
            }
            if (p.pid == 1 || p.vpid == 1 || processOf(p).reaper) {
                ThreadInfo live = liveThreadOf(p);
                if (live != null && live != gone) {
                    return live;
                }
            }
            p = state.threads().get(p.ptid);
        }
        return null;
    }

    private ThreadInfo liveThreadOf(ThreadInfo t) {
        ThreadInfo main = processOf(t);
        if (isAlive(main)) {
            return main;
        }
        return isAlive(t) ? t : null;
    }

    /** The entry that stands for the thread's process: its main thread, or itself when that is not in the table. */
    private ThreadInfo processOf(ThreadInfo t) {
        ThreadInfo main = state.mainThread(t);
        return main == null ? t : main;
    }

    /** libsinsp is_invalid()'s opposite: made-up entries have no parent (-1). */
    private static boolean isValid(ThreadInfo t) {
        return t.tid >= 0 && t.pid >= 0 && t.ptid >= 0;
    }

    private static boolean isAlive(ThreadInfo t) {
        return (t.flags & Clone.CLOSED) == 0;
    }

    private static boolean inPidNamespace(ThreadInfo t) {
        return (t.flags & Clone.CHILD_IN_PIDNS) != 0 || (t.tid != t.vtid && t.vtid >= 0);
    }
}
