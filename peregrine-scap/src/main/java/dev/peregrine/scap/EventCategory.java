package dev.peregrine.scap;

/** Event categories (libs EC_*), as bits of {@link EventInfo#categories()}. */
public final class EventCategory {
    public static final int UNKNOWN = 1, OTHER = 1 << 1, FILE = 1 << 2, NET = 1 << 3, IPC = 1 << 4,
            MEMORY = 1 << 5, PROCESS = 1 << 6, SLEEP = 1 << 7, SYSTEM = 1 << 8, SIGNAL = 1 << 9,
            USER = 1 << 10, TIME = 1 << 11, IO_READ = 1 << 12, IO_WRITE = 1 << 13, IO_OTHER = 1 << 14,
            WAIT = 1 << 15, SCHEDULER = 1 << 16, INTERNAL = 1 << 17, SYSCALL = 1 << 18,
            TRACEPOINT = 1 << 19, PLUGIN = 1 << 20, METAEVENT = 1 << 21, ITER = 1 << 22;

    private static final String[] NAMES = {"EC_UNKNOWN", "EC_OTHER", "EC_FILE", "EC_NET", "EC_IPC", "EC_MEMORY",
            "EC_PROCESS", "EC_SLEEP", "EC_SYSTEM", "EC_SIGNAL", "EC_USER", "EC_TIME", "EC_IO_READ", "EC_IO_WRITE",
            "EC_IO_OTHER", "EC_WAIT", "EC_SCHEDULER", "EC_INTERNAL", "EC_SYSCALL", "EC_TRACEPOINT", "EC_PLUGIN",
            "EC_METAEVENT", "EC_ITER"};

    private EventCategory() {
    }

    static int bitOf(String name) {
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(name)) {
                return 1 << i;
            }
        }
        throw new IllegalArgumentException("unknown event category " + name);
    }
}
