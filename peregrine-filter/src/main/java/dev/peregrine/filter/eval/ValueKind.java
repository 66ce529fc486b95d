package dev.peregrine.filter.eval;

import dev.peregrine.fields.FieldType;

/** How a field's values compare: the comparison families of libsinsp's flt_compare. */
public enum ValueKind {
    SIGNED, UNSIGNED, TEXT, BYTES, BOOL, IP, NET, DOUBLE, DYNAMIC;

    public static ValueKind of(FieldType t) {
        return switch (t) {
            case INT8, INT16, INT32, INT64, ERRNO, FD, PID -> SIGNED;
            case UINT8, UINT16, UINT32, UINT64, PORT, RELTIME, ABSTIME, UID, GID -> UNSIGNED;
            case CHARBUF, FSPATH -> TEXT;
            case BYTEBUF -> BYTES;
            case BOOL -> BOOL;
            case IPADDR -> IP;
            case IPNET -> NET;
            case DOUBLE -> DOUBLE;
            case DYN -> DYNAMIC;
        };
    }

    public boolean isNumeric() {
        return this == SIGNED || this == UNSIGNED || this == BOOL || this == DOUBLE;
    }
}
