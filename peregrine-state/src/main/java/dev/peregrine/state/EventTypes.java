package dev.peregrine.state;

import dev.peregrine.scap.EventFlags;
import dev.peregrine.scap.EventInfo;
import dev.peregrine.scap.EventIds;
import dev.peregrine.scap.EventTable;
import dev.peregrine.scap.EventView;
import dev.peregrine.scap.ParamType;

import static dev.peregrine.scap.EventIds.*;

/**
 * Facts about event types the state parser needs beyond their ids (which are {@link EventIds}' constants): the
 * per-type flags as libs e5c53d6 had them (the scap table is HEAD's, whose EF_USES_FD differs for a few types, and
 * fd.num depends on that flag), which types carry their own fd, and groups of types the parser treats alike.
 */
final class EventTypes {
    /**
     * Whether the type is an enter event a live driver sends for TOCTOU mitigation (open, openat, openat2, creat,
     * connect): its path or address was read before the kernel used it, so the state prefers it to the exit's copy.
     */
    static boolean isToctouEnter(int t) {
        return t == SYSCALL_OPEN_E || t == SYSCALL_OPENAT_2_E || t == SYSCALL_OPENAT2_E || t == SYSCALL_CREAT_E
                || t == SOCKET_CONNECT_E;
    }

    /**
     * Whether a type from after e5c53d6 changes the state (as the older type it replaces did, or as current libsinsp
     * parses it): a live driver sends these for dup*, accept4, pipe2, io_uring_setup, bpf, memfd_create, capset,
     * eventfd2, signalfd4, inotify_init1, epoll_create*, open_by_handle_at, pidfd_open, pidfd_getfd, close_range,
     * setreuid, setregid and prctl; captures of sysdig's era have none of them.
     */
    static boolean isStatefulAfterLegacy(int t) {
        return t == SYSCALL_DUP2_X || t == SYSCALL_DUP3_X || t == SYSCALL_DUP_1_X || t == SOCKET_ACCEPT4_6_X
                || t == SYSCALL_PIPE2_X || t == SYSCALL_IO_URING_SETUP_X || t == SYSCALL_BPF_2_X
                || t == SYSCALL_MEMFD_CREATE_X || t == SYSCALL_CAPSET_X || t == SYSCALL_EVENTFD2_X
                || t == SYSCALL_SIGNALFD4_X || t == SYSCALL_INOTIFY_INIT1_X || t == SYSCALL_EPOLL_CREATE_X
                || t == SYSCALL_EPOLL_CREATE1_X || t == SYSCALL_OPEN_BY_HANDLE_AT_X || t == SYSCALL_PIDFD_OPEN_X
                || t == SYSCALL_PIDFD_GETFD_X || t == SYSCALL_CLOSE_RANGE_X || t == SYSCALL_SETREUID_X
                || t == SYSCALL_SETREGID_X || t == SYSCALL_PRCTL_X;
    }

    private static final int[] FLAGS = new int[EventTable.get().size()];

    /** For exit events that use an fd: the index of their own "fd" parameter (today's layouts), else -1. */
    private static final int[] EXIT_FD = new int[EventTable.get().size()];

    static {
        EventTable table = EventTable.get();
        for (int i = 0; i < FLAGS.length; i++) {
            EventInfo info = table.info(i);
            FLAGS[i] = info == null ? 0 : info.legacyFlags();
            EXIT_FD[i] = -1;
            if (info != null && !info.enter() && (FLAGS[i] & EventFlags.USES_FD) != 0) {
                int fd = info.paramIndex("fd");
                if (fd < 0) {
                    fd = info.paramIndex("oldfd"); // dup*: the fd copied
                }
                if (fd > 0 && info.params()[fd].type() == ParamType.PT_FD) {
                    EXIT_FD[i] = fd;
                }
            }
        }
    }

    /**
     * Whether the event carries parameter {@code i}, with a value, in the layout of the table it is decoded with
     * (read with an older sysdig's table, a capture of today's layouts has fewer parameters, and state follows
     * what that sysdig would see).
     */
    static boolean carries(EventView ev, int i) {
        EventInfo info = ev.info();
        return info != null && i < info.nparams() && i < ev.nparams() && ev.paramLength(i) > 0;
    }

    /**
     * The index of an exit event's own fd parameter (read, write, connect, setns, close... in today's layouts,
     * which a driver sending exit events only carries), or -1.
     */
    static int exitFdParam(int type) {
        return type >= 0 && type < EXIT_FD.length ? EXIT_FD[type] : -1;
    }

    private EventTypes() {
    }

    /** The event's EF_* flags as libs e5c53d6 defines them. */
    static int flags(int type) {
        return type >= 0 && type < FLAGS.length ? FLAGS[type] : 0;
    }

    static boolean isCloneExit(int t) {
        return t == SYSCALL_CLONE_11_X || t == SYSCALL_CLONE_16_X || t == SYSCALL_CLONE_17_X
                || t == SYSCALL_CLONE_20_X || t == SYSCALL_FORK_X || t == SYSCALL_FORK_17_X || t == SYSCALL_FORK_20_X
                || t == SYSCALL_VFORK_X || t == SYSCALL_VFORK_17_X || t == SYSCALL_VFORK_20_X || t == SYSCALL_CLONE3_X;
    }
}
