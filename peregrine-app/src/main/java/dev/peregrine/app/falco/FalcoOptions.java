package dev.peregrine.app.falco;

import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** Falco's command-line flags, spelled as Falco spells them. */
public final class FalcoOptions {
    @Option(names = "-c", paramLabel = "FILE", description = "Configuration file (default: an installed "
            + "Peregrine's /etc/peregrine/peregrine.yaml, else /etc/falco/falco.yaml, else config/falco.yaml).")
    String configFile;

    @Option(names = "-o", paramLabel = "KEY=VALUE", description = "Set a configuration key, as falco.yaml names it "
            + "(a.b.c, list[0].key); may be repeated.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "-r", paramLabel = "PATH", description = "Rules file or directory (replaces the config's "
            + "rules_files); may be repeated.")
    List<String> rulesFiles = new ArrayList<>();

    @Option(names = "-e", paramLabel = "CAPTURE", description = "Read events from a capture file (same as -o "
            + "engine.kind=replay -o engine.replay.capture_file=CAPTURE).")
    String captureFile;

    @Option(names = {"-V", "--validate"}, paramLabel = "PATH", description = "Validate rules files and exit; "
            + "may be repeated.")
    List<String> validate = new ArrayList<>();

    @Option(names = "-L", description = "Describe all loaded rules and exit.")
    boolean describeAll;

    @Option(names = "-l", paramLabel = "RULE", description = "Describe one rule and exit.")
    String describeRule;

    @Option(names = "--list", arity = "0..1", fallbackValue = "syscall", paramLabel = "SOURCE",
            description = "List the fields conditions and outputs can use, and exit.")
    String list;

    @Option(names = "-N", description = "With --list: print field names only.")
    boolean namesOnly;

    @Option(names = "-v", description = "Verbose: print statistics at the end of the run.")
    boolean verbose;

    @Option(names = "-A", description = "Monitor all events, also those Falco's simple consumer drops.")
    boolean allEvents;

    @Option(names = "-D", paramLabel = "SUBSTRING", description = "Disable rules whose name contains SUBSTRING.")
    List<String> disabledRules = new ArrayList<>();

    @Option(names = "-T", paramLabel = "TAG", description = "Disable rules with tag TAG.")
    List<String> disabledTags = new ArrayList<>();

    @Option(names = "-t", paramLabel = "TAG", description = "Only run rules with tag TAG.")
    List<String> enabledTags = new ArrayList<>();

    @Option(names = "-M", paramLabel = "SECONDS", description = "Stop after SECONDS of events.")
    long durationSeconds;

    @Option(names = "-U", description = "Unbuffered outputs (buffered_outputs=false).")
    boolean unbuffered;

    @Option(names = "-p", paramLabel = "FORMAT", description = "Append FORMAT to every rule's output "
            + "(c/container and k/kubernetes add container and Kubernetes details).")
    String printAdditional;

    @Option(names = "--dry-run", description = "Do everything but run the engine.")
    boolean dryRun;

    @Option(names = "--support", description = "Print support information (version, config, rules files) "
            + "as JSON and exit.")
    boolean support;

    @Option(names = "--enable-source", paramLabel = "SOURCE", description = "Enable only this event source "
            + "(syscall, or a loaded plugin's source); may be repeated.")
    List<String> enableSources = new ArrayList<>();

    @Option(names = "--disable-source", paramLabel = "SOURCE", description = "Disable an event source.")
    List<String> disableSources = new ArrayList<>();

    @Option(names = "--list-plugins", description = "Print the configured plugins and their capabilities, and exit.")
    boolean listPlugins;

    @Option(names = "-P", paramLabel = "PIDFILE", description = "Write the process id to PIDFILE.")
    String pidFile;
}
