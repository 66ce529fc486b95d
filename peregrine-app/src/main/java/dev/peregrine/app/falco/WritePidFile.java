package dev.peregrine.app.falco;

import dev.peregrine.app.FalcoLog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** -P: the pid file is best effort, as in Falco (a failure is logged, the run goes on). */
final class WritePidFile implements Step {
    @Override
    public int run(AppState s) {
        String file = s.opts.pidFile;
        if (file != null) {
            try {
                Files.writeString(Path.of(file), ProcessHandle.current().pid() + "\n");
            } catch (IOException | RuntimeException e) {
                s.log.log(FalcoLog.Level.ERROR, "Could not write pid to pidfile " + file + ": " + e.getMessage());
            }
        }
        return CONTINUE;
    }
}
