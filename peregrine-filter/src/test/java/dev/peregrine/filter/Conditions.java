package dev.peregrine.filter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The conditions Falco parses for a sequence of rules files: each macro and rule as written, and each append
 * ({@code append: true}) joined with a blank to the condition it extends, as Falco's rule loader does.
 */
final class Conditions {
    private Conditions() {
    }

    /**
     * One condition to parse.
     *
     * @param condition the text Falco would parse, or null when there is none (an empty {@code condition:}, or
     *                  an append with nothing before it to append to, which Falco rejects before parsing)
     * @param written   whether the item has condition text of its own
     */
    record Entry(Path file, String kind, String name, int line, boolean append, boolean written,
                 String condition) {
        String key() {
            return kind + ":" + name;
        }

        String where() {
            return kind + " '" + name + "' (" + file.getFileName() + " line " + line + ")";
        }
    }

    static List<Entry> collect(List<Path> files) throws IOException {
        List<Entry> out = new ArrayList<>();
        Map<String, String> current = new HashMap<>();
        for (Path file : files) {
            for (RuleItems.Item item : RuleItems.read(file)) {
                String key = item.kind() + ":" + item.name();
                String condition = item.condition();
                if (condition != null && item.append()) {
                    String base = current.get(key);
                    condition = base == null ? null : base + " " + condition;
                }
                if (condition != null) {
                    current.put(key, condition);
                }
                out.add(new Entry(file, item.kind(), item.name(), item.line(), item.append(), item.condition() != null,
                        condition));
            }
        }
        return out;
    }

    /** The last condition of each item: what Falco ends up compiling. */
    static Map<String, Entry> finalConditions(List<Entry> entries) {
        Map<String, Entry> last = new HashMap<>();
        for (Entry e : entries) {
            if (e.condition() != null) {
                last.put(e.key(), e);
            }
        }
        return last;
    }
}
