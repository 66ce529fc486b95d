package dev.peregrine.app.falco;

import dev.peregrine.app.FalcoLog;
import dev.peregrine.config.EngineKind;
import dev.peregrine.config.FalcoConfig;
import dev.peregrine.fields.FieldRegistry;
import dev.peregrine.inspector.EventSource;
import dev.peregrine.plugins.Plugins;
import dev.peregrine.plugins.SourcePlugins;
import dev.peregrine.rules.CompiledRule;
import dev.peregrine.rules.RulesLoader;
import dev.peregrine.rules.engine.RuleSelection;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** What Falco's steps hand on to each other, set as the steps run, and what is closed when the run ends. */
final class AppState {
    final FalcoOptions opts;
    final PrintStream out;
    final PrintStream err;
    final Map<String, String> env;
    final FalcoLog log;
    /** Built on another thread while the configuration and rules files are read. */
    final Supplier<FieldRegistry> fields = RulesLoader.standardFieldsInBackground();

    /** The configuration, read once per load or reload. */
    FalcoConfig config;
    /** The plugins the configuration loads (none by default). */
    Plugins plugins = Plugins.none();
    /** Each loaded event source's plugins and fields, syscall first; empty until the plugins are initialised. */
    Map<String, SourcePlugins> sources = Map.of();
    /** The event sources that run, in the loaded sources' order. */
    List<String> enabledSources = List.of(Plugins.SYSCALL);
    /** -r's paths, else the configuration's rules files that exist (as Falco, missing ones are skipped). */
    List<String> rulesFiles;
    /** -D, -T and -t, applied after the configuration's {@code rules:} entries. */
    List<RuleSelection.Step> optionSelection;
    List<CompiledRule> rules;
    String hostname;
    Services services = Services.NONE;
    /** The rules, formatter and outputs events go through; a reload hands the detection a new one. */
    Pipeline pipeline;
    /** The syscall source's detection (else the first source's): its pipeline is the one in use. */
    Detection detection;
    /** Every event loop's detection, one per running source. */
    List<Detection> detections = List.of();
    /** The live source while one runs, so that a reload can change what the kernel sends. */
    volatile EventSource liveSource;
    /** Whether the event source ran to its end (false: the drop monitor's exit action stopped it). */
    boolean completed;

    private final Deque<AutoCloseable> onExit = new ArrayDeque<>();

    AppState(FalcoOptions opts, PrintStream out, PrintStream err, Map<String, String> env) {
        this.opts = opts;
        this.out = out;
        this.err = err;
        this.env = env;
        this.log = new FalcoLog(err);
    }

    boolean live() {
        return config.engine().kind() != EngineKind.REPLAY;
    }

    /** Whether the syscall source runs (it may be disabled when plugin sources are enabled). */
    boolean syscallEnabled() {
        return enabledSources.contains(Plugins.SYSCALL);
    }

    /**
     * The fields of every loaded source, for the rules loader: the syscall source's are built in the background
     * unless plugins add to them.
     */
    Map<String, Supplier<FieldRegistry>> sourceFields() {
        Map<String, Supplier<FieldRegistry>> m = new LinkedHashMap<>();
        m.put(Plugins.SYSCALL, fields);
        for (Map.Entry<String, SourcePlugins> e : sources.entrySet()) {
            SourcePlugins sp = e.getValue();
            if (!e.getKey().equals(Plugins.SYSCALL) || sp.extendsSyscallFields()) {
                m.put(e.getKey(), sp::fields);
            }
        }
        return m;
    }

    /** Closes {@code resource} when the run ends, before what was registered earlier. */
    void closeAtExit(AutoCloseable resource) {
        onExit.push(resource);
    }

    /** Closes what the steps registered, newest first; safe to call twice. */
    void cleanUp() {
        while (!onExit.isEmpty()) {
            try {
                onExit.pop().close();
            } catch (Exception e) {
                log.log(FalcoLog.Level.ERROR, "While shutting down: " + e.getMessage());
            }
        }
    }
}
