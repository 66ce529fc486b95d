package dev.peregrine.app.falco;

import dev.peregrine.plugins.LoadedPlugin;
import dev.peregrine.plugins.PluginSetupException;
import dev.peregrine.plugins.Plugins;

/** --list-plugins: the configured plugins with their description and capabilities, as Falco prints them. */
final class ListPlugins implements Step {
    @Override
    public int run(AppState s) throws Fatal {
        if (!s.opts.listPlugins) {
            return CONTINUE;
        }
        Plugins plugins;
        try {
            plugins = Plugins.load(s.config.pluginsToLoad(), m -> { });
        } catch (PluginSetupException e) {
            throw new Fatal(e.getMessage());
        }
        StringBuilder b = new StringBuilder();
        for (LoadedPlugin p : plugins.all()) {
            b.append("Name: ").append(p.name()).append('\n');
            b.append("Description: ").append(p.info().description()).append('\n');
            b.append("Contact: ").append(p.info().contact()).append('\n');
            b.append("Version: ").append(p.version()).append('\n');
            b.append("Capabilities: \n");
            if (p.sourcing()) {
                b.append("  - Event Sourcing (ID=").append(p.id()).append(", source='").append(p.eventSource())
                        .append("')\n");
            }
            if (p.extraction()) {
                b.append("  - Field Extraction\n");
            }
            if (p.parsing()) {
                b.append("  - Event Parsing\n");
            }
            b.append('\n');
        }
        s.out.printf("%d Plugins Loaded:%n%n%s%n", plugins.all().size(), b);
        s.out.flush();
        return 0;
    }
}
