package dev.peregrine.fields;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** proc/user/fd/container fields compared with sysdig 0.29.3 on captures where they are known to match. */
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
        Path cap = Oracle.capture(capture);
        String format = switch (which) {
            case "PROC" -> PROC;
            case "USER" -> USER;
            default -> FD;
        };
        List<String> diff = Oracle.diff(Oracle.sysdig(cap, format, null), Oracle.peregrine(cap, format), 5);
        assertThat(diff).as(String.join("\n", diff)).isEmpty();
    }
}
