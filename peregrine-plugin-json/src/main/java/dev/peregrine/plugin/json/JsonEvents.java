package dev.peregrine.plugin.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.peregrine.plugin.PluginEvent;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The current event's payload parsed as JSON, once per event however many fields read it (one cache per plugin
 * instance, so per event source). A payload that does not start with an object or an array, or is not JSON, has
 * no value.
 */
public final class JsonEvents {
    private static final ObjectMapper JSON = new ObjectMapper();

    private byte[] bytes = new byte[8192];
    private int length;
    private long number = -1;
    private long timestamp;
    private JsonNode parsed;

    /** The parsed payload of {@code event}, or null when it is not JSON. */
    public JsonNode parse(PluginEvent event) {
        load(event);
        return parsed;
    }

    /** The raw payload of {@code event} (valid until the next event): its bytes are {@code [0, length())}. */
    public byte[] raw(PluginEvent event) {
        load(event);
        return bytes;
    }

    public int length() {
        return length;
    }

    private void load(PluginEvent event) {
        if (event.number() == number && event.timestamp() == timestamp) {
            return;
        }
        number = event.number();
        timestamp = event.timestamp();
        ByteBuffer data = event.data();
        length = data.remaining();
        if (bytes.length < length) {
            bytes = new byte[Math.max(length, bytes.length * 2)];
        }
        data.get(bytes, 0, length);
        parsed = null;
        int first = firstNonBlank();
        if (first < 0 || bytes[first] != '{' && bytes[first] != '[') {
            return;
        }
        try {
            parsed = JSON.readTree(bytes, 0, length);
        } catch (IOException | RuntimeException e) {
            parsed = null;
        }
    }

    private int firstNonBlank() {
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return i;
            }
        }
        return -1;
    }

    /** A value as the json plugin gives it: a string's text, anything else as compact JSON. */
    public static String text(JsonNode value) {
        return value.isTextual() ? value.textValue() : value.toString();
    }
}
