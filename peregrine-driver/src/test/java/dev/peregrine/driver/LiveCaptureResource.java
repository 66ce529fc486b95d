package dev.peregrine.driver;

import dev.peregrine.testkit.SharedData;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.Collection;

/**
 * One live capture for a test class ({@code @RegisterExtension static final}): opened before its tests, closed after
 * them. Where this machine cannot capture (not root, no BTF, no libbpf) the class is skipped with the reason, and
 * fails in CI.
 */
final class LiveCaptureResource implements BeforeAllCallback, AfterAllCallback {
    private final Collection<?> syscalls;
    private final int ringSize;
    private LiveCapture capture;

    LiveCaptureResource(Collection<?> syscalls) {
        this(syscalls, LiveCapture.DEFAULT_RING_SIZE);
    }

    /** With rings of {@code ringSize} bytes (a power of two), for captures that trace much of the machine. */
    LiveCaptureResource(Collection<?> syscalls, int ringSize) {
        this.syscalls = syscalls;
        this.ringSize = ringSize;
    }

    LiveCapture capture() {
        return capture;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        String why = LiveCapture.unavailableReason();
        if (why != null) {
            SharedData.missing("live eBPF capture unavailable: " + why);
        }
        capture = LiveCapture.open(ringSize, syscalls);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (capture != null) {
            capture.close();
        }
    }
}
