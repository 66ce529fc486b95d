package dev.peregrine.procfs;

/**
 * Kernel open flags (as fdinfo prints them, octal) to libscap's PPM_O_* bits (open_flags_to_scap, x86-64 values).
 * Multi-bit flags test "any bit set" as the C does, so O_DSYNC also sets SYNC and O_DIRECTORY also sets TMPFILE;
 * glibc's O_LARGEFILE is 0 on 64-bit, so LARGEFILE is never set.
 */
final class OpenFlags {
    static final int RDONLY = 1, WRONLY = 2, RDWR = 3, CREAT = 1 << 2, APPEND = 1 << 3, DSYNC = 1 << 4,
            EXCL = 1 << 5, NONBLOCK = 1 << 6, SYNC = 1 << 7, TRUNC = 1 << 8, DIRECT = 1 << 9, DIRECTORY = 1 << 10,
            CLOEXEC = 1 << 12, TMPFILE = 1 << 13;

    private OpenFlags() {
    }

    static int toScap(long f) {
        int r = switch ((int) (f & 03)) {
            case 01 -> WRONLY;
            case 02 -> RDWR;
            default -> RDONLY;
        };
        if ((f & 0100) != 0) r |= CREAT;
        if ((f & 020200000) != 0) r |= TMPFILE;
        if ((f & 02000) != 0) r |= APPEND;
        if ((f & 010000) != 0) r |= DSYNC;
        if ((f & 0200) != 0) r |= EXCL;
        if ((f & 04000) != 0) r |= NONBLOCK;
        if ((f & 04010000) != 0) r |= SYNC;
        if ((f & 01000) != 0) r |= TRUNC;
        if ((f & 040000) != 0) r |= DIRECT;
        if ((f & 0200000) != 0) r |= DIRECTORY;
        if ((f & 02000000) != 0) r |= CLOEXEC;
        return r;
    }
}
