package dev.peregrine.filter;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The macros and rules of a Falco rules file, with their conditions as text. Reads YAML nodes without
 * constructing Java objects, because Falco's files contain things a strict YAML 1.2 loader refuses to construct
 * (a description starting with {@code !=} reads as a tag).
 */
final class RuleItems {
    private RuleItems() {
    }

    /** A rule or macro: its kind ("rule" or "macro"), name, condition (null if absent or empty), and line. */
    record Item(String kind, String name, String condition, boolean append, int line) {
    }

    static List<Item> read(Path file) throws IOException {
        List<Item> items = new ArrayList<>();
        Compose compose = new Compose(LoadSettings.builder().setLabel(file.toString()).build());
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (Node doc : compose.composeAllFromReader(r)) {
                if (!(doc instanceof SequenceNode seq)) {
                    continue;
                }
                for (Node n : seq.getValue()) {
                    if (n instanceof MappingNode m) {
                        Item item = item(m);
                        if (item != null) {
                            items.add(item);
                        }
                    }
                }
            }
        }
        return items;
    }

    private static Item item(MappingNode m) {
        String kind = null;
        String name = null;
        String condition = null;
        boolean append = false;
        for (NodeTuple t : m.getValue()) {
            String key = scalar(t.getKeyNode());
            Node value = t.getValueNode();
            if ("rule".equals(key) || "macro".equals(key)) {
                kind = key;
                name = scalar(value);
            } else if ("condition".equals(key)) {
                condition = scalar(value);
            } else if ("append".equals(key)) {
                append = "true".equals(scalar(value));
            } else if ("override".equals(key) && value instanceof MappingNode o) {
                for (NodeTuple ot : o.getValue()) {
                    if ("condition".equals(scalar(ot.getKeyNode())) && "append".equals(scalar(ot.getValueNode()))) {
                        append = true;
                    }
                }
            }
        }
        if (kind == null) {
            return null;
        }
        int line = m.getStartMark().map(mark -> mark.getLine() + 1).orElse(0);
        return new Item(kind, name, condition, append, line);
    }

    /** A scalar's text; null for non-scalars and for YAML nulls (an empty {@code condition:}). */
    private static String scalar(Node n) {
        if (n instanceof ScalarNode s && !Tag.NULL.equals(s.getTag())) {
            return s.getValue();
        }
        return null;
    }
}
