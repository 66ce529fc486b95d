package dev.peregrine.plugin.json;

import dev.peregrine.plugin.FieldSink;
import dev.peregrine.plugin.PluginEvent;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The json plugin's fields on JSON payloads: pointers (RFC 6901 escapes, arrays), indentation as Go's. */
class JsonPluginTest {
    private static final String DOC = "{\"a/b\": {\"~c\": [10, {\"d\": \"x\"}]}, \"s\": \"text\", \"n\": null,"
            + " \"e\": {}, \"l\": []}";

    private static List<String> extract(String field, String argument, String payload) throws Exception {
        JsonPlugin p = new JsonPlugin();
        p.init("");
        int index = p.fields().stream().map(f -> f.name()).toList().indexOf(field);
        List<String> values = new ArrayList<>();
        p.extractor(index, argument).extract(event(payload), new FieldSink() {
            @Override
            public void text(CharSequence value) {
                values.add(value.toString());
            }

            @Override
            public void text(byte[] value, int offset, int length) {
                values.add(new String(value, offset, length, StandardCharsets.UTF_8));
            }

            @Override
            public void number(long value) {
                values.add(Long.toString(value));
            }

            @Override
            public void bool(boolean value) {
                values.add(Boolean.toString(value));
            }
        });
        return values;
    }

    private static PluginEvent event(String payload) {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        return new PluginEvent() {
            @Override
            public long number() {
                return 1;
            }

            @Override
            public long timestamp() {
                return 1_700_000_000_123_456_789L;
            }

            @Override
            public String source() {
                return "test";
            }

            @Override
            public int pluginId() {
                return 1;
            }

            @Override
            public ByteBuffer data() {
                return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
            }
        };
    }

    @Test
    void pointersWalkObjectsAndArraysWithEscapes() throws Exception {
        assertThat(extract("json.value", "/a~1b/~0c/1/d", DOC)).containsExactly("x");
        assertThat(extract("jevt.value", "/a~1b/~0c/0", DOC)).containsExactly("10");
        assertThat(extract("json.value", "/a~1b/~0c", DOC)).containsExactly("[10,{\"d\":\"x\"}]");
        assertThat(extract("json.value", "s", DOC)).containsExactly("text");
        assertThat(extract("json.value", "/n", DOC)).containsExactly("null");
        assertThat(extract("json.value", "/missing", DOC)).isEmpty();
        assertThat(extract("json.value", "/a~1b/~0c/7", DOC)).isEmpty();
        assertThat(extract("json.value", "/s", "not json")).isEmpty();
        assertThat(extract("json.rawtime", null, DOC)).containsExactly("1700000000123456789");
        assertThat(extract("json.rawtime", null, "{broken")).isEmpty();
    }

    @Test
    void objIsIndentedAsGoIndentsIt() throws Exception {
        assertThat(extract("json.obj", null, DOC)).containsExactly("""
                {
                  "a/b": {
                    "~c": [
                      10,
                      {
                        "d": "x"
                      }
                    ]
                  },
                  "s": "text",
                  "n": null,
                  "e": {},
                  "l": []
                }""");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] tricky = "{\"q\": \"a, {b}: \\\"c\\\"\"}".getBytes(StandardCharsets.UTF_8);
        JsonIndent.indent(tricky, tricky.length, out);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\n  \"q\": \"a, {b}: \\\"c\\\"\"\n}");
    }
}
