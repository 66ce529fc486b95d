package dev.peregrine.driver;

/**
 * Loading or attaching the eBPF program failed; the message says why (with the errno libbpf or the kernel returned,
 * when there is one) and, when known, what to do about it.
 */
public class BpfException extends RuntimeException {
    /** Why: lets callers (and tests) tell a missing environment from a bug. */
    public enum Reason { NO_LIBBPF, NO_BTF, NO_PERMISSION, BPF_UNAVAILABLE, VERIFIER, OTHER }

    private final Reason reason;

    public BpfException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
