package dev.peregrine.state;

import dev.peregrine.scap.EventFlags;
import dev.peregrine.scap.EventView;
import dev.peregrine.scap.FdType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static dev.peregrine.scap.EventIds.*;
import static dev.peregrine.state.ProcessEvents.num;
import static dev.peregrine.state.ProcessEvents.str;

/** File descriptor creation and destruction: files, pipes, sockets and their tuples (libsinsp e5c53d6). */
final class FdEvents {
    static final int AF_UNIX = 1, AF_INET = 2, AF_INET6 = 10, AF_NETLINK = 16;
    static final int L4_UNKNOWN = 0, L4_NA = 1, L4_TCP = 2, L4_UDP = 3, L4_ICMP = 4, L4_RAW = 5;
    private static final int PPM_O_DIRECTORY = 1 << 10;
    private static final int PPM_FD_UPPER_LAYER = 1 << 15, PPM_FD_LOWER_LAYER = 1 << 16;
    private static final int PPM_O_CLOEXEC = 1 << 12, PPM_EPOLL_CLOEXEC = 1, PPM_CLOSE_RANGE_CLOEXEC = 4;
    private static final int PPM_FCNTL_F_DUPFD = 1, PPM_FCNTL_F_SETFD = 3, PPM_FCNTL_F_DUPFD_CLOEXEC = 26;
    /** The tuple's index in today's sendto and sendmsg exits. */
    private static final int SEND_EXIT_TUPLE = 4;

    private final EventParser p;
    private final SystemState state;

    FdEvents(EventParser p) {
        this.p = p;
        this.state = p.state;
    }

    // ---- files

    /** parse_dirfd: the base an openat-style relative name is resolved against. */
    static String dirfdBase(EventParser p, ThreadInfo t, String name, long dirfd) {
        if (!name.isEmpty() && name.charAt(0) == '/') {
            return ".";
        }
        if (dirfd == -100) {
            return p.state.cwdOf(t);
        }
        FdInfo d = p.getFd(t, dirfd);
        return d == null ? "<UNKNOWN>" : d.name + "/";
    }

    void openExit(EventView ev, int type) {
        ThreadInfo t = state.currentThread;
        if (t == null) {
            return;
        }
        long fd = num(ev, 0);
        EventView enter = p.retrieveEnter(ev);
        String name = null;
        long flags = 0;
        long dirfd = -100;
        int nameLen = 0;
        int dev = 0;
        if (type == SYSCALL_OPEN_X) {
            dev = (int) num(ev, 4);
        } else if (type == SYSCALL_CREAT_X) {
            dev = (int) num(ev, 3);
        } else if (type == SYSCALL_OPENAT_2_X) {
            dev = (int) num(ev, 5);
        }
        if (enter != null) {
            int ni = (type == SYSCALL_OPEN_X || type == SYSCALL_CREAT_X) ? 0 : 1;
            String n = str(enter, ni);
            if (type == SYSCALL_OPENAT_X || (!n.isEmpty() && !n.equals("(NULL)"))) {
                name = n;
                nameLen = ni < enter.nparams() ? enter.paramLength(ni) : 0;
                flags = type == SYSCALL_OPEN_X ? num(enter, 1) : type == SYSCALL_CREAT_X ? 0 : num(enter, 2);
                if (type != SYSCALL_OPEN_X && type != SYSCALL_CREAT_X) {
                    dirfd = num(enter, 0);
                }
            }
        }
        if (name == null) {
            if (type == SYSCALL_OPENAT_X) {
                return;
            }
            if (type == SYSCALL_OPEN_X || type == SYSCALL_CREAT_X) {
                name = str(ev, 1);
                nameLen = ev.nparams() > 1 ? ev.paramLength(1) : 0;
                flags = type == SYSCALL_OPEN_X ? num(ev, 2) : 0;
            } else {
                dirfd = num(ev, 1);
                name = str(ev, 2);
                nameLen = ev.nparams() > 2 ? ev.paramLength(2) : 0;
                flags = num(ev, 3);
            }
        }
        if (fd < 0) {
            if (!state.liveDriver && type != SYSCALL_OPEN_X && type != SYSCALL_CREAT_X && dirfd != -100
                    && !name.startsWith("/")) {
                // sysdig 0.29.3's parse_dirfd made the directory fd the event's, so a failed open relative to
                // one is named after the directory there; current libsinsp no longer does (live events)
                FdInfo d = p.getFd(t, dirfd);
                if (d != null) {
                    p.eventFd = d;
                }
            }
            return;
        }
        String base = (type == SYSCALL_OPEN_X || type == SYSCALL_CREAT_X) ? state.cwdOf(t)
                : dirfdBase(p, t, name, dirfd);
        String full = PathNames.concatenate(base.getBytes(StandardCharsets.UTF_8),
                name.getBytes(StandardCharsets.UTF_8), nameLen);
        FdInfo f = new FdInfo(fd, (flags & PPM_O_DIRECTORY) != 0 ? FdType.DIRECTORY : FdType.FILE_V2, full);
        f.openFlags = (int) flags;
        f.dev = dev;
        f.nameRaw = name;
        overlayLayer(ev, type, f);
        p.eventFd = p.addFd(t, fd, f);
    }

    /**
     * libs HEAD set_overlay_upper/lower: newer drivers add PPM_FD_UPPER_LAYER / PPM_FD_LOWER_LAYER to the exit's
     * flags (creat has a separate creat_flags parameter). Older captures never set them.
     */
    private static void overlayLayer(EventView ev, int type, FdInfo f) {
        if (type == SYSCALL_CREAT_X) {
            if (ev.nparams() > 5 && ev.paramLength(5) > 0 && ev.paramLength(4) > 0) {
                long creatFlags = num(ev, 5);
                f.overlayUpper = (creatFlags & 1) != 0;
                f.overlayLower = !f.overlayUpper && (creatFlags & 2) != 0;
            }
            return;
        }
        int idx = type == SYSCALL_OPEN_X ? 2 : type == SYSCALL_OPENAT_2_X || type == SYSCALL_OPENAT2_X ? 3 : -1;
        if (idx >= 0 && idx < ev.nparams() && ev.paramLength(idx) == 4) {
            long exitFlags = num(ev, idx);
            f.overlayUpper = (exitFlags & PPM_FD_UPPER_LAYER) != 0;
            f.overlayLower = (exitFlags & PPM_FD_LOWER_LAYER) != 0;
        }
    }

    void closeEnter() {
        ThreadInfo t = state.currentThread;
        if (t == null) {
            return;
        }
        FdInfo f = p.getFd(t, t.lastEventFd);
        p.eventFd = f;
        if (f != null) {
            f.flags |= FdInfo.FLAG_CLOSE_IN_PROGRESS;
        }
    }

    void closeExit(EventView ev) {
        ThreadInfo t = state.currentThread;
        FdInfo f = p.eventFd;
        if (t == null || f == null) {
            return;
        }
        if (num(ev, 0) >= 0) {
            p.eraseFdLater(t.tid, t.lastEventFd);
        } else {
            f.flags &= ~FdInfo.FLAG_CLOSE_IN_PROGRESS;
        }
    }

    void pipeExit(EventView ev) {
        ThreadInfo t = state.currentThread;
        if (t == null || num(ev, 0) < 0) {
            return;
        }
        long ino = num(ev, 3);
        FdInfo a = new FdInfo(num(ev, 1), FdType.FIFO, "");
        a.ino = ino;
        p.addFd(t, a.fd, a);
        FdInfo b = new FdInfo(num(ev, 2), FdType.FIFO, "");
        b.ino = ino;
        p.eventFd = p.addFd(t, b.fd, b);
    }

    /**
     * The exits of the syscalls that make one fd from their own parameters: eventfd*, signalfd*, timerfd_create,
     * inotify_init*, io_uring_setup, bpf, epoll_create*, open_by_handle_at and pidfd_open, as current libsinsp's
     * parse_single_param_fd_exit and its kin parse them, and pidfd_getfd's copy. The fd joins the thread's table
     * when the call succeeded and the exit carries what the fd needs.
     */
    void newFdExit(EventView ev, int type) {
        ThreadInfo t = state.currentThread;
        long fd = num(ev, 0);
        if (t == null || fd < 0) {
            return;
        }
        FdInfo f = switch (type) {
            case SYSCALL_EVENTFD_X -> new FdInfo(fd, FdType.EVENT, "");
            case SYSCALL_SIGNALFD_X -> new FdInfo(fd, FdType.SIGNALFD, "");
            case SYSCALL_INOTIFY_INIT_X -> new FdInfo(fd, FdType.INOTIFY, "");
            case SYSCALL_IO_URING_SETUP_X -> new FdInfo(fd, FdType.IOURING, "");
            case SYSCALL_BPF_2_X -> new FdInfo(fd, FdType.BPF, "");
            case SYSCALL_EPOLL_CREATE_X -> new FdInfo(fd, FdType.EVENTPOLL, "");
            case SYSCALL_TIMERFD_CREATE_X -> withOpenFlags(ev, 2, new FdInfo(fd, FdType.TIMERFD, ""));
            case SYSCALL_EVENTFD2_X -> withOpenFlags(ev, 1, new FdInfo(fd, FdType.EVENT, ""));
            case SYSCALL_SIGNALFD4_X -> withOpenFlags(ev, 1, new FdInfo(fd, FdType.SIGNALFD, ""));
            case SYSCALL_INOTIFY_INIT1_X -> withOpenFlags(ev, 1, new FdInfo(fd, FdType.INOTIFY, ""));
            case SYSCALL_EPOLL_CREATE1_X -> withOpenFlags(ev, 1, new FdInfo(fd, FdType.EVENTPOLL, ""));
            // memfd_create: named as the caller named it (res, name, flags)
            case SYSCALL_MEMFD_CREATE_X -> ev.nparams() < 2 ? null : new FdInfo(fd, FdType.MEMFD, str(ev, 1));
            case SYSCALL_OPEN_BY_HANDLE_AT_X -> openedByHandle(ev, fd);
            case SYSCALL_PIDFD_OPEN_X -> pidfd(ev, fd);
            case SYSCALL_PIDFD_GETFD_X -> pidfdCopy(ev, t);
            default -> null;
        };
        if (f != null) {
            p.eventFd = p.addFd(t, fd, f);
        }
    }

    /**
     * The open flags today's layouts carry at {@code flagsParam} (epoll_create1's EPOLL_CLOEXEC as PPM_O_CLOEXEC),
     * as current libsinsp's parse_single_param_fd_exit and parse_eventfd_eventfd2_exit read them.
     */
    private static FdInfo withOpenFlags(EventView ev, int flagsParam, FdInfo f) {
        if (EventTypes.carries(ev, flagsParam)) {
            long flags = num(ev, flagsParam);
            f.openFlags = ev.type() == SYSCALL_EPOLL_CREATE1_X ? ((flags & PPM_EPOLL_CLOEXEC) != 0 ? PPM_O_CLOEXEC : 0)
                    : (int) flags;
        }
        return f;
    }

    /**
     * open_by_handle_at: a file (or directory) fd named by the absolute path its exit carries, with its open flags,
     * device and inode, as current libsinsp's parse_open_openat_creat_exit.
     */
    private static FdInfo openedByHandle(EventView ev, long fd) {
        if (ev.nparams() < 4) {
            return null;
        }
        long flags = num(ev, 2);
        String path = str(ev, 3);
        FdInfo f = new FdInfo(fd, (flags & PPM_O_DIRECTORY) != 0 ? FdType.DIRECTORY : FdType.FILE_V2,
                PathNames.concatenate(new byte[0], path.getBytes(StandardCharsets.UTF_8),
                        ev.paramLength(3)));
        f.openFlags = (int) flags;
        f.dev = ev.nparams() > 4 ? (int) num(ev, 4) : 0;
        f.ino = ev.nparams() > 5 ? num(ev, 5) : 0;
        f.nameRaw = path;
        f.overlayUpper = (flags & PPM_FD_UPPER_LAYER) != 0;
        f.overlayLower = (flags & PPM_FD_LOWER_LAYER) != 0;
        return f;
    }

    /** pidfd_open: a pidfd named /proc/PID, as current libsinsp (which names it after the host's /proc). */
    private static FdInfo pidfd(EventView ev, long fd) {
        if (ev.nparams() < 3) {
            return null;
        }
        long pid = num(ev, 1);
        FdInfo f = new FdInfo(fd, FdType.PIDFD, "/proc/" + pid);
        f.openFlags = (int) num(ev, 2);
        f.pid = pid;
        return f;
    }

    /** pidfd_getfd: a copy of the target process's fd, close-on-exec, as current libsinsp; null if unknown. */
    private FdInfo pidfdCopy(EventView ev, ThreadInfo t) {
        FdInfo pidfd = ev.nparams() < 3 ? null : p.getFd(t, num(ev, 1));
        if (pidfd == null || pidfd.type != FdType.PIDFD) {
            return null;
        }
        ThreadInfo target = state.threads().get(pidfd.pid);
        FdInfo source = target == null ? null : p.getFd(target, num(ev, 2));
        if (source == null) {
            return null;
        }
        FdInfo f = source.copy();
        f.openFlags |= PPM_O_CLOEXEC;
        return f;
    }

    /** close_range: the fds from first to last go (or, with CLOSE_RANGE_CLOEXEC, become close-on-exec). */
    void closeRangeExit(EventView ev) {
        ThreadInfo t = state.currentThread;
        FdTable table = t == null ? null : state.fdTable(t);
        if (table == null || num(ev, 0) < 0 || ev.nparams() < 4) {
            return;
        }
        long first = num(ev, 1) & 0xFFFFFFFFL, last = num(ev, 2) & 0xFFFFFFFFL;
        boolean cloexec = (num(ev, 3) & PPM_CLOSE_RANGE_CLOEXEC) != 0;
        for (FdInfo f : table.values()) {
            if (f.fd >= first && f.fd <= last) {
                if (cloexec) {
                    f.openFlags |= PPM_O_CLOEXEC;
                } else {
                    table.remove(f.fd);
                }
            }
        }
    }

    void socketpairExit(EventView ev) {
        ThreadInfo t = state.currentThread;
        if (t == null || num(ev, 0) < 0 || ev.nparams() < 5) {
            return;
        }
        long src = num(ev, 3), dst = num(ev, 4);
        FdInfo a = new FdInfo(num(ev, 1), FdType.UNIX_SOCK, "");
        a.unixSource = src;
        a.unixDest = dst;
        p.addFd(t, a.fd, a);
        FdInfo b = new FdInfo(num(ev, 2), FdType.UNIX_SOCK, "");
        b.unixSource = src;
        b.unixDest = dst;
        p.eventFd = p.addFd(t, b.fd, b);
    }

    void dupExit(EventView ev) {
        ThreadInfo t = state.currentThread;
        long res = num(ev, 0);
        if (t == null || res < 0) {
            return;
        }
        if (res == 0) {
            t.flags |= Clone.PIPE_DST;
        } else if (res == 1) {
            t.flags |= Clone.PIPE_SRC;
        }
        if (p.eventFd == null) {
            return;
        }
        p.eventFd = p.addFd(t, res, p.eventFd.copy());
    }

    void fcntlExit(EventView ev) {
        ThreadInfo t = state.currentThread;
        long res = num(ev, 0);
        if (t == null || res < 0 || p.eventFd == null) {
            return;
        }
        if (p.retrieveEnter(ev) != null) {
            p.eventFd = p.addFd(t, res, p.eventFd.copy());
        } else if (EventTypes.carries(ev, 2) && EventTypes.carries(ev, 3)) {
            // no enter event (a live driver sends exits only): current libsinsp's parse_fcntl_exit, from the exit's
            // command and argument
            long cmd = num(ev, 2);
            if (cmd == PPM_FCNTL_F_SETFD) {
                p.eventFd.openFlags &= ~PPM_O_CLOEXEC;
                if ((num(ev, 3) & 1) != 0) { // FD_CLOEXEC
                    p.eventFd.openFlags |= PPM_O_CLOEXEC;
                }
            } else if (cmd == PPM_FCNTL_F_DUPFD || cmd == PPM_FCNTL_F_DUPFD_CLOEXEC) {
                FdInfo f = p.eventFd.copy();
                f.openFlags &= ~PPM_O_CLOEXEC;
                if (cmd == PPM_FCNTL_F_DUPFD_CLOEXEC) {
                    f.openFlags |= PPM_O_CLOEXEC;
                }
                p.eventFd = p.addFd(t, res, f);
            }
        }
    }

    // ---- sockets

    void socketExit(EventView ev) {
        ThreadInfo t = state.currentThread;
        long fd = num(ev, 0);
        if (fd < 0 || t == null) {
            return;
        }
        EventView enter = p.retrieveEnter(ev);
        if (enter != null) {
            addSocket(t, fd, num(enter, 0), num(enter, 1), num(enter, 2));
        } else if (EventTypes.carries(ev, 1) && EventTypes.carries(ev, 3)) {
            // no enter event (a live driver sends exits only): today's exit carries domain, type and protocol,
            // which libs HEAD's parse_socket_exit reads from it
            addSocket(t, fd, num(ev, 1), num(ev, 2), num(ev, 3));
        }
    }

    private void addSocket(ThreadInfo t, long fd, long domain, long type, long proto) {
        FdInfo f = new FdInfo(fd, FdType.UNKNOWN, "");
        f.l4proto = L4_UNKNOWN;
        if (domain == AF_UNIX) {
            f.type = FdType.UNIX_SOCK;
        } else if (domain == AF_INET || domain == AF_INET6) {
            f.type = domain == AF_INET ? FdType.IPV4_SOCK : FdType.IPV6_SOCK;
            int l4 = L4_UNKNOWN;
            boolean raw = type == 3; // SOCK_RAW
            if (proto == 6) {
                l4 = raw ? L4_RAW : L4_TCP;
            } else if (proto == 17) {
                l4 = raw ? L4_RAW : L4_UDP;
            } else if (proto == 0) {
                if ((type & 0xff) == 1) {
                    l4 = L4_TCP;
                } else if ((type & 0xff) == 2) {
                    l4 = L4_UDP;
                }
            } else if (proto == 1) {
                l4 = raw ? L4_RAW : L4_ICMP;
            } else if (proto == 255) {
                l4 = L4_RAW;
            }
            f.l4proto = l4;
        } else if (domain == AF_NETLINK) {
            f.type = FdType.NETLINK;
        } else {
            return;
        }
        p.eventFd = p.addFd(t, fd, f);
    }

    /** infer_sendto_fdinfo: a sendto on an unknown fd with an IP tuple adds a UDP socket. */
    void inferSendtoFd(EventView ev) {
        ThreadInfo t = state.currentThread;
        if (ev.nparams() < 3 || ev.paramLength(2) == 0) {
            return;
        }
        long fd = num(ev, 0);
        int family = ev.u8(ev.paramOffset(2)) & 0xFF;
        if (family == AF_INET || family == AF_INET6) {
            long lastFd = t.lastEventFd;
            addSocket(t, fd, family, 2, 17);
            t.lastEventFd = lastFd;
        }
    }

    void bindExit(EventView ev) {
        FdInfo f = p.eventFd;
        if (f == null || num(ev, 0) < 0 || ev.nparams() < 2 || ev.paramLength(1) == 0) {
            return;
        }
        ByteBuffer b = param(ev, 1);
        int family = b.get(0) & 0xFF;
        boolean ipv4 = family == AF_INET && b.limit() >= 7, ipv6 = family == AF_INET6 && b.limit() >= 19;
        // a port makes it a server socket; an IPv4-mapped IPv6 address, an IPv4 one
        int port = ipv4 ? b.getShort(5) & 0xFFFF : ipv6 ? b.getShort(17) & 0xFFFF : 0;
        if (port > 0) {
            byte[] ip6 = ipv6 ? bytes(b, 1) : null;
            if (ip6 == null || SocketNames.isIpv4Mapped(ip6, 0)) {
                f.type = FdType.IPV4_SERVSOCK;
                f.sip = b.getInt(ipv6 ? 13 : 1);
            } else {
                f.type = FdType.IPV6_SERVSOCK;
                f.sip6 = ip6;
            }
            f.sport = port;
            f.server = true;
            f.roleKnown = true;
        }
        rename(f, sockaddrSimple(b));
    }

    void connectEnter(EventView ev) {
        FdInfo f = p.eventFd;
        if (f == null || ev.nparams() < 2 || ev.paramLength(1) == 0) {
            return;
        }
        ByteBuffer b = param(ev, 1);
        int family = b.get(0) & 0xFF;
        if (family == AF_INET && b.limit() >= 7) {
            f.type = FdType.IPV4_SOCK;
            f.dip = b.getInt(1);
            f.dport = b.getShort(5) & 0xFFFF;
        } else if (family == AF_INET6 && b.limit() >= 19) {
            byte[] ip = bytes(b, 1);
            int port = b.getShort(17) & 0xFFFF;
            if (SocketNames.isIpv4Mapped(ip, 0)) {
                f.type = FdType.IPV4_SOCK;
                f.dip = b.getInt(13);
            } else {
                f.type = FdType.IPV6_SOCK;
                f.dip6 = ip;
            }
            f.dport = port;
        } else {
            rename(f, sockaddrSimple(b));
            if (b.limit() >= 17) {
                f.unixSource = b.getLong(1);
                f.unixDest = b.getLong(9);
            }
        }
    }

    void connectExit(EventView ev) {
        FdInfo f = p.eventFd;
        if (f == null) {
            return;
        }
        long res = num(ev, 0);
        if (res < 0 && res != -115) { // EINPROGRESS
            return;
        }
        f.flags |= FdInfo.FLAG_CONNECTED;
        if (ev.nparams() < 2 || ev.paramLength(1) == 0) {
            if (state.liveDriver) {
                // current libsinsp: no tuple (a TCP fast open socket), so the address the enter event read
                EventView enter = p.retrieveEnter(ev);
                if (enter != null) {
                    connectEnter(enter);
                }
            }
            return;
        }
        ByteBuffer b = param(ev, 1);
        int family = b.get(0) & 0xFF;
        if (family == AF_INET || family == AF_INET6) {
            boolean changed;
            if (family == AF_INET6) {
                if (!(b.limit() >= 37 && SocketNames.isIpv4Mapped(bytes(b, 1), 0)
                        && SocketNames.isIpv4Mapped(bytes(b, 19), 0))) {
                    f.type = FdType.IPV6_SOCK;
                    changed = setIpv6(f, b);
                } else {
                    f.type = FdType.IPV4_SOCK;
                    changed = setIpv4(f, b.getInt(13), b.getShort(17) & 0xFFFF, b.getInt(31), b.getShort(35) & 0xFFFF);
                }
            } else {
                f.type = FdType.IPV4_SOCK;
                changed = setIpv4(f, b.getInt(1), b.getShort(5) & 0xFFFF, b.getInt(7), b.getShort(11) & 0xFFFF);
            }
            if (changed && f.roleKnown && f.server && f.l4proto == L4_UDP) {
                swap(f);
            }
            rename(f, sockinfoName(f));
        } else {
            rename(f, tupleSimple(b));
            if (b.limit() >= 17) {
                f.unixSource = b.getLong(1);
                f.unixDest = b.getLong(9);
            }
        }
        if (!f.roleKnown) {
            f.roleKnown = true;
            f.server = false;
        }
    }

    void acceptExit(EventView ev) {
        ThreadInfo t = state.currentThread;
        long fd = num(ev, 0);
        if (t == null || fd < 0) {
            return;
        }
        t.lastEventFd = fd;
        if (ev.nparams() < 2 || ev.paramLength(1) == 0) {
            return;
        }
        ByteBuffer b = param(ev, 1);
        int family = b.get(0) & 0xFF;
        FdInfo f = new FdInfo(fd, FdType.UNKNOWN, "");
        if (family == AF_INET) {
            setIpv4(f, b.getInt(1), b.getShort(5) & 0xFFFF, b.getInt(7), b.getShort(11) & 0xFFFF);
            f.type = FdType.IPV4_SOCK;
            f.l4proto = L4_TCP;
        } else if (family == AF_INET6) {
            if (SocketNames.isIpv4Mapped(bytes(b, 1), 0) && SocketNames.isIpv4Mapped(bytes(b, 19), 0)) {
                setIpv4(f, b.getInt(13), b.getShort(17) & 0xFFFF, b.getInt(31), b.getShort(35) & 0xFFFF);
                f.type = FdType.IPV4_SOCK;
            } else {
                setIpv6(f, b);
                f.type = FdType.IPV6_SOCK;
            }
            f.l4proto = L4_TCP;
        } else if (family == AF_UNIX) {
            f.type = FdType.UNIX_SOCK;
            f.unixSource = b.getLong(1);
            f.unixDest = b.getLong(9);
        } else {
            return;
        }
        rename(f, tupleSimple(b));
        f.roleKnown = true;
        f.server = true;
        f.flags = FdInfo.FLAG_CONNECTED;
        p.eventFd = p.addFd(t, fd, f);
    }

    void rwExit(EventView ev, int type) {
        FdInfo f = p.eventFd;
        if (f == null) {
            return;
        }
        long res = num(ev, 0);
        if (res < 0) {
            return;
        }
        if (f.type == FdType.IPV4_SOCK || f.type == FdType.IPV6_SOCK) {
            f.flags |= FdInfo.FLAG_CONNECTED;
        }
        boolean read = (EventTypes.flags(type) & EventFlags.READS_FROM_FD) != 0;
        int tupleParam = -1;
        EventView src = ev;
        if (read) {
            if (type == SOCKET_RECVFROM_X) {
                tupleParam = 2;
            } else if (type == SOCKET_RECVMSG_X) {
                tupleParam = 3;
            }
        } else if (type == SOCKET_SENDTO_X || type == SOCKET_SENDMSG_X) {
            tupleParam = 2;
        }
        if (tupleParam == -1 || !(f.name.isEmpty() || !isTcp(f))) {
            return;
        }
        if (!read) {
            src = p.retrieveEnter(ev);
            if (src == null) {
                // no enter event (a live driver sends exits only): today's sendto and sendmsg exits carry the
                // tuple themselves, which libs HEAD's parse_write_exit reads
                if (!EventTypes.carries(ev, SEND_EXIT_TUPLE)) {
                    return;
                }
                src = ev;
                tupleParam = SEND_EXIT_TUPLE;
            }
        }
        if (tupleParam >= src.nparams() || src.paramLength(tupleParam) == 0) {
            return;
        }
        ByteBuffer b = param(src, tupleParam);
        if (!updateFd(f, b)) {
            return;
        }
        if (f.type == FdType.IPV4_SOCK || f.type == FdType.IPV6_SOCK) {
            if (!f.roleKnown) {
                guessRole(state.currentThread, f, read);
            }
            if (read ? (f.roleKnown && !f.server) : (f.roleKnown && f.server)) {
                swap(f);
            }
            rename(f, sockinfoName(f));
        } else {
            rename(f, tupleSimple(b));
        }
    }

    private static boolean isTcp(FdInfo f) {
        return (f.type == FdType.IPV4_SOCK || f.type == FdType.IPV6_SOCK) && f.l4proto == L4_TCP;
    }

    private boolean updateFd(FdInfo f, ByteBuffer b) {
        int family = b.get(0) & 0xFF;
        if (family == AF_INET && f.type == FdType.IPV4_SERVSOCK) {
            // libsinsp keeps the server address and the tuple in one union: read as a tuple, the server's
            // port, l4proto and (uninitialised, observed 0xff) padding byte become the destination address.
            f.dip = (f.sport & 0xFFFF) | (f.l4proto & 0xFF) << 16 | 0xFF << 24;
            f.sport = 0;
            f.dport = 0;
        }
        if (family == AF_INET) {
            f.type = FdType.IPV4_SOCK;
            if (!setIpv4(f, b.getInt(1), b.getShort(5) & 0xFFFF, b.getInt(7), b.getShort(11) & 0xFFFF)) {
                return false;
            }
        } else if (family == AF_INET6) {
            if (SocketNames.isIpv4Mapped(bytes(b, 1), 0) && SocketNames.isIpv4Mapped(bytes(b, 19), 0)) {
                f.type = FdType.IPV4_SOCK;
                if (!setIpv4(f, b.getInt(13), b.getShort(17) & 0xFFFF, b.getInt(31), b.getShort(35) & 0xFFFF)) {
                    return false;
                }
            } else if (!setIpv6(f, b)) {
                return false;
            }
        } else if (family == AF_UNIX) {
            f.type = FdType.UNIX_SOCK;
            f.unixSource = b.getLong(1);
            f.unixDest = b.getLong(9);
            rename(f, cstring(b, 17));
            return true;
        }
        if ((f.type == FdType.IPV4_SOCK || f.type == FdType.IPV6_SOCK) && f.l4proto == L4_UNKNOWN) {
            f.l4proto = L4_UDP;
        }
        state.fillLocalAddresses(f);
        return true;
    }

    /** set_net_role_by_guessing. */
    private void guessRole(ThreadInfo t, FdInfo f, boolean incoming) {
        FdTable table = t == null ? null : state.fdTable(t);
        boolean bound = false, usesClientPort = false;
        if (table != null) {
            for (FdInfo o : table.values()) {
                if (o.type == FdType.IPV4_SOCK && o.dport == f.dport) {
                    bound = true;
                }
                if (o.type == FdType.IPV4_SERVSOCK && o.sport == f.dport) {
                    bound = true;
                }
                if (o.type == FdType.IPV4_SOCK && o.sport == f.sport) {
                    usesClientPort = true;
                }
            }
        }
        f.roleKnown = true;
        if (bound) {
            f.server = !usesClientPort || incoming;
        } else {
            f.server = false;
        }
    }

    static boolean setIpv4(FdInfo f, int sip, int sport, int dip, int dport) {
        if (f.type == FdType.IPV4_SOCK
                && ((sip == f.sip && sport == f.sport && dip == f.dip && dport == f.dport)
                || (dip == f.sip && dport == f.sport && sip == f.dip && sport == f.dport))) {
            return false;
        }
        // the source end is replaced, the destination end only set where unset
        boolean changed = f.sip != sip || f.sport != sport || f.dip == 0 || f.dport == 0;
        f.sip = sip;
        f.sport = sport;
        if (f.dip == 0) {
            f.dip = dip;
        }
        if (f.dport == 0) {
            f.dport = dport;
        }
        return changed;
    }

    private static boolean setIpv6(FdInfo f, ByteBuffer b) {
        byte[] sip = bytes(b, 1), dip = bytes(b, 19);
        int sport = b.getShort(17) & 0xFFFF, dport = b.getShort(35) & 0xFFFF;
        byte[] fs = f.sip6 == null ? new byte[16] : f.sip6, fd = f.dip6 == null ? new byte[16] : f.dip6;
        if (f.type == FdType.IPV6_SOCK
                && ((java.util.Arrays.equals(sip, fs) && sport == f.sport && java.util.Arrays.equals(dip, fd)
                && dport == f.dport)
                || (java.util.Arrays.equals(dip, fs) && dport == f.sport && java.util.Arrays.equals(sip, fd)
                && sport == f.dport))) {
            return false;
        }
        // as setIpv4 (the source address keeps its array when it is the same)
        boolean changed = f.sport != sport || f.dport == 0;
        f.sport = sport;
        if (f.dport == 0) {
            f.dport = dport;
        }
        if (!java.util.Arrays.equals(fs, sip)) {
            f.sip6 = sip;
            changed = true;
        }
        if (java.util.Arrays.equals(fd, new byte[16])) {
            f.dip6 = dip;
            changed = true;
        }
        return changed;
    }

    static void swap(FdInfo f) {
        int ip = f.sip;
        f.sip = f.dip;
        f.dip = ip;
        byte[] ip6 = f.sip6;
        f.sip6 = f.dip6;
        f.dip6 = ip6;
        int port = f.sport;
        f.sport = f.dport;
        f.dport = port;
    }

    /** sockinfo_to_str. */
    static String sockinfoName(FdInfo f) {
        if (f.type == FdType.IPV4_SOCK) {
            if (f.l4proto == L4_TCP || f.l4proto == L4_UDP) {
                return SocketNames.ipv4Tuple(f.sip, f.sport, f.dip, f.dport);
            } else if (f.l4proto == L4_ICMP || f.l4proto == L4_RAW) {
                return SocketNames.ipv4(f.sip) + "->" + SocketNames.ipv4(f.dip);
            }
            return "<unknown>";
        }
        if (f.type == FdType.IPV6_SOCK) {
            byte[] s = f.sip6 == null ? new byte[16] : f.sip6, d = f.dip6 == null ? new byte[16] : f.dip6;
            if (f.l4proto == L4_TCP || f.l4proto == L4_UDP) {
                if (SocketNames.isIpv4Mapped(s, 0) && SocketNames.isIpv4Mapped(d, 0)) {
                    return SocketNames.ipv4Tuple(le(s, 12), f.sport, le(d, 12), f.dport);
                }
                return SocketNames.ipv6(s) + ":" + f.sport + "->" + SocketNames.ipv6(d) + ":" + f.dport;
            }
            if (f.l4proto == L4_ICMP) {
                return SocketNames.ipv6(s) + "->" + SocketNames.ipv6(d);
            }
            return "<unknown>";
        }
        return f.name;
    }

    private static int le(byte[] a, int off) {
        return (a[off] & 0xFF) | (a[off + 1] & 0xFF) << 8 | (a[off + 2] & 0xFF) << 16 | (a[off + 3] & 0xFF) << 24;
    }

    // ---- PF_SIMPLE renderings of PT_SOCKADDR / PT_SOCKTUPLE

    static String sockaddrSimple(ByteBuffer b) {
        int family = b.get(0) & 0xFF;
        if (family == AF_INET && b.limit() >= 7) {
            return SocketNames.ipv4(b.getInt(1)) + ":" + (b.getShort(5) & 0xFFFF);
        }
        if (family == AF_INET6 && b.limit() >= 19) {
            return SocketNames.ipv6(bytes(b, 1)) + ":" + (b.getShort(17) & 0xFFFF);
        }
        if (family == AF_UNIX) {
            return cstring(b, 1);
        }
        return "";
    }

    static String tupleSimple(ByteBuffer b) {
        int family = b.get(0) & 0xFF;
        if (family == AF_INET && b.limit() >= 13) {
            return SocketNames.ipv4Tuple(b.getInt(1), b.getShort(5) & 0xFFFF, b.getInt(7), b.getShort(11) & 0xFFFF);
        }
        if (family == AF_INET6 && b.limit() >= 37) {
            byte[] s = bytes(b, 1), d = bytes(b, 19);
            if (SocketNames.isIpv4Mapped(s, 0) && SocketNames.isIpv4Mapped(d, 0)) {
                return SocketNames.ipv4Tuple(b.getInt(13), b.getShort(17) & 0xFFFF, b.getInt(31),
                        b.getShort(35) & 0xFFFF);
            }
            return SocketNames.ipv6(s) + ":" + (b.getShort(17) & 0xFFFF) + "->" + SocketNames.ipv6(d) + ":"
                    + (b.getShort(35) & 0xFFFF);
        }
        if (family == AF_UNIX && b.limit() >= 17) {
            return Long.toHexString(b.getLong(1)) + "->" + Long.toHexString(b.getLong(9)) + " " + cstring(b, 17);
        }
        return "";
    }

    static ByteBuffer param(EventView ev, int i) {
        return ByteBuffer.wrap(ev.paramBytes(i)).order(ByteOrder.LITTLE_ENDIAN);
    }

    static byte[] bytes(ByteBuffer b, int off) {
        byte[] a = new byte[16];
        if (off + 16 <= b.limit()) {
            b.get(off, a);
        }
        return a;
    }

    static String cstring(ByteBuffer b, int off) {
        int end = off;
        while (end < b.limit() && b.get(end) != 0) {
            end++;
        }
        byte[] a = new byte[Math.max(0, end - off)];
        b.get(off, a);
        return new String(a, StandardCharsets.UTF_8);
    }

    /** Sets an fd's name, remembering that it changed during this event (fd.name_changed). */
    private void rename(FdInfo f, String name) {
        if (!name.equals(f.name)) {
            f.name = name;
            f.renamedAt = state.eventSeq;
        }
    }
}
