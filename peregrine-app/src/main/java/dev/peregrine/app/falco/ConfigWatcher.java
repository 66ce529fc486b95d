package dev.peregrine.app.falco;

import dev.peregrine.app.FalcoLog;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * watch_config_files: a change to the configuration or a rules file (or a file appearing in a watched rules
 * directory) triggers a reload, once the files have been quiet for a moment (editors write in several steps).
 */
final class ConfigWatcher implements AutoCloseable {
    private static final long QUIET_MS = 300;

    private final WatchService service;
    private final Thread thread;

    private ConfigWatcher(WatchService service, Set<Path> files, Set<Path> dirs, FalcoLog log, Runnable reload) {
        this.service = service;
        this.thread = new Thread(() -> loop(files, dirs, log, reload), "peregrine-config-watch");
        thread.setDaemon(true);
        thread.start();
    }

    static ConfigWatcher start(List<Path> paths, FalcoLog log, Runnable reload) {
        try {
            WatchService service = FileSystems.getDefault().newWatchService();
            Set<Path> files = new HashSet<>();
            Set<Path> dirs = new HashSet<>();
            for (Path p : paths) {
                Path abs = p.toAbsolutePath().normalize();
                if (Files.isDirectory(abs)) {
                    dirs.add(abs);
                } else {
                    files.add(abs);
                }
            }
            Set<Path> watched = new HashSet<>(dirs);
            files.forEach(f -> watched.add(f.getParent()));
            for (Path d : watched) {
                if (d != null && Files.isDirectory(d)) {
                    d.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                            StandardWatchEventKinds.ENTRY_DELETE);
                }
            }
            return new ConfigWatcher(service, files, dirs, log, reload);
        } catch (IOException | RuntimeException e) {
            log.warning("Not watching configuration and rules files for changes: " + e.getMessage());
            return null;
        }
    }

    private void loop(Set<Path> files, Set<Path> dirs, FalcoLog log, Runnable reload) {
        try {
            while (true) {
                WatchKey key = service.take();
                boolean relevant = relevant(key, files, dirs);
                // wait until the files are quiet, gathering the events of one save
                WatchKey more;
                while ((more = service.poll(QUIET_MS, TimeUnit.MILLISECONDS)) != null) {
                    relevant |= relevant(more, files, dirs);
                }
                if (relevant) {
                    log.info("A configuration or rules file changed, reloading");
                    reload.run();
                }
            }
        } catch (InterruptedException | java.nio.file.ClosedWatchServiceException e) {
            // closed: the run is over
        }
    }

    private static boolean relevant(WatchKey key, Set<Path> files, Set<Path> dirs) {
        boolean hit = false;
        Path dir = (Path) key.watchable();
        for (WatchEvent<?> e : key.pollEvents()) {
            if (e.context() instanceof Path name) {
                Path full = dir.resolve(name);
                hit |= files.contains(full) || dirs.contains(dir);
            }
        }
        key.reset();
        return hit;
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException e) {
            // nothing left to release
        }
        thread.interrupt();
    }
}
