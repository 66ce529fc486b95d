package dev.peregrine.app.falco;

import dev.peregrine.plugins.PluginSetupException;
import dev.peregrine.plugins.SourcePlugins;

import java.util.Map;

/**
 * Falco's init_inspectors: each loaded source gets initialised instances of its plugins and its fields (the
 * syscall fields or the generic evt.* ones, plus the compatible plugins').
 */
final class InitInspectors implements Step {
    @Override
    public int run(AppState s) throws Fatal {
        if (s.plugins.all().isEmpty()) {
            return CONTINUE;
        }
        Map<String, SourcePlugins> sources;
        try {
            sources = s.plugins.initialise(s.log::warning);
        } catch (PluginSetupException e) {
            throw new Fatal(e.getMessage());
        }
        s.sources = sources;
        s.closeAtExit(() -> sources.values().forEach(SourcePlugins::close));
        return CONTINUE;
    }
}
