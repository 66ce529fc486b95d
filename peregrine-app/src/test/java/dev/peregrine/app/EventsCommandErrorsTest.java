package dev.peregrine.app;

import dev.peregrine.testkit.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input to {@code peregrine events}: a clear message naming the cause, exit status 1, no stack trace. */
class EventsCommandErrorsTest {
    @TempDir
    Path tmp;

    private record Result(int status, String err) {
    }

    private static Result run(String... args) {
        StringWriter err = new StringWriter();
        int status = Main.run(new PrintWriter(err, true), args);
        return new Result(status, err.toString());
    }

    private static void assertNoStackTrace(Result r) {
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("at dev.peregrine");
    }

    @Test
    void truncatedCaptureNamesFileOffsetAndEventsRead() throws Exception {
        byte[] whole;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(
                SharedData.upstream("falco-legacy-tests/trace_files/cat_write.scap")))) {
            whole = in.readAllBytes();
        }
        Path cut = tmp.resolve("cut.scap");
        Files.write(cut, Arrays.copyOf(whole, whole.length - 10));
        Result r = run("events", "-r", cut.toString(), "-p", "%evt.num");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains(cut.toString()).contains("truncated").contains("byte offset")
                .containsPattern("after \\d+ events");
        assertNoStackTrace(r);
    }

    @Test
    void randomBytesAreNotACapture() throws Exception {
        Path junk = tmp.resolve("junk.scap");
        byte[] b = new byte[4096];
        new java.util.Random(42).nextBytes(b);
        Files.write(junk, b);
        Result r = run("events", "-r", junk.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("not a capture file").contains("byte offset 0");
        assertNoStackTrace(r);
    }

    @Test
    void missingFile() {
        Result r = run("events", "-r", tmp.resolve("nope.scap").toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("nope.scap").contains("no such file");
        assertNoStackTrace(r);
    }

    @Test
    void unknownFieldInFormat() {
        Result r = run("events", "-r", tmp.resolve("any.scap").toString(), "-p", "%evt.num %proc.nmae");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("unknown field 'proc.nmae'").contains("position");
        assertNoStackTrace(r);
    }
}
