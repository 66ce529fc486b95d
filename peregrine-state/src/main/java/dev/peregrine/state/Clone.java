package dev.peregrine.state;

/** PPM_CL_* clone flags and libsinsp's own thread flags, as stored in {@link ThreadInfo#flags()}. */
public final class Clone {
    public static final int CLONE_FILES = 1, CLONE_NEWPID = 1 << 6, CLONE_PARENT = 1 << 8, CLONE_THREAD = 1 << 13,
            CLONE_INVERTED = 1 << 16, NAME_CHANGED = 1 << 17, CLOSED = 1 << 18, ACTIVE = 1 << 19, PIPE_SRC = 1 << 21,
            PIPE_DST = 1 << 22, CHILD_IN_PIDNS = 1 << 29, IS_MAIN_THREAD = 1 << 30;

    private Clone() {
    }
}
