package dev.peregrine.scap;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

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
}
