package dev.peregrine.plugin.k8saudit;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Audit events out of a payload (a file's line, a webhook request's body), as Falco's k8saudit plugin reads them:
 * an {@code Event}, an {@code EventList}'s items, or a JSON array of either. Each event needs a
 * {@code stageTimestamp}, which becomes its time.
 */
final class AuditPayloads {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A payload that cannot be used; the message says why (the source reports it and goes on). */
    static final class Rejected extends Exception {
        Rejected(String message) {
            super(message, null, false, false);
        }
    }

    private AuditPayloads() {
    }

    /** A payload's events, and the problems of those of its events that could not be used (skipped alone). */
    record Parsed(List<AuditEvent> events, List<String> problems) {
    }

    /**
     * The events of a payload; rejected whole when it is not JSON or not audit events (as Falco drops it), while
     * an event without a usable time or too large is skipped alone.
     */
    static Parsed parse(byte[] payload, int length, long maxEventSize) throws Rejected {
        JsonNode root;
        try {
            root = JSON.readTree(payload, 0, length);
        } catch (JacksonException e) {
            int column = e.getLocation() == null ? -1 : e.getLocation().getColumnNr();
            throw new Rejected("malformed JSON: " + e.getOriginalMessage() + (column > 0 ? " (at column " + column
                    + ")" : ""));
        } catch (IOException e) {
            throw new Rejected("malformed JSON: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new Rejected("malformed JSON: no value");
        }
        Parsed out = new Parsed(new ArrayList<>(), new ArrayList<>());
        events(root, maxEventSize, out);
        return out;
    }

    private static void events(JsonNode value, long maxEventSize, Parsed out) throws Rejected {
        if (value.isArray()) {
            for (JsonNode v : value) {
                events(v, maxEventSize, out);
            }
            return;
        }
        JsonNode kind = value.get("kind");
        if (kind != null && kind.isTextual()) {
            if (kind.textValue().equals("EventList") && value.path("items").isArray()) {
                for (JsonNode item : value.get("items")) {
                    single(item, maxEventSize, out);
                }
                return;
            }
            if (kind.textValue().equals("Event")) {
                single(value, maxEventSize, out);
                return;
            }
        }
        throw new Rejected("data not recognized as a k8s audit event");
    }

    private static void single(JsonNode event, long maxEventSize, Parsed out) {
        JsonNode stage = event.get("stageTimestamp");
        if (stage == null) {
            out.problems().add("can't read stageTimestamp");
            return;
        }
        long ts;
        try {
            var t = OffsetDateTime.parse(stage.asText()).toInstant();
            ts = t.getEpochSecond() * 1_000_000_000L + t.getNano();
        } catch (DateTimeParseException e) {
            out.problems().add("stageTimestamp '" + stage.asText() + "' is not an RFC 3339 time");
            return;
        }
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(event);
        } catch (JacksonException e) {
            out.problems().add("cannot write the event back as JSON: " + e.getOriginalMessage());
            return;
        }
        if (json.length > maxEventSize) {
            out.problems().add("event larger than maxEventSize: size=" + json.length);
            return;
        }
        out.events().add(new AuditEvent(ts, json));
    }
}
