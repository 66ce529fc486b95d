package dev.peregrine.app.falco;

import dev.peregrine.app.Signals;
import dev.peregrine.driver.BpfException;
import dev.peregrine.inspector.CaptureSource;
import dev.peregrine.inspector.Inspector;
import dev.peregrine.inspector.LiveSource;
import dev.peregrine.scap.CaptureFormatException;
import dev.peregrine.web.PeregrineMetrics;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Runs the rules on the events of the capture (-e, engine.kind=replay) or of the live machine, with reloads on
 * SIGHUP and changed files, SIGUSR1 reopening outputs, and SIGINT/SIGTERM ending the run after the event in hand.
 */
final class ProcessEvents implements Step {
    @Override
    public int run(AppState s) throws Fatal {
        if (s.opts.dryRun) {
            s.log.info("Skipping event processing in dry-run");
            return 0;
        }
        DropMonitor drops = new DropMonitor(s.config.syscallEventDrops(), s.log);
        Detection detection = new Detection(s.pipeline, s.opts.durationSeconds * 1_000_000_000L, drops);
        s.detection = detection;
        detection.onRetired(Pipeline::retire);
        PeregrineMetrics metrics = s.services.metrics();
        if (metrics != null) {
            metrics.rulesLoaded(s.rules.size());
            metrics.outputStats(() -> detection.current().outputs().stats());
            detection.onProgress(metrics::eventsProcessed);
        }
        s.closeAtExit(() -> {
            Pipeline late = detection.takePending();
            if (late != null) {
                late.retire();
            }
        });
        Reloader reloader = new Reloader(s);
        s.closeAtExit(Signals.install(s.log, reloader::reload, () -> detection.current().outputs().reopen(),
                detection::stop));
        if (s.config.watchConfigFiles()) {
            ConfigWatcher watcher = ConfigWatcher.start(watchedFiles(s), s.log, reloader::reload);
            if (watcher != null) {
                s.closeAtExit(watcher);
            }
        }
        long start = System.nanoTime();
        s.completed = s.live() ? live(s, detection) : replay(s, detection);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (s.opts.verbose) {
            s.err.printf("Elapsed time: %.3f, Captured Events: %d, %.2f eps%n", seconds, detection.events(),
                    detection.events() / Math.max(seconds, 1e-9));
        }
        s.err.print(drops.stats());
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

    private static boolean replay(AppState s, Detection detection) throws Fatal {
        Path capture = Path.of(s.config.engine().replayCaptureFile());
        s.log.info("Reading events from " + capture);
        try (Inspector inspector = new Inspector(CaptureSource.open(capture))) {
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
                s.config.engine().ringBufferBytes(), s.config.engine().cpusForEachBuffer()))) {
            // logged once attached and /proc scanned: from here on, nothing the machine does is missed
            s.log.info("Tracing " + syscalls.size() + " syscalls: " + String.join(", ", syscalls));
            inspector.source().warnings().forEach(s.log::warning);
            s.liveSource = inspector.source();
            try {
                return detection.run(inspector);
            } finally {
                s.liveSource = null;
            }
        } catch (BpfException e) {
            throw new Fatal("cannot capture live events: " + e.getMessage());
        } catch (IOException | CaptureFormatException e) {
            throw new Fatal("live events: " + e.getMessage());
        }
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
