package dev.peregrine.app.falco;

import dev.peregrine.inspector.Inspector;
import dev.peregrine.plugins.PluginEventSource;
import dev.peregrine.plugins.PluginSetupException;
import dev.peregrine.plugins.SourcePlugins;
import dev.peregrine.scap.CaptureFormatException;

import java.io.IOException;
import java.util.Locale;

/**
 * The event loop of one plugin event source (Falco runs each enabled source in a loop of its own): opens the
 * plugin's source with its open_params, runs the source's rules on its events until it ends or is stopped, and
 * reports what it skipped.
 */
final class SourceLoop {
    private final AppState s;
    private final String source;
    private final Detection detection;
    private final PluginSourceHost host;
    private PluginEventSource.Progress progress = PluginEventSource.Progress.UNKNOWN;

    SourceLoop(AppState s, String source, Detection detection) {
        this.s = s;
        this.source = source;
        this.detection = detection;
        this.host = new PluginSourceHost(source, s.sources.get(source).sourcing().name(), s);
    }

    /** @return whether the source ran to its end (always, for a plugin source) */
    boolean run() throws Fatal {
        SourcePlugins plugins = s.sources.get(source);
        PluginEventSource events;
        try {
            events = plugins.open(host);
        } catch (PluginSetupException e) {
            throw new Fatal(e.getMessage());
        }
        s.log.info("Opened event source '" + source + "' (plugin " + plugins.sourcing().name() + ")");
        try (Inspector inspector = new Inspector(events)) {
            inspector.onEvent(plugins.parsers());
            return detection.run(inspector);
        } catch (IOException | CaptureFormatException e) {
            throw new Fatal("event source '" + source + "': " + e.getMessage());
        } finally {
            progress = events.progress();
            if (host.rejected() > 0) {
                s.log.warning("Event source '" + source + "': " + host.rejected() + " input(s) skipped");
            }
        }
    }

    /** Falco's verbose line about the source, with its progress as the plugin tells it. */
    String stats(double seconds) {
        String line = String.format(Locale.ROOT, "(%s) Elapsed time: %.3f, Captured Events: %d, %.2f eps%n", source,
                seconds, detection.events(), detection.events() / Math.max(seconds, 1e-9));
        if (progress.fraction() >= 0) {
            line += String.format(Locale.ROOT, "(%s) Progress: %.2f%%%s%n", source, progress.fraction() * 100,
                    progress.text().isEmpty() ? "" : " (" + progress.text() + ")");
        }
        return line;
    }
}
