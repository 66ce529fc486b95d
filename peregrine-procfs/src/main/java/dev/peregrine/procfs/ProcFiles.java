package dev.peregrine.procfs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads of /proc entries that never throw: a process can exit, or an entry be unreadable, at any moment of a scan,
 * and the scan treats both as "no data" (null), as libscap skips what it cannot read.
 */
final class ProcFiles {
    private ProcFiles() {
    }

    /** Up to {@code limit} bytes of a file, or null if it cannot be read. */
    static byte[] read(Path p, int limit) {
        try (InputStream in = Files.newInputStream(p)) {
            return in.readNBytes(limit);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** A whole (small) file as text, or null. */
    static String text(Path p) {
        byte[] b = read(p, 1 << 20);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** A symlink's target as text, or null. */
    static String link(Path p) {
        try {
            return Files.readSymbolicLink(p).toString();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** stat(2) of the path, following links (unix:mode, ino, uid, ctime...), or null. */
    static Map<String, Object> stat(Path p) {
        try {
            return Files.readAttributes(p, "unix:mode,ino,uid,dev,ctime,lastModifiedTime");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static long nanos(Object fileTime) {
        if (fileTime instanceof java.nio.file.attribute.FileTime t) {
            java.time.Instant i = t.toInstant();
            return i.getEpochSecond() * 1_000_000_000L + i.getNano();
        }
        return 0;
    }

    /** The number inside "type:[N]" links (socket:[N], pipe:[N], net:[N]), or -1. */
    static long bracketNumber(String link, String prefix) {
        if (link == null || !link.startsWith(prefix) || !link.endsWith("]")) {
            return -1;
        }
        try {
            return Long.parseLong(link, prefix.length(), link.length() - 1, 10);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static boolean isNumber(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    static boolean exists(Path p) {
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
    }
}
