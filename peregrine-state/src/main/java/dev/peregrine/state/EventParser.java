package dev.peregrine.state;

import dev.peregrine.scap.EventFlags;
import dev.peregrine.scap.EventView;


import static dev.peregrine.scap.EventIds.*;

/**
 * libsinsp's sinsp_parser at e5c53d6: per event, applies deferred removals, finds (or invents) the thread,
 * tracks the enter/exit pairing and the fd the event uses, then dispatches to the handlers that change state.
 */
final class EventParser {
    /** libsinsp SP_EVT_BUF_SIZE: larger enter events are not stored. */
    private static final int STORE_MAX = 4096;
    /** A thread's last event type once its exit is parsed (live): no exit type follows it. */
    private static final int NO_ENTER = -2;
    /** PPME_PROCEXIT_1_E's reaper_tid (today's drivers send it; sysdig 0.29.3's table has no such parameter). */
    private static final int PROCEXIT_REAPER_PARAM = 4;

    final SystemState state;
    private final ProcessEvents processes;
    private final FdEvents fds;
    private final EventView enterView = new EventView();

    // deferred removals (sinsp::next)
    long tidToRemove = -1;
    /** procexit's reaper_tid for {@link #tidToRemove}: who takes its children in (0 or -1: none named). */
    private long reaperOfRemoved = -1;
    private long[] fdsToRemove = new long[4];
    private int nFdsToRemove;
    private long tidOfFdsToRemove;

    /** evt->m_fdinfo of the event being processed. */
    FdInfo eventFd;

    EventParser(SystemState state) {
        this.state = state;
        this.processes = new ProcessEvents(this);
        this.fds = new FdEvents(this);
    }

    void process(EventView ev) {
        state.eventSeq++;
        applyDeferredRemovals();
        int type = ev.type();
        eventFd = null;
        state.currentThread = null;
        state.exitHadEnter = false;
        state.filteredOut = false;
        if (type >= LEGACY_EVENT_MAX && !(EventTypes.isStatefulAfterLegacy(type) && ev.info() != null)) {
            // sysdig 0.29.3 does not know these types: no state change, no thread.
            finish(ev);
            return;
        }
        reset(ev, type);
        dispatch(ev, type);
        finish(ev);
    }

    private void finish(EventView ev) {
        ThreadInfo t = state.currentThread;
        if (t != null && !ev.isEnter()) {
            // event_cleanup: the stored enter event only serves its own exit
            t.hasStoredEnter = false;
            t.lastEventDataValid = false;
            if (state.liveDriver) {
                // the driver sends an open's enter only when it could read the path: a later exit of the same
                // type without one must not pair with this call's enter (libsinsp would keep this call's fd as
                // the thread's last and name a failed open after it; Falco's probe always sends the enter)
                t.lastEventType = NO_ENTER;
            }
        }
        state.eventThread = t;
        if (t == null) {
            // sinsp_evt::get_thread_info(): fields look the tid up (without creating it) when parsing left none
            t = state.threads().get(ev.tid());
            state.currentThread = t;
        }
        state.currentFdNum = t == null ? -1 : t.lastEventFd;
        state.eventFd = eventFd;
        FdInfo f = eventFd;
        if (f == null && t != null && t.lastEventFd != -1) {
            f = getFd(t, t.lastEventFd);
        }
        state.currentFd = f;
    }

    private void applyDeferredRemovals() {
        if (tidToRemove != -1) {
            removeThread(tidToRemove, false, reaperOfRemoved);
            tidToRemove = -1;
        }
        if (nFdsToRemove != 0) {
            ThreadInfo t = getThread(tidOfFdsToRemove, true);
            FdTable table = t == null ? null : state.fdTable(t);
            if (table != null) {
                for (int i = 0; i < nFdsToRemove; i++) {
                    table.remove(fdsToRemove[i]);
                }
            }
            nFdsToRemove = 0;
        }
    }

    /** sinsp_parser::reset. Returns false where libsinsp's reset does (the handlers still run). */
    boolean reset(EventView ev, int type) {
        int eflags = EventTypes.flags(type);
        eventFd = null;
        if ((eflags & EventFlags.SKIPPARSERESET) != 0) {
            state.currentThread = type == PROCINFO_E ? getThread(ev.tid(), false) : null;
            return false;
        }
        if (type == CONTAINER_JSON_E || type == CONTAINER_JSON_2_E) {
            state.currentThread = null;
            return true;
        }
        boolean queryOs = !(EventTypes.isCloneExit(type) || type == SCHEDSWITCH_6_E);
        ThreadInfo t = getThread(ev.tid(), queryOs);
        state.currentThread = t;
        if (type == SCHEDSWITCH_6_E || t == null) {
            return false;
        }
        if (queryOs) {
            t.flags |= Clone.ACTIVE;
        }
        if ((type & 1) == 0) {
            t.lastEventFd = -1;
            t.lastEventType = type;
            if ((eflags & EventFlags.USES_FD) != 0 && ev.nparams() > 0) {
                t.lastEventFd = ev.paramAsLong(0);
                eventFd = getFd(t, t.lastEventFd);
            }
            t.latency = 0;
            t.lastEnterTs = ev.timestamp();
        } else {
            // event latency: from the thread's last enter, whatever its type
            if (t.lastEnterTs != 0) {
                t.latency = ev.timestamp() - t.lastEnterTs;
            }
            if (type == t.lastEventType + 1) {
                t.lastEventDataValid = true;
                state.exitHadEnter = true;
            } else {
                t.lastEventDataValid = false;
                if (state.liveDriver) {
                    // current libsinsp: the thread's last fd is some earlier call's, not this one's; sysdig 0.29.3
                    // kept it, and captures are read its way
                    t.lastEventFd = -1;
                }
                int fdParam = (eflags & EventFlags.USES_FD) != 0 ? EventTypes.exitFdParam(type) : -1;
                if (fdParam >= 0 && EventTypes.carries(ev, fdParam)) {
                    // no enter event (a live driver sends exits only): today's exit layouts carry the fd
                    // themselves, as libs HEAD reads it (get_exit_event_fd_location); the thread's last fd
                    // would be some earlier call's
                    t.lastEventFd = ev.paramAsLong(fdParam);
                    eventFd = getFd(t, t.lastEventFd);
                }
                if (t.lastEventType != TRACER_E) {
                    return false;
                }
            }
            if ((eflags & EventFlags.USES_FD) != 0) {
                if (type == SYSCALL_COPY_FILE_RANGE_X && ev.nparams() > 1) {
                    t.lastEventFd = ev.paramAsLong(1);
                }
                eventFd = getFd(t, t.lastEventFd);
                if (eventFd == null) {
                    return false;
                }
            }
        }
        return true;
    }

    private void dispatch(EventView ev, int type) {
        switch (type) {
            case SOCKET_SENDTO_E -> {
                if (eventFd == null && state.currentThread != null) {
                    fds.inferSendtoFd(ev);
                }
                storeEnter(ev);
            }
            case SYSCALL_OPEN_E, SYSCALL_CREAT_E, SYSCALL_OPENAT_E, SYSCALL_OPENAT_2_E, SYSCALL_OPENAT2_E,
                 SOCKET_SOCKET_E, SYSCALL_EVENTFD_E, SYSCALL_CHDIR_E, SYSCALL_FCHDIR_E, SOCKET_SHUTDOWN_E,
                 SYSCALL_GETRLIMIT_E, SYSCALL_SETRLIMIT_E, SYSCALL_PRLIMIT_E, SOCKET_SENDMSG_E, SYSCALL_SENDFILE_E,
                 SYSCALL_SETRESUID_E, SYSCALL_SETRESGID_E, SYSCALL_SETUID_E, SYSCALL_SETGID_E, SYSCALL_EXECVE_18_E,
                 SYSCALL_EXECVE_19_E, SYSCALL_EXECVEAT_E, SYSCALL_SETPGID_E -> storeEnter(ev);
            case SYSCALL_READ_X, SYSCALL_WRITE_X, SOCKET_RECV_X, SOCKET_SEND_X, SOCKET_RECVFROM_X, SOCKET_RECVMSG_X,
                 SOCKET_SENDTO_X, SOCKET_SENDMSG_X, SYSCALL_READV_X, SYSCALL_WRITEV_X, SYSCALL_PREAD_X,
                 SYSCALL_PWRITE_X, SYSCALL_PREADV_X, SYSCALL_PWRITEV_X -> fds.rwExit(ev, type);
            case SYSCALL_OPEN_X, SYSCALL_CREAT_X, SYSCALL_OPENAT_X, SYSCALL_OPENAT_2_X, SYSCALL_OPENAT2_X ->
                    fds.openExit(ev, type);
            case SYSCALL_CLONE_11_X, SYSCALL_CLONE_16_X, SYSCALL_CLONE_17_X, SYSCALL_CLONE_20_X, SYSCALL_FORK_X,
                 SYSCALL_FORK_17_X, SYSCALL_FORK_20_X, SYSCALL_VFORK_X, SYSCALL_VFORK_17_X, SYSCALL_VFORK_20_X,
                 SYSCALL_CLONE3_X -> processes.cloneExit(ev, type);
            case SYSCALL_EXECVE_8_X, SYSCALL_EXECVE_13_X, SYSCALL_EXECVE_14_X, SYSCALL_EXECVE_15_X,
                 SYSCALL_EXECVE_16_X, SYSCALL_EXECVE_17_X, SYSCALL_EXECVE_18_X, SYSCALL_EXECVE_19_X,
                 SYSCALL_EXECVEAT_X -> processes.execveExit(ev, type);
            case PROCEXIT_E, PROCEXIT_1_E -> {
                ThreadInfo t = state.currentThread;
                if (t != null) {
                    t.flags |= Clone.CLOSED;
                    tidToRemove = ev.tid();
                    reaperOfRemoved = EventTypes.carries(ev, PROCEXIT_REAPER_PARAM)
                            ? ev.paramAsLong(PROCEXIT_REAPER_PARAM) : -1;
                }
            }
            case SYSCALL_PIPE_X, SYSCALL_PIPE2_X -> fds.pipeExit(ev);
            case SOCKET_SOCKET_X -> fds.socketExit(ev);
            case SOCKET_BIND_X -> fds.bindExit(ev);
            case SOCKET_CONNECT_E -> {
                if (state.liveDriver) {
                    storeEnter(ev); // current libsinsp: the address, for the exit when its tuple is empty
                } else {
                    fds.connectEnter(ev);
                }
            }
            case SOCKET_CONNECT_X -> fds.connectExit(ev);
            case SOCKET_ACCEPT_X, SOCKET_ACCEPT_5_X, SOCKET_ACCEPT4_X, SOCKET_ACCEPT4_5_X, SOCKET_ACCEPT4_6_X ->
                    fds.acceptExit(ev);
            case SYSCALL_CLOSE_E -> fds.closeEnter();
            case SYSCALL_CLOSE_X -> fds.closeExit(ev);
            case SYSCALL_FCNTL_E -> {
                if (ev.nparams() > 1) {
                    long cmd = ev.paramAsLong(1);
                    if (cmd == 1 || cmd == 26) {
                        storeEnter(ev);
                    }
                }
            }
            case SYSCALL_FCNTL_X -> fds.fcntlExit(ev);
            case SYSCALL_EVENTFD_X, SYSCALL_SIGNALFD_X, SYSCALL_TIMERFD_CREATE_X, SYSCALL_INOTIFY_INIT_X,
                 SYSCALL_IO_URING_SETUP_X, SYSCALL_BPF_2_X, SYSCALL_MEMFD_CREATE_X -> fds.newFdExit(ev, type);
            case SYSCALL_CAPSET_X -> processes.capsetExit(ev);
            case SYSCALL_CHDIR_X, SYSCALL_GETCWD_X -> processes.chdirExit(ev);
            case SYSCALL_FCHDIR_X -> processes.fchdirExit(ev);
            case SYSCALL_DUP_X, SYSCALL_DUP_1_X, SYSCALL_DUP2_X, SYSCALL_DUP3_X -> fds.dupExit(ev);
            case SYSCALL_GETRLIMIT_X, SYSCALL_SETRLIMIT_X -> processes.rlimitExit(ev);
            case SYSCALL_PRLIMIT_X -> processes.prlimitExit(ev);
            case SOCKET_SOCKETPAIR_X -> fds.socketpairExit(ev);
            case SCHEDSWITCH_6_E -> processes.contextSwitch(ev);
            case SYSCALL_BRK_4_X, SYSCALL_MMAP_X, SYSCALL_MMAP2_X, SYSCALL_MUNMAP_X -> processes.memoryExit(ev);
            case SYSCALL_SETRESUID_X -> processes.idChangeExit(ev, true, 1, 2);
            case SYSCALL_SETRESGID_X -> processes.idChangeExit(ev, false, 1, 2);
            case SYSCALL_SETUID_X -> processes.idChangeExit(ev, true, 0, 1);
            case SYSCALL_SETGID_X -> processes.idChangeExit(ev, false, 0, 1);
            case CONTAINER_E -> state.containers.parseContainerEvent(ev);
            case CONTAINER_JSON_E, CONTAINER_JSON_2_E -> {
                Containers.Described d = state.containers.parseJsonEvent(ev);
                if (d != null) {
                    state.currentThread = Containers.eventThread(d.id());
                    // libsinsp hides the event of a failed lookup from everyone (the container is kept)
                    state.filteredOut = !d.successful();
                }
            }
            case SYSCALL_CHROOT_X -> processes.chrootExit(ev);
            case SYSCALL_SETSID_X -> processes.setsidExit(ev);
            // the types a live driver sends that sysdig 0.29.3's libs did not have, as current libsinsp parses them
            case SYSCALL_EVENTFD2_X, SYSCALL_SIGNALFD4_X, SYSCALL_INOTIFY_INIT1_X, SYSCALL_EPOLL_CREATE_X,
                 SYSCALL_EPOLL_CREATE1_X, SYSCALL_OPEN_BY_HANDLE_AT_X, SYSCALL_PIDFD_OPEN_X, SYSCALL_PIDFD_GETFD_X ->
                    fds.newFdExit(ev, type);
            case SYSCALL_CLOSE_RANGE_X -> fds.closeRangeExit(ev);
            case SYSCALL_SETREUID_X -> processes.idChangeExit(ev, true, 1, 2);
            case SYSCALL_SETREGID_X -> processes.idChangeExit(ev, false, 1, 2);
            case SYSCALL_PRCTL_X -> processes.prctlExit(ev);
            default -> {
            }
        }
    }

    // ---- enter event store (store_event / retrieve_enter_event)

    private void storeEnter(EventView ev) {
        ThreadInfo t = state.currentThread;
        if (t == null) {
            return;
        }
        int len = ev.length();
        if (len > STORE_MAX) {
            return;
        }
        if (t.storedEnter == null) {
            t.storedEnter = new byte[STORE_MAX];
        }
        ev.copy(ev.base(), t.storedEnter, 0, len);
        t.hasStoredEnter = true;
        t.storedHeaderSize = ev.headerSize();
        t.storedLargeLengths = ev.largeLengths();
        t.storedCpu = ev.cpu();
    }

    /** The stored enter of this exit event, or null (libsinsp retrieve_enter_event). Valid until the next call. */
    EventView retrieveEnter(EventView exit) {
        ThreadInfo t = state.currentThread;
        if (t == null || !t.lastEventDataValid || !t.hasStoredEnter) {
            return null;
        }
        if (enterView.wrap(t.storedEnter, 0, t.storedHeaderSize, t.storedLargeLengths, t.storedCpu, -1) != null) {
            return null;
        }
        if (enterView.type() != exit.type() - 1) {
            t.lastEventDataValid = false;
            return null;
        }
        return enterView;
    }

    // ---- thread manager

    /** get_thread_ref: looks the tid up; with {@code create}, invents libsinsp's fake entry for an unknown tid. */
    ThreadInfo getThread(long tid, boolean create) {
        ThreadInfo t = state.threads().get(tid);
        if (t != null || !create) {
            return t;
        }
        t = new ThreadInfo(tid);
        t.pid = tid;
        t.ptid = -1;
        t.comm = "<NA>";
        t.exe = "<NA>";
        t.uid = -1;
        t.gid = -1;
        t.loginuid = -1;
        t.sid = -1;
        t.vpgid = -1;
        t.vtid = -1;
        t.vpid = -1;
        t.fdlimit = -1;
        t.incomplete = true;
        long n = 0;
        LongMap<ThreadInfo> threads = state.threads();
        // counting the entries that name this tid as their pid (rare: only on creation)
        long[] count = {0};
        threads.forEachValue(o -> {
            if (o.pid == tid) {
                count[0]++;
            }
        });
        n = count[0];
        t.nchilds = n;
        addThread(t);
        return t;
    }

    /**
     * add_thread: CLONE_THREAD entries count as children of their main thread (which may be invented); the entry
     * joins the process tree under its parent.
     */
    void addThread(ThreadInfo t) {
        if ((t.flags & Clone.CLONE_THREAD) != 0) {
            ThreadInfo main = getThread(t.pid, true);
            if (main != null) {
                main.nchilds++;
            }
        }
        state.threads().put(t.tid, t);
        state.tree.attach(t);
    }

    /**
     * remove_thread: the thread's children go to their reaper ({@code reaperTid}: procexit's, -1 if none), then the
     * thread leaves the table, unless it is a main thread whose other threads still run and {@code force} is off.
     * A main thread kept so goes with its last thread, as in libs HEAD (e5c53d6 kept it until a table purge).
     */
    void removeThread(long tid, boolean force, long reaperTid) {
        ThreadInfo t = state.threads().get(tid);
        if (t == null) {
            return;
        }
        long nchilds = t.nchilds;
        boolean stays = nchilds != 0 && !force;
        state.tree.reparentChildren(t, reaperTid, stays);
        if (stays) {
            return;
        }
        ThreadInfo exitedMain = null;
        if ((t.flags & Clone.CLONE_THREAD) != 0) {
            ThreadInfo main = state.threads().get(t.pid);
            if (main != null && main.nchilds > 0) {
                main.nchilds--;
                if (main.nchilds == 0 && main != t && (main.flags & Clone.CLOSED) != 0) {
                    exitedMain = main;
                }
            }
        }
        state.threads().remove(tid);
        t.leaveParent();
        if (nchilds != 0) {
            recreateChildDependencies();
        }
        if (exitedMain != null) {
            removeThread(exitedMain.tid, false, -1);
        }
    }

    private void recreateChildDependencies() {
        LongMap<ThreadInfo> threads = state.threads();
        threads.forEachValue(o -> o.nchilds = 0);
        java.util.List<ThreadInfo> all = new java.util.ArrayList<>();
        threads.forEachValue(all::add);
        for (ThreadInfo o : all) {
            if ((o.flags & Clone.CLONE_THREAD) != 0) {
                ThreadInfo main = getThread(o.pid, true);
                if (main != null) {
                    main.nchilds++;
                }
            }
        }
    }

    // ---- fd helpers

    FdInfo getFd(ThreadInfo t, long fd) {
        FdTable table = state.fdTable(t);
        return table == null ? null : table.get(fd);
    }

    /** sinsp_threadinfo::add_fd: replaces any entry and makes it the thread's last event fd. */
    FdInfo addFd(ThreadInfo t, long fd, FdInfo info) {
        FdTable table = state.fdTable(t);
        if (table == null) {
            return null;
        }
        info.fd = fd;
        // a new fd's name counts as changed (fd.name_changed), unless it is a copy (dup) of an fd with that name
        if (!info.name.isEmpty() && !info.name.equals(info.oldName)) {
            info.renamedAt = state.eventSeq;
        }
        table.put(info);
        t.lastEventFd = fd;
        return info;
    }

    /** erase_fd: the fd goes away when the next event arrives. */
    void eraseFdLater(long tid, long fd) {
        if (nFdsToRemove == fdsToRemove.length) {
            fdsToRemove = java.util.Arrays.copyOf(fdsToRemove, nFdsToRemove * 2);
        }
        fdsToRemove[nFdsToRemove++] = fd;
        tidOfFdsToRemove = tid;
    }
}
