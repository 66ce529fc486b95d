package dev.peregrine.procfs;

import dev.peregrine.scap.FdType;

/** Types of anonymous-inode fds by their link name (libscap classify_anon_inode_file). */
final class AnonInodes {
    private AnonInodes() {
    }

    static int type(String link) {
        return switch (link.substring("anon_inode:".length())) {
            case "[eventfd]" -> FdType.EVENT;
            case "[eventpoll]" -> FdType.EVENTPOLL;
            case "inotify" -> FdType.INOTIFY;
            case "[signalfd]" -> FdType.SIGNALFD;
            case "[timerfd]" -> FdType.TIMERFD;
            case "[io_uring]" -> FdType.IOURING;
            case "[userfaultfd]" -> FdType.USERFAULTFD;
            case "[pidfd]" -> FdType.PIDFD;
            case "bpf-map", "bpf-prog", "bpf-link", "bpf_iter" -> FdType.BPF;
            default -> FdType.UNSUPPORTED; // [perf_event] and the rest
        };
    }
}
