package dev.peregrine.state;

/** Names and one-letter codes of fd types, as libsinsp shows them. */
public final class FdTypes {
    /**
     * One row a scap fd type, in FdType's order from UNKNOWN (0): its constant's name, its fd.typechar letter and its
     * fd.type name, in one table so that they cannot drift apart. Unknown, unsupported and uninitialised fds are 'o'
     * and <NA>. FdTypesTest checks the rows' order against FdType.
     */
    static final String TABLE = """
            UNKNOWN       o <NA>
            FILE          f file
            DIRECTORY     d directory
            IPV4_SOCK     4 ipv4
            IPV6_SOCK     6 ipv6
            IPV4_SERVSOCK 4 ipv4
            IPV6_SERVSOCK 6 ipv6
            FIFO          p pipe
            UNIX_SOCK     u unix
            EVENT         e event
            UNSUPPORTED   o <NA>
            SIGNALFD      s signalfd
            EVENTPOLL     l eventpoll
            INOTIFY       i inotify
            TIMERFD       t timerfd
            NETLINK       n netlink
            FILE_V2       f file
            BPF           b bpf
            USERFAULTFD   u userfaultfd
            IOURING       r io_uring
            MEMFD         m memfd
            PIDFD         P pidfd
            """;
    private static final char[] CHARS;
    private static final String[] NAMES;

    static {
        String[] rows = TABLE.split("\n");
        CHARS = new char[rows.length];
        NAMES = new String[rows.length];
        for (int type = 0; type < rows.length; type++) {
            String[] columns = rows[type].split(" +");
            CHARS[type] = columns[1].charAt(0);
            NAMES[type] = columns[2];
        }
    }

    private FdTypes() {
    }

    /** The fd.typechar letter ('f', '4'...). */
    public static char typeChar(int type) {
        return type >= 0 && type < CHARS.length ? CHARS[type] : 'o';
    }

    /** The fd.type string ("file", "ipv4"...). */
    public static String typeName(int type) {
        return type >= 0 && type < NAMES.length ? NAMES[type] : "<NA>";
    }
}
