package dev.peregrine.app;

import dev.peregrine.fields.FieldRegistry;
import dev.peregrine.fields.OutputFormat;
import dev.peregrine.scap.EventTable;
import dev.peregrine.testkit.SharedData;
import dev.peregrine.testkit.Sysdig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code peregrine events -r F -w OUT}: sysdig and Peregrine print the same lines for OUT as for F. */
class WriteCaptureTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"falco-legacy-tests/trace_files/cat_write.scap", "libs-traces/sample.scap",
            "demo-traces/502Error.scap", "libs-traces/single_ipv6_conn.scap"})
    void writtenCaptureReadsTheSame(String relative) throws Exception {
        Path original = SharedData.upstream(relative);
        Path written = tmp.resolve("out.scap");
        OutputFormat format = OutputFormat.compile(EventsCommand.DEFAULT_FORMAT, FieldRegistry.standard());
        long events = new EventPrinter(original, format, -1, written).run(OutputStream.nullOutputStream());
        assertThat(events).isPositive();

        assertThat(Sysdig.run(written)).isEqualTo(Sysdig.run(original));
        assertThat(PrintedEvents.lines(written, null, EventTable.get()))
                .isEqualTo(PrintedEvents.lines(original, null, EventTable.get()));
    }
}
