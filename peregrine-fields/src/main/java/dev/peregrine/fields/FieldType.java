package dev.peregrine.fields;

/** Field value types, named as libsinsp names them in field listings. */
public enum FieldType {
    INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64, CHARBUF, BYTEBUF, BOOL, RELTIME, ABSTIME,
    IPADDR, IPNET, PORT, DOUBLE, DYN, ERRNO, FD, PID, FSPATH, UID, GID;
}
