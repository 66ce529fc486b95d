package dev.peregrine.app;

import dev.peregrine.fields.FieldRegistry;
import dev.peregrine.scap.EventTable;
import dev.peregrine.testkit.SharedData;
import dev.peregrine.testkit.Sysdig;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code peregrine events -r F [-p FORMAT]} against {@code sysdig -r F [-p FORMAT]} (0.29.3, the oracle) on every
 * shared capture: the lines must be identical. Where sysdig 0.29.3 is too old, the comparison is adapted and the
 * reason is given next to it.
 */
class EventsParityTest {
    /** sysdig 0.29.3 cannot open captures whose section header carries pcapng options. */
    private static final String WITH_SHB_OPTIONS = "curl_google_comments.scap";
    /** The same capture without the options: what the one above must print. */
    private static final String WITHOUT_SHB_OPTIONS = "curl_google.scap";
    /**
     * Events sysdig 0.29.3 shows wrongly, by capture, as a sysdig filter. In docker-k8s-capture.scap, skydns's
     * fd 6 is an IPv6 UDP server socket that later carries IPv4 datagrams: libsinsp then reads the IPv4 tuple
     * (and the protocol) through a C union that still holds the IPv6 server address, and prints aliased bytes.
     */
    private static final Map<String, String> SYSDIG_MISREADS = Map.of(
            "docker-k8s-capture.scap", "proc.pid=4617 and fd.num=6 and evt.num>=10049");

    /**
     * Formats covering the fields sysdig 0.29.3 shares with Peregrine, by class. A leading '*' prints every event,
     * with &lt;NA&gt; for missing values.
     */
    static final List<String> FORMATS = List.of(
            "*%evt.num|%evt.time|%evt.time.s|%evt.datetime|%evt.datetime.s|%evt.rawtime|%evt.rawtime.s"
                    + "|%evt.rawtime.ns|%evt.reltime|%evt.reltime.s|%evt.reltime.ns|%evt.deltatime|%evt.deltatime.s"
                    + "|%evt.deltatime.ns|%evt.dir|%evt.type|%evt.category|%evt.cpu",
            "*%evt.num|%evt.args|%evt.res|%evt.rawres|%evt.failed|%evt.is_io|%evt.is_io_read|%evt.is_io_write"
                    + "|%evt.io_dir|%evt.is_wait|%evt.is_syslog|%evt.count|%evt.count.error|%evt.count.exit"
                    + "|%evt.buflen|%evt.is_open_read|%evt.is_open_write|%evt.is_open_exec|%evt.arg.fd|%evt.arg[0]"
                    + "|%evt.rawarg.res|%evt.buffer|%evt.info",
            "*%evt.num|%proc.pid|%proc.exe|%proc.name|%proc.args|%proc.env|%proc.cmdline|%proc.exeline|%proc.cwd"
                    + "|%proc.nthreads|%proc.nchilds|%proc.ppid|%proc.pname|%proc.pcmdline|%proc.apid[2]"
                    + "|%proc.aname[2]|%proc.aname[1]|%proc.apid[0]|%proc.loginshellid|%proc.duration",
            "*%evt.num|%proc.fdopencount|%proc.fdlimit|%proc.fdusage|%proc.vmsize|%proc.vmrss|%proc.vmswap"
                    + "|%thread.pfmajor|%thread.pfminor|%thread.tid|%thread.ismain|%thread.cgroups"
                    + "|%thread.cgroup.cpuset|%thread.vtid|%proc.vpid|%thread.vmsize|%thread.vmrss|%proc.sid"
                    + "|%proc.sname|%proc.tty|%proc.exepath|%proc.vpgid|%proc.is_exe_writable",
            "*%evt.num|%user.uid|%user.name|%user.homedir|%user.shell|%user.loginuid|%user.loginname|%group.name"
                    + "|%container.id|%container.name|%container.image|%container.image.id|%container.type"
                    + "|%container.privileged|%container.mounts|%container.image.repository|%container.image.tag"
                    + "|%container.image.digest",
            "*%evt.num|%fd.num|%fd.type|%fd.typechar|%fd.name|%fd.directory|%fd.filename|%fd.cip|%fd.sip|%fd.lip"
                    + "|%fd.rip|%fd.cport|%fd.sport|%fd.lport|%fd.rport|%fd.l4proto|%fd.sockfamily|%fd.is_server"
                    + "|%fd.uid|%fd.containername|%fd.containerdirectory|%fd.cproto|%fd.sproto|%fd.lproto"
                    + "|%fd.rproto|%fd.connected|%fd.name_changed",
            "*%evt.num|%fdlist.nums|%fdlist.names|%fdlist.cips|%fdlist.sips|%fdlist.cports|%fdlist.sports",
            "*%evt.num|%evt.latency|%evt.latency.s|%evt.latency.ns|%evt.latency.human|%evt.latency.quantized"
                    + "|%evt.wait_latency|%evt.count.error.file|%evt.count.error.net|%evt.count.error.memory"
                    + "|%evt.count.error.other|%evt.count.procinfo|%evt.count.threadinfo|%evt.buflen.in"
                    + "|%evt.buflen.out|%evt.buflen.file|%evt.buflen.file.in|%evt.buflen.file.out|%evt.buflen.net"
                    + "|%evt.buflen.net.in|%evt.buflen.net.out|%evt.pluginname|%evt.plugininfo"
                    + "|%evt.infra.docker.name|%evt.infra.docker.container.id|%evt.infra.docker.container.name"
                    + "|%evt.infra.docker.container.image",
            // evt.abspath last: e5c53d6 makes a dirfd the event's fd for the fields after it
            "*%evt.num|%evt.type|%fd.name|%evt.abspath|%evt.abspath.src|%evt.abspath.dst",
            // without '*', an event is printed only if every field has a value
            "%evt.num %proc.name %fd.name %evt.arg.name");

    @TestFactory
    List<DynamicTest> defaultLineMatchesSysdig() {
        return perCapture(null);
    }

    @TestFactory
    List<DynamicTest> formatsMatchSysdig() {
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < FORMATS.size(); i++) {
            for (DynamicTest t : perCapture(FORMATS.get(i))) {
                tests.add(DynamicTest.dynamicTest("format " + (i + 1) + " " + t.getDisplayName(), t.getExecutable()));
            }
        }
        return tests;
    }

    /**
     * The events left out by SYSDIG_MISREADS, checked by hand instead: skydns's fd 6 carries the IPv4 datagrams
     * of its recvmsg/sendmsg tuples (172.17.0.7:46162 asking 172.17.0.1:53, docker0's address in the capture's
     * interface list), which is what Peregrine shows for all of them.
     */
    @Test
    void misreadSocketShowsTheTupleItsEventsCarry() throws Exception {
        Path capture = SharedData.upstream("demo-traces/docker-k8s-capture.scap");
        Set<String> skipped = misreadEvents(capture);
        List<String> lines = PrintedEvents.lines(capture, "%evt.num %fd.num %fd.name", SysdigTable.get());
        int checked = 0;
        for (String line : lines) {
            String num = line.substring(0, line.indexOf(' '));
            if (skipped.contains(num) && Long.parseLong(num) <= 10173) {
                assertThat(line).endsWith(" 6 172.17.0.7:46162->172.17.0.1:53");
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(5);
    }

    /**
     * Fields left out of FORMATS because sysdig 0.29.3 prints memory it does not own: group.gid is read as 64 bits
     * from a 32-bit member (the high word is garbage); Peregrine prints the 32-bit gid, which must equal the low
     * word of what sysdig prints.
     */
    @Test
    void groupGidIsTheLowWordOfWhatSysdigPrints() throws Exception {
        Path capture = SharedData.upstream("demo-traces/502Error.scap");
        List<String> theirs = Sysdig.run(capture, "-p", "*%evt.num %group.gid");
        List<String> ours = PrintedEvents.lines(capture, "*%evt.num %group.gid", SysdigTable.get());
        assertThat(ours).hasSameSizeAs(theirs);
        for (int i = 0; i < ours.size(); i++) {
            String[] t = theirs.get(i).split(" ");
            String[] o = ours.get(i).split(" ");
            assertThat(o[0]).isEqualTo(t[0]);
            if (t[1].equals("<NA>")) {
                assertThat(o[1]).isEqualTo("<NA>");
            } else {
                assertThat(Long.parseLong(o[1])).isEqualTo(Long.parseUnsignedLong(t[1]) & 0xFFFFFFFFL);
            }
        }
    }

    @Test
    void formatsCoverAtLeast80Fields() {
        Set<String> fields = new LinkedHashSet<>();
        FieldRegistry registry = FieldRegistry.standard();
        for (String f : FORMATS) {
            for (int i = f.indexOf('%'); i >= 0; i = f.indexOf('%', i + 1)) {
                fields.add(registry.parse(f, i + 1).field().name());
            }
        }
        assertThat(fields).hasSizeGreaterThanOrEqualTo(80);
    }

    private static List<DynamicTest> perCapture(String format) {
        Sysdig.require();
        List<DynamicTest> tests = new ArrayList<>();
        for (Path capture : SharedData.captures()) {
            String name = capture.getFileName().toString();
            if (name.equals(WITH_SHB_OPTIONS)) {
                Path twin = capture.resolveSibling(WITHOUT_SHB_OPTIONS);
                tests.add(DynamicTest.dynamicTest(name + " (as sysdig prints " + WITHOUT_SHB_OPTIONS + ")",
                        () -> PrintedEvents.assertSameLines(sysdig(twin, format),
                                PrintedEvents.lines(capture, format, SysdigTable.get()), name, format)));
            } else {
                // With sysdig's table, newer event types are skipped as sysdig skips them (they are checked
                // against the capture's own metadata in UserAndGroupEventsTest) and newer parameters are not
                // decoded.
                EventTable table = SysdigTable.get();
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    Set<String> skipped = misreadEvents(capture);
                    PrintedEvents.assertSameLines(without(sysdig(capture, format), skipped),
                            without(PrintedEvents.lines(capture, format, table), skipped), name, format);
                }));
            }
        }
        return tests;
    }

    /** The evt.num of events sysdig misreads in this capture (see SYSDIG_MISREADS). */
    private static Set<String> misreadEvents(Path capture) {
        String filter = SYSDIG_MISREADS.get(capture.getFileName().toString());
        if (filter == null) {
            return Set.of();
        }
        Set<String> nums = new HashSet<>(Sysdig.run(capture, "-p", "%evt.num", filter));
        assertThat(nums).as("events excluded from %s", capture.getFileName()).isNotEmpty().hasSizeLessThan(200);
        return nums;
    }

    /** The lines whose first token (evt.num in every format compared) is not in {@code skipped}. */
    private static List<String> without(List<String> lines, Set<String> skipped) {
        if (skipped.isEmpty()) {
            return lines;
        }
        List<String> kept = new ArrayList<>(lines.size());
        for (String line : lines) {
            int end = 0;
            while (end < line.length() && Character.isDigit(line.charAt(end))) {
                end++;
            }
            if (!skipped.contains(line.substring(0, end))) {
                kept.add(line);
            }
        }
        return kept;
    }

    private static List<String> sysdig(Path capture, String format) {
        return format == null ? Sysdig.run(capture) : Sysdig.run(capture, "-p", format);
    }
}
