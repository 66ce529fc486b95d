package dev.peregrine.scap;

/** libscap fd types (scap_fd_type) as stored in fd lists. */
public final class FdType {
    public static final int UNINITIALIZED = -1, UNKNOWN = 0, FILE = 1, DIRECTORY = 2, IPV4_SOCK = 3,
            IPV6_SOCK = 4, IPV4_SERVSOCK = 5, IPV6_SERVSOCK = 6, FIFO = 7, UNIX_SOCK = 8, EVENT = 9,
            UNSUPPORTED = 10, SIGNALFD = 11, EVENTPOLL = 12, INOTIFY = 13, TIMERFD = 14, NETLINK = 15,
            FILE_V2 = 16, BPF = 17, USERFAULTFD = 18, IOURING = 19, MEMFD = 20, PIDFD = 21;

    private FdType() {
    }
}
