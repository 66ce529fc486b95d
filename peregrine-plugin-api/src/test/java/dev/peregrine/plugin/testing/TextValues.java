package dev.peregrine.plugin.testing;

import dev.peregrine.plugin.FieldSink;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A field sink for plugins' tests: every value extracted, as text. */
public final class TextValues implements FieldSink {
    private final List<String> values = new ArrayList<>();

    public List<String> values() {
        return values;
    }

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
}
