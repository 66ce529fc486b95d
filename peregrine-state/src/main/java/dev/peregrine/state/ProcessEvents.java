package dev.peregrine.state;

import dev.peregrine.scap.EventView;
import dev.peregrine.scap.NulStrings;

import java.util.ArrayList;
import java.util.List;

import static dev.peregrine.scap.EventIds.*;

/** Thread and process life cycle (clone family, execve, cwd, credentials) as libsinsp e5c53d6 parses it. */
final class ProcessEvents {
    /** CLONE_STALE_TIME_NS. */
    private static final long CLONE_STALE_NS = 2_000_000_000L;
    /** PPM_EXE_* bits of execve's flags parameter. */
    private static final int PPM_EXE_WRITABLE = 1, PPM_EXE_UPPER_LAYER = 1 << 1, PPM_EXE_FROM_MEMFD = 1 << 2,
            PPM_EXE_LOWER_LAYER = 1 << 3;
    /** prctl's options (Linux's values, as PPM_PR_*). */
    private static final int PR_SET_CHILD_SUBREAPER = 36, PR_GET_CHILD_SUBREAPER = 37;

    private final EventParser p;
    private final SystemState state;

    ProcessEvents(EventParser p) {
        this.p = p;
        this.state = p.state;
    }

    // ---- parameter helpers

    static long num(EventView ev, int i) {
        return i < ev.nparams() ? ev.paramAsLong(i) : 0;
    }

    /** capset: the thread's new capability sets (res, inheritable, permitted, effective), as current libsinsp. */
    void capsetExit(EventView ev) {
        ThreadInfo t = state.currentThread;
        if (t == null || ev.nparams() < 4 || ev.paramAsLong(0) < 0) {
            return;
        }
        t.capInheritable = ev.paramAsLong(1);
        t.capPermitted = ev.paramAsLong(2);
        t.capEffective = ev.paramAsLong(3);
    }

    static String str(EventView ev, int i) {
        return i < ev.nparams() ? ev.paramString(i) : "";
    }

    /** A NUL-separated list (args, env, cgroups), as sinsp_threadinfo::set_args splits it. */
    static List<String> list(EventView ev, int i) {
        if (i >= ev.nparams() || ev.paramLength(i) == 0) {
            return List.of();
        }
        return NulStrings.lazy(ev.paramBytes(i));
    }


    /** libsinsp's set_env: the environment ends at the first empty string followed only by zero bytes. */
    static List<String> env(List<String> raw) {
        return NulStrings.withoutTrailingEmpty(raw);
    }

    /** set_cgroups: normalises a few subsystem names. */
    static List<String> cgroups(List<String> raw) {
        if (raw.isEmpty()) {
            return raw;
        }
        List<String> out = new ArrayList<>(raw.size());
        for (String c : raw) {
            int eq = c.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String subsys = c.substring(0, eq);
            String path = c.substring(eq + 1);
            int cg = subsys.indexOf("_cgroup");
            if (cg >= 0) {
                subsys = subsys.substring(0, cg) + subsys.substring(cg + 7);
            }
            subsys = switch (subsys) {
                case "perf" -> "perf_event";
                case "mem" -> "memory";
                case "io" -> "blkio";
                default -> subsys;
            };
            out.add(subsys + "=" + path);
        }
        return List.copyOf(out);
    }

    private static int flagsIndex(int type) {
        return switch (type) {
            case SYSCALL_CLONE_11_X -> 8;
            case SYSCALL_CLONE_16_X, SYSCALL_FORK_X, SYSCALL_VFORK_X -> 13;
            case SYSCALL_CLONE_17_X, SYSCALL_FORK_17_X, SYSCALL_VFORK_17_X -> 14;
            default -> 15;
        };
    }

    private static int uidIndex(int type) {
        return flagsIndex(type) + 1;
    }

    private static boolean hasComm(int type) {
        return !(type == SYSCALL_CLONE_11_X || type == SYSCALL_CLONE_16_X || type == SYSCALL_FORK_X
                || type == SYSCALL_VFORK_X);
    }

    private static boolean isV20(int type) {
        return type == SYSCALL_CLONE_20_X || type == SYSCALL_FORK_20_X || type == SYSCALL_VFORK_20_X
                || type == SYSCALL_CLONE3_X;
    }

    // ---- clone / fork / vfork / clone3 exit (parse_clone_exit)

    void cloneExit(EventView ev, int type) {
        long tid = ev.tid();
        long childtid = num(ev, 0);
        int flags = (int) num(ev, flagsIndex(type));
        if (childtid < 0) {
            return;
        }
        long vtid = tid, vpid = -1;
        if (isV20(type)) {
            vtid = num(ev, 18);
            vpid = num(ev, 19);
        }
        boolean inContainer = (flags & Clone.CHILD_IN_PIDNS) != 0 || tid != vtid;
        boolean inverted = false;
        boolean collision = false;
        ThreadInfo cur = state.currentThread;
        if (childtid == 0) {
            if (cur != null && cur.cloneTs != 0 && ev.timestamp() - cur.cloneTs > CLONE_STALE_NS) {
                p.removeThread(tid, true, -1);
                cur = null;
                state.currentThread = null;
            }
            long parenttid = (flags & Clone.CLONE_THREAD) != 0 ? num(ev, 4) : num(ev, 5);
            if (cur == null) {
                inverted = true;
                childtid = tid;
                tid = parenttid;
            } else {
                if (inContainer) {
                    cur.vtid = vtid;
                    cur.vpid = vpid;
                }
                return;
            }
        } else if (inContainer) {
            return;
        }
        ThreadInfo parent = p.getThread(tid, true);
        if (parent == null) {
            return;
        }
        boolean validParent = !(parent.comm.equals("<NA>") && parent.uid == -1);
        ThreadInfo existing = state.threads().get(childtid);
        if (existing != null) {
            if ((existing.flags & Clone.CLONE_INVERTED) != 0) {
                return;
            }
            p.removeThread(childtid, true, -1);
            collision = true;
        }
        ThreadInfo child = new ThreadInfo(childtid);
        // CLONE_PARENT (runc's container init): the caller's parent is the child's, as the kernel and current
        // libsinsp have it (e5c53d6 took the caller), so that the right process takes it in when that one exits
        child.ptid = !inverted && (flags & Clone.CLONE_PARENT) != 0 ? num(ev, 5) : tid;
        child.sid = -1;
        child.vpgid = -1;
        String exe = str(ev, 1);
        String comm = hasComm(type) ? str(ev, 13) : exe;
        if (validParent) {
            inherit(child, parent, flags);
        } else {
            p.removeThread(tid, true, -1);
            collision = true;
            parent = p.getThread(tid, true);
            if (parent == null) {
                return;
            }
            if (!parent.comm.equals("<NA>") && parent.uid != -1) {
                inherit(child, parent, flags);
            } else {
                List<String> args = list(ev, 2);
                parent.comm = comm;
                parent.exe = exe;
                parent.exepath = "";
                parent.args = args;
            }
        }
        child.pid = (flags & Clone.CLONE_THREAD) != 0 ? num(ev, 4) : childtid;
        child.flags = flags;
        if ((flags & Clone.CLONE_THREAD) == 0) {
            FdTable src = state.fdTable(parent);
            child.fds = src == null ? new FdTable() : src.copyForChild();
            child.cwd = state.cwdOf(parent);
        }
        if (inverted) {
            child.flags |= Clone.CLONE_INVERTED;
        }
        child.exe = exe;
        child.comm = comm;
        child.args = list(ev, 2);
        child.fdlimit = num(ev, 7);
        if (type != SYSCALL_CLONE_11_X) {
            memoryCounters(child, ev);
        }
        child.uid = (int) num(ev, uidIndex(type));
        child.gid = (int) num(ev, uidIndex(type) + 1);
        if (inContainer) {
            child.vtid = vtid;
            child.vpid = vpid;
        } else {
            child.vtid = child.tid;
            child.vpid = child.pid;
        }
        if (isV20(type)) {
            child.cgroups = cgroups(list(ev, 14));
            state.containers.resolve(child);
        }
        child.cloneTs = ev.timestamp();
        p.addThread(child);
        if (collision) {
            // libsinsp re-runs reset(): the event's thread may have been replaced
            state.currentThread = state.threads().get(ev.tid());
        }
    }

    /** The page faults and memory sizes that clone and execve exits (all but their oldest layouts) carry at 8..12. */
    private static void memoryCounters(ThreadInfo t, EventView ev) {
        t.pfMajor = num(ev, 8);
        t.pfMinor = num(ev, 9);
        memorySizes(t, ev, 10);
    }

    /** vm_size, vm_rss and vm_swap (KiB), which the event carries from parameter {@code first} on. */
    private static void memorySizes(ThreadInfo t, EventView ev, int first) {
        t.vmsizeKb = num(ev, first);
        t.vmrssKb = num(ev, first + 1);
        t.vmswapKb = num(ev, first + 2);
    }

    private static void inherit(ThreadInfo child, ThreadInfo parent, int flags) {
        child.comm = parent.comm;
        child.exe = parent.exe;
        child.exepath = parent.exepath;
        child.exeWritable = parent.exeWritable;
        child.args = parent.args;
        child.root = parent.root;
        child.sid = parent.sid;
        child.vpgid = parent.vpgid;
        child.tty = parent.tty;
        child.loginuid = parent.loginuid;
        // libs HEAD also hands down the executable's inode data and layers, capabilities and process group
        // (e5c53d6 has none of them)
        child.exeUpperLayer = parent.exeUpperLayer;
        child.exeLowerLayer = parent.exeLowerLayer;
        child.exeFromMemfd = parent.exeFromMemfd;
        child.capInheritable = parent.capInheritable;
        child.capPermitted = parent.capPermitted;
        child.capEffective = parent.capEffective;
        child.pgid = parent.pgid;
        child.exeIno = parent.exeIno;
        child.exeInoCtime = parent.exeInoCtime;
        child.exeInoMtime = parent.exeInoMtime;
        child.exeInoCtimeDurationCloneTs = parent.exeInoCtimeDurationCloneTs;
        if ((flags & Clone.CLONE_THREAD) == 0) {
            child.env = parent.env;
        }
    }

    // ---- execve exit (parse_execve_exit)

    void execveExit(EventView ev, int type) {
        ThreadInfo t = state.currentThread;
        if (num(ev, 0) < 0 || t == null) {
            return;
        }
        t.exe = str(ev, 1);
        t.args = list(ev, 2);
        t.comm = (type == SYSCALL_EXECVE_8_X || type == SYSCALL_EXECVE_13_X || type == SYSCALL_EXECVE_14_X) ? t.exe
                : str(ev, 13);
        if (type == SYSCALL_EXECVE_19_X && EventTypes.carries(ev, 30) && isOwnExecutable(str(ev, 30))) {
            t.comm = nameOfReexec(t.comm, t.exe);
        }
        t.pid = num(ev, 4);
        state.tree.parentAtExec(t, num(ev, 5));
        t.fdlimit = num(ev, 7);
        if (type != SYSCALL_EXECVE_8_X) {
            memoryCounters(t, ev);
        }
        switch (type) {
            case SYSCALL_EXECVE_14_X -> t.env = env(list(ev, 13));
            case SYSCALL_EXECVE_15_X -> t.env = env(list(ev, 14));
            case SYSCALL_EXECVE_8_X, SYSCALL_EXECVE_13_X -> {
            }
            default -> t.env = env(list(ev, 15));
        }
        boolean v16plus = !(type == SYSCALL_EXECVE_8_X || type == SYSCALL_EXECVE_13_X
                || type == SYSCALL_EXECVE_14_X || type == SYSCALL_EXECVE_15_X);
        if (v16plus) {
            t.cgroups = cgroups(list(ev, 14));
            state.containers.resolve(t);
        }
        if (v16plus && type != SYSCALL_EXECVE_16_X && ev.nparams() > 16) {
            t.tty = (int) num(ev, 16);
        }
        if ((type == SYSCALL_EXECVE_19_X || type == SYSCALL_EXECVEAT_X) && ev.nparams() > 17) {
            t.vpgid = num(ev, 17);
        }
        if (ev.nparams() > 18) {
            t.loginuid = (int) num(ev, 18);
        }
        if (ev.nparams() > 19) {
            long exeFlags = num(ev, 19);
            t.exeWritable = (exeFlags & PPM_EXE_WRITABLE) != 0;
            // libs HEAD: the overlay layer and memfd bits (e5c53d6 only read the writable one)
            t.exeUpperLayer = (exeFlags & PPM_EXE_UPPER_LAYER) != 0;
            t.exeFromMemfd = (exeFlags & PPM_EXE_FROM_MEMFD) != 0;
            t.exeLowerLayer = (exeFlags & PPM_EXE_LOWER_LAYER) != 0;
        }
        if ((type == SYSCALL_EXECVE_19_X || type == SYSCALL_EXECVEAT_X) && EventTypes.carries(ev, 22)) {
            // libs HEAD: the capability sets after the exec
            t.capInheritable = num(ev, 20);
            t.capPermitted = num(ev, 21);
            t.capEffective = num(ev, 22);
        }
        if (type == SYSCALL_EXECVE_19_X || type == SYSCALL_EXECVEAT_X) {
            // libs HEAD: the process group, unknown (-1) when the exit does not carry it
            t.pgid = EventTypes.carries(ev, 28) ? num(ev, 28) : -1;
        }
        if ((type == SYSCALL_EXECVE_19_X || type == SYSCALL_EXECVEAT_X) && ev.nparams() > 25
                && ev.paramLength(25) > 0) {
            // libs HEAD (newer drivers append them; e5c53d6 ignores them): the executable's inode and its times
            t.exeIno = num(ev, 23);
            t.exeInoCtime = num(ev, 24);
            t.exeInoMtime = num(ev, 25);
            if (t.cloneTs != 0) {
                t.exeInoCtimeDurationCloneTs = t.cloneTs - t.exeInoCtime;
            }
            if (t.pidnsInitStartTs != 0 && Long.compareUnsigned(t.exeInoCtime, t.pidnsInitStartTs) > 0) {
                t.exeInoCtimeDurationPidnsStart = t.exeInoCtime - t.pidnsInitStartTs;
            }
        }
        if ((type == SYSCALL_EXECVE_19_X || type == SYSCALL_EXECVEAT_X) && EventTypes.carries(ev, 26)) {
            // libs HEAD: the process' uid and gid after the exec (a live process first seen at its execve, e.g.
            // one spawned through clone3, has no other source of them)
            t.uid = (int) num(ev, 26);
            if (EventTypes.carries(ev, 29)) {
                t.gid = (int) num(ev, 29);
            }
        }
        if (type == SYSCALL_EXECVE_18_X || type == SYSCALL_EXECVE_19_X || type == SYSCALL_EXECVEAT_X) {
            EventView enter = p.retrieveEnter(ev);
            if (enter != null) {
                if (type == SYSCALL_EXECVEAT_X) {
                    String name = str(enter, 1);
                    long dirfd = num(enter, 0);
                    long flags = num(enter, 2);
                    if (name.equals("<NA>")) {
                        t.exepath = name; // the driver could not read the pathname
                    } else if ((flags & 1) != 0 && name.isEmpty()) { // PPM_EXVAT_AT_EMPTY_PATH
                        FdInfo d = p.getFd(t, dirfd);
                        t.exepath = d == null ? "<UNKNOWN>" : d.name;
                    } else {
                        t.exepath = PathNames.concatenate(FdEvents.dirfdBase(p, t, name, dirfd), name);
                    }
                } else {
                    String name = str(enter, 0);
                    t.exepath = name.equals("<NA>") ? name : PathNames.concatenate(state.cwdOf(t), name);
                }
            } else if ((type == SYSCALL_EXECVE_19_X || type == SYSCALL_EXECVEAT_X) && EventTypes.carries(ev, 27)) {
                // no enter event (a live driver sends exits only): libs HEAD's trusted_exepath
                t.exepath = str(ev, 27);
            } else if (type == SYSCALL_EXECVE_19_X && EventTypes.carries(ev, 30)) {
                // ... or the filename today's execve exit carries, as the enter event had it
                String name = str(ev, 30);
                t.exepath = name.equals("<NA>") ? name : PathNames.concatenate(state.cwdOf(t), name);
            }
        }
        t.flags = Clone.ACTIVE | Clone.NAME_CHANGED
                | (t.flags & (Clone.PIPE_SRC | Clone.PIPE_DST | Clone.IS_MAIN_THREAD | Clone.CLONE_INVERTED));
        t.incomplete = false;
    }

    /**
     * Whether an exec'd path is the caller's own executable (/proc/self/exe, /proc/PID/exe): busybox runs its
     * applets so (its shell's "exec cat"), runc its init. The kernel names the new program after the path: "exe".
     */
    private static boolean isOwnExecutable(String filename) {
        if (!filename.startsWith("/proc/") || !filename.endsWith("/exe")) {
            return false;
        }
        String middle = filename.substring("/proc/".length(), filename.length() - "/exe".length());
        return middle.equals("self") || middle.equals("thread-self") || !middle.isEmpty()
                && middle.chars().allMatch(Character::isDigit);
    }

    /**
     * The name of a program that re-exec'd its own executable: the one its argv[0] gives ("cat" for busybox's
     * applet, "runc" for runc's init), cut as the kernel cuts names (15 characters), rather than "exe".
     */
    private static String nameOfReexec(String comm, String argv0) {
        String name = argv0.substring(argv0.lastIndexOf('/') + 1);
        if (!comm.equals("exe") || name.isEmpty()) {
            return comm;
        }
        return name.length() > TASK_COMM_MAX ? name.substring(0, TASK_COMM_MAX) : name;
    }

    /** The kernel's task name length, without its terminating NUL. */
    private static final int TASK_COMM_MAX = 15;

    // ---- cwd and credentials

    void chdirExit(EventView ev) {
        ThreadInfo t = state.currentThread;
        if (t != null && num(ev, 0) >= 0) {
            state.setCwd(t, str(ev, 1));
        }
    }

    void fchdirExit(EventView ev) {
        ThreadInfo t = state.currentThread;
        if (t != null && num(ev, 0) >= 0 && p.eventFd != null) {
            state.setCwd(t, p.eventFd.name);
        }
    }

    /**
     * setuid/setgid (the id: enter parameter 0, today's exit parameter 1) and setresuid/setreuid and their gid
     * twins (the effective id: enter parameter 1, exit parameter 2); -1 leaves the id as it was.
     */
    void idChangeExit(EventView ev, boolean uid, int enterParam, int exitParam) {
        ThreadInfo t = state.currentThread;
        if (t == null || num(ev, 0) < 0) {
            return;
        }
        EventView enter = p.retrieveEnter(ev);
        int id;
        if (enter != null) {
            id = (int) num(enter, enterParam);
        } else if (EventTypes.carries(ev, exitParam)) {
            id = (int) num(ev, exitParam); // no enter event (a live driver sends exits only): today's exit has it
        } else {
            return;
        }
        if (id == -1) {
            return;
        }
        if (uid) {
            t.uid = id;
        } else {
            t.gid = id;
        }
    }

    /** prctl: the child subreaper options, as current libsinsp parses them (sysdig 0.29.3's table has no prctl). */
    void prctlExit(EventView ev) {
        ThreadInfo t = state.currentThread;
        if (t == null || num(ev, 0) < 0 || !EventTypes.carries(ev, 3)) {
            return;
        }
        long option = num(ev, 1);
        if (option == PR_SET_CHILD_SUBREAPER || option == PR_GET_CHILD_SUBREAPER) {
            state.tree.childSubreaper(t, num(ev, 3) != 0);
        }
    }

    void setsidExit(EventView ev) {
        ThreadInfo t = state.currentThread;
        long res = num(ev, 0);
        if (t != null && res >= 0) {
            t.sid = res;
        }
    }

    void chrootExit(EventView ev) {
        ThreadInfo t = state.currentThread;
        if (t != null && num(ev, 0) == 0) {
            t.root = PathNames.concatenate(state.cwdOf(t), str(ev, 1));
            state.containers.resolve(t);
        }
    }

    void rlimitExit(EventView ev) {
        ThreadInfo t = state.currentThread;
        if (t == null || num(ev, 0) < 0 || ev.nparams() < 2) {
            return;
        }
        // today's exit names the resource; older drivers' exits do not, and e5c53d6 reads their enter event's
        EventView enter = EventTypes.carries(ev, 3) ? null : p.retrieveEnter(ev);
        long resource = enter != null ? num(enter, 0) : EventTypes.carries(ev, 3) ? num(ev, 3) : -1;
        if (resource == 7) { // PPM_RLIMIT_NOFILE
            long cur = num(ev, 1);
            ThreadInfo main = state.mainThread(t);
            if (main != null && cur >= 0) {
                main.fdlimit = cur;
            }
        }
    }

    void prlimitExit(EventView ev) {
        ThreadInfo t = state.currentThread;
        if (t == null || num(ev, 0) < 0 || ev.nparams() < 2) {
            return;
        }
        // today's exit names the resource and the target; older drivers' exits do not (see rlimitExit)
        boolean own = EventTypes.carries(ev, 6);
        EventView enter = own ? null : p.retrieveEnter(ev);
        if (!own && enter == null) {
            return;
        }
        if ((own ? num(ev, 6) : num(enter, 1)) == 7) {
            long cur = num(ev, 1);
            long pid = own ? num(ev, 5) : num(enter, 0);
            ThreadInfo target = pid == 0 ? t : p.getThread(pid, true);
            ThreadInfo main = target == null ? null : state.mainThread(target);
            if (main != null && cur >= 0) {
                main.fdlimit = cur;
            }
        }
    }

    void memoryExit(EventView ev) {
        ThreadInfo t = state.currentThread;
        if (t == null || ev.nparams() < 4) {
            return;
        }
        memorySizes(t, ev, 1);
    }

    void contextSwitch(EventView ev) {
        ThreadInfo t = state.currentThread;
        if (t == null || ev.nparams() < 6) {
            return;
        }
        t.pfMajor = num(ev, 1);
        t.pfMinor = num(ev, 2);
        ThreadInfo main = state.mainThread(t);
        if (main != null) {
            memorySizes(main, ev, 3);
        }
    }
}
