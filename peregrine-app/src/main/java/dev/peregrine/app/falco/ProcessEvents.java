package dev.peregrine.app.falco;

import dev.peregrine.app.Signals;
import dev.peregrine.container.ContainerMetadataService;
import dev.peregrine.driver.BpfException;
import dev.peregrine.inspector.CaptureSource;
import dev.peregrine.inspector.EventHook;
import dev.peregrine.inspector.Inspector;
import dev.peregrine.inspector.LiveSource;
import dev.peregrine.plugins.Plugins;
import dev.peregrine.plugins.SourcePlugins;
import dev.peregrine.scap.CaptureFormatException;
import dev.peregrine.web.PeregrineMetrics;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Runs the rules on the events of the capture (-e, engine.kind=replay) or, live, of each enabled source (the
 * machine's syscalls, plugins' sources) in a loop of its own, with reloads on SIGHUP and changed files, SIGUSR1
 * reopening outputs, and SIGINT/SIGTERM ending the run after the event in hand.
 */
final class ProcessEvents implements Step {
    @Override
    public int run(AppState s) throws Fatal {
        if (s.opts.dryRun) {
            s.log.info("Skipping event processing in dry-run");
            return 0;
        }
        // a capture is read by one loop (the syscall source's); live, each enabled source has a loop of its own
        List<String> sources = s.live() ? s.enabledSources : List.of(Plugins.SYSCALL);
        DropMonitor drops = sources.contains(Plugins.SYSCALL)
                ? new DropMonitor(s.config.syscallEventDrops(), s.log) : null;
        s.pipeline.shareAmong(sources.size());
        List<Detection> detections = new ArrayList<>();
        for (String source : sources) {
            Detection d = new Detection(s.pipeline, s.pipeline.sourceIndex(source),
                    s.opts.durationSeconds * 1_000_000_000L, source.equals(Plugins.SYSCALL) ? drops : null);
            d.onRetired(Pipeline::retire);
            detections.add(d);
        }
        s.detections = List.copyOf(detections);
        Detection detection = detections.getFirst();
        s.detection = detection;
        PeregrineMetrics metrics = s.services.metrics();
        if (metrics != null) {
            metrics.rulesLoaded(s.rules.size());
            metrics.outputStats(() -> detection.current().outputs().stats());
            detections.forEach(d -> d.onProgress(metrics::eventsProcessed));
        }
        s.closeAtExit(() -> {
            for (Detection d : detections) {
                Pipeline late = d.takePending();
                if (late != null) {
                    late.retire();
                }
                if (d != detection && d.current() != detection.current()) {
                    d.current().retire();
                }
            }
        });
        Reloader reloader = new Reloader(s);
        s.closeAtExit(Signals.install(s.log, reloader::reload, () -> detection.current().outputs().reopen(),
                () -> detections.forEach(Detection::stop)));
        if (s.config.watchConfigFiles()) {
            ConfigWatcher watcher = ConfigWatcher.start(watchedFiles(s), s.log, reloader::reload);
            if (watcher != null) {
                s.closeAtExit(watcher);
            }
        }
        if (sources.size() > 1 || !sources.contains(Plugins.SYSCALL)) {
            s.log.info("Enabled event sources: " + String.join(", ", sources));
        }
        long start = System.nanoTime();
        List<SourceLoop> pluginLoops = new ArrayList<>();
        List<Callable<Boolean>> loops = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            String source = sources.get(i);
            Detection d = detections.get(i);
            if (source.equals(Plugins.SYSCALL)) {
                loops.add(() -> s.live() ? live(s, d) : replay(s, d));
            } else {
                SourceLoop loop = new SourceLoop(s, source, d);
                pluginLoops.add(loop);
                loops.add(loop::run);
            }
        }
        s.completed = runAll(loops, sources, detections);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (s.opts.verbose) {
            if (sources.contains(Plugins.SYSCALL)) {
                s.err.printf("Elapsed time: %.3f, Captured Events: %d, %.2f eps%n", seconds, detection.events(),
                        detection.events() / Math.max(seconds, 1e-9));
            }
            pluginLoops.forEach(l -> s.err.print(l.stats(seconds)));
        }
        if (drops != null) {
            s.err.print(drops.stats());
        }
        s.err.flush();
        // with -M, Falco keeps running (its servers up) until that much time has passed, even after a capture ends
        long waitUntil = start + s.opts.durationSeconds * 1_000_000_000L;
        while (s.completed && s.opts.durationSeconds > 0 && !detection.stopped() && System.nanoTime() < waitUntil) {
            try {
                Thread.sleep(Math.min(100, Math.max(1, (waitUntil - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return CONTINUE;
    }

    /**
     * Runs the sources' loops, one on this thread, each on a thread of its own when there are several (as Falco);
     * the first to fail stops the others, and its error ends the run once they have stopped.
     *
     * @return whether every loop ran to its end (false: the drop monitor's exit action stopped one)
     */
    private static boolean runAll(List<Callable<Boolean>> loops, List<String> sources, List<Detection> detections)
            throws Fatal {
        if (loops.size() == 1) {
            return call(loops.getFirst());
        }
        List<Thread> threads = new ArrayList<>();
        boolean[] completed = new boolean[loops.size()];
        Fatal[] failed = new Fatal[1];
        for (int i = 0; i < loops.size(); i++) {
            int k = i;
            threads.add(Thread.ofPlatform().name("peregrine-source-" + sources.get(k)).start(() -> {
                try {
                    completed[k] = call(loops.get(k));
                } catch (Fatal e) {
                    synchronized (failed) {
                        if (failed[0] == null) {
                            failed[0] = e;
                        }
                    }
                    detections.forEach(Detection::stop);
                }
            }));
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                detections.forEach(Detection::stop);
                Thread.currentThread().interrupt();
            }
        }
        synchronized (failed) {
            if (failed[0] != null) {
                throw failed[0];
            }
        }
        for (boolean c : completed) {
            if (!c) {
                return false;
            }
        }
        return true;
    }

    private static boolean call(Callable<Boolean> loop) throws Fatal {
        try {
            return loop.call();
        } catch (Fatal e) {
            throw e;
        } catch (Exception e) {
            throw new Fatal(e.toString());
        }
    }

    private static boolean replay(AppState s, Detection detection) throws Fatal {
        Path capture = Path.of(s.config.engine().replayCaptureFile());
        s.log.info("Reading events from " + capture);
        try (Inspector inspector = new Inspector(CaptureSource.open(capture))) {
            inspector.onEvent(syscallParsers(s));
            return detection.run(inspector);
        } catch (NoSuchFileException e) {
            throw new Fatal("cannot read capture file " + capture + ": no such file");
        } catch (CaptureFormatException e) {
            throw new Fatal(capture + ": " + e.getMessage());
        } catch (IOException e) {
            throw new Fatal("cannot read capture file " + capture + ": " + e.getMessage());
        }
    }

    private static boolean live(AppState s, Detection detection) throws Fatal {
        s.log.info("Opening the live event source (eBPF driver)");
        Reloader.warnBlindRules(s, detection.current());
        Set<String> syscalls = Reloader.liveSyscalls(s, s.config, detection.current());
        try (Inspector inspector = new Inspector(LiveSource.open(syscalls, Duration.ofMillis(100),
                s.config.engine().ringBufferBytes(), s.config.engine().cpusForEachBuffer()));
             ContainerMetadataService containers = ContainerMetadataService.start(s.config.containerEngines(),
                     inspector::inject, s.log::warning)) {
            inspector.state().onNewContainer(containers::lookup);
            // logged once attached and /proc scanned: from here on, nothing the machine does is missed
            s.log.info("Tracing " + syscalls.size() + " syscalls: " + String.join(", ", syscalls));
            inspector.source().warnings().forEach(s.log::warning);
            s.liveSource = inspector.source();
            inspector.onEvent(syscallParsers(s));
            // -M on a live source is wall time: a quiet machine sends no event whose time could end the run
            Thread timer = s.opts.durationSeconds > 0 ? stopAfter(s.opts.durationSeconds, s) : null;
            try {
                return detection.run(inspector);
            } finally {
                s.liveSource = null;
                if (timer != null) {
                    timer.interrupt();
                }
            }
        } catch (BpfException e) {
            throw new Fatal("cannot capture live events: " + e.getMessage());
        } catch (IOException | CaptureFormatException e) {
            throw new Fatal("live events: " + e.getMessage());
        }
    }

    /** The event parsing of plugins that parse syscall events. */
    private static EventHook syscallParsers(AppState s) {
        SourcePlugins p = s.sources.get(Plugins.SYSCALL);
        return p == null ? EventHook.NONE : p.parsers();
    }

    /** A daemon thread that stops every source's detection after this many seconds, unless interrupted first. */
    private static Thread stopAfter(long seconds, AppState s) {
        return Thread.ofPlatform().daemon().name("duration").start(() -> {
            try {
                Thread.sleep(Duration.ofSeconds(seconds));
                s.detections.forEach(Detection::stop);
            } catch (InterruptedException e) {
                // the run ended first
            }
        });
    }

    /** The configuration and rules files a change of which triggers a reload. */
    private static List<Path> watchedFiles(AppState s) {
        List<Path> files = new ArrayList<>();
        if (s.config.configFile() != null) {
            files.add(Path.of(s.config.configFile()));
        }
        for (String r : s.rulesFiles) {
            files.add(Path.of(r));
        }
        return files;
    }
}
