package dev.peregrine.app;

import dev.peregrine.fields.FieldRegistry;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code peregrine events} reads its plain arguments without picocli (a faster start); whatever that reader accepts
 * must give the settings picocli gives, and whatever it leaves to picocli must be help, an error or an unusual form.
 */
class EventsPlainArgumentsTest {
    private static final Supplier<FieldRegistry> NO_FIELDS = () -> {
        throw new AssertionError("not needed to read arguments");
    };

    private static final List<List<String>> READ_WITHOUT_PICOCLI = List.of(
            List.of("-r", "a.scap"),
            List.of("--read", "a.scap", "-n", "100"),
            List.of("--read=a.scap", "--numevents=7", "--print=%evt.num %proc.name"),
            List.of("-r", "a.scap", "-p", "*%evt.num", "evt.type=open", "and", "fd.name", "startswith", "/etc"),
            List.of("evt.type=execve", "-r", "a.scap", "-w", "out.scap"),
            List.of("-r", "a b.scap", "proc.name in (bash, sh)"),
            List.of());

    private static final List<List<String>> LEFT_TO_PICOCLI = List.of(
            List.of("--help"), List.of("-h"), List.of("-V"),
            List.of("-r"), List.of("-r", "a.scap", "-r", "b.scap"), List.of("-n", "ten"), List.of("-n", "-1"),
            List.of("-x"), List.of("--", "-r"), List.of("-ra.scap"), List.of("-n=5"), List.of("-p", "-%evt.num"));

    @Test
    void acceptedArgumentsGiveTheSettingsPicocliGives() {
        for (List<String> args : READ_WITHOUT_PICOCLI) {
            String[] argv = args.toArray(String[]::new);
            String[] full = new String[argv.length + 1];
            full[0] = "events";
            System.arraycopy(argv, 0, full, 1, argv.length);
            EventsCommand plain = EventsCommand.fromPlainArguments(full, 1, NO_FIELDS, new PrintWriter(new StringWriter()));
            assertThat(plain).as("read without picocli: %s", args).isNotNull();
            EventsCommand parsed = new EventsCommand(NO_FIELDS);
            new CommandLine(parsed).parseArgs(argv);
            assertThat(List.of(String.valueOf(plain.capture), String.valueOf(plain.format), plain.limit,
                    String.valueOf(plain.writeTo), plain.filterWords))
                    .as("%s", args)
                    .isEqualTo(List.of(String.valueOf(parsed.capture), String.valueOf(parsed.format), parsed.limit,
                            String.valueOf(parsed.writeTo), parsed.filterWords));
        }
    }

    @Test
    void helpErrorsAndUnusualFormsGoToPicocli() {
        for (List<String> args : LEFT_TO_PICOCLI) {
            String[] full = new String[args.size() + 1];
            full[0] = "events";
            for (int i = 0; i < args.size(); i++) {
                full[i + 1] = args.get(i);
            }
            assertThat(EventsCommand.fromPlainArguments(full, 1, NO_FIELDS, new PrintWriter(new StringWriter())))
                    .as("%s", args).isNull();
        }
    }

    @Test
    void picocliStillAnswersHelpAndReportsBadOptions() {
        StringWriter err = new StringWriter();
        int status = Main.run(new PrintWriter(err, true), "events", "-n", "ten");
        assertThat(status).isNotZero();
        assertThat(err.toString()).contains("'ten'");
    }
}
