package dev.peregrine.state;

import dev.peregrine.scap.FdType;

/** Names and one-letter codes of fd types, as libsinsp shows them. */
public final class FdTypes {
    private FdTypes() {
    }

    public static char typeChar(int type) {
        return switch (type) {
            case FdType.FILE, FdType.FILE_V2 -> 'f';
            case FdType.DIRECTORY -> 'd';
            case FdType.IPV4_SOCK, FdType.IPV4_SERVSOCK -> '4';
            case FdType.IPV6_SOCK, FdType.IPV6_SERVSOCK -> '6';
            case FdType.FIFO -> 'p';
            case FdType.UNIX_SOCK -> 'u';
            case FdType.EVENT -> 'e';
            case FdType.SIGNALFD -> 's';
            case FdType.EVENTPOLL -> 'l';
            case FdType.INOTIFY -> 'i';
            case FdType.TIMERFD -> 't';
            case FdType.NETLINK -> 'n';
            case FdType.BPF -> 'b';
            case FdType.USERFAULTFD -> 'u';
            case FdType.IOURING -> 'r';
            case FdType.MEMFD -> 'm';
            case FdType.PIDFD -> 'P';
            default -> 'o';
        };
    }

    /** The fd.type string ("file", "ipv4"...). */
    public static String typeName(int type) {
        return switch (type) {
            case FdType.FILE, FdType.FILE_V2 -> "file";
            case FdType.DIRECTORY -> "directory";
            case FdType.IPV4_SOCK, FdType.IPV4_SERVSOCK -> "ipv4";
            case FdType.IPV6_SOCK, FdType.IPV6_SERVSOCK -> "ipv6";
            case FdType.FIFO -> "pipe";
            case FdType.UNIX_SOCK -> "unix";
            case FdType.EVENT -> "event";
            case FdType.SIGNALFD -> "signalfd";
            case FdType.EVENTPOLL -> "eventpoll";
            case FdType.INOTIFY -> "inotify";
            case FdType.TIMERFD -> "timerfd";
            case FdType.NETLINK -> "netlink";
            case FdType.BPF -> "bpf";
            case FdType.USERFAULTFD -> "userfaultfd";
            case FdType.IOURING -> "io_uring";
            case FdType.MEMFD -> "memfd";
            case FdType.PIDFD -> "pidfd";
            default -> "<NA>";
        };
    }
}
