package dev.peregrine.filter.eval;

import dev.peregrine.fields.TextBuffer;

/**
 * fnmatch-style glob matching over bytes (libsinsp glob_match): '*' any run, '?' one byte, '[...]' a class with
 * ranges and '!'/'^' negation, '\' escapes the next byte. Iterative with one backtrack point, so linear-ish and
 * allocation-free.
 */
final class Glob {
    private Glob() {
    }

    static boolean matches(byte[] pattern, TextBuffer text, boolean ignoreCase) {
        int textLen = text.length();
        int p = 0, t = 0, starP = -1, starT = -1;
        while (t < textLen) {
            if (p < pattern.length) {
                byte c = pattern[p];
                if (c == '*') {
                    starP = ++p;
                    starT = t;
                    continue;
                }
                int next = matchOne(pattern, p, text.byteAt(t), ignoreCase);
                if (next >= 0) {
                    p = next;
                    t++;
                    continue;
                }
            }
            if (starP >= 0) {
                p = starP;
                t = ++starT;
                continue;
            }
            return false;
        }
        while (p < pattern.length && pattern[p] == '*') {
            p++;
        }
        return p == pattern.length;
    }

    /** If the pattern element at {@code p} matches byte {@code b}, the index after it; else -1. */
    private static int matchOne(byte[] pat, int p, byte b, boolean ignoreCase) {
        byte c = pat[p];
        if (c == '?') {
            return p + 1;
        }
        if (c == '\\' && p + 1 < pat.length) {
            return eq(pat[p + 1], b, ignoreCase) ? p + 2 : -1;
        }
        if (c == '[') {
            int i = p + 1;
            boolean negate = i < pat.length && (pat[i] == '!' || pat[i] == '^');
            if (negate) {
                i++;
            }
            boolean found = false;
            boolean first = true;
            while (i < pat.length && (first || pat[i] != ']')) {
                first = false;
                byte lo = pat[i];
                if (i + 2 < pat.length && pat[i + 1] == '-' && pat[i + 2] != ']') {
                    byte hi = pat[i + 2];
                    int v = ignoreCase ? lower(b) : b & 0xFF;
                    if (v >= (ignoreCase ? lower(lo) : lo & 0xFF) && v <= (ignoreCase ? lower(hi) : hi & 0xFF)) {
                        found = true;
                    }
                    i += 3;
                } else {
                    if (eq(lo, b, ignoreCase)) {
                        found = true;
                    }
                    i++;
                }
            }
            if (i >= pat.length) {
                // no closing bracket: '[' is a literal
                return eq(c, b, ignoreCase) ? p + 1 : -1;
            }
            return found != negate ? i + 1 : -1;
        }
        return eq(c, b, ignoreCase) ? p + 1 : -1;
    }

    private static boolean eq(byte a, byte b, boolean ignoreCase) {
        return a == b || ignoreCase && lower(a) == lower(b);
    }

    static int lower(byte b) {
        int v = b & 0xFF;
        return v >= 'A' && v <= 'Z' ? v + 32 : v;
    }
}
