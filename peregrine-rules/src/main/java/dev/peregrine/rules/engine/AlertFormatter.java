package dev.peregrine.rules.engine;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.peregrine.fields.EventContext;
import dev.peregrine.fields.TextBuffer;
import dev.peregrine.fields.TimeFormatter;
import dev.peregrine.rules.CompiledRule;
import dev.peregrine.rules.Priority;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Writes alerts as Falco does: the text line {@code "<time>: <Priority> <message>"} (JSON-escaped, as current
 * Falco escapes it) or the JSON object with its keys in Falco's (sorted) order. Runs only for events that matched
 * a rule, so it may build strings.
 */
public final class AlertFormatter {
    private static final JsonFactory JSON = new JsonFactory();

    private final AlertOptions options;
    private final TextBuffer scratch = new TextBuffer(256);
    private final TextBuffer time = new TextBuffer(64);
    private final TimeFormatter clock = new TimeFormatter();

    public AlertFormatter(AlertOptions options) {
        this.options = options;
    }

    public AlertOptions options() {
        return options;
    }

    /** Falco's long spelling of a priority in alerts ("Warning", "Informational"). */
    public static String priorityName(Priority p) {
        String n = p.name();
        return n.charAt(0) + n.substring(1).toLowerCase(java.util.Locale.ROOT);
    }

    /** The alert line for {@code rule} matching the current event of {@code ctx}. */
    public String format(CompiledRule rule, AlertFormat format, EventContext ctx) {
        long ts = ctx.event().timestamp();
        scratch.reset();
        format.message().render(ctx, scratch);
        String message = scratch.toString();
        String output = timePrefix(ctx, ts) + ": " + priorityName(rule.priority()) + " " + message;
        if (!options.json()) {
            return escape(output);
        }
        Map<String, Object> fields = null;
        if (options.includeOutputFields()) {
            fields = new TreeMap<>();
            for (OutputField f : format.fields()) {
                fields.put(f.name(), f.value(ctx, scratch));
            }
            fields.put(options.iso8601() ? "evt.time.iso8601" : "evt.time", ts);
            for (AlertFormat.CompiledExtra e : format.extras()) {
                if (e.field() != null) {
                    fields.put(e.name(), e.field().value(ctx, scratch));
                } else {
                    scratch.reset();
                    e.format().render(ctx, scratch);
                    fields.put(e.name(), scratch.toString());
                }
            }
        }
        return json(ts, rule.name(), priorityName(rule.priority()), rule.source(), output, message, fields,
                options.includeTags() ? new TreeSet<>(rule.tags()) : null);
    }

    /**
     * The output fields of an alert as text, keyed as Falco keys them (the rule's fields as written, and the time
     * field of the alert's prefix), with {@code <NA>} for missing values: what Falco's gRPC output sends.
     */
    public Map<String, Object> fieldStrings(AlertFormat format, EventContext ctx) {
        Map<String, Object> m = new TreeMap<>();
        for (OutputField f : format.fields()) {
            scratch.reset();
            m.put(f.name(), f.extractor().print(ctx, scratch) ? scratch.toString() : "<NA>");
        }
        long ts = ctx.event().timestamp();
        m.put(options.iso8601() ? "evt.time.iso8601" : "evt.time", timePrefix(ctx, ts));
        for (AlertFormat.CompiledExtra e : format.extras()) {
            scratch.reset();
            if (e.field() != null) {
                m.put(e.name(), e.field().extractor().print(ctx, scratch) ? scratch.toString() : "<NA>");
            } else {
                e.format().render(ctx, scratch);
                m.put(e.name(), scratch.toString());
            }
        }
        return m;
    }

    /**
     * An alert that comes from Peregrine itself rather than from a rule (Falco's internal alerts such as
     * "Falco internal: syscall event drop"): text {@code "<time>: <Priority> <msg> (k=v ...)"} or JSON.
     */
    public String formatInternal(long ts, Priority priority, String rule, String msg, Map<String, String> fields) {
        Map<String, Object> sorted = new TreeMap<>(fields);
        if (options.json()) {
            return json(ts, rule, priorityName(priority), "internal", msg, null, sorted, null);
        }
        StringBuilder b = new StringBuilder();
        time.reset();
        clock.time(ts, true, time);
        b.append(time).append(": ").append(priorityName(priority)).append(' ').append(msg).append(" (");
        boolean first = true;
        for (Map.Entry<String, Object> e : sorted.entrySet()) {
            if (!first) {
                b.append(' ');
            }
            first = false;
            b.append(e.getKey()).append("=\"").append(escape(String.valueOf(e.getValue()))).append('"');
        }
        return b.append(')').toString();
    }

    private String timePrefix(EventContext ctx, long ts) {
        if (options.iso8601()) {
            return iso8601(ts);
        }
        time.reset();
        clock.time(ts, true, time);
        return time.toString();
    }

    /** Falco's ISO 8601 alert time: UTC with nanoseconds and a numeric offset. */
    static String iso8601(long ts) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(ts, 1_000_000_000L), 0, ZoneOffset.UTC);
        return String.format("%04d-%02d-%02dT%02d:%02d:%02d.%09d+0000", t.getYear(), t.getMonthValue(),
                t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond(), Math.floorMod(ts, 1_000_000_000L));
    }

    /** Falco's JSON alert time: UTC, nanoseconds, 'Z'. */
    static String jsonTime(long ts) {
        return iso8601(ts).replace("+0000", "Z");
    }

    private String json(long ts, String rule, String priority, String source, String output, String message,
                        Map<String, Object> fields, TreeSet<String> tags) {
        StringWriter w = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("hostname", options.hostname());
            if (options.includeMessage() && message != null) {
                g.writeStringField("message", message);
            }
            if (options.includeOutput()) {
                g.writeStringField("output", output);
            }
            if (fields != null) {
                g.writeObjectFieldStart("output_fields");
                for (Map.Entry<String, Object> e : fields.entrySet()) {
                    g.writeFieldName(e.getKey());
                    writeValue(g, e.getValue());
                }
                g.writeEndObject();
            }
            g.writeStringField("priority", priority);
            g.writeStringField("rule", rule);
            g.writeStringField("source", source);
            if (tags != null) {
                g.writeArrayFieldStart("tags");
                for (String t : tags) {
                    g.writeString(t);
                }
                g.writeEndArray();
            }
            g.writeStringField("time", jsonTime(ts));
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private static void writeValue(JsonGenerator g, Object v) throws IOException {
        switch (v) {
            case null -> g.writeNull();
            case Long l -> g.writeNumber(l);
            case BigInteger b -> g.writeNumber(b);
            case Boolean b -> g.writeBoolean(b);
            default -> g.writeString(v.toString());
        }
    }

    /** The text line as current Falco writes it: the content of a JSON string without its quotes. */
    static String escape(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                return new String(JsonStringEncoder.getInstance().quoteAsString(s));
            }
        }
        return s;
    }
}
