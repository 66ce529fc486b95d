package dev.peregrine.state;

import dev.peregrine.scap.CaptureMetadata;
import dev.peregrine.scap.FdEntry;
import dev.peregrine.scap.FdType;
import dev.peregrine.scap.ThreadEntry;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Seeds the thread and fd tables from a capture's process and fd lists, as libsinsp e5c53d6 imports them. */
final class InitialState {
    private InitialState() {
    }

    static void load(SystemState state, CaptureMetadata metadata) {
        LongMap<ThreadInfo> threads = state.threads();
        // threads with the same cgroups share one list (MetadataParser): normalised and resolved to a container once
        List<String> rawCgroups = null;
        List<String> cgroups = List.of();
        String containerId = "";
        for (ThreadEntry e : metadata.threads()) {
            ThreadInfo t = new ThreadInfo(e.tid);
            t.pid = e.pid;
            t.ptid = e.ptid;
            t.sid = e.sid;
            t.vpgid = e.vpgid;
            t.comm = e.comm;
            t.exe = e.exe;
            t.exepath = e.exepath;
            t.args = e.args;
            t.fdlimit = e.fdlimit;
            t.uid = e.uid;
            t.gid = e.gid;
            t.vmsizeKb = e.vmsizeKb;
            t.vmrssKb = e.vmrssKb;
            t.vmswapKb = e.vmswapKb;
            t.pfMajor = e.pfMajor;
            t.pfMinor = e.pfMinor;
            t.vtid = e.vtid;
            t.vpid = e.vpid;
            t.root = e.root;
            // e5c53d6 reads a v9 entry's tail as loginuid + exe_writable right after root: with newer writers
            // those bytes are pidns_init_start_ts, and tty is never read.
            if (e.pidnsInitStartTs != 0 || e.tty != 0) {
                t.loginuid = (int) e.pidnsInitStartTs;
                t.exeWritable = ((e.pidnsInitStartTs >>> 32) & 0xFF) != 0;
            } else {
                t.loginuid = e.loginuid;
                t.exeWritable = e.exeWritable;
            }
            t.tty = 0;
            // libs HEAD imports the executable's inode data of newer entries (e5c53d6 never reads them; only the
            // HEAD-only proc.exe_ino* fields show them). The ctime durations are not in captures: they stay 0.
            t.exeIno = e.exeIno;
            t.exeInoCtime = e.exeInoCtime;
            t.exeInoMtime = e.exeInoMtime;
            // likewise the executable's layers, the capability sets and the process group (HEAD-only fields)
            t.exeUpperLayer = e.exeUpperLayer;
            t.exeLowerLayer = e.exeLowerLayer;
            t.exeFromMemfd = e.exeFromMemfd;
            t.capInheritable = e.capInheritable;
            t.capPermitted = e.capPermitted;
            t.capEffective = e.capEffective;
            t.pgid = e.pgid;
            t.flags = e.flags | Clone.ACTIVE;
            if (t.tid == t.pid) {
                t.env = ProcessEvents.env(e.env);
                t.cwd = "";
                t.cwd = cwdFrom("", e.cwd);
            }
            if (e.cgroups != rawCgroups) {
                rawCgroups = e.cgroups;
                t.cgroups = cgroups = ProcessEvents.cgroups(e.cgroups);
                state.containers.resolve(t);
                containerId = t.containerId;
            } else {
                t.cgroups = cgroups;
                t.containerId = containerId;
            }
            threads.put(t.tid, t);
        }
        Set<Integer> serverPorts = new HashSet<>();
        for (FdEntry f : metadata.fds()) {
            ThreadInfo t = threads.get(f.tid());
            if (t == null) {
                continue;
            }
            FdTable table = state.fdTable(t);
            FdInfo fi = fromScap(state, f, serverPorts);
            if (table != null && fi != null) {
                table.put(fi);
            }
        }
        // create_child_dependencies, and the process tree (libs HEAD create_thread_dependencies)
        threads.forEachValue(t -> {
            if ((t.flags & Clone.CLONE_THREAD) != 0) {
                ThreadInfo main = threads.get(t.pid);
                if (main != null) {
                    main.nchilds++;
                }
            }
            state.tree.attach(t);
        });
        // fix_sockets_coming_from_proc
        threads.forEachValue(t -> t.fds.forEach(fi -> {
            if (fi.type == FdType.IPV4_SOCK && (fi.flags & FdInfo.FLAG_FROM_PROC) != 0) {
                fi.roleKnown = true;
                if (serverPorts.contains(fi.sport)) {
                    FdEvents.swap(fi);
                    fi.name = SocketNames.ipv4Tuple(fi.sip, fi.sport, fi.dip, fi.dport);
                    fi.server = true;
                } else {
                    fi.server = false;
                }
            }
        }));
    }

    static String cwdFrom(String old, String cwd) {
        String c = PathNames.concatenate(old, cwd);
        return c.endsWith("/") ? c : c + "/";
    }

    private static FdInfo fromScap(SystemState state, FdEntry f, Set<Integer> serverPorts) {
        int type = f.type();
        FdInfo fi = new FdInfo(f.fd(), type, f.name() == null ? "" : f.name());
        fi.ino = f.ino();
        fi.flags = FdInfo.FLAG_FROM_PROC;
        switch (type) {
            case FdType.IPV4_SOCK -> ipv4Socket(state, f, fi);
            case FdType.IPV4_SERVSOCK -> {
                fi.sip = f.sip();
                fi.sport = f.sport();
                fi.l4proto = f.l4proto();
                fi.name = SocketNames.ipv4(fi.sip) + ':' + fi.sport;
                serverPorts.add(fi.sport);
            }
            case FdType.IPV6_SOCK -> ipv6Socket(f, fi);
            case FdType.IPV6_SERVSOCK -> {
                fi.sip6 = f.sip6() == null ? new byte[16] : f.sip6();
                fi.sport = f.sport();
                fi.l4proto = f.l4proto();
                fi.name = SocketNames.ipv6(fi.sip6) + ':' + fi.sport;
                serverPorts.add(fi.sport);
            }
            case FdType.UNIX_SOCK -> {
                fi.unixSource = f.unixSource();
                fi.unixDest = f.unixDest();
                // some writers leave a newline at the end: kept, as libsinsp keeps it (output sanitises it)
                fi.roleKnown = true;
                fi.server = !fi.name.isEmpty();
            }
            case FdType.FILE_V2 -> {
                fi.openFlags = f.openFlags();
                fi.dev = f.dev();
            }
            case FdType.UNKNOWN -> {
                return null;
            }
            default -> {
                if (type > FdType.FILE_V2) {
                    return null;
                }
            }
        }
        if (fi.name.equals("/dev/null")) {
            fi.flags |= FdInfo.FLAG_IS_TRACER_FILE;
        }
        return fi;
    }

    // the socket cases apart: each fd of the table passes through fromScap, which the quick compiler then compiles
    // while the replay waits for its compilations
    private static void ipv4Socket(SystemState state, FdEntry f, FdInfo fi) {
        fi.sip = f.sip();
        fi.dip = f.dip();
        fi.sport = f.sport();
        fi.dport = f.dport();
        fi.l4proto = f.l4proto();
        if (fi.l4proto == FdEvents.L4_TCP) {
            fi.flags |= FdInfo.FLAG_CONNECTED;
        }
        state.fillLocalAddresses(fi);
        fi.name = SocketNames.ipv4Tuple(fi.sip, fi.sport, fi.dip, fi.dport);
    }

    private static void ipv6Socket(FdEntry f, FdInfo fi) {
        byte[] s = f.sip6() == null ? new byte[16] : f.sip6(), d = f.dip6() == null ? new byte[16] : f.dip6();
        fi.sport = f.sport();
        fi.dport = f.dport();
        fi.l4proto = f.l4proto();
        if (SocketNames.isIpv4Mapped(s, 0) && SocketNames.isIpv4Mapped(d, 0)) {
            fi.type = FdType.IPV4_SOCK;
            fi.sip = le(s);
            fi.dip = le(d);
            if (fi.l4proto == FdEvents.L4_TCP) {
                fi.flags |= FdInfo.FLAG_CONNECTED;
            }
            fi.name = SocketNames.ipv4Tuple(fi.sip, fi.sport, fi.dip, fi.dport);
        } else {
            fi.sip6 = s;
            fi.dip6 = d;
            fi.name = SocketNames.ipv6(s) + ":" + fi.sport + "->" + SocketNames.ipv6(d) + ":" + fi.dport;
        }
    }

    private static int le(byte[] a) {
        return (a[12] & 0xFF) | (a[13] & 0xFF) << 8 | (a[14] & 0xFF) << 16 | (a[15] & 0xFF) << 24;
    }
}
