package dev.peregrine.scap;

import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;

/** NUL-separated string lists, as captures store command-line arguments, environments and cgroups. */
public final class NulStrings {
    private NulStrings() {
    }

    /** Splits at each NUL; a missing final NUL is tolerated. */
    public static List<String> split(byte[] a) {
        List<String> out = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == 0) {
                out.add(new String(a, from, i - from, StandardCharsets.UTF_8));
                from = i + 1;
            }
        }
        if (from < a.length) {
            out.add(new String(a, from, a.length - from, StandardCharsets.UTF_8));
        }
        return out;
    }

    /**
     * The strings of {@code a}, split when first read: most threads' arguments and environments never are, and a
     * replay's start splits hundreds of them otherwise.
     */
    public static List<String> lazy(byte[] a) {
        return a.length == 0 ? List.of() : new Lazy(a, false);
    }

    /** The list without the empty strings at its end (libsinsp's set_env); a lazy list stays lazy. */
    public static List<String> withoutTrailingEmpty(List<String> list) {
        if (list instanceof Lazy l) {
            return l.trimmed ? l : new Lazy(l.bytes, true);
        }
        return trimmed(list);
    }

    private static List<String> trimmed(List<String> list) {
        int n = list.size();
        while (n > 0 && list.get(n - 1).isEmpty()) {
            n--;
        }
        return n == list.size() ? list : List.copyOf(list.subList(0, n));
    }

    /** A NUL-separated list split on first use; the split list is immutable, so the race to make it is benign. */
    private static final class Lazy extends AbstractList<String> implements RandomAccess {
        private final byte[] bytes;
        private final boolean trimmed;
        private List<String> strings;

        Lazy(byte[] bytes, boolean trimmed) {
            this.bytes = bytes;
            this.trimmed = trimmed;
        }

        private List<String> strings() {
            List<String> s = strings;
            if (s == null) {
                s = split(bytes);
                s = List.copyOf(trimmed ? trimmed(s) : s);
                strings = s;
            }
            return s;
        }

        @Override
        public String get(int index) {
            return strings().get(index);
        }

        @Override
        public int size() {
            return strings().size();
        }
    }
}
