package dev.peregrine.state;

import dev.peregrine.scap.FdType;

import java.util.Arrays;

/** Names and one-letter codes of fd types, as libsinsp shows them. */
public final class FdTypes {
    /** By scap fd type: the one-letter code and the fd.type name, kept in one table so they cannot drift apart. */
    private static final char[] CHARS = new char[FdType.PIDFD + 1];
    private static final String[] NAMES = new String[FdType.PIDFD + 1];

    static {
        // unknown, unsupported and uninitialised fds are 'o' and <NA>
        Arrays.fill(CHARS, 'o');
        Arrays.fill(NAMES, "<NA>");
        type('f', "file", FdType.FILE, FdType.FILE_V2);
        type('d', "directory", FdType.DIRECTORY);
        type('4', "ipv4", FdType.IPV4_SOCK, FdType.IPV4_SERVSOCK);
        type('6', "ipv6", FdType.IPV6_SOCK, FdType.IPV6_SERVSOCK);
        type('p', "pipe", FdType.FIFO);
        type('u', "unix", FdType.UNIX_SOCK);
        type('e', "event", FdType.EVENT);
        type('s', "signalfd", FdType.SIGNALFD);
        type('l', "eventpoll", FdType.EVENTPOLL);
        type('i', "inotify", FdType.INOTIFY);
        type('t', "timerfd", FdType.TIMERFD);
        type('n', "netlink", FdType.NETLINK);
        type('b', "bpf", FdType.BPF);
        type('u', "userfaultfd", FdType.USERFAULTFD);
        type('r', "io_uring", FdType.IOURING);
        type('m', "memfd", FdType.MEMFD);
        type('P', "pidfd", FdType.PIDFD);
    }

    private FdTypes() {
    }

    private static void type(char c, String name, int... types) {
        for (int t : types) {
            CHARS[t] = c;
            NAMES[t] = name;
        }
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
