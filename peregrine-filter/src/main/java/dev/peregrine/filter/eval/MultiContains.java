package dev.peregrine.filter.eval;

import dev.peregrine.fields.TextBuffer;

import java.util.ArrayDeque;
import java.util.List;

/**
 * Many {@code contains} needles on one field, matched in one pass over the value (Aho-Corasick over bytes):
 * the compiled form of {@code f contains a or f contains b or ...}.
 */
final class MultiContains {
    private final int[][] next;     // dense transitions after failure links are folded in
    private final boolean[] accept;

    MultiContains(List<byte[]> needles) {
        int maxStates = 1;
        for (byte[] n : needles) {
            maxStates += n.length;
        }
        int[][] go = new int[maxStates][];
        boolean[] out = new boolean[maxStates];
        go[0] = new int[256];
        java.util.Arrays.fill(go[0], -1);
        int states = 1;
        for (byte[] n : needles) {
            int s = 0;
            for (byte b : n) {
                int c = b & 0xFF;
                if (go[s][c] < 0) {
                    go[states] = new int[256];
                    java.util.Arrays.fill(go[states], -1);
                    go[s][c] = states++;
                }
                s = go[s][c];
            }
            out[s] = true;
        }
        int[] fail = new int[states];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int c = 0; c < 256; c++) {
            if (go[0][c] < 0) {
                go[0][c] = 0;
            } else {
                fail[go[0][c]] = 0;
                queue.add(go[0][c]);
            }
        }
        while (!queue.isEmpty()) {
            int s = queue.poll();
            out[s] |= out[fail[s]];
            for (int c = 0; c < 256; c++) {
                int t = go[s][c];
                if (t < 0) {
                    go[s][c] = go[fail[s]][c];
                } else {
                    fail[t] = go[fail[s]][c];
                    queue.add(t);
                }
            }
        }
        next = java.util.Arrays.copyOf(go, states);
        accept = java.util.Arrays.copyOf(out, states);
    }

    boolean matches(TextBuffer t) {
        if (accept[0]) {
            return true; // an empty needle is in every string
        }
        int s = 0;
        int n = t.length();
        for (int i = 0; i < n; i++) {
            s = next[s][t.byteAt(i) & 0xFF];
            if (accept[s]) {
                return true;
            }
        }
        return false;
    }
}
