package dev.peregrine.plugin.json;

import dev.peregrine.plugin.testing.PayloadEvent;
import dev.peregrine.plugin.testing.TextValues;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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
        TextValues values = new TextValues();
        p.extractor(index, argument).extract(PayloadEvent.of("test", 1_700_000_000_123_456_789L, payload), values);
        return values.values();
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
