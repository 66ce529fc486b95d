package dev.peregrine.fields;

import dev.peregrine.scap.CaptureReader;
import dev.peregrine.scap.EventView;
import dev.peregrine.scap.synthetic.SyntheticCapture;
import dev.peregrine.state.SystemState;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A synthetic capture written to a file and read back with {@link CaptureReader}, its events applied one at a time
 * to a {@link SystemState} and seen through an {@link EventContext}, so a test can read fields after each event
 * as {@link FieldRegistry} resolves them for output formats and filters.
 */
final class FieldReplay implements AutoCloseable {
    private static final FieldRegistry FIELDS = FieldRegistry.standard();

    private final CaptureReader reader;
    private final SystemState state;
    private final EventView event = new EventView();
    private final EventContext ctx;
    /** One extractor per field, kept across events: some remember the events they saw (evt.deltatime). */
    private final Map<String, Extractor> extractors = new HashMap<>();
    private long num;

    private FieldReplay(CaptureReader reader) {
        this.reader = reader;
        this.state = new SystemState(reader.metadata());
        this.ctx = new EventContext(state, event);
    }

    /** Writes the capture into {@code dir} and opens it; no event is processed yet. */
    static FieldReplay of(SyntheticCapture capture, Path dir) throws Exception {
        return new FieldReplay(CaptureReader.open(capture.write(dir.resolve("synthetic.scap"))));
    }

    /** Processes the next event and makes it the one fields are read for. */
    EventView next() throws Exception {
        assertThat(reader.next(event)).as("an event after %d", num).isTrue();
        state.process(event);
        ctx.advance(++num);
        return event;
    }

    void skip(int n) throws Exception {
        for (int i = 0; i < n; i++) {
            next();
        }
    }

    SystemState state() {
        return state;
    }

    EventContext context() {
        return ctx;
    }

    /**
     * The field's printed value for the current event, or null when it has none (printed as {@literal <NA>}), as an
     * output format that has printed it on the earlier events this was asked for would print it.
     */
    String value(String field) {
        Extractor e = extractor(field);
        TextBuffer out = new TextBuffer();
        return e.print(ctx, out) ? out.toString() : null;
    }

    /** Several fields' values by name (null for none). */
    Map<String, String> values(String... fields) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String f : fields) {
            m.put(f, value(f));
        }
        return m;
    }

    /** The value a filter compares: the number when the extractor sets one, else the text. */
    String filterValue(String field) {
        Extractor e = FIELDS.parse(field, 0).extractor();
        FieldValue v = new FieldValue();
        if (!e.extract(ctx, v)) {
            return null;
        }
        return v.numeric ? Long.toString(v.number) : v.text.toString();
    }

    private Extractor extractor(String field) {
        return extractors.computeIfAbsent(field, f -> FIELDS.parse(f, 0).extractor());
    }

    @Override
    public void close() throws Exception {
        reader.close();
    }
}
