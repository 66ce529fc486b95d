package dev.peregrine.state;

import dev.peregrine.scap.EventInfo;
import dev.peregrine.scap.EventTable;

/**
 * Event type ids (PPME_*) the state parser handles, and the per-type flags as libs e5c53d6 had them: the scap
 * table is HEAD's, whose EF_USES_FD differs for a few types, and fd.num depends on that flag.
 */
final class EventTypes {
    static final int OPEN_E = 2, OPEN_X = 3, CLOSE_E = 4, CLOSE_X = 5, READ_X = 7, WRITE_X = 9, EXECVE_8_X = 13,
            CLONE_11_X = 15, PROCEXIT_E = 16, SOCKET_E = 18, SOCKET_X = 19, BIND_X = 21, CONNECT_E = 22,
            CONNECT_X = 23, ACCEPT_X = 27, SEND_X = 29, SENDTO_E = 30, SENDTO_X = 31, RECV_X = 33, RECVFROM_X = 35,
            SHUTDOWN_E = 36, SOCKETPAIR_X = 43, SENDMSG_E = 48, SENDMSG_X = 49, RECVMSG_X = 53, ACCEPT4_X = 57,
            CREAT_E = 58, CREAT_X = 59, PIPE_X = 61, EVENTFD_E = 62, EVENTFD_X = 63, GETCWD_X = 93, CHDIR_E = 94,
            CHDIR_X = 95, FCHDIR_E = 96, FCHDIR_X = 97, OPENAT_E = 102, OPENAT_X = 103, PREAD_X = 113,
            PWRITE_X = 115, READV_X = 117, WRITEV_X = 119, PREADV_X = 121, PWRITEV_X = 123, DUP_X = 125,
            SIGNALFD_X = 127, TIMERFD_CREATE_X = 137, INOTIFY_INIT_X = 139, GETRLIMIT_E = 140, GETRLIMIT_X = 141,
            SETRLIMIT_E = 142, SETRLIMIT_X = 143, PRLIMIT_E = 144, PRLIMIT_X = 145, SCHEDSWITCH_1_E = 146,
            FCNTL_E = 150, FCNTL_X = 151, SCHEDSWITCH_6_E = 152, EXECVE_13_X = 155, CLONE_16_X = 157, BRK_4_X = 159,
            MMAP_X = 161, MMAP2_X = 163, MUNMAP_X = 165, EXECVE_14_X = 173, FORK_X = 183, VFORK_X = 185,
            PROCEXIT_1_E = 186, SENDFILE_E = 188, SETRESUID_E = 192, SETRESUID_X = 193, SETRESGID_E = 194,
            SETRESGID_X = 195, SETUID_E = 198, SETUID_X = 199, SETGID_E = 200, SETGID_X = 201, EXECVE_15_X = 215,
            CLONE_17_X = 217, FORK_17_X = 219, VFORK_17_X = 221, CLONE_20_X = 223, FORK_20_X = 225,
            VFORK_20_X = 227, CONTAINER_E = 228, EXECVE_16_X = 231, PROCINFO_E = 234, ACCEPT_5_X = 247,
            ACCEPT4_5_X = 249, CHROOT_X = 267, TRACER_E = 268, CONTAINER_JSON_E = 272, SETSID_X = 275,
            EXECVE_17_X = 283, EXECVE_18_E = 288, EXECVE_18_X = 289, EXECVE_19_E = 292, EXECVE_19_X = 293,
            SETPGID_E = 294, OPENAT_2_E = 306, OPENAT_2_X = 307, CONTAINER_JSON_2_E = 324, OPENAT2_E = 326,
            OPENAT2_X = 327, EXECVEAT_E = 330, EXECVEAT_X = 331, COPY_FILE_RANGE_X = 333, CLONE3_X = 335;

    /** PPM_EVENT_MAX at e5c53d6: later types did not exist yet. */
    static final int OLD_EVENT_MAX = 336;

    /** Later types that today's drivers (Peregrine's live one) send instead of older ones which change state. */
    static final int IO_URING_SETUP_X = 339, CAPSET_X = 353, DUP2_X = 363, DUP3_X = 365, DUP_1_X = 367, BPF_2_X = 369,
            ACCEPT4_6_X = 389, PIPE2_X = 393, MEMFD_CREATE_X = 405;

    /**
     * Whether a type from after e5c53d6 changes the state (as the older type it replaces did): a live driver
     * sends these for dup*, accept4, pipe2, io_uring_setup, bpf, memfd_create and capset; captures of sysdig's era have
     * none of them.
     */
    static boolean isToctouEnter(int t) {
        return t == OPEN_E || t == OPENAT_2_E || t == OPENAT2_E || t == CREAT_E || t == CONNECT_E;
    }

    static boolean isNewStateful(int t) {
        return t == DUP2_X || t == DUP3_X || t == DUP_1_X || t == ACCEPT4_6_X || t == PIPE2_X
                || t == IO_URING_SETUP_X || t == BPF_2_X || t == MEMFD_CREATE_X || t == CAPSET_X;
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
            if (info != null && !info.enter() && (FLAGS[i] & dev.peregrine.scap.EventFlags.USES_FD) != 0) {
                int fd = info.paramIndex("fd");
                if (fd < 0) {
                    fd = info.paramIndex("oldfd"); // dup*: the fd copied
                }
                if (fd > 0 && info.params()[fd].type() == dev.peregrine.scap.ParamType.PT_FD) {
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
    static boolean carries(dev.peregrine.scap.EventView ev, int i) {
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
        return t == CLONE_11_X || t == CLONE_16_X || t == CLONE_17_X || t == CLONE_20_X || t == FORK_X
                || t == FORK_17_X || t == FORK_20_X || t == VFORK_X || t == VFORK_17_X || t == VFORK_20_X
                || t == CLONE3_X;
    }
}
