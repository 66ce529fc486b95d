package dev.peregrine.rules;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A load result as Falco reports it for one rules file: the summary and verbose texts ({@code -V}, rule loading
 * errors) and the JSON object of {@code -V} with json_output ({@code falco_load_results} entries).
 */
public final class LoadReport {
    private final String name;
    private final List<LoadMessage> errors;
    private final List<LoadMessage> warnings;
    private final Map<String, String> contents;

    /**
     * @param name     the file the report is about, as given on the command line
     * @param messages the messages to report (the caller picks those of this file)
     * @param contents file name to its text, for the snippets
     */
    public LoadReport(String name, List<LoadMessage> messages, Map<String, String> contents) {
        this.name = name;
        this.errors = messages.stream().filter(LoadMessage::isError).toList();
        this.warnings = messages.stream().filter(m -> !m.isError()).toList();
        this.contents = contents;
    }

    /** Reads the named files' texts for snippets; unreadable files are left out. */
    public static Map<String, String> readContents(List<String> files) {
        Map<String, String> m = new java.util.HashMap<>();
        for (String f : files) {
            try {
                m.put(f, Files.readString(Path.of(f), StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                // reported by the loader as LOAD_ERR_FILE_READ
            }
        }
        return m;
    }

    public boolean successful() {
        return errors.isEmpty();
    }

    public boolean hasWarnings() {
        return !warnings.isEmpty();
    }

    /** "NAME: Ok", "NAME: Ok, with warnings" or "NAME: Invalid" and, when verbose, every message with context. */
    public String text(boolean verbose) {
        StringBuilder b = new StringBuilder();
        b.append(name).append(": ").append(successful() ? (hasWarnings() ? "Ok, with warnings" : "Ok") : "Invalid");
        if (!verbose) {
            summary(b, errors, "errors");
            summary(b, warnings, "warnings");
            return b.toString();
        }
        verbose(b, errors, "Errors");
        verbose(b, warnings, "Warnings");
        return b.toString();
    }

    private static void summary(StringBuilder b, List<LoadMessage> list, String what) {
        if (list.isEmpty()) {
            return;
        }
        b.append('\n').append(' ').append(list.size()).append(' ').append(what).append(": [");
        for (int i = 0; i < list.size(); i++) {
            LoadMessage m = list.get(i);
            b.append(i > 0 ? " " : "").append(m.code().name()).append(" (").append(m.code().description()).append(')');
        }
        b.append(']');
    }

    private void verbose(StringBuilder b, List<LoadMessage> list, String what) {
        if (list.isEmpty()) {
            return;
        }
        b.append('\n').append(list.size()).append(' ').append(what).append(":\n");
        for (LoadMessage m : list) {
            String file = m.file() != null ? m.file() : name;
            b.append("In rules content: (").append(file).append(":1:1)\n");
            if (m.itemType() != null) {
                b.append("    ").append(m.itemType());
                if (m.itemName() != null && !m.itemName().isEmpty()) {
                    b.append(" '").append(m.itemName()).append('\'');
                }
                b.append(": (").append(file).append(':').append(Math.max(m.line(), 1)).append(":1)\n");
            }
            b.append("------\n").append(snippet(m)).append("------\n");
            b.append(m.code().name()).append(" (").append(m.code().description()).append("): ").append(m.text())
                    .append('\n');
            if (m.detail() != null) {
                b.append(m.detail()).append('\n');
            }
        }
    }

    /** The line the message is about, with a caret under its start, as Falco shows context. */
    private String snippet(LoadMessage m) {
        String text = m.file() == null ? null : contents.get(m.file());
        if (text == null || text.isEmpty()) {
            return "<No context available>\n";
        }
        String[] lines = text.split("\n", -1);
        int idx = Math.min(Math.max(m.line(), 1), lines.length) - 1;
        String line = lines[idx];
        if (line.length() > 160) {
            line = line.substring(0, 157) + "...";
        }
        return line + "\n^\n";
    }

    private int offset(LoadMessage m) {
        String text = m.file() == null ? null : contents.get(m.file());
        if (text == null) {
            return 0;
        }
        int off = 0;
        for (int l = 1; l < m.line() && off >= 0; l++) {
            int nl = text.indexOf('\n', off);
            if (nl < 0) {
                break;
            }
            off = nl + 1;
        }
        return off;
    }

    /** Falco's JSON for one file: name, successful, errors and warnings with code, codedesc, message, context. */
    public void writeJson(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeArrayFieldStart("errors");
        for (LoadMessage m : errors) {
            writeMessage(g, m);
        }
        g.writeEndArray();
        g.writeStringField("name", name);
        g.writeBooleanField("successful", successful());
        g.writeArrayFieldStart("warnings");
        for (LoadMessage m : warnings) {
            writeMessage(g, m);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private void writeMessage(JsonGenerator g, LoadMessage m) throws IOException {
        String file = m.file() != null ? m.file() : name;
        g.writeStartObject();
        g.writeStringField("code", m.code().name());
        g.writeStringField("codedesc", m.code().description());
        g.writeObjectFieldStart("context");
        g.writeArrayFieldStart("locations");
        writeLocation(g, "rules content", "", file, 1, 0);
        if (m.itemType() != null) {
            writeLocation(g, m.itemType(), m.itemName() == null ? "" : m.itemName(), file, Math.max(m.line(), 1),
                    offset(m));
        }
        g.writeEndArray();
        g.writeStringField("snippet", snippet(m));
        g.writeEndObject();
        g.writeStringField("message", m.text());
        g.writeEndObject();
    }

    private static void writeLocation(JsonGenerator g, String type, String itemName, String file, int line,
                                      int offset) throws IOException {
        g.writeStartObject();
        g.writeStringField("item_name", itemName);
        g.writeStringField("item_type", type);
        g.writeObjectFieldStart("position");
        g.writeNumberField("column", 1);
        g.writeNumberField("line", line);
        g.writeStringField("name", file);
        g.writeNumberField("offset", offset);
        g.writeEndObject();
        g.writeEndObject();
    }

    /** {@code {"falco_load_results": [...]}} for several reports, on one line, as Falco prints it. */
    public static String json(List<LoadReport> reports) {
        return JsonList.of("falco_load_results", reports, (g, r) -> r.writeJson(g));
    }
}
