package dev.peregrine.scap.synthetic;

import dev.peregrine.scap.FdType;

import java.util.List;

/**
 * A small machine to start synthetic captures from: init, and alice's login shell on a terminal with a file and
 * a directory open; users root and alice, their groups; a loopback and an ethernet interface.
 */
public final class ShellMachine {
    public static final long INIT = 1, SHELL = 100;
    public static final int ROOT = 0, ALICE = 1000;
    /** The shell's working directory, as the process list gives it (no trailing slash). */
    public static final String HOME = "/home/alice";
    /** The shell's open fds beyond 0-2 (the terminal). */
    public static final long PASSWD_FD = 3, HOME_FD = 4;
    public static final String ETH0 = "10.0.0.5";

    private ShellMachine() {
    }

    public static SyntheticCapture capture() {
        return new SyntheticCapture()
                .thread(INIT, t -> {
                    t.ptid = 0;
                    t.comm = "systemd";
                    t.exe = "/sbin/init";
                    t.exepath = "/usr/lib/systemd/systemd";
                    t.cwd = "/";
                    t.root = "/";
                    t.fdlimit = 1024;
                    t.vtid = INIT;
                    t.vpid = INIT;
                    t.cgroups = List.of("cpuset=/", "memory=/init.scope");
                })
                .thread(SHELL, t -> {
                    t.ptid = INIT;
                    t.sid = SHELL;
                    t.vpgid = SHELL;
                    t.comm = "bash";
                    t.exe = "-bash";
                    t.exepath = "/usr/bin/bash";
                    t.args = List.of();
                    t.cwd = HOME;
                    t.root = "/";
                    t.env = List.of("HOME=" + HOME, "USER=alice");
                    t.fdlimit = 1024;
                    t.uid = ALICE;
                    t.gid = ALICE;
                    t.loginuid = ALICE;
                    t.vtid = SHELL;
                    t.vpid = SHELL;
                    t.cgroups = List.of("cpuset=/", "memory=/user.slice/user-1000.slice");
                })
                .file(SHELL, 0, "/dev/pts/0", 3)
                .file(SHELL, 1, "/dev/pts/0", 3)
                .file(SHELL, 2, "/dev/pts/0", 3)
                .file(SHELL, PASSWD_FD, "/etc/passwd", 1)
                .namedFd(SHELL, HOME_FD, FdType.DIRECTORY, HOME)
                .user(ROOT, ROOT, "root", "/root", "/bin/bash")
                .user(ALICE, ALICE, "alice", HOME, "/bin/bash")
                .group(ROOT, "root")
                .group(ALICE, "alice")
                .ipv4Interface("lo", "127.0.0.1", "255.0.0.0")
                .ipv4Interface("eth0", ETH0, "255.255.255.0");
    }
}
