package dev.peregrine.fields;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A compiled output format such as {@code "%evt.num %proc.name (%thread.tid)"}: literal text and field
 * extractors, rendered into a {@link TextBuffer} with {@code <NA>} for fields without a value.
 */
public final class OutputFormat {
    private static final byte[] NA = "<NA>".getBytes(StandardCharsets.US_ASCII);

    private final byte[][] literals;
    private final Extractor[] fields;
    private final boolean printAll;

    private OutputFormat(byte[][] literals, Extractor[] fields, boolean printAll) {
        this.literals = literals;
        this.fields = fields;
        this.printAll = printAll;
    }

    /**
     * Compiles a format. As in sysdig, a format starting with {@code *} prints every event; otherwise an event is
     * printed only when all of the format's fields have a value ({@link #render} returns false).
     */
    public static OutputFormat compile(String format, FieldRegistry registry) {
        boolean all = format.startsWith("*");
        String f = all ? format.substring(1) : format;
        List<byte[]> lits = new ArrayList<>();
        List<Extractor> exts = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        int i = 0;
        while (i < f.length()) {
            char c = f.charAt(i);
            if (c == '%' && i + 1 < f.length() && FieldRegistry.isNameChar(f.charAt(i + 1))) {
                FieldRegistry.Reference ref = registry.parse(f, i + 1);
                lits.add(lit.toString().getBytes(StandardCharsets.UTF_8));
                lit.setLength(0);
                exts.add(ref.extractor());
                i = ref.end();
            } else {
                lit.append(c);
                i++;
            }
        }
        lits.add(lit.toString().getBytes(StandardCharsets.UTF_8));
        return new OutputFormat(lits.toArray(new byte[0][]), exts.toArray(new Extractor[0]), all);
    }

    /**
     * Renders the format for the current event.
     *
     * @return false if some field had no value and the format does not print every event
     */
    public boolean render(EventContext ctx, TextBuffer out) {
        boolean complete = true;
        for (int i = 0; i < fields.length; i++) {
            out.appendBytes(literals[i]);
            if (!fields[i].print(ctx, out)) {
                out.appendBytes(NA);
                complete = false;
            }
        }
        out.appendBytes(literals[fields.length]);
        return complete || printAll;
    }
}
