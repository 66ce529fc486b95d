package dev.peregrine.fields;

import dev.peregrine.scap.CaptureReader;
import dev.peregrine.scap.EventView;
import dev.peregrine.state.SystemState;
import dev.peregrine.testkit.SharedData;
import dev.peregrine.testkit.Sysdig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * proc/user/fd/container fields compared with sysdig 0.29.3 on a few small captures, through this module's API
 * alone (no app module): a quick check that fails here, next to the code. peregrine-app's EventsParityTest
 * compares whole formats on every shared capture.
 */
class SysdigDifferentialTest {
    private static final String PROC = "%evt.num %proc.name|%proc.pid|%proc.ppid|%proc.pname|%thread.tid|%thread.vtid"
            + "|%proc.vpid|%proc.exe|%proc.args|%proc.cmdline|%proc.exeline|%proc.cwd|%proc.nthreads|%proc.nchilds"
            + "|%thread.ismain|%proc.duration|%proc.tty|%proc.exepath|%proc.loginshellid|%proc.aname[1]|%proc.apid[3]"
            + "|%proc.pcmdline|%proc.fdopencount|%proc.fdlimit|%proc.fdusage|%proc.vmsize|%thread.pfminor"
            + "|%proc.is_exe_writable|%thread.nametid";
    private static final String USER = "%evt.num %user.uid|%user.name|%user.homedir|%user.shell|%user.loginuid"
            + "|%user.loginname|%group.name|%container.id|%container.name|%container.type|%container.image";
    private static final String FD = "%evt.num %evt.type %fd.num|%fd.type|%fd.typechar|%fd.name|%fd.directory"
            + "|%fd.filename|%fd.cip|%fd.sip|%fd.lip|%fd.rip|%fd.cport|%fd.sport|%fd.lport|%fd.rport|%fd.l4proto"
            + "|%fd.sockfamily|%fd.is_server|%fd.uid|%fd.containername|%fd.connected|%fd.sproto|%fdlist.names";

    @ParameterizedTest
    @CsvSource({
            "libs-traces/curl_google.scap, PROC",
            "libs-traces/single_ipv6_conn.scap, PROC",
            "falco-legacy-tests/trace_files/cat_write.scap, PROC",
            "falco-legacy-tests/trace_files/syscall.scap, PROC",
            "falco-legacy-tests/trace_files/open-multiple-files.scap, USER",
            "falco-legacy-tests/trace_files/connect_localhost.scap, FD",
            "falco-legacy-tests/trace_files/cat_write.scap, FD",
    })
    void matchesSysdig(String capture, String which) throws Exception {
        Path cap = SharedData.upstream(capture);
        Sysdig.require();
        // a leading '*' prints every event, with <NA> for missing values
        String format = "*" + switch (which) {
            case "PROC" -> PROC;
            case "USER" -> USER;
            default -> FD;
        };
        Sysdig.assertSameLines(Sysdig.run(cap, "-p", format), peregrine(cap, format), capture + " " + which);
    }

    /** Peregrine's lines for the format over the events sysdig shows, decoded as Sysdig decodes its output. */
    private static List<String> peregrine(Path capture, String format) throws Exception {
        OutputFormat f = OutputFormat.compile(format, FieldRegistry.standard());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CaptureReader reader = CaptureReader.open(capture)) {
            SystemState state = new SystemState(reader.metadata());
            EventView event = new EventView();
            EventContext ctx = new EventContext(state, event);
            TextBuffer line = new TextBuffer(1024);
            long num = 0;
            boolean started = false;
            while (reader.next(event)) {
                num++;
                state.process(event);
                ctx.advance(num);
                // sysdig never returns a capture's leading container events (libsinsp reads them at open)
                started |= !HiddenEvents.isContainerEvent(event.type());
                if (HiddenEvents.isHidden(event) || !started || state.filteredOut()) {
                    continue;
                }
                line.reset();
                f.render(ctx, line);
                line.append('\n');
                line.writeTo(out);
            }
        }
        return Sysdig.lines(out.toString(StandardCharsets.ISO_8859_1));
    }
}
