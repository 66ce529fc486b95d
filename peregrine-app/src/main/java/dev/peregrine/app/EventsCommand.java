package dev.peregrine.app;

import dev.peregrine.config.ContainerEngines;
import dev.peregrine.container.ContainerMetadataService;
import dev.peregrine.driver.BpfException;
import dev.peregrine.driver.LiveCapture;
import dev.peregrine.app.falco.InterestingSyscalls;
import dev.peregrine.fields.FieldRegistry;
import dev.peregrine.inspector.Inspector;
import dev.peregrine.inspector.LiveSource;
import dev.peregrine.scap.CaptureWriter;
import dev.peregrine.scap.EventTable;
import dev.peregrine.fields.OutputFormat;
import dev.peregrine.scap.CaptureFormatException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import dev.peregrine.filter.FilterSyntaxException;
import dev.peregrine.filter.eval.Filter;
import dev.peregrine.filter.eval.FilterCheckException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** {@code peregrine events}: prints a capture's events one per line, like {@code sysdig -r}. */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = "Print the events of a capture (-r) or of the live machine (no -r; root and BPF needed), "
                + "one per line, as sysdig does.")
public final class EventsCommand implements Callable<Integer> {
    /** sysdig's default line; the leading '*' prints events even when a field has no value. */
    public static final String DEFAULT_FORMAT =
            "*%evt.num %evt.outputtime %evt.cpu %proc.name (%thread.tid) %evt.dir %evt.type %evt.info";

    @Spec
    CommandSpec spec;

    @Option(names = {"-r", "--read"}, paramLabel = "FILE",
            description = "Capture file to read (without it: live events from the eBPF driver).")
    Path capture;

    @Option(names = {"-p", "--print"}, paramLabel = "FORMAT",
            description = "Output format, e.g. \"%%evt.num %%proc.name %%fd.name\" (a leading * prints events "
                    + "whose fields lack values too).")
    String format;

    @Option(names = {"-n", "--numevents"}, paramLabel = "N", description = "Stop after N events.")
    long limit = -1;

    @Option(names = {"-w", "--write"}, paramLabel = "OUT", description = "Also write the events read to a capture.")
    Path writeTo;

    @Parameters(paramLabel = "FILTER", arity = "0..*",
            description = "Only show events matching this filter (Falco's condition language), e.g. "
                    + "\"evt.type=open and fd.name startswith /etc\".")
    List<String> filterWords = List.of();

    /** Every field; a run of this command starts building them on another thread before its arguments are read. */
    private final Supplier<FieldRegistry> fields;
    /** Where errors go when picocli did not build the command (see fromPlainArguments). */
    private PrintWriter plainErr;

    public EventsCommand() {
        this(FieldRegistry::standard);
    }

    EventsCommand(Supplier<FieldRegistry> fields) {
        this.fields = fields;
    }

    /**
     * The command's settings read straight from {@code args[from..]} when they hold nothing but its options
     * ({@code -r/--read, -p/--print, -n/--numevents, -w/--write}, each once, with its value) and filter words; null
     * for anything else (help, a malformed or repeated option, {@code --}, a word starting with '-'), which picocli
     * then parses and reports. A replay starts 40 ms sooner without building picocli's model of every command;
     * EventsPlainArgumentsTest checks both read the same settings.
     */
    static EventsCommand fromPlainArguments(String[] args, int from, Supplier<FieldRegistry> fields,
                                            PrintWriter err) {
        EventsCommand c = new EventsCommand(fields);
        c.plainErr = err;
        List<String> words = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("-")) {
                words.add(a);
                continue;
            }
            int eq = a.indexOf('=');
            String name = a.startsWith("--") && eq > 0 ? a.substring(0, eq) : a;
            String value;
            if (name.length() < a.length()) {
                value = a.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                return null;
            }
            String option = switch (name) {
                case "-r", "--read" -> "read";
                case "-p", "--print" -> "print";
                case "-n", "--numevents" -> "numevents";
                case "-w", "--write" -> "write";
                default -> null;
            };
            if (option == null || !seen.add(option) || value.startsWith("-")) {
                return null;
            }
            switch (option) {
                case "read" -> c.capture = Path.of(value);
                case "print" -> c.format = value;
                case "write" -> c.writeTo = Path.of(value);
                default -> {
                    try {
                        c.limit = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        return null;
                    }
                }
            }
        }
        c.filterWords = List.copyOf(words);
        return c;
    }

    /** True when the command line reads a capture (-r, --read) rather than the live machine. */
    static boolean readsCapture(String[] args) {
        for (String a : args) {
            if (a.equals("-r") || a.equals("--read") || a.startsWith("--read=")) {
                return true;
            }
        }
        return false;
    }

    private PrintWriter err() {
        return spec != null ? spec.commandLine().getErr() : plainErr;
    }

    private static void flushQuietly(StdoutSink out) {
        try {
            out.flush();
        } catch (IOException e) {
            // the output is gone; the error message goes to stderr anyway
        }
    }

    private int live(OutputFormat compiled, Filter filter) {
        String why = LiveCapture.unavailableReason();
        if (why != null) {
            err().println("peregrine: cannot capture live events: " + why
                    + " (read a capture with -r FILE)");
            return 1;
        }
        // every syscall, unless the filter names the event types it wants (then those and the state's); not
        // Peregrine's own: printing events would make events of its own, without end
        Set<String> syscalls = InterestingSyscalls.forFilter(filter);
        AtomicBoolean stop = new AtomicBoolean();
        StdoutSink out = new StdoutSink();
        PrintWriter err = err();
        try (Signals signals = Signals.onStop(() -> stop.set(true));
             Inspector inspector = new Inspector(LiveSource.openIgnoringItself(syscalls, Duration.ofMillis(100)));
             ContainerMetadataService containers = ContainerMetadataService.start(ContainerEngines.defaults(),
                     inspector::inject, w -> warn(err, w));
             CaptureWriter writer = writeTo == null ? null : CaptureWriter.open(writeTo, 1, 2,
                     ((LiveSource) inspector.source()).metadataBlocks())) {
            // containers' metadata enters as container events, which -w records
            inspector.state().onNewContainer(containers::lookup);
            EventPrinter.print(inspector, writer, compiled, filter, limit, out, stop::get);
            out.flush();
            return 0;
        } catch (StdoutSink.Closed e) {
            return 0;
        } catch (BpfException | IOException | CaptureFormatException e) {
            flushQuietly(out);
            err().println("peregrine: cannot capture live events: " + e.getMessage());
            return 1;
        }
    }

    private static void warn(PrintWriter err, String warning) {
        synchronized (err) {
            err.println("peregrine: " + warning);
            err.flush();
        }
    }

    @Override
    public Integer call() {
        if (capture == null || !Files.isReadable(capture)) {
            Compiled compiled = compile();
            if (compiled == null) {
                return 1;
            }
            if (capture == null) {
                return live(compiled.format(), compiled.filter());
            }
            err().println("peregrine: cannot read " + capture + ": "
                    + (Files.exists(capture) ? "permission denied" : "no such file"));
            return 1;
        }
        StdoutSink out = new StdoutSink();
        // the capture is opened and its process table loaded while the event table and the fields are built on the
        // other thread
        try (EventPrinter.OpenCapture open = EventPrinter.open(capture, writeTo, EventTable::get)) {
            Compiled compiled = compile();
            if (compiled == null) {
                return 1;
            }
            open.print(compiled.format(), compiled.filter(), limit, out);
            out.flush();
            return 0;
        } catch (StdoutSink.Closed e) {
            return 0;
        } catch (CaptureFormatException e) {
            flushQuietly(out);
            err().println("peregrine: " + e.getMessage());
            return 1;
        } catch (NoSuchFileException e) {
            flushQuietly(out);
            err().println("peregrine: no such file: " + e.getFile());
            return 1;
        } catch (IOException e) {
            flushQuietly(out);
            err().println("peregrine: " + e.getMessage());
            return 1;
        }
    }

    /** The output format and the filter (null: none), compiled with every field. */
    private record Compiled(OutputFormat format, Filter filter) {
    }

    /** Compiles the format and the filter; null, with the error printed, when either is wrong. */
    private Compiled compile() {
        FieldRegistry registry = fields.get();
        OutputFormat compiled;
        try {
            compiled = OutputFormat.compile(format == null ? DEFAULT_FORMAT : format, registry);
        } catch (IllegalArgumentException e) {
            err().println("peregrine: bad format \"" + format + "\": " + e.getMessage());
            return null;
        }
        Filter filter = null;
        if (!filterWords.isEmpty()) {
            String text = String.join(" ", filterWords);
            try {
                filter = Filter.compile(text, registry);
            } catch (FilterSyntaxException | FilterCheckException e) {
                err().println("peregrine: bad filter: " + e.getMessage());
                return null;
            }
        }
        return new Compiled(compiled, filter);
    }
}
