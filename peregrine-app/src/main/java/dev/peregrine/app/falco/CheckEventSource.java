package dev.peregrine.app.falco;

import dev.peregrine.config.EngineKind;
import dev.peregrine.driver.LiveCapture;

import java.util.Set;

/**
 * Before anything is started: when the syscall source runs live, the engine kind must be one Peregrine runs, and
 * the live driver able to run.
 */
final class CheckEventSource implements Step {
    /** The kinds that mean the live machine; all run on Peregrine's own eBPF driver. */
    private static final Set<EngineKind> LIVE_KINDS = Set.of(EngineKind.MODERN_EBPF, EngineKind.EBPF,
            EngineKind.KMOD);

    @Override
    public int run(AppState s) throws Fatal {
        if (s.opts.dryRun || !s.live() || !s.syscallEnabled()) {
            return CONTINUE;
        }
        EngineKind kind = s.config.engine().kind();
        if (!LIVE_KINDS.contains(kind)) {
            throw new Fatal("engine.kind=" + kind.yamlName() + " is not supported: use modern_ebpf (live) or "
                    + "replay (-e FILE)");
        }
        String why = LiveCapture.unavailableReason();
        if (why != null) {
            throw new Fatal("cannot capture live events: " + why + " (or read a capture with -e FILE)");
        }
        return CONTINUE;
    }
}
