package dev.peregrine.rules;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/** Falco's JSON for a list of things (-L, -V): {@code {"<name>": [...]}} on one line. */
public final class JsonList {
    private JsonList() {
    }

    /** Writes one item of the list. */
    @FunctionalInterface
    public interface ItemWriter<T> {
        void write(JsonGenerator g, T item) throws IOException;
    }

    public static <T> String of(String name, List<T> items, ItemWriter<? super T> writer) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.writeStartObject();
            g.writeArrayFieldStart(name);
            for (T item : items) {
                writer.write(g, item);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }
}
