package dev.peregrine.scap;

import java.util.List;

/** A named table of flag or enum values (libs' flags_table.c), in the table's own order. */
public record FlagTable(String name, long[] values, String[] names) {

    public int size() {
        return values.length;
    }

    public List<String> nameList() {
        return List.of(names);
    }

    /** The name of the entry whose value equals {@code value}, or null. */
    public String nameOf(long value) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == value) {
                return names[i];
            }
        }
        return null;
    }
}
