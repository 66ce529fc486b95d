package dev.peregrine.fields;

import java.nio.charset.StandardCharsets;

/**
 * libsinsp's path joining and normalisation (utils.cpp concatenate_paths and copy_and_sanitize_path at libs
 * e5c53d6), for names rebuilt from event parameters (failed opens, fs.path.*). Not used for names held in state.
 */
final class PathUtil {
    private static final int MAX_PATH = 4096;

    private PathUtil() {
    }

    /**
     * Joins {@code base} and {@code name} (an event string): an absolute name drops the base, which is otherwise
     * kept verbatim; the name is normalised onto it.
     */
    static String concatenate(String base, String name) {
        byte[] b = base.getBytes(StandardCharsets.UTF_8);
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        // libsinsp passes lengths that include the terminating NUL of event strings
        if (b.length + n.length + 2 > MAX_PATH) {
            return "/PATH_TOO_LONG";
        }
        byte[] dst = new byte[b.length + n.length + 2];
        int start = 0;
        // event strings carry their NUL, so libsinsp keeps the base for an empty name too
        if (n.length == 0 || n[0] != '/') {
            System.arraycopy(b, 0, dst, 0, b.length);
            start = b.length;
        }
        int len = sanitize(dst, start, n);
        return new String(dst, 0, len, StandardCharsets.UTF_8);
    }

    private static int at(byte[] s, int i) {
        return i < s.length ? s[i] : 0;
    }

    /** Appends the normalised {@code src} to {@code dst} at {@code t}; returns the resulting length. */
    private static int sanitize(byte[] dst, int t, byte[] src) {
        int p = 0;
        while (true) {
            int c = at(src, p);
            if (c == 0) {
                if (t > 1 && dst[t - 1] == '/') {
                    t--;
                }
                return t;
            }
            int u = c & 0xFF;
            if (u >= 0x80 && u != 0xFF || u < 0x20 || u == 0x7F) {
                dst[t++] = '.';
                p++;
            } else if (c == '.' && at(src, p + 1) == '.' && at(src, p + 2) == '/') {
                t = rewind(dst, t);
                p += 3;
            } else if (c == '.' && at(src, p + 1) == '.') {
                if (at(src, p + 2) == 0) {
                    t = rewind(dst, t);
                } else {
                    dst[t++] = '.';
                    dst[t++] = '.';
                }
                p += 2;
            } else if (c == '.' && at(src, p + 1) == '/') {
                p += 2;
            } else if (c == '.') {
                if (at(src, p + 1) != 0) {
                    dst[t++] = '.';
                }
                p++;
            } else if (c == '/') {
                if (!(t > 0 && dst[t - 1] == '/')) {
                    dst[t++] = '/';
                }
                p++;
            } else {
                dst[t++] = (byte) c;
                p++;
            }
        }
    }

    private static int rewind(byte[] dst, int t) {
        if (t <= 1) {
            return t;
        }
        t--;
        while (t >= 1 && dst[t - 1] != '/') {
            t--;
        }
        return t;
    }

    /** The directory part as fd.directory shows it for a file name: up to the last '/', or "/" if none. */
    static String directoryOf(String name) {
        int pos = name.lastIndexOf('/');
        if (pos > 0) {
            return pos < name.length() - 1 ? name.substring(0, pos) : name;
        }
        return "/";
    }
}
