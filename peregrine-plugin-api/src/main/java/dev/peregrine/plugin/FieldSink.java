package dev.peregrine.plugin;

/**
 * Receives the values of a field for one event, in the field's type: {@link #text} for strings, {@link #number}
 * for uint64, reltime and abstime, {@link #bool} for bool, {@link #text} with the address's usual notation for
 * ipaddr and ipnet. A list field calls once per item.
 */
public interface FieldSink {
    void text(CharSequence value);

    /** UTF-8 bytes {@code [offset, offset + length)} of {@code value}, copied. */
    void text(byte[] value, int offset, int length);

    void number(long value);

    void bool(boolean value);
}
