package dev.peregrine.filter.eval;

import dev.peregrine.fields.TextBuffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The compiled form of {@code pmatch (/a/b, /c)}: a path matches when it is one of the prefixes or lies below one.
 * Each prefix is stored without a trailing slash; a path is checked by looking up each of its ancestors, so a
 * match costs one hash lookup per path component, whatever the number of prefixes.
 */
final class PathPrefixes {
    private final ByteStringSet prefixes;
    private final boolean root;

    PathPrefixes(List<String> values) {
        List<byte[]> keys = new ArrayList<>();
        boolean hasRoot = false;
        for (String v : values) {
            String p = v;
            while (p.length() > 1 && p.endsWith("/")) {
                p = p.substring(0, p.length() - 1);
            }
            if (p.equals("/")) {
                hasRoot = true;
            }
            keys.add(p.getBytes(StandardCharsets.UTF_8));
        }
        prefixes = new ByteStringSet(keys);
        root = hasRoot;
    }

    boolean matches(TextBuffer path) {
        int n = path.length();
        if (n == 0) {
            return false;
        }
        if (root && path.byteAt(0) == '/') {
            return true;
        }
        if (prefixes.contains(path, n)) {
            return true;
        }
        for (int i = n - 1; i > 0; i--) {
            if (path.byteAt(i) == '/' && prefixes.contains(path, i)) {
                return true;
            }
        }
        return false;
    }
}
