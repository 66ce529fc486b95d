package dev.peregrine.app;

import dev.peregrine.fields.FieldRegistry;
import dev.peregrine.outputs.AlertChannel;
import dev.peregrine.outputs.FileChannel;
import dev.peregrine.outputs.OutputException;
import dev.peregrine.outputs.Outputs;
import dev.peregrine.outputs.ProgramChannel;
import dev.peregrine.outputs.StdoutChannel;
import dev.peregrine.rules.CompiledRule;
import dev.peregrine.rules.EngineVersion;
import dev.peregrine.rules.LoadMessage;
import dev.peregrine.rules.LoadReport;
import dev.peregrine.rules.LoadResult;
import dev.peregrine.rules.Priority;
import dev.peregrine.rules.RulesLoader;
import dev.peregrine.rules.engine.AlertFormatter;
import dev.peregrine.rules.engine.AlertOptions;
import dev.peregrine.rules.engine.RuleSelection;
import dev.peregrine.rules.engine.Ruleset;
import dev.peregrine.scap.CaptureFormatException;
import dev.peregrine.outputs.Alert;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Falco's run, step by step as Falco orders it: configuration, informational actions (--version, --list,
 * --support), rules validation (-V), rules loading (-L/-l), outputs, then events. A step that fails ends the run
 * with "Error: ..." on stderr and status 1.
 */
final class FalcoApp {
    /** Ends the run with Falco's "Error: MESSAGE" and status 1. */
    static final class Fatal extends Exception {
        Fatal(String message) {
            super(message, null, false, false);
        }
    }

    private final FalcoOptions opts;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final FalcoLog log;
    /** Built on another thread while the configuration and rules files are read. */
    private final java.util.function.Supplier<FieldRegistry> fields = RulesLoader.standardFieldsInBackground();
    /** Set once the servers are up: the metrics they serve (null when not served) and the gRPC server. */
    private dev.peregrine.web.PeregrineMetrics metrics;
    private dev.peregrine.grpc.GrpcOutputServer grpcServer;

    FalcoApp(FalcoOptions opts, PrintStream out, PrintStream err, Map<String, String> env) {
        this.opts = opts;
        this.out = out;
        this.err = err;
        this.env = env;
        this.log = new FalcoLog(err);
    }

    int run() {
        try {
            return steps();
        } catch (Fatal f) {
            out.flush();
            err.println("Error: " + f.getMessage());
            err.flush();
            return 1;
        } finally {
            FalcoLog.drainSyslog();
        }
    }

    private int steps() throws Fatal {
        if (opts.list != null) {
            if (!opts.list.isEmpty() && !opts.list.equals("syscall")) {
                throw new Fatal("Unknown event source: " + opts.list + " (the only source is syscall)");
            }
            PeregrineCommand.printFields(out, opts.namesOnly);
            return 0;
        }
        List<RuleSelection.Step> optionSteps;
        try {
            optionSteps = RuleSelection.fromOptions(opts.disabledRules, opts.disabledTags, opts.enabledTags);
        } catch (IllegalArgumentException e) {
            throw new Fatal(e.getMessage());
        }
        RunSettings s = Settings.load(opts, env, log);
        log.configure(s.logStderr(), s.config().logging().syslog(), s.logLevel(), s.iso8601());
        log.info("Peregrine version: " + Version.VERSION + " (Falco rules engine " + EngineVersion.CURRENT + ")");
        if (s.configName() != null) {
            log.info("Peregrine initialized with configuration files:\n   " + s.configName());
        }
        selectSources();
        if (!opts.validate.isEmpty()) {
            return validate(s);
        }
        if (!optionSteps.isEmpty() && !s.selection().isEmpty()) {
            throw new Fatal("Specifying -D, -t, -T command line options together with \"rules:\" configuration "
                    + "or -o \"rules...\" is not supported.");
        }
        List<CompiledRule> rules = loadRules(s);
        if (opts.describeAll || opts.describeRule != null) {
            return RuleDescriptions.print(rules, opts.describeRule, s.json(), out) ? 0 : fatalNoRule();
        }
        if (opts.support) {
            SupportInfo.print(out, s, opts);
            return 0;
        }
        String hostname = Hostnames.of(env);
        if (opts.dryRun) {
            pipeline(s, rules, optionSteps, hostname).outputs().close();
            writePidFile();
            log.info("Skipping event processing in dry-run");
            return 0;
        }
        boolean live = !"replay".equals(s.engineKind());
        if (live && !LIVE_KINDS.contains(s.engineKind())) {
            throw new Fatal("engine.kind=" + s.engineKind() + " is not supported: use modern_ebpf (live) or "
                    + "replay (-e FILE)");
        }
        if (live && dev.peregrine.driver.LiveCapture.unavailableReason() != null) {
            throw new Fatal("cannot capture live events: " + dev.peregrine.driver.LiveCapture.unavailableReason()
                    + " (or read a capture with -e FILE)");
        }
        try (Services services = Services.start(s.config(), log)) {
            metrics = services.metrics();
            grpcServer = services.grpc();
            Pipeline pipeline = pipeline(s, rules, optionSteps, hostname);
            writePidFile();
            Detection[] holder = new Detection[1];
            DropMonitor drops = new DropMonitor(s.dropActions(), s.dropThreshold(), s.dropRate(),
                    s.dropMaxBurst(), s.simulateDrops(), log, (ts, msg, n, total) -> {
                        Pipeline p = holder[0].current();
                        p.outputs().submit(dropAlert(p.formatter(), ts, msg, n, total, hostname));
                    });
            Detection detection = new Detection(pipeline, opts.durationSeconds * 1_000_000_000L, drops);
            holder[0] = detection;
            detection.onRetired(this::retire);
            if (metrics != null) {
                metrics.rulesLoaded(rules.size());
                metrics.outputStats(() -> detection.current().outputs().stats());
                detection.onProgress(metrics::eventsProcessed);
            }
            Reloader reloader = new Reloader(detection, optionSteps, hostname);
            try (Signals signals = Signals.install(log, reloader::reload,
                    () -> detection.current().outputs().reopen(), detection::stop);
                 ConfigWatcher watcher = s.watchConfigFiles()
                         ? ConfigWatcher.start(watchedFiles(s), log, reloader::reload) : null) {
                return replay(s, detection, drops);
            } finally {
                Pipeline late = detection.takePending();
                if (late != null) {
                    retire(late);
                }
            }
        }
    }

    /** The syscalls the driver sends for these rules (Falco's choice: the state set plus what the rules need). */
    private java.util.Set<String> liveSyscalls(RunSettings s, Pipeline p) {
        var base = s.config().baseSyscalls();
        return InterestingSyscalls.of(p.ruleset(), opts.allEvents || base.all(), base.customSet(), base.repair());
    }

    /** The live source while one runs, so that a reload can change what the kernel sends. */
    private volatile EventSource liveSource;

    /** The kinds that mean the live machine; all run on Peregrine's own eBPF driver. */
    private static final java.util.Set<String> LIVE_KINDS = java.util.Set.of("modern_ebpf", "ebpf", "kmod");

    private int replay(RunSettings s, Detection detection, DropMonitor drops) throws Fatal {
        boolean live = !"replay".equals(s.engineKind());
        Path capture = live ? null : Path.of(s.captureFile());
        log.info(live ? "Opening the live event source (eBPF driver)" : "Reading events from " + capture);
        long start = System.nanoTime();
        boolean completed;
        try {
            if (live) {
                java.util.Set<String> syscalls = liveSyscalls(s, detection.current());
                try (EventSource source = EventSource.live(syscalls, java.time.Duration.ofMillis(100),
                        s.config().engine().ringBufferBytes(), s.config().engine().cpusForEachBuffer())) {
                    // logged once attached and /proc scanned: from here on, nothing the machine does is missed
                    log.info("Tracing " + syscalls.size() + " syscalls: " + String.join(", ", syscalls));
                    source.warnings().forEach(log::warning);
                    liveSource = source;
                    try {
                        completed = detection.run(source);
                    } finally {
                        liveSource = null;
                    }
                } catch (dev.peregrine.driver.BpfException e) {
                    detection.current().outputs().close();
                    throw new Fatal("cannot capture live events: " + e.getMessage());
                }
            } else {
                completed = detection.replay(capture);
            }
        } catch (NoSuchFileException e) {
            detection.current().outputs().close();
            throw new Fatal("cannot read capture file " + capture + ": no such file");
        } catch (CaptureFormatException e) {
            detection.current().outputs().close();
            throw new Fatal(capture + ": " + e.getMessage());
        } catch (IOException e) {
            detection.current().outputs().close();
            throw new Fatal("cannot read capture file " + capture + ": " + e.getMessage());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (opts.verbose) {
            err.printf("Elapsed time: %.3f, Captured Events: %d, %.2f eps%n", seconds, detection.events(),
                    detection.events() / Math.max(seconds, 1e-9));
        }
        err.print(drops.stats());
        err.flush();
        // with -M, Falco keeps running (its servers up) until that much time has passed, even after a capture ends
        long waitUntil = start + opts.durationSeconds * 1_000_000_000L;
        while (completed && opts.durationSeconds > 0 && !detection.stopped() && System.nanoTime() < waitUntil) {
            try {
                Thread.sleep(Math.min(100, Math.max(1, (waitUntil - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Pipeline p = detection.current();
        p.outputs().close();
        if (p.rateLimited() > 0) {
            log.warning("Skipped " + p.rateLimited() + " alerts over the outputs rate limit (outputs.rate)");
        }
        long dropped = p.outputs().stats().dropped();
        if (dropped > 0) {
            log.warning("Dropped " + dropped + " alerts: the outputs queue was full (outputs_queue.capacity)");
        }
        out.print(p.stats().format());
        out.flush();
        if (!completed) {
            throw new Fatal("Drop manager internal error");
        }
        return 0;
    }

    /** The rules, formatter and outputs a run (or a reload) uses. */
    private Pipeline pipeline(RunSettings s, List<CompiledRule> rules, List<RuleSelection.Step> optionSteps,
                              String hostname) throws Fatal {
        List<RuleSelection.Step> steps = new ArrayList<>(s.selection());
        steps.addAll(optionSteps);
        Ruleset ruleset = Ruleset.build(rules, new RuleSelection(steps), s.minPriority(), s.firstMatchOnly());
        AlertFormatter formatter = new AlertFormatter(new AlertOptions(s.json(), s.jsonIncludeOutput(),
                s.jsonIncludeTags(), s.jsonIncludeMessage(), s.jsonIncludeOutputFields(), s.iso8601(), hostname));
        Outputs outputs = openOutputs(s);
        try {
            Pipeline p = new Pipeline(ruleset, fields.get(), formatter, outputs, s.appendOutput(), s.appends(),
                    grpcServer != null, metrics);
            p.rateLimit(s.config().outputs().rate(), s.config().outputs().maxBurst());
            return p;
        } catch (IllegalArgumentException e) {
            outputs.close();
            throw new Fatal("append_output: " + e.getMessage());
        }
    }

    /** Closes a replaced pipeline's outputs off the event thread, delivering what it still holds. */
    private void retire(Pipeline old) {
        Thread t = new Thread(() -> old.outputs().close(), "peregrine-retire-outputs");
        t.setDaemon(false);
        t.start();
    }

    /** The configuration and rules files a change of which triggers a reload. */
    private List<Path> watchedFiles(RunSettings s) {
        List<Path> files = new ArrayList<>();
        if (s.configName() != null) {
            files.add(Path.of(s.configName()));
        }
        for (String r : s.rulesFiles()) {
            files.add(Path.of(r));
        }
        return files;
    }

    /**
     * SIGHUP and changed files: reads the configuration and rules again and, when both are valid, hands the new
     * pipeline to the event thread; otherwise reports why and keeps the running one.
     */
    private final class Reloader {
        private final Detection detection;
        private final List<RuleSelection.Step> optionSteps;
        private final String hostname;

        Reloader(Detection detection, List<RuleSelection.Step> optionSteps, String hostname) {
            this.detection = detection;
            this.optionSteps = optionSteps;
            this.hostname = hostname;
        }

        synchronized void reload() {
            try {
                RunSettings s = Settings.load(opts, env, log);
                List<CompiledRule> rules = loadRules(s);
                Pipeline next = pipeline(s, rules, optionSteps, hostname);
                log.configure(s.logStderr(), s.config().logging().syslog(), s.logLevel(), s.iso8601());
                detection.swap(next);
                EventSource live = liveSource;
                if (live != null) {
                    java.util.Set<String> syscalls = liveSyscalls(s, next);
                    live.trace(syscalls);
                    log.info("Tracing " + syscalls.size() + " syscalls: " + String.join(", ", syscalls));
                }
                if (metrics != null) {
                    metrics.reloaded();
                    metrics.rulesLoaded(rules.size());
                }
                log.info("Reloaded the configuration and " + next.ruleset().loaded().size() + " rules");
            } catch (Fatal e) {
                log.log(FalcoLog.Level.ERROR, "Reload failed, the running configuration and rules stay in effect: "
                        + e.getMessage());
            } catch (RuntimeException e) {
                log.log(FalcoLog.Level.ERROR, "Reload failed, the running configuration and rules stay in effect: "
                        + e);
            }
        }
    }

    /** -P: the pid file is best effort, as in Falco (a failure is logged, the run goes on). */
    private void writePidFile() {
        if (opts.pidFile == null) {
            return;
        }
        try {
            Files.writeString(Path.of(opts.pidFile), ProcessHandle.current().pid() + "\n");
        } catch (IOException | RuntimeException e) {
            log.log(FalcoLog.Level.ERROR, "Could not write pid to pidfile " + opts.pidFile + ": " + e.getMessage());
        }
    }

    /** --enable-source / --disable-source, checked as Falco checks them; syscall is the only source yet. */
    private void selectSources() throws Fatal {
        List<String> known = List.of("syscall");
        if (!opts.enableSources.isEmpty() && !opts.disableSources.isEmpty()) {
            throw new Fatal("You can not mix --enable-source and --disable-source");
        }
        for (String src : opts.enableSources) {
            if (!known.contains(src)) {
                throw new Fatal("Attempted enabling an unknown event source: " + src);
            }
        }
        for (String src : opts.disableSources) {
            if (!known.contains(src)) {
                throw new Fatal("Attempted disabling an unknown event source: " + src);
            }
        }
        if (opts.disableSources.containsAll(known)) {
            throw new Fatal("Must enable at least one event source");
        }
    }

    private int fatalNoRule() throws Fatal {
        throw new Fatal("Rule '" + opts.describeRule + "' not found");
    }

    private static Alert dropAlert(AlertFormatter formatter, long ts, String msg, long drops, long events,
                                   String hostname) {
        String rule = "Falco internal: syscall event drop";
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("n_evts", Long.toString(events));
        fields.put("n_drops", Long.toString(drops));
        for (String k : List.of("n_drops_buffer_total", "n_drops_buffer_clone_fork_exit",
                "n_drops_buffer_execve_exit", "n_drops_buffer_connect_exit", "n_drops_buffer_open_exit",
                "n_drops_buffer_dir_file_exit", "n_drops_buffer_other_interest_exit", "n_drops_buffer_close_exit",
                "n_drops_buffer_proc_exit", "n_drops_scratch_map", "n_drops_page_faults", "n_drops_bug")) {
            fields.put(k, "0");
        }
        fields.put("ebpf_enabled", "0");
        String line = formatter.formatInternal(ts, Priority.DEBUG, rule, msg, fields);
        return new Alert(ts, "Debug", Priority.DEBUG.ordinal(), rule, "internal", hostname, List.of(), line,
                new java.util.LinkedHashMap<>(fields));
    }

    /** -V: each file is loaded after the ones before it, and reported on its own, as Falco does. */
    private int validate(RunSettings s) throws Fatal {
        List<String> files = new ArrayList<>(opts.validate);
        log.info("Validating rules file(s):\n" + String.join("\n", files.stream().map(f -> "   " + f).toList()));
        Map<String, String> contents = LoadReport.readContents(files);
        List<LoadReport> reports = new ArrayList<>();
        boolean ok = true;
        StringBuilder summary = new StringBuilder();
        java.util.Set<LoadMessage> reported = new java.util.HashSet<>();
        for (int i = 0; i < files.size(); i++) {
            RulesLoader loader = new RulesLoader(fields);
            for (int j = 0; j <= i; j++) {
                loader.add(Path.of(files.get(j)));
            }
            LoadResult r = loader.load();
            String name = files.get(i);
            // a file's report holds what loading it added to the files before it (an append can break an
            // item defined in an earlier file)
            List<LoadMessage> mine = r.messages().stream().filter(m -> !reported.contains(m)).toList();
            reported.addAll(mine);
            LoadReport report = new LoadReport(name, mine, contents);
            reports.add(report);
            ok &= report.successful();
            if (!summary.isEmpty()) {
                summary.append('\n');
            }
            if (!report.successful() || !report.hasWarnings()) {
                summary.append(report.text(true));
            } else {
                summary.append(name).append(": Ok, with warnings");
                log.warning(report.text(true));
            }
        }
        if (s.json()) {
            out.println(LoadReport.json(reports));
        } else {
            out.println(summary);
        }
        out.flush();
        if (!ok) {
            throw new Fatal(summary.toString());
        }
        return 0;
    }

    private List<CompiledRule> loadRules(RunSettings s) throws Fatal {
        if (s.rulesFiles().isEmpty()) {
            throw new Fatal("You must specify at least one rules file/directory via -r or a rules_file entry in "
                    + "falco.yaml");
        }
        List<String> files = expandRulesFiles(s.rulesFiles());
        log.info("Loading rules from:\n" + String.join("\n", files.stream().map(f -> "   " + f).toList()));
        RulesLoader loader = new RulesLoader(fields);
        for (String f : files) {
            loader.add(Path.of(f));
        }
        LoadResult r = loader.load();
        Map<String, String> contents = LoadReport.readContents(files);
        for (String f : files) {
            List<LoadMessage> mine = r.messages().stream().filter(m -> f.equals(m.file())).toList();
            LoadReport report = new LoadReport(f, mine, contents);
            if (!report.successful()) {
                throw new Fatal(report.text(true));
            }
            if (report.hasWarnings()) {
                log.warning(report.text(true));
            }
        }
        List<LoadMessage> orphan = r.messages().stream().filter(m -> m.file() == null && m.isError()).toList();
        if (!orphan.isEmpty()) {
            throw new Fatal(orphan.getFirst().toString());
        }
        return r.rules();
    }

    /** Rules paths as Falco reads them: a directory stands for its files, in name order. */
    static List<String> expandRulesFiles(List<String> paths) throws Fatal {
        List<String> files = new ArrayList<>();
        for (String p : paths) {
            Path path = Path.of(p);
            if (Files.isDirectory(path)) {
                try (Stream<Path> s = Files.list(path)) {
                    s.filter(Files::isRegularFile).map(Path::toString).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new Fatal("Could not read rules directory " + p + ": " + e.getMessage());
                }
            } else if (Files.exists(path)) {
                files.add(p);
            } else {
                throw new Fatal("Could not read rules file " + p + ": no such file or directory");
            }
        }
        return files;
    }

    private Outputs openOutputs(RunSettings s) throws Fatal {
        List<AlertChannel> channels = new ArrayList<>();
        boolean buffered = s.buffered() && !opts.unbuffered;
        try {
            if (s.stdoutEnabled()) {
                channels.add(new StdoutChannel(out, buffered));
            }
            if (s.fileEnabled()) {
                channels.add(new FileChannel(Path.of(s.fileName()), s.fileKeepAlive(), buffered));
            }
            if (s.programEnabled()) {
                channels.add(new ProgramChannel(s.program(), s.programKeepAlive()));
            }
            if (s.config().syslogOutput()) {
                channels.add(new dev.peregrine.outputs.SyslogChannel());
            }
            if (grpcServer != null) {
                channels.add(grpcServer.channel());
            }
            if (s.config().tree().bool("kafka_output.enabled", false)) {
                try {
                    channels.add(new dev.peregrine.kafka.KafkaChannel(OutputSettings.kafka(s.config())));
                } catch (IllegalArgumentException e) {
                    throw new Fatal("kafka_output: " + e.getMessage());
                }
            }
            if (s.config().httpOutput().enabled()) {
                channels.add(new dev.peregrine.outputs.HttpChannel(OutputSettings.http(s.config())));
            }
        } catch (OutputException e) {
            throw new Fatal(e.getMessage());
        }
        // outputs_queue.capacity: Falco's 0 (unbounded) keeps Outputs' own hard bound
        int capacity = s.outputsQueueCapacity() >= Integer.MAX_VALUE ? 0 : s.outputsQueueCapacity();
        return new Outputs(channels, capacity, msg -> log.log(FalcoLog.Level.ERROR, msg));
    }

}
