package dev.peregrine.plugin.k8saudit;

import dev.peregrine.plugin.EventBatch;
import dev.peregrine.plugin.PluginException;
import dev.peregrine.plugin.SourceHost;
import dev.peregrine.plugin.SourceInstance;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Audit events read from a file, or from every file of a directory oldest first: one payload a line (an event, an
 * event list or an array of them). A line that is not usable is reported with its file and line and skipped.
 */
final class AuditFileSource implements SourceInstance {
    private final List<Path> files;
    private final SourceHost host;
    private final long maxEventSize;
    private final ArrayDeque<AuditEvent> pending = new ArrayDeque<>();
    private final long totalBytes;
    private long doneBytes;
    private int fileIndex = -1;
    private InputStream in;
    private long line;
    private long fileBytes;
    private byte[] buf = new byte[64 * 1024];

    private AuditFileSource(List<Path> files, SourceHost host, long maxEventSize) throws IOException {
        this.files = files;
        this.host = host;
        this.maxEventSize = maxEventSize;
        long total = 0;
        for (Path f : files) {
            total += Files.size(f);
        }
        this.totalBytes = total;
    }

    static AuditFileSource open(Path path, SourceHost host, long maxEventSize) throws PluginException {
        try {
            List<Path> files;
            if (Files.isDirectory(path)) {
                try (var s = Files.list(path)) {
                    files = s.filter(Files::isRegularFile).sorted(Comparator.comparing(AuditFileSource::modified))
                            .toList();
                }
            } else if (Files.isRegularFile(path)) {
                files = List.of(path);
            } else {
                throw new PluginException(path + ": no such file or directory");
            }
            host.info("Reading Kubernetes audit events from " + path
                    + (files.size() == 1 && files.getFirst().equals(path) ? "" : " (" + files.size() + " files)"));
            return new AuditFileSource(files, host, maxEventSize);
        } catch (IOException e) {
            throw new PluginException(path + ": " + e.getMessage());
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public Status nextBatch(EventBatch batch) throws PluginException {
        boolean added = false;
        while (batch.remaining() > 0) {
            if (pending.isEmpty() && !readMore()) {
                return Status.EOF;
            }
            AuditEvent e = pending.poll();
            if (e != null) {
                batch.add(e.timestamp(), e.json());
                added = true;
            }
        }
        return added ? Status.EVENTS : Status.TIMEOUT;
    }

    /** Reads lines until some event is pending; false at the end of the last file. */
    private boolean readMore() throws PluginException {
        while (pending.isEmpty()) {
            if (in == null && !nextFile()) {
                return false;
            }
            int len = readLine();
            if (len < 0) {
                close(in);
                in = null;
                doneBytes += fileBytes;
                continue;
            }
            if (len == 0) {
                continue;
            }
            String where = files.get(fileIndex) + ":" + line;
            try {
                AuditPayloads.Parsed p = AuditPayloads.parse(buf, len, maxEventSize);
                pending.addAll(p.events());
                p.problems().forEach(problem -> host.rejected(where, problem));
            } catch (AuditPayloads.Rejected r) {
                host.rejected(where, r.getMessage());
            }
        }
        return true;
    }

    private boolean nextFile() throws PluginException {
        if (fileIndex + 1 >= files.size()) {
            return false;
        }
        fileIndex++;
        line = 0;
        Path f = files.get(fileIndex);
        try {
            fileBytes = Files.size(f);
            in = new BufferedInputStream(Files.newInputStream(f), 64 * 1024);
        } catch (IOException e) {
            throw new PluginException(f + ": " + e.getMessage());
        }
        return true;
    }

    /** The next line's bytes into buf without its end of line; -1 at the end of the file. */
    private int readLine() throws PluginException {
        int n = 0;
        try {
            int c = in.read();
            if (c < 0) {
                return -1;
            }
            line++;
            while (c >= 0 && c != '\n') {
                if (n == buf.length) {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                }
                buf[n++] = (byte) c;
                c = in.read();
            }
        } catch (IOException e) {
            throw new PluginException(files.get(fileIndex) + ":" + line + ": " + e.getMessage());
        }
        if (n > 0 && buf[n - 1] == '\r') {
            n--;
        }
        return n;
    }

    @Override
    public double progress() {
        return totalBytes == 0 ? 1 : Math.min(1, (double) (in == null && fileIndex + 1 >= files.size()
                ? totalBytes : doneBytes) / totalBytes);
    }

    @Override
    public String progressText() {
        return Math.max(0, fileIndex + (in == null ? 1 : 0)) + " of " + files.size() + " files read";
    }

    @Override
    public void close() {
        close(in);
        in = null;
    }

    private static void close(InputStream s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // read only
            }
        }
    }
}
