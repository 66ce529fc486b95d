package dev.peregrine.state;

/** The open file descriptors of one process, by number. */
public final class FdTable {
    private final LongMap<FdInfo> byFd = new LongMap<>(32);

    public FdInfo get(long fd) {
        return byFd.get(fd);
    }

    public FdInfo put(FdInfo info) {
        return byFd.put(info.fd, info);
    }

    public FdInfo remove(long fd) {
        return byFd.remove(fd);
    }

    public int size() {
        return byFd.size();
    }

    /** Visits every open fd (order unspecified). Not for per-event use. */
    public void forEach(java.util.function.Consumer<FdInfo> action) {
        byFd.forEachValue(action);
    }

    /** The fds as a list (order unspecified). Allocates: for rare state decisions, not per-event filtering. */
    java.util.List<FdInfo> values() {
        java.util.List<FdInfo> out = new java.util.ArrayList<>(byFd.size());
        byFd.forEachValue(out::add);
        return out;
    }

    /** A forked child's copy: every fd is marked cloned (libsinsp set_is_cloned). */
    FdTable copyForChild() {
        FdTable t = new FdTable();
        byFd.forEachValue(f -> {
            FdInfo c = f.copy();
            c.flags |= FdInfo.FLAG_IS_CLONED;
            t.put(c);
        });
        return t;
    }

    /** A copy for a child that does not share its parent's table (fork without CLONE_FILES). */
    public FdTable copy() {
        FdTable t = new FdTable();
        byFd.forEachValue(f -> t.put(f.copy()));
        return t;
    }
}
