package dev.peregrine.app.falco;

import java.util.ArrayList;
import java.util.List;

/**
 * --enable-source / --disable-source, checked as Falco checks them against the loaded sources (syscall and the
 * plugins'). Reading a capture file, every loaded source is enabled, as in Falco.
 */
final class SelectSources implements Step {
    @Override
    public int run(AppState s) throws Fatal {
        FalcoOptions opts = s.opts;
        List<String> loaded = s.plugins.sources();
        s.enabledSources = loaded;
        if (!s.live()) {
            return CONTINUE;
        }
        if (!opts.enableSources.isEmpty() && !opts.disableSources.isEmpty()) {
            throw new Fatal("You can not mix --enable-source and --disable-source");
        }
        List<String> enabled = new ArrayList<>();
        if (!opts.enableSources.isEmpty()) {
            for (String src : opts.enableSources) {
                if (!loaded.contains(src)) {
                    throw new Fatal("Attempted enabling an unknown event source: " + src);
                }
            }
            loaded.stream().filter(opts.enableSources::contains).forEach(enabled::add);
        } else {
            for (String src : opts.disableSources) {
                if (!loaded.contains(src)) {
                    throw new Fatal("Attempted disabling an unknown event source: " + src);
                }
            }
            loaded.stream().filter(src -> !opts.disableSources.contains(src)).forEach(enabled::add);
        }
        if (enabled.isEmpty()) {
            throw new Fatal("Must enable at least one event source");
        }
        s.enabledSources = List.copyOf(enabled);
        return CONTINUE;
    }
}
