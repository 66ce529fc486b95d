package dev.peregrine.app.falco;

import dev.peregrine.plugins.PluginSetupException;
import dev.peregrine.plugins.Plugins;

/** The plugins the configuration names (load_plugins, plugins), loaded but not yet initialised. */
final class LoadPlugins implements Step {
    @Override
    public int run(AppState s) throws Fatal {
        try {
            s.plugins = Plugins.load(s.config.pluginsToLoad(), s.log::info);
        } catch (PluginSetupException e) {
            throw new Fatal(e.getMessage());
        }
        return CONTINUE;
    }
}
