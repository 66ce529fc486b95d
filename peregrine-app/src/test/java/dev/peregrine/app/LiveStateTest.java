package dev.peregrine.app;

import dev.peregrine.scap.EventTable;
import dev.peregrine.scap.EventTable.NativeSyscall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The state the live driver's newer events build, as current libsinsp builds it from them (exit events only): the fds
 * eventfd2, signalfd4, inotify_init1, epoll_create(1), timerfd_create, pidfd_open, open_by_handle_at, accept4 and
 * fcntl(F_DUPFD) make, close_range taking fds away, the fd limit after setrlimit and prlimit64, the working directory
 * a getcwd reports (after the directory was renamed under the process, which chdir alone cannot tell); and two fidelity points: a failed open's fd.name (the path it tried) and a refused connect's
 * (the socket's own name: empty, no server address or port). A python3 child makes the calls and prints the fds it
 * got; {@code peregrine events} shows the close (or fcntl, getcwd, openat, connect) events that reveal the state.
 */
class LiveStateTest {
    private static final String FORMAT = "*%evt.type|%evt.res|%fd.num|%fd.type|%fd.name|%fd.sip|%fd.sport"
            + "|%proc.fdlimit|%proc.cwd|%proc.pid";

    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void newerEventsBuildTheStateCurrentLibsinspBuilds() throws Exception {
        PeregrineJvm.requireLiveCapture();
        Path work = Files.createDirectory(dir.resolve("work")).toRealPath();
        String token = "pgstate" + Long.toHexString(System.nanoTime());
        Path canary = Files.writeString(work.resolve(token + "-canary"), "c");
        Path target = Files.writeString(work.resolve(token + "-file"), "f");
        Path script = Files.writeString(work.resolve(token + ".py"), SCRIPT.formatted(assignments(), target, work));
        String filter = "(evt.type in (close, fcntl, getcwd, openat, connect, fstat) and proc.cmdline contains "
                + token + ") or (evt.type=openat and fd.name=" + canary + ")";
        PeregrineJvm run = PeregrineJvm.start(dir, Map.of(), "events", "-p", FORMAT, filter);
        try {
            // attached once a cat of the canary file shows
            run.await("the canary's open", () -> {
                cat(canary);
                return run.out().contains(canary + "|");
            });
            Process p = new ProcessBuilder("python3", script.toString()).directory(work.toFile())
                    .redirectErrorStream(true).start();
            String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(printed).isZero();
            Map<String, String> fds = new HashMap<>();
            printed.lines().map(l -> l.split("=", 2)).filter(a -> a.length == 2).forEach(a -> fds.put(a[0], a[1]));
            run.await("the script's last event", () -> run.out().contains("|/sys/" + token + "-none|"));
            run.interrupt();

            // the script's own lines (the shell of a python3 shim, and the canary's cat, name the token too)
            List<String[]> lines = new ArrayList<>();
            run.out().lines().map(l -> l.split("\\|", -1)).filter(f -> f.length == 10 && f[9].equals(fds.get("pid")))
                    .forEach(lines::add);
            // fds made by the newer events, each dup2'ed to a number of its own: their type (and name) on its close
            assertThat(close(lines, fds.get("eventfd2"))).startsWith("event|");
            assertThat(close(lines, fds.get("signalfd4"))).startsWith("signalfd|");
            assertThat(close(lines, fds.get("inotify_init1"))).startsWith("inotify|");
            assertThat(close(lines, fds.get("epoll_create"))).startsWith("eventpoll|");
            assertThat(close(lines, fds.get("epoll_create1"))).startsWith("eventpoll|");
            assertThat(close(lines, fds.get("timerfd_create"))).startsWith("timerfd|");
            assertThat(close(lines, fds.get("pidfd_open"))).isEqualTo("pidfd|/proc/" + fds.get("pid"));
            assertThat(close(lines, fds.get("open_by_handle_at"))).isEqualTo("file|" + target);
            assertThat(close(lines, fds.get("dupfd"))).isEqualTo("file|" + target);
            assertThat(close(lines, fds.get("accept4"))).startsWith("ipv4|127.0.0.1:");
            // close_range took the fd away: the fstat after it finds none
            String[] fstat = lines.stream().filter(f -> f[0].equals("fstat") && f[2].equals(fds.get("closed")))
                    .findFirst().orElseThrow(() -> new AssertionError("no fstat of the closed fd:\n" + run.out()));
            assertThat(fstat[3]).as("fd.type after close_range").isEqualTo("<NA>");
            // the fd limit after setrlimit, then after prlimit64; the working directory after getcwd
            List<String[]> markers = lines.stream().filter(f -> f[0].equals("fcntl") && f[2].equals(fds.get("marker")))
                    .toList();
            assertThat(markers).as("the two fcntl markers:\n%s", run.out()).hasSize(2);
            assertThat(markers.get(0)[7]).as("fdlimit after setrlimit").isEqualTo("1000");
            assertThat(markers.get(1)[7]).as("fdlimit after prlimit64").isEqualTo("900");
            assertThat(markers.get(0)[8]).as("cwd before").isEqualTo(work + "/");
            assertThat(markers.get(1)[8]).as("cwd after its rename and getcwd").isEqualTo(work + "/b/");
            // the failed open and the refused connect
            String[] failedOpen = lines.stream().filter(f -> f[0].equals("openat") && f[4].contains("-none"))
                    .findFirst().orElseThrow();
            assertThat(failedOpen[1]).isEqualTo("ENOENT");
            assertThat(failedOpen[4]).isEqualTo("/sys/" + token + "-none");
            String[] refused = lines.stream().filter(f -> f[0].equals("connect") && f[1].equals("ECONNREFUSED"))
                    .findFirst().orElseThrow(() -> new AssertionError("no refused connect:\n" + run.out()));
            assertThat(refused[4]).as("fd.name of a refused connect").isEmpty();
            assertThat(refused[5]).as("fd.sip").isEqualTo("<NA>");
            assertThat(refused[6]).as("fd.sport").isEqualTo("<NA>");
        } finally {
            run.kill();
        }
    }

    /** fd.type|fd.name on the close of fd {@code fd}. */
    private static String close(List<String[]> lines, String fd) {
        assertThat(fd).as("an fd the script printed").isNotNull();
        return lines.stream().filter(f -> f[0].equals("close") && f[2].equals(fd))
                .map(f -> f[3] + "|" + f[4]).findFirst()
                .orElseThrow(() -> new AssertionError("no close of fd " + fd));
    }

    private static void cat(Path file) {
        try {
            new ProcessBuilder("cat", file.toString()).redirectErrorStream(true).start().waitFor();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Python assignments of the x86_64 syscall numbers the script uses, from the event table. */
    private static String assignments() {
        StringBuilder b = new StringBuilder();
        for (NativeSyscall s : EventTable.get().nativeSyscalls()) {
            b.append("SYS_").append(s.name()).append(" = ").append(s.number()).append('\n');
        }
        return b.toString();
    }

    private static final String SCRIPT = """
            import ctypes, os, socket, fcntl
            libc = ctypes.CDLL(None, use_errno=True)
            sc = libc.syscall
            sc.restype = ctypes.c_long
            %s
            target = b'%s'
            work = '%s'
            made_count = 0
            def made(name, fd):
                # a number of its own, so that its close is told apart from other closes
                global made_count
                if fd < 0:
                    raise SystemExit('%%s failed: %%d' %% (name, ctypes.get_errno()))
                made_count += 1
                own = 100 + made_count
                os.dup2(fd, own)
                os.close(fd)
                print('%%s=%%d' %% (name, own))
                os.close(own)
            print('pid=%%d' %% os.getpid())
            made('eventfd2', sc(SYS_eventfd2, 0, 0o4000))
            mask = ctypes.c_ulong(1 << 9)
            made('signalfd4', sc(SYS_signalfd4, -1, ctypes.byref(mask), 8, 0))
            made('inotify_init1', sc(SYS_inotify_init1, 0))
            made('epoll_create', sc(SYS_epoll_create, 1))
            made('epoll_create1', sc(SYS_epoll_create1, 0))
            made('timerfd_create', sc(SYS_timerfd_create, 1, 0))
            made('pidfd_open', sc(SYS_pidfd_open, os.getpid(), 0))
            class Handle(ctypes.Structure):
                _fields_ = [('handle_bytes', ctypes.c_uint), ('handle_type', ctypes.c_int),
                            ('f_handle', ctypes.c_ubyte * 128)]
            h = Handle(128)
            mount_id = ctypes.c_int()
            if sc(SYS_name_to_handle_at, -100, target, ctypes.byref(h), ctypes.byref(mount_id), 0) < 0:
                raise SystemExit('name_to_handle_at failed: %%d' %% ctypes.get_errno())
            d = os.open(work, os.O_RDONLY)
            made('open_by_handle_at', sc(SYS_open_by_handle_at, d, ctypes.byref(h), 0))
            f = os.open(target, os.O_RDONLY)
            made('dupfd', fcntl.fcntl(f, fcntl.F_DUPFD, 50))
            srv = socket.socket()
            srv.bind(('127.0.0.1', 0))
            srv.listen(1)
            cli = socket.socket()
            cli.connect(srv.getsockname())
            made('accept4', sc(SYS_accept4, srv.fileno(), None, None, 0))
            g = os.dup2(os.open(target, os.O_RDONLY), 200)
            sc(SYS_close_range, 200, 200, 0)
            print('closed=200')
            sc(SYS_fstat, 200, ctypes.create_string_buffer(256))
            marker = os.dup2(d, 150)  # a number of its own for the fcntl markers
            print('marker=150')
            limits = (ctypes.c_ulong * 2)()
            sc(SYS_getrlimit, 7, limits)
            limits[0] = 1000
            sc(SYS_setrlimit, 7, limits)
            fcntl.fcntl(150, fcntl.F_GETFD)
            limits[0] = 900
            sc(SYS_prlimit64, 0, 7, limits, None)
            # the working directory renamed under the process: only getcwd tells the state its new name
            os.mkdir(work + '/a')
            os.chdir(work + '/a')
            os.rename(work + '/a', work + '/b')
            os.getcwd()
            fcntl.fcntl(150, fcntl.F_GETFL)
            c = socket.socket()
            try:
                c.connect(('127.0.0.1', 1))
            except ConnectionRefusedError:
                pass
            try:
                os.open('/sys/' + os.path.basename(target).decode().replace('-file', '-none'), os.O_RDONLY)
            except FileNotFoundError:
                pass
            """;
}
