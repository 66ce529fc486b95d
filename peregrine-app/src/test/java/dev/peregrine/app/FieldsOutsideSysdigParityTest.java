package dev.peregrine.app;

import dev.peregrine.fields.EventContext;
import dev.peregrine.fields.FieldRegistry;
import dev.peregrine.fields.OutputFormat;
import dev.peregrine.fields.TextBuffer;
import dev.peregrine.scap.CaptureReader;
import dev.peregrine.scap.CaptureWriter;
import dev.peregrine.scap.EventIds;
import dev.peregrine.scap.EventTable;
import dev.peregrine.scap.EventView;
import dev.peregrine.scap.ThreadEntry;
import dev.peregrine.state.SystemState;
import dev.peregrine.testkit.SharedData;
import dev.peregrine.testkit.Sysdig;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Field checks beyond {@link EventsParityTest}'s plain comparison with sysdig 0.29.3: fields compared with it on
 * the internal events sysdig only shows with -D, and on captures with hand-made events added (docker
 * infrastructure events, container metadata, evt.abspath cases the shared captures lack). Fields sysdig lacks
 * (libs HEAD, libs 0.20.0 and container plugin fields) are checked against values worked out by hand; each check
 * says how.
 */
class FieldsOutsideSysdigParityTest {
    private static final String DOCKER_K8S = "demo-traces/docker-k8s-capture.scap";
    private static final String CAT_WRITE = "falco-legacy-tests/trace_files/cat_write.scap";
    /** sysdig 0.29.3 cannot open this one (see EventsParityTest). */
    private static final String WITH_SHB_OPTIONS = "curl_google_comments.scap";
    /** A container of docker-k8s-capture.scap (k8s-etcd), whose own container event has no JSON metadata. */
    private static final String CONTAINER = "4b44ae6e7bb7";
    private static final String CONTAINER_FULL = "4b44ae6e7bb7e62feae8c9b62595257725af9b33433e2fb7d581a65d27355309";

    @TempDir
    Path tmp;

    // ---- internal events, against sysdig -D

    /**
     * Fields whose interesting values are on internal events (procinfo), which sysdig shows only with -D. (No
     * evt.type: sysdig 0.29.3 names one internal event "sysdigevent" where the current table says "scapevent".)
     */
    private static final String INTERNAL_FORMAT = "*%evt.num|%thread.tid|%evt.count.procinfo"
            + "|%evt.count.threadinfo|%evt.latency|%evt.latency.s|%evt.latency.ns|%evt.latency.human"
            + "|%evt.latency.quantized|%evt.wait_latency|%evt.count.error.other|%evt.buflen.in"
            + "|%evt.infra.docker.name";

    @TestFactory
    List<DynamicTest> internalEventsMatchSysdigDebugOutput() {
        Sysdig.require();
        List<DynamicTest> tests = new ArrayList<>();
        for (Path capture : SharedData.captures()) {
            if (capture.getFileName().toString().equals(WITH_SHB_OPTIONS)) {
                continue;
            }
            tests.add(DynamicTest.dynamicTest(capture.getFileName().toString(), () -> {
                List<String> expected = sysdigDebug(capture, INTERNAL_FORMAT);
                assertThat(expected).as("sysdig -D output").isNotEmpty();
                Sysdig.assertSameLines(expected, allEvents(capture, INTERNAL_FORMAT),
                        capture.getFileName() + " with -D");
            }));
        }
        return tests;
    }

    // ---- hand-made events, against sysdig -D

    /**
     * docker-k8s-capture.scap cut to its first 3000 events, with: container metadata (a CONTAINER_JSON event) for a
     * container its threads are in, then after the real events docker infrastructure events and *at() syscalls
     * with a dirfd that is not a directory, relative and absolute paths, and an unknown fd, for a dockerd thread
     * (tid 3788, whose fd 37 is a file, and whose cwd is "/"). All events have v2 headers: sysdig 0.29.3 reads
     * those as written, while it takes 3 bytes off the length of v1 infra events (a fix for old writers).
     */
    private Path dockerSynthetic() throws Exception {
        Path out = tmp.resolve("docker-synthetic.scap");
        try (CaptureReader r = CaptureReader.open(SharedData.upstream(DOCKER_K8S));
             CaptureWriter w = CaptureWriter.create(out, r)) {
            EventView v = new EventView();
            long ts = 0;
            boolean metadataWritten = false;
            for (int i = 0; i < 3000 && r.next(v); i++) {
                int type = v.type();
                if (!metadataWritten && type != EventIds.CONTAINER_E && type != EventIds.CONTAINER_JSON_E
                        && type != EventIds.CONTAINER_JSON_2_E) {
                    // after the capture's own container events, which would replace it
                    w.write(event(0, -1, EventIds.CONTAINER_JSON_E, containerJson()));
                    metadataWritten = true;
                }
                w.write(v);
                ts = v.timestamp();
            }
            long tid = 3788;
            String desc = "Event: create; ID: " + CONTAINER_FULL + "; name: web ; Image: nginx@sha256:01ab";
            w.write(event(++ts, tid, EventIds.INFRASTRUCTURE_EVENT_E, "docker", "container", desc,
                    "container.id=" + CONTAINER));
            w.write(event(++ts, tid, EventIds.INFRASTRUCTURE_EVENT_E, "docker", "container",
                    "Event:destroy;ID:short;name:db;Image: sha256:5acd1b9bc321", ""));
            w.write(event(++ts, tid, EventIds.INFRASTRUCTURE_EVENT_E, "docker", "image",
                    ";Image: nginx:1.10;;Event:pull", ""));
            // mkdirat(37, "sub/../x.d"): fd 37 is a file; e5c53d6 joins "<fd name>/" and the path
            w.write(event(++ts, tid, EventIds.SYSCALL_MKDIRAT_X, 0L, 37L, "sub/../x.d", 0755));
            // renameat2(AT_FDCWD, "a/./b", 999, "c"): fd 999 does not exist
            w.write(event(++ts, tid, EventIds.SYSCALL_RENAMEAT2_X, 0L, -100L, "a/./b", 999L, "c", 0));
            // symlinkat("target", 37, "link"); fchmodat(37, "/abs/olute", mode)
            w.write(event(++ts, tid, EventIds.SYSCALL_SYMLINKAT_X, 0L, "target", 37L, "link"));
            w.write(event(++ts, tid, EventIds.SYSCALL_FCHMODAT_X, 0L, 37L, "/abs/olute", 0644));
            // a failed openat(37, "rel//name"): its exit keeps dirfd and name
            w.write(event(++ts, tid, EventIds.SYSCALL_OPENAT_2_X, -2L, 37L, "rel//name", 0, 0, 0));
            // old-style unlinkat and linkat enters
            w.write(event(++ts, tid, EventIds.SYSCALL_UNLINKAT_E, -100L, "gone"));
            w.write(event(++ts, tid, EventIds.SYSCALL_UNLINKAT_X, 0L));
            w.write(event(++ts, tid, EventIds.SYSCALL_LINKAT_E, 37L, "old", -100L, "../new"));
            w.write(event(++ts, tid, EventIds.SYSCALL_LINKAT_X, 0L));
        }
        return out;
    }

    private static String containerJson() {
        return "{\"container\":{\"id\":\"" + CONTAINER + "\",\"full_id\":\"" + CONTAINER_FULL + "\",\"type\":0,"
                + "\"name\":\"web\",\"image\":\"nginx:1.10\",\"imageid\":\"5acd1b9bc321\",\"imagerepo\":\"nginx\","
                + "\"imagetag\":\"1.10\",\"imagedigest\":\"\",\"privileged\":false,\"host_pid\":true,"
                + "\"host_network\":false,\"lookup_state\":1,\"Mounts\":[],\"ip\":\"172.17.0.5\","
                + "\"cni_json\":\"{\\\"ips\\\":[\\\"172.17.0.5\\\"]}\","
                + "\"labels\":{\"role\":\"backend\",\"io.kubernetes.pod.name\":\"web-1\",\"annotation.x\":\"y\","
                + "\"empty\":\"\",\"app\":\"web\"}}}";
    }

    @Test
    void handMadeInfraAndAbspathEventsMatchSysdig() throws Exception {
        Sysdig.require();
        Path capture = dockerSynthetic();
        String format = "*%evt.num|%evt.type|%thread.tid|%evt.infra.docker.name|%evt.infra.docker.container.id"
                + "|%evt.infra.docker.container.name|%evt.infra.docker.container.image|%evt.latency"
                + "|%evt.latency.human|%evt.latency.quantized|%container.id|%container.name|%container.image"
                + "|%evt.count.error.file|%evt.abspath|%evt.abspath.src|%evt.abspath.dst";
        List<String> expected = sysdigDebug(capture, format);
        List<String> actual = allEvents(capture, format);
        Sysdig.assertSameLines(expected, actual, "hand-made events");
        // the hand-made events are all there, with values
        List<String> tail = actual.subList(actual.size() - 12, actual.size());
        assertThat(tail.get(0)).contains("|create|" + CONTAINER + "|web|nginx|");
        assertThat(tail.get(1)).contains("|destroy|short|db|sha256:5acd1b9bc321|");
        // "Image: nginx:1.10" keeps the part before the second ':' only; the name has no value
        assertThat(tail.get(2)).contains("|pull|<NA>|<NA>|nginx|");
        assertThat(tail.get(3)).endsWith(
                "|/var/lib/docker/containers/de7157ba23c4463a9202fdce57f02a6455e6d7e0e37508480cbf3dcdcccf494f/"
                        + "de7157ba23c4463a9202fdce57f02a6455e6d7e0e37508480cbf3dcdcccf494f-json.log/x.d"
                        + "|/var/lib/docker/containers/de7157ba23c4463a9202fdce57f02a6455e6d7e0e37508480cbf3dcdcccf494f/"
                        + "de7157ba23c4463a9202fdce57f02a6455e6d7e0e37508480cbf3dcdcccf494f-json.log/x.d"
                        + "|/var/lib/docker/containers/de7157ba23c4463a9202fdce57f02a6455e6d7e0e37508480cbf3dcdcccf494f/"
                        + "de7157ba23c4463a9202fdce57f02a6455e6d7e0e37508480cbf3dcdcccf494f-json.log/x.d");
        assertThat(tail.get(4)).endsWith("|/a/b|/a/b|<UNKNOWN>/c");
    }

    /**
     * fs.path.* (newer than sysdig 0.29.3) on the hand-made path events: raw paths are the events' own
     * arguments; renameat2's source, relative to the working directory "/", resolves as evt.abspath.src does
     * (checked against sysdig above). mkdirat's dirfd 37 is a file, not a directory, so current libs leave its
     * resolved path without a base, unlike evt.abspath: only its raw path is checked.
     */
    @Test
    void fsPathFieldsOfHandMadePathEvents() throws Exception {
        Path capture = dockerSynthetic();
        String format = "*%evt.type|%fs.path.name|%fs.path.nameraw|%fs.path.source|%fs.path.sourceraw"
                + "|%fs.path.target|%fs.path.targetraw|%evt.abspath|%evt.abspath.src|%evt.abspath.dst";
        List<String> all = allEvents(capture, format);
        List<String> tail = all.subList(all.size() - 9, all.size());
        String mkdir = tail.get(0);
        String[] m = mkdir.split("\\|", -1);
        assertThat(m[0]).isEqualTo("mkdirat");
        assertThat(m[2]).isEqualTo("sub/../x.d");
        String[] r = tail.get(1).split("\\|", -1);
        assertThat(r[0]).isEqualTo("renameat2");
        assertThat(r[3]).isEqualTo(r[8]).isEqualTo("/a/b");
        assertThat(r[4]).isEqualTo("a/./b");
        assertThat(r[6]).isEqualTo("c");
    }

    // ---- fields sysdig lacks, hand-checked

    @Test
    void containerMetadataFields() throws Exception {
        Path capture = dockerSynthetic();
        Map<String, String> v = firstLine(capture, "%container.id", CONTAINER, "container.id", "container.full_id",
                "container.labels", "container.label.app", "container.label.io.kubernetes.pod.name",
                "container.label.missing", "container.cni.json", "container.host_pid", "container.host_network",
                "container.host_ipc", "container.start_ts", "container.duration");
        // all from the CONTAINER_JSON event written above
        assertThat(v.get("container.full_id")).isEqualTo(CONTAINER_FULL);
        // sorted by key; annotation.* and io.kubernetes.* left out; a label without value shows its key only
        assertThat(v.get("container.labels")).isEqualTo("app:web, empty, role:backend");
        assertThat(v.get("container.label.app")).isEqualTo("web");
        assertThat(v.get("container.label.io.kubernetes.pod.name")).isEqualTo("web-1");
        assertThat(v.get("container.label.missing")).isEqualTo("<NA>");
        assertThat(v.get("container.cni.json")).isEqualTo("{\"ips\":[\"172.17.0.5\"]}");
        assertThat(v.get("container.host_pid")).isEqualTo("true");
        assertThat(v.get("container.host_network")).isEqualTo("false");
        // the JSON does not say: no value
        assertThat(v.get("container.host_ipc")).isEqualTo("<NA>");
        // these need proc.pidns_init_start_ts, which state does not track from these old events: no value
        assertThat(v.get("container.start_ts")).isEqualTo("<NA>");
        assertThat(v.get("container.duration")).isEqualTo("<NA>");

        // on the host: container.full_id is "host" like container.id; the metadata fields have no value
        Map<String, String> h = firstLine(capture, "%container.id", "host", "container.full_id", "container.labels",
                "container.label.app", "container.cni.json", "container.host_pid");
        assertThat(h).containsEntry("container.full_id", "host").containsEntry("container.labels", "<NA>")
                .containsEntry("container.label.app", "<NA>").containsEntry("container.cni.json", "<NA>")
                .containsEntry("container.host_pid", "<NA>");

        // another container, described only by the capture's own (old, CONTAINER_E) container event: id, type, name
        // and image; no full id, no labels (an empty list), no host namespace flags
        Map<String, String> other = firstLine(capture, "%container.id", "de7157ba23c4", "container.name",
                "container.full_id", "container.labels", "container.host_pid");
        assertThat(other).isNotEmpty().containsEntry("container.full_id", "<NA>")
                .containsEntry("container.labels", "").containsEntry("container.host_pid", "<NA>");
        assertThat(other.get("container.name")).isNotEqualTo("<NA>");
    }

    @Test
    void asyncTypeNamesMetaEvents() throws Exception {
        Path capture = dockerSynthetic();
        List<String> lines = allEvents(capture, "*%evt.num|%evt.type|%evt.is_async|%evt.asynctype", true);
        // libs HEAD gives meta-events (EC_METAEVENT in the event table: the capture's container events and the
        // CONTAINER_JSON one written above, the infra ones) their own name, and no value to syscalls
        assertThat(lines.stream().filter(l -> l.contains("|container|")).toList()).hasSizeGreaterThan(1)
                .allMatch(l -> l.endsWith("|true|container"));
        assertThat(lines.stream().filter(l -> l.contains("|infra|")).toList()).hasSize(3)
                .allMatch(l -> l.endsWith("|true|infra"));
        assertThat(lines.stream().filter(l -> l.contains("|read|")).toList()).isNotEmpty()
                .allMatch(l -> l.endsWith("|false|<NA>"));
    }

    @Test
    void fdTypesListTheProcessFdTypes() throws Exception {
        Path capture = SharedData.upstream(DOCKER_K8S);
        // Event 682 is containerd-shim (pid 3839) reading its fd 0. `sysdig -r docker-k8s-capture.scap -c lsof`
        // lists that process's fds at the capture's start: 19 fds, 0 file, 1 file, 2 file, 3 eventpoll, 4 file,
        // 5-7 pipe, 9 pipe, 11 event, 12 pipe, 14 pipe, 15 event, 16-17 pipe, 19..31 event. proc.fdopencount (a
        // field sysdig has) is still 19 there, so the table is unchanged: by ascending fd, the distinct types are
        // file, eventpoll, pipe, event.
        Map<String, String> v = line(capture, 682, "proc.pid", "proc.fdopencount", "fd.types", "fd.types[3]",
                "fd.types[0]", "fd.types[8]");
        assertThat(v).containsEntry("proc.pid", "3839").containsEntry("proc.fdopencount", "19")
                .containsEntry("fd.types", "(file,eventpoll,pipe,event)")
                .containsEntry("fd.types[3]", "(eventpoll)").containsEntry("fd.types[0]", "(file)")
                // no fd 8 in that list
                .containsEntry("fd.types[8]", "<NA>");
        // not an fd event (futex): no value, as for every fd.* field
        Map<String, String> futex = firstLine(capture, "%evt.type", "futex", "fd.types");
        assertThat(futex).containsEntry("fd.types", "<NA>");
        // cat_write.scap: at cat's read of /dev/null (event 204) its only fd is 3 (proc.fdopencount 1, fd.type file);
        // after closing it (event 210, close of fd 1 that it never had) the table is empty
        Path cat = SharedData.upstream(CAT_WRITE);
        assertThat(line(cat, 204, "proc.fdopencount", "fd.type", "fd.types")).containsEntry("proc.fdopencount", "1")
                .containsEntry("fd.type", "file").containsEntry("fd.types", "(file)");
        assertThat(line(cat, 210, "proc.fdopencount", "fd.types")).containsEntry("proc.fdopencount", "0")
                .containsEntry("fd.types", "()");
    }

    @Test
    void fdNamerawIsThePathAsGiven() throws Exception {
        Path capture = SharedData.upstream(DOCKER_K8S);
        // event 4494 is openat(AT_FDCWD, "public/en") (its name parameter); 4495 its exit, fd 6: fd.name is
        // resolved against the cwd "/", fd.nameraw is the name parameter as given
        assertThat(line(capture, 4494, "evt.arg.name")).containsEntry("evt.arg.name", "public/en");
        assertThat(line(capture, 4495, "fd.num", "fd.name", "fd.nameraw")).containsEntry("fd.num", "6")
                .containsEntry("fd.name", "/public/en").containsEntry("fd.nameraw", "public/en");
        // fstat on fd 6 later: the fd keeps its raw name
        assertThat(line(capture, 4496, "fd.nameraw")).containsEntry("fd.nameraw", "public/en");
        // event 4508 writes to a TCP socket (fd 3): sockets have no raw name (empty, not missing)
        assertThat(line(capture, 4508, "fd.type", "fd.nameraw")).containsEntry("fd.type", "ipv4")
                .containsEntry("fd.nameraw", "");
        // the openat enter (no fd yet, an enter event): no value
        assertThat(line(capture, 4494, "fd.nameraw")).containsEntry("fd.nameraw", "<NA>");
    }

    /**
     * cat_write.scap with events added for cat (tid 20072, cwd "") after its read of /dev/null (event 205): opens
     * whose exits carry newer drivers' overlay flags, and a failed openat with a doubled slash.
     */
    private Path catSynthetic() throws Exception {
        Path out = tmp.resolve("cat-synthetic.scap");
        try (CaptureReader r = CaptureReader.open(SharedData.upstream(CAT_WRITE));
             CaptureWriter w = CaptureWriter.create(out, r)) {
            EventView v = new EventView();
            long n = 0;
            while (r.next(v)) {
                w.write(v);
                if (++n == 205) { // cat's read exit
                    assertThat(v.type() + " " + v.tid()).isEqualTo("7 20072");
                    long ts = v.timestamp();
                    long tid = 20072;
                    // open("/up", O_RDONLY) -> fd 5, exit flags with PPM_FD_UPPER_LAYER (1 << 15)
                    w.write(event(++ts, tid, EventIds.SYSCALL_OPEN_E, "/up", 1, 0));
                    w.write(event(++ts, tid, EventIds.SYSCALL_OPEN_X, 5L, "/up", 1 | 1 << 15, 0, 0));
                    // open("low", O_RDONLY) -> fd 6, exit flags with PPM_FD_LOWER_LAYER (1 << 16)
                    w.write(event(++ts, tid, EventIds.SYSCALL_OPEN_E, "low", 1, 0));
                    w.write(event(++ts, tid, EventIds.SYSCALL_OPEN_X, 6L, "low", 1 | 1 << 16, 0, 0));
                    // openat(AT_FDCWD, "a//b") failing with ENOENT: no fd, fd.nameraw from the exit's name
                    w.write(event(++ts, tid, EventIds.SYSCALL_OPENAT_2_E, -100L, "a//b", 1, 0));
                    w.write(event(++ts, tid, EventIds.SYSCALL_OPENAT_2_X, -2L, -100L, "a//b", 1, 0, 0));
                }
            }
        }
        return out;
    }

    /**
     * 502Error.scap with an execve exit added for python's child 844 right after the clone that made it (event
     * 171), with the executable's inode fields (parameters 23-25 of libs HEAD's execve, which sysdig 0.29.3 cannot
     * read).
     */
    private Path execSynthetic() throws Exception {
        Path out = tmp.resolve("exec-synthetic.scap");
        try (CaptureReader r = CaptureReader.open(SharedData.upstream("demo-traces/502Error.scap"));
             CaptureWriter w = CaptureWriter.create(out, r)) {
            EventView v = new EventView();
            long n = 0;
            while (r.next(v)) {
                w.write(v);
                if (++n == 171) {
                    assertThat(v.tid()).as("the clone exit in the child").isEqualTo(844);
                    w.write(execveWithInode(v.timestamp() + 1, 844));
                }
            }
        }
        return out;
    }

    /** The exe_ino, exe_ino_ctime and exe_ino_mtime written into the execve exit below. */
    private static final long EXE_INO = 1234567, EXE_CTIME = 1_400_000_000_123_456_789L,
            EXE_MTIME = 1_300_000_000_000_000_001L;

    private static EventView execveWithInode(long ts, long tid) {
        byte[] none = new byte[0];
        // res, exe, args, tid, pid, ptid, cwd, fdlimit, pgft_maj, pgft_min, vm_size, vm_rss, vm_swap, comm, cgroups,
        // env, tty, vpgid, loginuid, flags, cap_inheritable, cap_permitted, cap_effective, exe_ino, exe_ino_ctime,
        // exe_ino_mtime
        return event(ts, tid, EventIds.SYSCALL_EXECVE_19_X, 0L, "/bin/cat",
                "/dev/null\0".getBytes(StandardCharsets.UTF_8), tid, tid, 13700L, "/", 1024L, 0L, 0L, 0, 0, 0, "cat",
                none, none, 0, 0L, 0, 0, 0L, 0L, 0L, EXE_INO, EXE_CTIME, EXE_MTIME);
    }

    @Test
    void overlayLayerFlagsAndRawNamesOfOpens() throws Exception {
        Path capture = catSynthetic();
        String format = "*%evt.num|%evt.dir|%evt.type|%fd.num|%fd.name|%fd.nameraw|%fd.is_upper_layer"
                + "|%fd.is_lower_layer";
        List<String> exits = new ArrayList<>();
        for (String l : PrintedEvents.lines(capture, format, EventTable.get())) {
            String[] f = l.split("\\|", -1);
            if (f[1].equals("<") && (f[2].equals("open") || f[2].equals("openat"))) {
                exits.add(String.join("|", List.of(f).subList(3, f.length)));
            }
        }
        assertThat(exits).containsExactly(
                // the capture's own opens: neither bit (older driver), both false; nameraw = the absolute name
                "3|/etc/ld.so.cache|/etc/ld.so.cache|false|false",
                "3|/lib/x86_64-linux-gnu/libc.so.6|/lib/x86_64-linux-gnu/libc.so.6|false|false",
                "3|/usr/lib/locale/locale-archive|/usr/lib/locale/locale-archive|false|false",
                "3|/dev/null|/dev/null|false|false",
                // the exits written above: "/up" has the upper-layer bit, "low" (cwd "") the lower-layer one
                "5|/up|/up|true|false",
                "6|low|low|false|true",
                // the failed openat: no fd (fd.num -1: the enter set it), no layer flags; fd.name is resolved,
                // fd.nameraw is its name parameter with "//" collapsed
                "-1|a/b|a/b|<NA>|<NA>");
    }

    @Test
    void executableInodeTimes() throws Exception {
        Path capture = execSynthetic();
        List<String> lines = PrintedEvents.lines(capture, "*%evt.num|%evt.type|%evt.dir|%evt.rawtime"
                + "|%proc.duration|%proc.exe_ino|%proc.exe_ino.ctime|%proc.exe_ino.mtime"
                + "|%proc.exe_ino.ctime_duration_proc_start|%proc.exe_ino.ctime_duration_pidns_start",
                EventTable.get());
        // the clone exit (event 171) that made 844: no inode data yet (older driver)
        assertThat(lines.stream().filter(l -> l.startsWith("171|")).findFirst().orElseThrow())
                .matches("171\\|clone\\|<\\|\\d+\\|0\\|<NA>\\|<NA>\\|<NA>\\|<NA>\\|<NA>");
        String[] f = lines.stream().filter(l -> l.startsWith("172|")).findFirst().orElseThrow().split("\\|");
        assertThat(f[1] + f[2]).isEqualTo("execve<");
        // the values written into the execve exit
        assertThat(f[5]).isEqualTo(Long.toString(EXE_INO));
        assertThat(f[6]).isEqualTo(Long.toString(EXE_CTIME));
        assertThat(f[7]).isEqualTo(Long.toString(EXE_MTIME));
        // process start = evt.rawtime - proc.duration (fields sysdig has); the duration is start - ctime
        long start = Long.parseLong(f[3]) - Long.parseLong(f[4]);
        assertThat(f[8]).isEqualTo(Long.toString(start - EXE_CTIME));
        // no pid namespace start is known: no value
        assertThat(f[9]).isEqualTo("<NA>");
    }

    @Test
    void executableInodeTimesFromTheProcessList() throws Exception {
        Path capture = SharedData.upstream("libs-traces/sample.scap");
        // libs' sample.scap lists processes with exe_ino, exe_ino_ctime and exe_ino_mtime: each event's thread
        // shows its entry's values (the capture has no clone or execve to change them)
        Map<Long, ThreadEntry> entries = new HashMap<>();
        try (CaptureReader r = CaptureReader.open(capture)) {
            for (ThreadEntry e : r.metadata().threads()) {
                entries.put(e.tid, e);
            }
        }
        List<String> lines = PrintedEvents.lines(capture,
                "%thread.tid|%proc.exe_ino|%proc.exe_ino.ctime|%proc.exe_ino.mtime", EventTable.get());
        int checked = 0;
        for (String l : lines) {
            String[] f = l.split("\\|");
            ThreadEntry e = entries.get(Long.parseLong(f[0]));
            if (e != null) {
                assertThat(f[1] + "|" + f[2] + "|" + f[3]).as(l)
                        .isEqualTo(e.exeIno + "|" + e.exeInoCtime + "|" + e.exeInoMtime);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(100);
    }

    @Test
    void evtAroundIsFilterOnly() {
        FieldRegistry registry = FieldRegistry.standard();
        // conditions can name it (with its time argument) ...
        assertThat(registry.parse("evt.around[1404996934793590564]", 0).field().name()).isEqualTo("evt.around");
        // ... but it has no value to print, as FdFields' fd.ip and friends
        assertThatThrownBy(() -> OutputFormat.compile("%evt.around[1404996934793590564]", registry))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("filter only");
        assertThatThrownBy(() -> registry.parse("evt.around", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- helpers

    /** sysdig -D: internal events shown too. Its log lines are left out (every format starts with %evt.num). */
    private static List<String> sysdigDebug(Path capture, String format) {
        List<String> out = new ArrayList<>();
        for (String l : Sysdig.run(capture, "-D", "-p", format)) {
            if (l.matches("\\d+\\|.*")) {
                out.add(l);
            }
        }
        return out;
    }

    /**
     * As {@link EventPrinter}, with sysdig 0.29.3's event table, but printing internal events too, as sysdig -D does:
     * all but container metadata events, which it does not show even then.
     */
    private static List<String> allEvents(Path capture, String format) throws Exception {
        return allEvents(capture, format, false);
    }

    private static List<String> allEvents(Path capture, String format, boolean withContainerEvents)
            throws Exception {
        EventTable table = EventTable.get().truncatedTo(EventIds.LEGACY_EVENT_MAX);
        OutputFormat f = OutputFormat.compile(format, FieldRegistry.standard());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CaptureReader reader = CaptureReader.open(capture)) {
            SystemState state = new SystemState(reader.metadata());
            EventView event = new EventView(table);
            EventContext ctx = new EventContext(state, event);
            TextBuffer line = new TextBuffer(1024);
            long num = 0;
            while (reader.next(event)) {
                num++;
                state.process(event);
                ctx.advance(num);
                line.reset();
                int type = event.type();
                boolean container = type == EventIds.CONTAINER_E || type == EventIds.CONTAINER_JSON_E
                        || type == EventIds.CONTAINER_JSON_2_E;
                if (event.info() != null && (withContainerEvents || !container) && f.render(ctx, line)) {
                    line.append('\n');
                    line.writeTo(out);
                }
            }
        }
        return Sysdig.lines(out.toString(StandardCharsets.ISO_8859_1));
    }

    /** The given fields of event {@code num} (hidden events excluded), by name; empty if there is no such event. */
    private static Map<String, String> line(Path capture, long num, String... fields) throws Exception {
        return firstLine(capture, "%evt.num", Long.toString(num), fields);
    }

    /** The given fields of the first shown event whose {@code key} field prints {@code value}. */
    private static Map<String, String> firstLine(Path capture, String key, String value, String... fields)
            throws Exception {
        StringBuilder format = new StringBuilder("*").append(key);
        for (String field : fields) {
            format.append("\u0001%").append(field);
        }
        for (String l : PrintedEvents.lines(capture, format.toString(), EventTable.get())) {
            String[] f = l.split("\u0001", -1);
            if (f[0].equals(value)) {
                Map<String, String> m = new LinkedHashMap<>();
                for (int i = 0; i < fields.length; i++) {
                    m.put(fields[i], f[i + 1]);
                }
                return m;
            }
        }
        return Map.of();
    }

    /**
     * An event with a v2 header (26 bytes, with the parameter count; sysdig 0.29.3 reads these too, and unlike v1
     * events of some types it takes their length as written): Long params are 8 bytes, Integer 4, String
     * NUL-terminated, byte[] as is.
     */
    private static EventView event(long ts, long tid, int type, Object... params) {
        return build(ts, tid, type, true, params);
    }

    private static EventView build(long ts, long tid, int type, boolean v2, Object... params) {
        List<byte[]> values = new ArrayList<>();
        for (Object p : params) {
            values.add(switch (p) {
                case Long l -> ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(l).array();
                case Integer i -> ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(i).array();
                case String s -> (s + "\0").getBytes(StandardCharsets.UTF_8);
                case byte[] b -> b;
                default -> throw new IllegalArgumentException(String.valueOf(p));
            });
        }
        int header = v2 ? EventView.HEADER_V2 : EventView.HEADER_V1;
        int len = header + 2 * values.size() + values.stream().mapToInt(b -> b.length).sum();
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(ts).putLong(tid).putInt(len).putShort((short) type);
        if (v2) {
            b.putInt(values.size());
        }
        for (byte[] v : values) {
            b.putShort((short) v.length);
        }
        for (byte[] v : values) {
            b.put(v);
        }
        EventView view = new EventView();
        String bad = view.wrap(MemorySegment.ofArray(b.array()), 0, header, false, 0, -1);
        assertThat(bad).as("hand-made event of type %d", type).isNull();
        assertThat(view.nparams()).as("parameters of hand-made event of type %d", type).isEqualTo(values.size());
        return view;
    }
}
