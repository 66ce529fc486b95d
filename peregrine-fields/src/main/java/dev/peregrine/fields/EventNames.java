package dev.peregrine.fields;

import dev.peregrine.scap.EventInfo;
import dev.peregrine.scap.ParamInfo;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The UTF-8 bytes of an event type's name and of its parameters' names, made on first use and kept by type: nearly
 * every printed line has them, and copying bytes is cheaper than encoding a String each time. Not thread-safe: each
 * printer keeps its own.
 */
final class EventNames {
    private EventInfo[] infos = new EventInfo[0];
    private byte[][] names = new byte[0][];
    private byte[][][] params = new byte[0][][];

    byte[] name(EventInfo info) {
        int slot = slot(info); // first: it may replace the arrays
        return names[slot];
    }

    /** The parameters' names, by index. */
    byte[][] params(EventInfo info) {
        int slot = slot(info);
        return params[slot];
    }

    private int slot(EventInfo info) {
        int id = info.id();
        if (id >= infos.length) {
            int n = Math.max(id + 1, infos.length * 2);
            infos = Arrays.copyOf(infos, n);
            names = Arrays.copyOf(names, n);
            params = Arrays.copyOf(params, n);
        }
        if (infos[id] != info) { // another table's type of the same number (tests read with older tables)
            ParamInfo[] p = info.params();
            byte[][] b = new byte[p.length][];
            for (int i = 0; i < p.length; i++) {
                b[i] = p[i].name().getBytes(StandardCharsets.UTF_8);
            }
            names[id] = info.name().getBytes(StandardCharsets.UTF_8);
            params[id] = b;
            infos[id] = info;
        }
        return id;
    }
}
