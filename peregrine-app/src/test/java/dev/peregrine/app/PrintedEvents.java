package dev.peregrine.app;

import dev.peregrine.fields.FieldRegistry;
import dev.peregrine.fields.OutputFormat;
import dev.peregrine.scap.EventTable;
import dev.peregrine.testkit.Sysdig;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code peregrine events -r CAPTURE [-p FORMAT]} prints, and the line-by-line comparison of two outputs. */
final class PrintedEvents {
    private PrintedEvents() {
    }

    /** Fails at the first differing line (showing both), then on a different line count. */
    static void assertSameLines(List<String> expected, List<String> actual, String capture, String format) {
        int n = Math.min(expected.size(), actual.size());
        for (int i = 0; i < n; i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                assertThat(actual.get(i)).as("line %d of %s, format %s", i + 1, capture, format)
                        .isEqualTo(expected.get(i));
            }
        }
        assertThat(actual.size()).as("line count of %s, format %s", capture, format).isEqualTo(expected.size());
    }

    /**
     * The lines {@code peregrine events -r capture [-p format]} prints (format null: the default line), decoding with
     * {@code table}, as {@link Sysdig} decodes sysdig's output.
     */
    static List<String> lines(Path capture, String format, EventTable table) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OutputFormat f = OutputFormat.compile(format == null ? EventsCommand.DEFAULT_FORMAT : format,
                FieldRegistry.standard());
        new EventPrinter(capture, f, -1, null, table, null).run(out);
        return Sysdig.lines(out.toString(StandardCharsets.ISO_8859_1));
    }
}
