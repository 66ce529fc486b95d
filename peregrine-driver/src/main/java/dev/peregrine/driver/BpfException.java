package dev.peregrine.driver;

/** Loading or attaching the eBPF program failed; the message says why and, when known, what to do about it. */
public class BpfException extends RuntimeException {
    /** Why: lets callers (and tests) tell a missing environment from a bug. */
    public enum Reason { NO_LIBBPF, NO_BTF, NO_PERMISSION, BPF_UNAVAILABLE, VERIFIER, OTHER }

    private final Reason reason;
    private final int errno;

    public BpfException(Reason reason, int errno, String message) {
        super(message);
        this.reason = reason;
        this.errno = errno;
    }

    public Reason reason() {
        return reason;
    }

    /** The errno libbpf or the kernel returned, or 0. */
    public int errno() {
        return errno;
    }
}
