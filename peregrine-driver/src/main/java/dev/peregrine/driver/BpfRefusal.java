package dev.peregrine.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Explains a bpf() call the kernel refused outright (as opposed to a program it rejected): BPF disabled in the
 * kernel, hidden by a seccomp profile (a container runtime's default one), or forbidden by kernel lockdown.
 * Capabilities are checked before any bpf() call, so by then a refusal is one of these.
 */
final class BpfRefusal {
    static final int EPERM = 1;
    static final int EACCES = 13;
    static final int ENOSYS = 38;
    static final Path LOCKDOWN = Path.of("/sys/kernel/security/lockdown");

    private BpfRefusal() {
    }

    static boolean isRefusal(int errno) {
        return errno == EPERM || errno == EACCES || errno == ENOSYS;
    }

    /** The exception for {@code what} (e.g. "create a ring buffer") failing with a refusal errno. */
    static BpfException of(int errno, String what) {
        if (errno == ENOSYS) {
            return new BpfException(BpfException.Reason.BPF_UNAVAILABLE, "BPF is disabled: the kernel "
                    + "refused to " + what + " with ENOSYS (errno 38), so it has no bpf() system call (built "
                    + "without CONFIG_BPF_SYSCALL) or a seccomp profile hides it; use a kernel with BPF, and in a "
                    + "container run privileged or with seccomp=unconfined");
        }
        String lockdown = lockdownMode(LOCKDOWN);
        return new BpfException(BpfException.Reason.NO_PERMISSION, "BPF is not allowed: the kernel "
                + "refused to " + what + " (errno " + errno + ", " + (errno == EPERM ? "EPERM" : "EACCES") + ") "
                + "although the capabilities are there; "
                + (lockdown != null ? "kernel lockdown is on (" + lockdown + "), which forbids it"
                : "a seccomp profile (in a container: run privileged or with seccomp=unconfined), kernel lockdown "
                + "or a security module (SELinux, AppArmor) can forbid it"));
    }

    /**
     * The active lockdown mode (the bracketed one in {@code file}, e.g. "none [integrity] confidentiality") when
     * it is not "none", else null (also when the kernel has no lockdown LSM).
     */
    static String lockdownMode(Path file) {
        try {
            String modes = Files.readString(file).strip();
            int open = modes.indexOf('[');
            int close = modes.indexOf(']', open + 1);
            if (open < 0 || close < 0) {
                return null;
            }
            String mode = modes.substring(open + 1, close);
            return mode.equals("none") ? null : "lockdown=" + mode;
        } catch (IOException | SecurityException e) {
            return null;
        }
    }
}
