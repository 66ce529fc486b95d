package dev.peregrine.app.falco;

import java.util.List;

/** --enable-source / --disable-source, checked as Falco checks them; syscall is the only source yet. */
final class SelectSources implements Step {
    private static final List<String> KNOWN = List.of("syscall");

    @Override
    public int run(AppState s) throws Fatal {
        FalcoOptions opts = s.opts;
        if (!opts.enableSources.isEmpty() && !opts.disableSources.isEmpty()) {
            throw new Fatal("You can not mix --enable-source and --disable-source");
        }
        for (String src : opts.enableSources) {
            if (!KNOWN.contains(src)) {
                throw new Fatal("Attempted enabling an unknown event source: " + src);
            }
        }
        for (String src : opts.disableSources) {
            if (!KNOWN.contains(src)) {
                throw new Fatal("Attempted disabling an unknown event source: " + src);
            }
        }
        if (opts.disableSources.containsAll(KNOWN)) {
            throw new Fatal("Must enable at least one event source");
        }
        return CONTINUE;
    }
}
