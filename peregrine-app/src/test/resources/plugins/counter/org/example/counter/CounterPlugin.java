package org.example.counter;

import dev.peregrine.plugin.EventBatch;
import dev.peregrine.plugin.EventParsing;
import dev.peregrine.plugin.EventSourcing;
import dev.peregrine.plugin.FieldExtraction;
import dev.peregrine.plugin.FieldExtractor;
import dev.peregrine.plugin.Plugin;
import dev.peregrine.plugin.PluginApi;
import dev.peregrine.plugin.PluginEvent;
import dev.peregrine.plugin.PluginException;
import dev.peregrine.plugin.PluginField;
import dev.peregrine.plugin.PluginInfo;
import dev.peregrine.plugin.SourceHost;
import dev.peregrine.plugin.SourceInstance;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plugin built apart from Peregrine, against its plugin API only (compiled and jarred by the test): the
 * "counter" source gives N events "tick I"; its fields read them, one reads syscall events too, and its event
 * parsing counts the events it has seen.
 */
public final class CounterPlugin implements Plugin, EventSourcing, FieldExtraction, EventParsing {
    private static final List<PluginField> FIELDS = List.of(
            new PluginField("counter.value", PluginField.Type.UINT64, false, PluginField.Arg.NONE, false, "",
                    "the tick's number", Set.of()),
            PluginField.text("counter.word", "even or odd"),
            new PluginField("counter.seen", PluginField.Type.UINT64, false, PluginField.Arg.NONE, false, "",
                    "events parsed so far", Set.of()),
            PluginField.text("counter.char", "a character of the payload").withArg(PluginField.Arg.INDEX, true),
            PluginField.text("counter.digits", "the tick's digits").asList(),
            new PluginField("counter.evtlen", PluginField.Type.UINT64, false, PluginField.Arg.NONE, false, "",
                    "the length of any event's data (syscall events included)", Set.of()));

    private long start;
    private long seen;

    @Override
    public PluginInfo info() {
        return new PluginInfo("counter", "1.2.3", "counts", "tests", PluginApi.VERSION);
    }

    @Override
    public String initSchema() {
        return "{\"type\": \"object\", \"properties\": {\"start\": {\"type\": \"integer\"}},"
                + " \"additionalProperties\": false}";
    }

    @Override
    public void init(String config) throws PluginException {
        Matcher m = Pattern.compile("\"start\"\\s*:\\s*(\\d+)").matcher(config);
        start = m.find() ? Long.parseLong(m.group(1)) : 1_000_000_000_000_000_000L;
    }

    @Override
    public int id() {
        return 999;
    }

    @Override
    public String eventSource() {
        return "counter";
    }

    @Override
    public SourceInstance open(String params, SourceHost host) throws PluginException {
        int n;
        try {
            n = Integer.parseInt(params.strip());
        } catch (NumberFormatException e) {
            throw new PluginException("open_params must be a number of events, not '" + params + "'");
        }
        host.info("counting to " + n);
        return new SourceInstance() {
            private int i;

            @Override
            public Status nextBatch(EventBatch batch) {
                while (i < n && batch.remaining() > 0) {
                    batch.add(start + i * 1_000_000_000L, ("tick " + i).getBytes(StandardCharsets.UTF_8));
                    i++;
                }
                return i < n ? Status.EVENTS : Status.EOF;
            }

            @Override
            public double progress() {
                return n == 0 ? 1 : (double) i / n;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public Set<String> extractEventSources() {
        return Set.of("counter", "syscall");
    }

    @Override
    public List<PluginField> fields() {
        return FIELDS;
    }

    @Override
    public FieldExtractor extractor(int field, String argument) throws PluginException {
        return switch (field) {
            case 0 -> (e, out) -> {
                if (e.source().equals("counter")) {
                    out.number(tick(e));
                }
            };
            case 1 -> (e, out) -> {
                if (e.source().equals("counter")) {
                    out.text(tick(e) % 2 == 0 ? "even" : "odd");
                }
            };
            case 2 -> (e, out) -> out.number(seen);
            case 3 -> {
                int index = Integer.parseInt(argument);
                if (index > 100) {
                    throw new PluginException("index " + index + " is past any tick");
                }
                yield (e, out) -> {
                    String text = text(e);
                    if (index < text.length()) {
                        out.text(String.valueOf(text.charAt(index)));
                    }
                };
            }
            case 4 -> (e, out) -> {
                for (char c : Long.toString(tick(e)).toCharArray()) {
                    out.text(String.valueOf(c));
                }
            };
            case 5 -> (e, out) -> out.number(e.data().remaining());
            default -> throw new PluginException("no field " + field);
        };
    }

    @Override
    public Set<String> parseEventSources() {
        return Set.of("counter");
    }

    @Override
    public void parse(PluginEvent event) {
        seen++;
    }

    private static String text(PluginEvent e) {
        ByteBuffer b = e.data();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static long tick(PluginEvent e) {
        String t = text(e);
        return t.startsWith("tick ") ? Long.parseLong(t.substring(5)) : -1;
    }
}
