package dev.peregrine.fields;

import dev.peregrine.scap.synthetic.ShellMachine;
import dev.peregrine.scap.synthetic.SyntheticCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static dev.peregrine.scap.synthetic.ShellMachine.HOME;
import static dev.peregrine.scap.synthetic.ShellMachine.SHELL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** The evt.* fields (libsinsp e5c53d6 definitions, libs HEAD's for the fields added since) on synthetic events. */
class EvtFieldsTest {
    /** PPM_O_* flags. */
    private static final int O_RDONLY = 1, O_WRONLY = 1 << 1, O_CREAT = 1 << 2;
    private static final long START = SyntheticCapture.START_NS;

    @TempDir
    Path dir;

    /**
     * 1-2 open succeeds, 3-4 open fails, 5-6 read, 7 a write on the shell's stdout without its enter (as a live
     * driver sends it), 8 a container event.
     */
    private static SyntheticCapture session() {
        SyntheticCapture c = ShellMachine.capture();
        c.enter(SHELL, "open").set("name", "todo.txt").set("flags", O_RDONLY).at(START);
        c.exit(SHELL, "open").set("fd", 5L).set("name", "todo.txt").set("flags", O_RDONLY).at(START + 2_500);
        c.enter(SHELL, "open").set("name", "/etc/new").set("flags", O_WRONLY | O_CREAT).at(START + 1_000_000_000L);
        c.exit(SHELL, "open").set("fd", -2L).set("name", "/etc/new").set("flags", O_WRONLY | O_CREAT).cpu(3);
        c.enter(SHELL, "read").set("fd", 5L).set("size", 64);
        c.exit(SHELL, "read").set("res", 5L).set("data", "hello".getBytes(StandardCharsets.UTF_8)).set("fd", 5L);
        c.exit(SHELL, "write").set("res", 3L).set("data", "ok\n".getBytes(StandardCharsets.UTF_8)).set("fd", 1L);
        c.enter(0, "container").set("json", "{\"container\":{\"id\":\"abc\"}}");
        return c;
    }

    @Test
    void identityAndTimes() throws Exception {
        try (FieldReplay r = FieldReplay.of(session(), dir)) {
            r.next();
            assertThat(r.values("evt.num", "evt.type", "evt.dir", "evt.category", "evt.cpu", "evt.source",
                    "evt.hostname", "evt.rawtime", "evt.reltime.ns", "evt.deltatime.ns", "evt.time", "evt.datetime",
                    "evt.time.iso8601", "evt.is_async"))
                    .containsExactly(entry("evt.num", "1"), entry("evt.type", "open"), entry("evt.dir", ">"),
                            entry("evt.category", "file"), entry("evt.cpu", "0"), entry("evt.source", "syscall"),
                            entry("evt.hostname", "synthetic"), entry("evt.rawtime", Long.toString(START)),
                            entry("evt.reltime.ns", "000000000"), entry("evt.deltatime.ns", "000000000"),
                            entry("evt.time", "22:13:20.000000000"),
                            entry("evt.datetime", "2023-11-14 22:13:20.000000000"),
                            entry("evt.time.iso8601", "2023-11-14T22:13:20.000000000Z"),
                            entry("evt.is_async", "false"));
            r.next();
            assertThat(r.values("evt.num", "evt.dir", "evt.reltime.ns", "evt.deltatime.ns", "evt.latency",
                    "evt.rawtime.s", "evt.rawtime.ns"))
                    .containsExactly(entry("evt.num", "2"), entry("evt.dir", "<"),
                            entry("evt.reltime.ns", "000002500"), entry("evt.deltatime.ns", "000002500"),
                            entry("evt.latency", "2500"), entry("evt.rawtime.s", "1700000000"),
                            entry("evt.rawtime.ns", "000002500"));
            r.next();
            assertThat(r.values("evt.deltatime.s", "evt.deltatime.ns")).containsExactly(entry("evt.deltatime.s", "0"),
                    entry("evt.deltatime.ns", "999997500"));
            r.next();
            // fractions of a second print as nine digits
            assertThat(r.values("evt.cpu", "evt.reltime.s", "evt.deltatime.ns"))
                    .containsExactly(entry("evt.cpu", "3"), entry("evt.reltime.s", "1"),
                            entry("evt.deltatime.ns", "001000000"));
        }
    }

    @Test
    void resultsAndArguments() throws Exception {
        try (FieldReplay r = FieldReplay.of(session(), dir)) {
            r.next();
            // an enter event has no result; a relative path argument reads resolved against the cwd; e5c53d6
            // tells open modes on exits only
            assertThat(r.values("evt.res", "evt.rawres", "evt.failed", "evt.arg.name", "evt.is_open_read"))
                    .containsExactly(entry("evt.res", null), entry("evt.rawres", null), entry("evt.failed", "false"),
                            entry("evt.arg.name", HOME + "/todo.txt"), entry("evt.is_open_read", "false"));
            r.next();
            // an fd argument reads as the fd's name
            assertThat(r.values("evt.res", "evt.rawres", "evt.failed", "evt.count.error", "evt.arg.fd",
                    "evt.rawarg.fd", "evt.arg[0]", "evt.is_open_read", "evt.is_open_write", "evt.is_open_create"))
                    .containsExactly(entry("evt.res", "SUCCESS"), entry("evt.rawres", "5"),
                            entry("evt.failed", "false"), entry("evt.count.error", null),
                            entry("evt.arg.fd", "<f>" + HOME + "/todo.txt"), entry("evt.rawarg.fd", "5"),
                            entry("evt.arg[0]", "<f>" + HOME + "/todo.txt"), entry("evt.is_open_read", "true"),
                            entry("evt.is_open_write", "false"), entry("evt.is_open_create", "false"));
            r.skip(2);
            assertThat(r.values("evt.res", "evt.rawres", "evt.failed", "evt.count.error", "evt.count.error.file",
                    "evt.is_open_write", "evt.is_open_create", "evt.count.exit"))
                    .containsExactly(entry("evt.res", "ENOENT"), entry("evt.rawres", "-2"),
                            entry("evt.failed", "true"), entry("evt.count.error", "1"),
                            entry("evt.count.error.file", "1"), entry("evt.is_open_write", "true"),
                            entry("evt.is_open_create", "true"), entry("evt.count.exit", "1"));
            assertThat(r.filterValue("evt.rawres")).isEqualTo("-2");
        }
    }

    @Test
    void inputAndOutput() throws Exception {
        try (FieldReplay r = FieldReplay.of(session(), dir)) {
            r.skip(5);
            assertThat(r.values("evt.is_io", "evt.is_io_read", "evt.io_dir", "evt.buflen")).containsExactly(
                    entry("evt.is_io", "true"), entry("evt.is_io_read", "true"), entry("evt.io_dir", "read"),
                    entry("evt.buflen", null));
            r.next();
            assertThat(r.values("evt.is_io_read", "evt.is_io_write", "evt.io_dir", "evt.buflen", "evt.buffer",
                    "evt.buflen.in", "evt.buflen.file.in", "evt.buflen.net"))
                    .containsExactly(entry("evt.is_io_read", "true"), entry("evt.is_io_write", "false"),
                            entry("evt.io_dir", "read"), entry("evt.buflen", "5"), entry("evt.buffer", "hello"),
                            entry("evt.buflen.in", "5"), entry("evt.buflen.file.in", "5"),
                            entry("evt.buflen.net", null));
            r.next();
            assertThat(r.values("evt.is_io_write", "evt.io_dir", "evt.buflen", "evt.buflen.out", "evt.is_wait"))
                    .containsExactly(entry("evt.is_io_write", "true"), entry("evt.io_dir", "write"),
                            entry("evt.buflen", "3"), entry("evt.buflen.out", "3"), entry("evt.is_wait", "false"));
            r.next();
            // container metadata is asynchronous, and libs HEAD names its kind
            assertThat(r.values("evt.type", "evt.is_async", "evt.asynctype", "evt.res"))
                    .containsExactly(entry("evt.type", "container"), entry("evt.is_async", "true"),
                            entry("evt.asynctype", "container"), entry("evt.res", null));
        }
    }
}
