package dev.peregrine.scap;

/** Event flags (libs EF_*), as bits of {@link EventInfo#flags()}. */
public final class EventFlags {
    public static final int CREATES_FD = 1, DESTROYS_FD = 1 << 1, USES_FD = 1 << 2, READS_FROM_FD = 1 << 3,
            WRITES_TO_FD = 1 << 4, MODIFIES_STATE = 1 << 5, UNUSED = 1 << 6, WAITS = 1 << 7,
            SKIPPARSERESET = 1 << 8, OLD_VERSION = 1 << 9, DROP_SIMPLE_CONS = 1 << 10, LARGE_PAYLOAD = 1 << 11,
            USED_BY_CONVERTER = 1 << 12, CONVERTER_MANAGED = 1 << 13, TMP_CONVERTER_MANAGED = 1 << 14;

    private static final String[] NAMES = {"EF_CREATES_FD", "EF_DESTROYS_FD", "EF_USES_FD", "EF_READS_FROM_FD",
            "EF_WRITES_TO_FD", "EF_MODIFIES_STATE", "EF_UNUSED", "EF_WAITS", "EF_SKIPPARSERESET", "EF_OLD_VERSION",
            "EF_DROP_SIMPLE_CONS", "EF_LARGE_PAYLOAD", "EF_USED_BY_CONVERTER", "EF_CONVERTER_MANAGED",
            "EF_TMP_CONVERTER_MANAGED"};

    private EventFlags() {
    }

    static int bitOf(String name) {
        if (name.equals("EF_NONE")) {
            return 0;
        }
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(name)) {
                return 1 << i;
            }
        }
        throw new IllegalArgumentException("unknown event flag " + name);
    }
}
