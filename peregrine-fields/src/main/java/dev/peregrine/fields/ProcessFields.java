package dev.peregrine.fields;

import dev.peregrine.fields.FieldDef.Arg;
import dev.peregrine.scap.EventInfo;
import dev.peregrine.scap.EventTable;
import dev.peregrine.state.FdInfo;
import dev.peregrine.state.FdTypes;
import dev.peregrine.state.LongMap;
import dev.peregrine.state.SystemState;
import dev.peregrine.state.ThreadInfo;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.function.UnaryOperator;

/** The proc.* and thread.* fields: the process and thread that generated the event (libsinsp e5c53d6 rules). */
final class ProcessFields {
    private ProcessFields() {
    }

    static void register(FieldRegistry r) {
        // names and command lines
        withParentAndAncestors(r, "exe", "argv[0] of the process", false, EXE);
        withParentAndAncestors(r, "exepath", "full path of the process executable", false, EXEPATH);
        withParentAndAncestors(r, "name", "process name (task comm, up to 15 chars)", true, NAME);
        r.add(new FieldDef("proc.args", FieldType.CHARBUF, "command-line arguments without argv[0] (proc.args[N]: one)",
                Arg.OPTIONAL, ProcessFields::argsExtractor));
        ancestor(r, "proc.aargs", FieldType.CHARBUF, "proc.args of an ancestor (proc.aargs[N])", false,
                (c, a, o) -> {
                    ThreadPrinter.appendJoined(o, a.args());
                    return true;
                });
        withParentAndAncestors(r, "cmdline", "proc.name followed by proc.args", false, (c, t, o) -> {
            ThreadPrinter.appendCmdline(o, t);
            return true;
        });
        simple(r, "proc.cmdnargs", FieldType.UINT64, "number of command-line arguments",
                (c, t, o) -> num(o, t.args().size()));
        simple(r, "proc.cmdlenargs", FieldType.UINT64, "total length of the arguments, separators excluded",
                (c, t, o) -> {
                    long n = 0;
                    List<String> args = t.args();
                    for (int i = 0, k = args.size(); i < k; i++) {
                        n += args.get(i).length();
                    }
                    return num(o, n);
                });
        simple(r, "proc.exeline", FieldType.CHARBUF, "proc.exe followed by proc.args", (c, t, o) -> {
            o.append(t.exe()).appendByte(' ');
            ThreadPrinter.appendJoined(o, t.args());
            return true;
        });
        r.add(new FieldDef("proc.env", FieldType.CHARBUF, "environment as NAME=value pairs (proc.env[NAME]: one value)",
                Arg.OPTIONAL, ProcessFields::envExtractor));
        r.add(new FieldDef("proc.aenv", FieldType.CHARBUF,
                "environment of an ancestor (proc.aenv[N]), or a variable searched up the ancestry (proc.aenv[NAME])",
                Arg.OPTIONAL, ProcessFields::aenvExtractor));
        simple(r, "proc.cwd", FieldType.CHARBUF, "current working directory",
                (c, t, o) -> str(o, c.state().cwdOf(t)));
        simple(r, "proc.loginshellid", FieldType.INT64, "pid of the outermost shell among the process and its ancestors",
                (c, t, o) -> {
                    ThreadInfo mt = StateAccess.mainThread(c.state(), t);
                    if (mt == null) {
                        return false;
                    }
                    long pid = AncestorWalk.loginShellId(c.state(), mt);
                    return pid != -1 && num(o, pid);
                });
        simple(r, "proc.tty", FieldType.UINT32, "controlling terminal (0 if none)", (c, t, o) -> num(o, t.tty()));

        // ids
        simple(r, "proc.pid", FieldType.INT64, "process id", (c, t, o) -> num(o, t.pid()));
        simple(r, "proc.ppid", FieldType.INT64, "parent process id", (c, t, o) -> {
            if (t.isMainThread()) {
                return num(o, t.ptid());
            }
            ThreadInfo mt = StateAccess.mainThread(c.state(), t);
            return mt != null && num(o, mt.ptid());
        });
        ancestor(r, "proc.apid", FieldType.INT64, "pid of an ancestor (proc.apid[N], 0 = this process)", true,
                (c, a, o) -> num(o, a.pid()));
        simple(r, "proc.vpid", FieldType.INT64, "process id in its pid namespace",
                (c, t, o) -> t.vpid() != -1 && num(o, t.vpid()));
        simple(r, "proc.pvpid", FieldType.INT64, "proc.vpid of the parent process",
                onParent((c, p, o) -> num(o, p.vpid())));
        simple(r, "proc.sid", FieldType.INT64, "session id", (c, t, o) -> num(o, t.sid()));
        leader(r, "proc.sname", "proc.sid", "session leader", ProcessFields::onSessionLeader);
        simple(r, "proc.vpgid", FieldType.INT64, "process group id in its pid namespace",
                (c, t, o) -> num(o, t.vpgid()));
        leader(r, "proc.vpgid.name", "proc.vpgid", "process group leader (by vpgid)", f -> onGroupLeader(true, f));
        simple(r, "proc.pgid", FieldType.INT64, "process group id", (c, t, o) -> num(o, t.pgid()));
        leader(r, "proc.pgid.name", "proc.pgid", "process group leader", f -> onGroupLeader(false, f));

        // times
        simple(r, "proc.duration", FieldType.RELTIME, "nanoseconds since the process started",
                (c, t, o) -> t.cloneTs() != 0 && num(o, c.event().timestamp() - t.cloneTs()));
        simple(r, "proc.ppid.duration", FieldType.RELTIME, "nanoseconds since the parent process started",
                onParent((c, p, o) -> p.cloneTs() != 0 && num(o, c.event().timestamp() - p.cloneTs())));
        simple(r, "proc.pid.ts", FieldType.RELTIME, "process start time (epoch ns)",
                (c, t, o) -> t.cloneTs() != 0 && num(o, t.cloneTs()));
        simple(r, "proc.ppid.ts", FieldType.RELTIME, "parent process start time (epoch ns)",
                onParent((c, p, o) -> num(o, p.cloneTs())));

        // executable properties
        simple(r, "proc.is_exe_writable", FieldType.BOOL, "true if the executable is writable by the process user",
                (c, t, o) -> bool(o, t.exeWritable()));
        simple(r, "proc.is_exe_upper_layer", FieldType.BOOL, "true if the executable is in an overlayfs upper layer",
                (c, t, o) -> bool(o, t.exeUpperLayer()));
        simple(r, "proc.is_exe_lower_layer", FieldType.BOOL, "true if the executable is in an overlayfs lower layer",
                (c, t, o) -> bool(o, t.exeLowerLayer()));
        simple(r, "proc.is_exe_from_memfd", FieldType.BOOL, "true if the executable is a memfd file",
                (c, t, o) -> bool(o, t.exeFromMemfd()));
        simple(r, "proc.is_sid_leader", FieldType.BOOL, "true if the process leads its session (sid == vpid)",
                (c, t, o) -> bool(o, t.sid() == t.vpid()));
        simple(r, "proc.is_vpgid_leader", FieldType.BOOL, "true if the process leads its group (vpgid == vpid)",
                (c, t, o) -> bool(o, t.vpgid() == t.vpid()));
        simple(r, "proc.is_pgid_leader", FieldType.BOOL, "true if the process leads its group (pgid == pid)",
                (c, t, o) -> bool(o, t.pgid() == t.pid()));
        simple(r, "proc.exe_ino", FieldType.INT64, "inode of the executable",
                (c, t, o) -> t.exeIno() != 0 && num(o, t.exeIno()));
        // libs HEAD: the executable's inode times, from newer execve events and process lists
        simple(r, "proc.exe_ino.ctime", FieldType.ABSTIME, "last status change time of the executable's inode (epoch ns)",
                (c, t, o) -> t.exeInoCtime() != 0 && unsigned(o, t.exeInoCtime()));
        simple(r, "proc.exe_ino.mtime", FieldType.ABSTIME, "last modification time of the executable's inode (epoch ns)",
                (c, t, o) -> t.exeInoMtime() != 0 && unsigned(o, t.exeInoMtime()));
        simple(r, "proc.exe_ino.ctime_duration_proc_start", FieldType.ABSTIME,
                "nanoseconds from the executable's ctime to the start of the process that ran it",
                (c, t, o) -> t.exeInoCtimeDurationCloneTs() != 0 && unsigned(o, t.exeInoCtimeDurationCloneTs()));
        simple(r, "proc.exe_ino.ctime_duration_pidns_start", FieldType.ABSTIME,
                "nanoseconds from the pid namespace start to the executable's ctime, when the namespace is older",
                (c, t, o) -> t.exeInoCtimeDurationPidnsStart() != 0 && unsigned(o, t.exeInoCtimeDurationPidnsStart()));
        simple(r, "proc.pidns_init_start_ts", FieldType.UINT64, "start of the process's pid namespace (epoch ns)",
                (c, t, o) -> t.pidnsInitStartTs() != 0 && num(o, t.pidnsInitStartTs()));
        simple(r, "thread.cap_permitted", FieldType.CHARBUF, "permitted capability set", (c, t, o) -> {
            Capabilities.append(o, t.capPermitted());
            return true;
        });
        simple(r, "thread.cap_inheritable", FieldType.CHARBUF, "inheritable capability set", (c, t, o) -> {
            Capabilities.append(o, t.capInheritable());
            return true;
        });
        simple(r, "thread.cap_effective", FieldType.CHARBUF, "effective capability set", (c, t, o) -> {
            Capabilities.append(o, t.capEffective());
            return true;
        });

        // fds and memory
        simple(r, "proc.fdopencount", FieldType.UINT64, "number of open fds of the process", (c, t, o) -> {
            ThreadInfo mt = StateAccess.mainThread(c.state(), t);
            return mt != null && num(o, StateAccess.openFdCount(c.state(), mt));
        });
        simple(r, "proc.fdlimit", FieldType.INT64, "maximum number of fds the process can open", (c, t, o) -> {
            ThreadInfo mt = StateAccess.mainThread(c.state(), t);
            return mt != null && num(o, mt.fdlimit());
        });
        simple(r, "proc.fdusage", FieldType.DOUBLE, "open fds as a percentage of the fd limit", (c, t, o) -> {
            ThreadInfo mt = StateAccess.mainThread(c.state(), t);
            if (mt == null) {
                return false;
            }
            long limit = mt.fdlimit();
            double pct = 0;
            if (limit > 0) {
                long open = StateAccess.openFdCount(c.state(), mt);
                pct = open <= limit ? open * 100.0 / limit : 100;
            }
            o.append(new BigDecimal(pct).setScale(1, RoundingMode.HALF_EVEN).toPlainString());
            return true;
        });
        simple(r, "proc.vmsize", FieldType.UINT64, "virtual memory of the process (kB)", (c, t, o) -> num(o, t.vmsizeKb()));
        simple(r, "proc.vmrss", FieldType.UINT64, "resident memory of the process (kB)", (c, t, o) -> num(o, t.vmrssKb()));
        simple(r, "proc.vmswap", FieldType.UINT64, "swapped memory of the process (kB)", (c, t, o) -> num(o, t.vmswapKb()));
        simple(r, "thread.pfmajor", FieldType.UINT64, "major page faults since the thread started",
                (c, t, o) -> num(o, t.pfMajor()));
        simple(r, "thread.pfminor", FieldType.UINT64, "minor page faults since the thread started",
                (c, t, o) -> num(o, t.pfMinor()));

        // thread identity
        r.add(new FieldDef("thread.tid", FieldType.INT64, "thread id", Arg.NONE, a -> (c, o) -> {
            o.append(c.event().tid());
            return true;
        }));
        simple(r, "thread.ismain", FieldType.BOOL, "true for the main thread of its process",
                (c, t, o) -> bool(o, t.isMainThread()));
        simple(r, "thread.vtid", FieldType.INT64, "thread id in its pid namespace",
                (c, t, o) -> t.vtid() != -1 && num(o, t.vtid()));
        simple(r, "thread.nametid", FieldType.CHARBUF, "proc.name followed by the thread id", (c, t, o) -> {
            o.append(t.comm()).append(c.event().tid());
            return true;
        });
        r.add(new FieldDef("thread.exectime", FieldType.RELTIME, "CPU time of the last scheduled thread (switch events)",
                Arg.NONE, a -> new ExecTime(false)));
        r.add(new FieldDef("thread.totexectime", FieldType.RELTIME, "total CPU time of the thread in the capture",
                Arg.NONE, a -> new ExecTime(true)));
        simple(r, "thread.cgroups", FieldType.CHARBUF, "all cgroups of the thread as subsys=path pairs", (c, t, o) -> {
            List<String> cg = t.cgroups();
            if (cg.isEmpty()) {
                return false;
            }
            ThreadPrinter.appendJoined(o, cg);
            return true;
        });
        r.add(new FieldDef("thread.cgroup", FieldType.CHARBUF, "the thread's cgroup for one subsystem (thread.cgroup.cpu)",
                Arg.REQUIRED, ProcessFields::cgroupExtractor));
        simple(r, "proc.nthreads", FieldType.UINT64, "number of threads of the process, main thread included",
                (c, t, o) -> {
                    ThreadInfo mt = StateAccess.mainThread(c.state(), t);
                    return mt != null && num(o, StateAccess.nchilds(c.state(), mt) + 1);
                });
        simple(r, "proc.nchilds", FieldType.UINT64, "number of threads of the process besides the main one",
                (c, t, o) -> num(o, StateAccess.nchilds(c.state(), t)));
        r.add(new FieldDef("thread.cpu", FieldType.DOUBLE, "CPU used by the thread in the last second (procinfo events)",
                Arg.NONE, a -> new ThreadCpu(true, true)));
        r.add(new FieldDef("thread.cpu.user", FieldType.DOUBLE, "user CPU used by the thread in the last second",
                Arg.NONE, a -> new ThreadCpu(true, false)));
        r.add(new FieldDef("thread.cpu.system", FieldType.DOUBLE, "system CPU used by the thread in the last second",
                Arg.NONE, a -> new ThreadCpu(false, true)));
        simple(r, "thread.vmsize", FieldType.UINT64, "process virtual memory (kB) on the main thread, else 0",
                (c, t, o) -> num(o, t.isMainThread() ? t.vmsizeKb() : 0));
        simple(r, "thread.vmrss", FieldType.UINT64, "process resident memory (kB) on the main thread, else 0",
                (c, t, o) -> num(o, t.isMainThread() ? t.vmrssKb() : 0));
        simple(r, "thread.vmsize.b", FieldType.UINT64, "process virtual memory (bytes) on the main thread, else 0",
                (c, t, o) -> num(o, t.isMainThread() ? t.vmsizeKb() * 1024 : 0));
        simple(r, "thread.vmrss.b", FieldType.UINT64, "process resident memory (bytes) on the main thread, else 0",
                (c, t, o) -> num(o, t.isMainThread() ? t.vmrssKb() * 1024 : 0));
        stdFd(r, "stdin", 0);
        stdFd(r, "stdout", 1);
        stdFd(r, "stderr", 2);
    }

    // ---- registration helpers

    private static final ThreadPrinter NAME = (c, t, o) -> str(o, t.comm());
    private static final ThreadPrinter EXE = (c, t, o) -> str(o, t.exe());
    private static final ThreadPrinter EXEPATH = (c, t, o) -> str(o, t.exepath());

    /**
     * proc.X with its parent's and ancestors' forms, proc.pX and proc.aX[N], all printed by {@code p} (a CHARBUF).
     * {@code legacyNoIndex}: see {@link #ancestor}.
     */
    private static void withParentAndAncestors(FieldRegistry r, String x, String desc, boolean legacyNoIndex,
                                               ThreadPrinter p) {
        String name = "proc." + x;
        simple(r, name, FieldType.CHARBUF, desc, p);
        simple(r, "proc.p" + x, FieldType.CHARBUF, name + " of the parent process", onParent(p));
        ancestor(r, "proc.a" + x, FieldType.CHARBUF, name + " of an ancestor (proc.a" + x + "[N], 0 = this process)",
                legacyNoIndex, p);
    }

    /** The name, proc.exe and proc.exepath of a session or group leader, the process {@code on} finds. */
    private static void leader(FieldRegistry r, String nameField, String prefix, String leader,
                               UnaryOperator<ThreadPrinter> on) {
        simple(r, nameField, FieldType.CHARBUF, "name of the " + leader, on.apply(NAME));
        simple(r, prefix + ".exe", FieldType.CHARBUF, "proc.exe of the " + leader, on.apply(EXE));
        simple(r, prefix + ".exepath", FieldType.CHARBUF, "proc.exepath of the " + leader, on.apply(EXEPATH));
    }

    private static void simple(FieldRegistry r, String name, FieldType type, String desc, ThreadPrinter p) {
        Extractor e = ThreadPrinter.of(p);
        r.add(new FieldDef(name, type, desc, Arg.NONE, a -> e));
    }

    /** A proc.aXXX[N] field. Without an index, e5c53d6 output formats show depth 0 followed by the field name. */
    private static void ancestor(FieldRegistry r, String name, FieldType type, String desc, boolean legacyNoIndex,
                                 ThreadPrinter p) {
        r.add(new FieldDef(name, type, desc, Arg.OPTIONAL, arg -> {
            int depth = arg == null ? 0 : parseIndex(name, arg);
            String suffix = arg == null && legacyNoIndex ? name : null;
            return ThreadPrinter.of((c, t, o) -> {
                ThreadInfo a = AncestorWalk.ancestor(c.state(), t, depth);
                if (a == null || !p.print(c, a, o)) {
                    return false;
                }
                if (suffix != null) {
                    o.append(suffix);
                }
                return true;
            });
        }));
    }

    private static void stdFd(FieldRegistry r, String stream, int fd) {
        simple(r, "proc." + stream + ".type", FieldType.CHARBUF, "type of fd " + fd + " (" + stream + ")",
                (c, t, o) -> {
                    FdInfo f = StateAccess.fd(c.state(), t, fd);
                    return f != null && str(o, FdTypes.typeName(f.type()));
                });
        simple(r, "proc." + stream + ".name", FieldType.CHARBUF, "name of fd " + fd + " (" + stream + ")",
                (c, t, o) -> {
                    FdInfo f = StateAccess.fd(c.state(), t, fd);
                    return f != null && str(o, f.name());
                });
    }

    static int parseIndex(String field, String arg) {
        try {
            int v = Integer.parseInt(arg.trim());
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("field " + field + ": '" + arg + "' is not a valid index");
        }
    }

    // ---- field-specific extractors

    private static Extractor argsExtractor(String arg) {
        if (arg == null) {
            return ThreadPrinter.of((c, t, o) -> {
                ThreadPrinter.appendJoined(o, t.args());
                return true;
            });
        }
        int idx = parseIndex("proc.args", arg);
        return ThreadPrinter.of((c, t, o) -> {
            List<String> args = t.args();
            if (idx < args.size()) {
                o.append(args.get(idx));
            }
            return true;
        });
    }

    private static Extractor envExtractor(String arg) {
        if (arg == null) {
            return ThreadPrinter.of((c, t, o) -> {
                ThreadInfo mt = StateAccess.mainThread(c.state(), t);
                ThreadPrinter.appendJoined(o, (mt != null ? mt : t).env());
                return true;
            });
        }
        String prefix = arg + "=";
        return ThreadPrinter.of((c, t, o) -> {
            ThreadInfo mt = StateAccess.mainThread(c.state(), t);
            appendValue(o, (mt != null ? mt : t).env(), prefix);
            return true;
        });
    }

    /** Appends the value of the first KEY=VALUE entry (environment variable, cgroup) whose "KEY=" is prefix. */
    private static boolean appendValue(TextBuffer o, List<String> entries, String prefix) {
        for (int i = 0, n = entries.size(); i < n; i++) {
            String e = entries.get(i);
            if (e.startsWith(prefix)) {
                o.append(e.substring(prefix.length()));
                return true;
            }
        }
        return false;
    }

    private static Extractor aenvExtractor(String arg) {
        int depth = -1;
        if (arg != null) {
            try {
                depth = Integer.parseInt(arg.trim());
            } catch (NumberFormatException e) {
                depth = -1;
            }
        }
        if (arg == null || depth == 0) {
            return envExtractor(null);
        }
        if (depth > 0) {
            int d = depth;
            return ThreadPrinter.of((c, t, o) -> {
                ThreadInfo a = AncestorWalk.ancestor(c.state(), t, d);
                if (a == null) {
                    return false;
                }
                ThreadPrinter.appendJoined(o, a.env());
                return true;
            });
        }
        String prefix = arg + "=";
        return ThreadPrinter.of((c, t, o) -> {
            ThreadInfo a = StateAccess.mainThread(c.state(), t);
            int guard = 0;
            while (a != null && guard++ < 256) {
                if (appendValue(o, a.env(), prefix)) {
                    return true;
                }
                a = StateAccess.parentThread(c.state(), a);
            }
            return true;
        });
    }

    private static Extractor cgroupExtractor(String subsys) {
        String key = subsys + "=";
        return ThreadPrinter.of((c, t, o) -> appendValue(o, t.cgroups(), key));
    }

    // ---- small helpers

    /** proc.pname and friends: the entry of the thread's own ptid (e5c53d6), NA if absent. */
    private static ThreadPrinter onParent(ThreadPrinter f) {
        return (c, t, o) -> {
            ThreadInfo p = StateAccess.parentThread(c.state(), t);
            return p != null && f.print(c, p, o);
        };
    }

    /** proc.sname and friends: the entry of the sid, else the highest ancestor keeping the sid. */
    private static ThreadPrinter onSessionLeader(ThreadPrinter f) {
        return (c, t, o) -> {
            SystemState s = c.state();
            ThreadInfo leader = s.thread(t.sid());
            if (leader == null) {
                ThreadInfo mt = StateAccess.mainThread(s, t);
                if (mt == null) {
                    return false;
                }
                leader = AncestorWalk.sessionLeaderBySid(s, mt);
            }
            return f.print(c, leader, o);
        };
    }

    /** The process group leader: the entry with that pgid, or the highest ancestor with the same group id. */
    private static ThreadPrinter onGroupLeader(boolean virtual, ThreadPrinter f) {
        return (c, t, o) -> {
            SystemState s = c.state();
            long gid = virtual ? t.vpgid() : t.pgid();
            ThreadInfo leader = virtual ? null : s.thread(gid);
            if (leader == null) {
                ThreadInfo mt = StateAccess.mainThread(s, t);
                if (mt == null) {
                    return false;
                }
                leader = mt;
                ThreadInfo p = StateAccess.parentThread(s, mt);
                int guard = 0;
                while (p != null && guard++ < 256 && (virtual ? p.vpgid() : p.pgid()) == gid) {
                    leader = p;
                    p = StateAccess.parentThread(s, p);
                }
            }
            return f.print(c, leader, o);
        };
    }

    static boolean str(TextBuffer o, String s) {
        o.append(s);
        return true;
    }

    /** An unsigned 64-bit value (libsinsp's ABSTIME/UINT64 fields). */
    static boolean unsigned(TextBuffer o, long v) {
        o.appendUnsigned(v);
        return true;
    }

    static boolean num(TextBuffer o, long v) {
        o.append(v);
        return true;
    }

    static boolean bool(TextBuffer o, boolean b) {
        o.append(b ? "true" : "false");
        return true;
    }

    // ---- stateful extractors

    private static boolean[] eventTypes(String name, boolean enter) {
        EventTable table = EventTable.get();
        boolean[] set = new boolean[table.size()];
        for (EventInfo e : table.byName(name)) {
            if (e.enter() == enter) {
                set[e.id()] = true;
            }
        }
        return set;
    }

    private static boolean isType(boolean[] set, int type) {
        return type >= 0 && type < set.length && set[type];
    }

    /** thread.exectime / thread.totexectime: time since the previous switch on the same CPU. */
    private static final class ExecTime implements Extractor {
        private final boolean total;
        private final boolean[] switchTypes = eventTypes("switch", true);
        private long[] lastSwitch = new long[64];
        private final LongMap<long[]> totals = new LongMap<>();

        ExecTime(boolean total) {
            this.total = total;
        }

        @Override
        public boolean print(EventContext ctx, TextBuffer out) {
            long v = 0;
            if (isType(switchTypes, ctx.event().type())) {
                int cpu = ctx.event().cpu();
                if (cpu >= lastSwitch.length) {
                    lastSwitch = java.util.Arrays.copyOf(lastSwitch, cpu * 2 + 1);
                }
                long ts = ctx.event().timestamp();
                long last = lastSwitch[cpu];
                if (last != 0) {
                    v = ts - last;
                }
                lastSwitch[cpu] = ts;
            }
            if (!total) {
                out.appendUnsigned(v);
                return true;
            }
            ThreadInfo t = ctx.thread();
            if (t == null) {
                return false;
            }
            long[] acc = totals.get(t.tid());
            if (acc == null) {
                acc = new long[1];
                totals.put(t.tid(), acc);
            }
            acc[0] += v;
            out.appendUnsigned(acc[0]);
            return true;
        }
    }

    /** thread.cpu*: CPU delta between a thread's procinfo events, capped at 100. */
    private static final class ThreadCpu implements Extractor {
        private final boolean user;
        private final boolean system;
        private final boolean[] procinfoTypes = eventTypes("procinfo", true);
        private final LongMap<long[]> last = new LongMap<>();

        ThreadCpu(boolean user, boolean system) {
            this.user = user;
            this.system = system;
        }

        @Override
        public boolean print(EventContext ctx, TextBuffer out) {
            ThreadInfo t = ctx.thread();
            if (t == null || !isType(procinfoTypes, ctx.event().type())) {
                return false;
            }
            long tcpu = (user ? ctx.event().paramAsLong(0) : 0) + (system ? ctx.event().paramAsLong(1) : 0);
            long[] prev = last.get(t.tid());
            if (prev == null) {
                prev = new long[1];
                last.put(t.tid(), prev);
            }
            double v = 0;
            if (prev[0] != 0) {
                v = Math.min(100, (double) (tcpu - prev[0]));
            }
            prev[0] = tcpu;
            out.append(new BigDecimal(v).setScale(1, RoundingMode.HALF_EVEN).toPlainString());
            return true;
        }
    }
}
