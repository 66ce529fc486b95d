package dev.peregrine.rules.engine;

import dev.peregrine.fields.EventContext;
import dev.peregrine.fields.Extractor;
import dev.peregrine.fields.FieldType;
import dev.peregrine.fields.TextBuffer;

import java.util.Set;

/**
 * One field of a rule's output as the JSON alert's {@code output_fields} shows it: under the name written in the
 * format, as a number, boolean or string by the field's type (libsinsp's JSON rendering), null when missing.
 */
record OutputField(String name, FieldType type, Extractor extractor) {
    /** Time fields that libsinsp renders in JSON as the raw timestamp in ns. */
    private static final Set<String> TIMESTAMPS = Set.of("evt.time", "evt.time.s", "evt.time.iso8601",
            "evt.datetime", "evt.datetime.s", "evt.rawtime", "evt.rawtime.s", "evt.rawtime.ns");

    Object value(EventContext ctx, TextBuffer scratch) {
        if (TIMESTAMPS.contains(name)) {
            return ctx.event().timestamp();
        }
        scratch.reset();
        if (!extractor.print(ctx, scratch)) {
            return null;
        }
        String text = scratch.toString();
        return switch (type) {
            case INT8, INT16, INT32, INT64, PID, FD -> parseSigned(text);
            case UINT8, UINT16, UINT32, UINT64, RELTIME, ABSTIME, PORT, UID, GID -> parseUnsigned(text);
            case BOOL -> text.equals("true") || text.equals("1") ? Boolean.TRUE
                    : text.equals("false") || text.equals("0") ? Boolean.FALSE : text;
            default -> text;
        };
    }

    private static Object parseSigned(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return text;
        }
    }

    private static Object parseUnsigned(String text) {
        try {
            long v = Long.parseUnsignedLong(text);
            return v >= 0 ? (Object) v : new java.math.BigInteger(Long.toUnsignedString(v));
        } catch (NumberFormatException e) {
            return text;
        }
    }
}
