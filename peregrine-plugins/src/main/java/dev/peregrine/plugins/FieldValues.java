package dev.peregrine.plugins;

import dev.peregrine.fields.TextBuffer;
import dev.peregrine.fields.TextList;
import dev.peregrine.plugin.FieldSink;
import dev.peregrine.plugin.PluginField;

import java.nio.charset.StandardCharsets;

/**
 * A plugin field's values for one event, as the plugin gives them: kept as text items (numbers in decimal,
 * booleans as true/false, as libsinsp prints them) and, for numeric types, the first value as a number.
 */
final class FieldValues implements FieldSink {
    private final PluginField.Type type;
    final TextList items = new TextList();
    long firstNumber;
    private final TextBuffer scratch = new TextBuffer(32);

    FieldValues(PluginField.Type type) {
        this.type = type;
    }

    void clear() {
        items.clear();
    }

    int count() {
        return items.size();
    }

    boolean numeric() {
        return type == PluginField.Type.UINT64 || type == PluginField.Type.RELTIME
                || type == PluginField.Type.ABSTIME || type == PluginField.Type.BOOL;
    }

    @Override
    public void text(CharSequence value) {
        if (numeric()) {
            numberFromText(value.toString());
            return;
        }
        byte[] b = value.toString().getBytes(StandardCharsets.UTF_8);
        items.add(b);
    }

    @Override
    public void text(byte[] value, int offset, int length) {
        if (numeric()) {
            numberFromText(new String(value, offset, length, StandardCharsets.UTF_8));
            return;
        }
        TextBuffer buf = items.buffer();
        buf.appendBytes(value, offset, length);
        items.close();
    }

    @Override
    public void number(long value) {
        if (type == PluginField.Type.BOOL) {
            bool(value != 0);
            return;
        }
        if (items.size() == 0) {
            firstNumber = value;
        }
        scratch.reset();
        scratch.appendUnsigned(value);
        items.add(scratch);
    }

    @Override
    public void bool(boolean value) {
        if (items.size() == 0) {
            firstNumber = value ? 1 : 0;
        }
        items.add(value ? TRUE : FALSE);
    }

    /** A numeric field given as text: taken when it reads as its type, else ignored (no value). */
    private void numberFromText(String s) {
        String t = s.strip();
        if (type == PluginField.Type.BOOL) {
            if (t.equals("true") || t.equals("false")) {
                bool(t.equals("true"));
            }
            return;
        }
        try {
            number(Long.parseUnsignedLong(t));
        } catch (NumberFormatException e) {
            // not a number: the field has no value
        }
    }

    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
}
