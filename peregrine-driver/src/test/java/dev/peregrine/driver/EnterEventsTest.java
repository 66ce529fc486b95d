package dev.peregrine.driver;

import dev.peregrine.driver.ChildProcesses.Child;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static dev.peregrine.driver.Captured.collect;
import static dev.peregrine.driver.Captured.type;
import static dev.peregrine.driver.Captured.bytes;
import static dev.peregrine.driver.ChildProcesses.python;
import static dev.peregrine.scap.EventIds.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The enter events of open, openat, openat2, creat and connect (TOCTOU mitigation, from the syscalls/sys_enter_*
 * trace events): their parameters, their place before the exit, and the point of them: a path rewritten in user
 * memory while the syscall runs shows in the exit event but not in the enter event. Same requirements and
 * skipping rules as {@link LiveCaptureTest}.
 */
class EnterEventsTest {
    @RegisterExtension
    static final LiveCaptureResource live = new LiveCaptureResource(Set.of("open", "openat", "openat2", "creat",
            "connect"));

    @Test
    void allEnterProgramsAreAttached() {
        assertThat(live.capture().warnings()).isEmpty();
    }

    @Test
    void enterEventsCarryTheArgumentsAndComeBeforeTheirExit(@TempDir Path dir) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = server.getLocalPort();
            Child ch = python(dir, """
                    out('open', sc(SYS_open, b'a-open', os.O_CREAT | os.O_WRONLY, 0o640))
                    out('creat', sc(SYS_creat, b'a-creat', 0o600))
                    out('openat', sc(SYS_openat, -100, b'a-openat', os.O_RDONLY, 0o777))
                    how = struct.pack('QQQ', os.O_CREAT | os.O_RDWR, 0o604, 0x08)  # RESOLVE_BENEATH
                    out('openat2', sc(SYS_openat2, -100, b'a-openat2', how, 24))
                    s = socket.socket()
                    s.connect(('127.0.0.1', %d))
                    out('sock', s.fileno())
                    """.formatted(port));
            Map<String, Captured> e = collect(live.capture(), ch.pid(), Map.of(
                    "open>", type(SYSCALL_OPEN_E, x -> x.str("name").equals("a-open")),
                    "open<", type(SYSCALL_OPEN_X, x -> x.str("name").equals("a-open")),
                    "creat>", type(SYSCALL_CREAT_E, x -> x.str("name").equals("a-creat")),
                    "openat>", type(SYSCALL_OPENAT_2_E, x -> x.str("name").equals("a-openat")),
                    "openat<", type(SYSCALL_OPENAT_2_X, x -> x.str("name").equals("a-openat")),
                    "openat2>", type(SYSCALL_OPENAT2_E, x -> x.str("name").equals("a-openat2")),
                    // Python's start-up may connect other sockets first (a Unix socket to nscd, say)
                    "connect>", type(SOCKET_CONNECT_E, x -> isLoopbackPort(bytes(x, "addr"), port)),
                    "connect<", type(SOCKET_CONNECT_X, x -> x.num("fd") == ch.num("sock"))));

            Captured open = e.get("open>");
            assertThat(open.num("flags")).isEqualTo(2 | 4); // PPM_O_WRONLY | PPM_O_CREAT
            assertThat(open.num("mode")).isEqualTo(0640);
            assertThat(open.view().timestamp()).isLessThanOrEqualTo(e.get("open<").view().timestamp());
            assertThat(e.get("creat>").num("mode")).isEqualTo(0600);
            Captured openat = e.get("openat>");
            assertThat(openat.num("dirfd")).isEqualTo(-100);
            assertThat(openat.num("flags")).isEqualTo(1); // PPM_O_RDONLY
            assertThat(openat.num("mode")).as("no mode without O_CREAT").isZero();
            assertThat(openat.view().timestamp()).isLessThanOrEqualTo(e.get("openat<").view().timestamp());
            Captured openat2 = e.get("openat2>");
            assertThat(openat2.num("flags")).isEqualTo(3 | 4); // PPM_O_RDWR | PPM_O_CREAT
            assertThat(openat2.num("mode")).isEqualTo(0604);
            assertThat(openat2.num("resolve")).isEqualTo(1); // PPM_RESOLVE_BENEATH

            Captured connect = e.get("connect>");
            assertThat(connect.num("fd")).isEqualTo(ch.num("sock"));
            ByteBuffer addr = ByteBuffer.wrap(bytes(connect, "addr")).order(ByteOrder.LITTLE_ENDIAN);
            assertThat(addr.get(0)).as("AF_INET").isEqualTo((byte) 2);
            assertThat(addr.getInt(1)).isEqualTo(0x0100007f); // 127.0.0.1 in network order
            assertThat(addr.getShort(5) & 0xFFFF).isEqualTo(port);
            assertThat(connect.view().timestamp()).isLessThanOrEqualTo(e.get("connect<").view().timestamp());
        }
    }

    private static boolean isLoopbackPort(byte[] sockaddr, int port) {
        ByteBuffer addr = ByteBuffer.wrap(sockaddr).order(ByteOrder.LITTLE_ENDIAN);
        return sockaddr.length >= 7 && addr.get(0) == 2 && (addr.getShort(5) & 0xFFFF) == port;
    }

    /**
     * The TOCTOU case made deterministic: opening a FIFO blocks after the kernel has copied the path, so a second
     * thread can rewrite the caller's buffer before the open returns. The exit event reads the buffer at exit and
     * names the decoy; the enter event has the path the kernel really opened.
     */
    @Test
    void aPathRewrittenDuringTheSyscallShowsOnlyInTheExit(@TempDir Path dir) throws Exception {
        Child ch = python(dir, """
                import threading, time
                os.mkfifo('real-fifo')
                buf = ctypes.create_string_buffer(b'real-fifo', 64)
                def rewrite():
                    time.sleep(0.5)  # the reader is blocked in the kernel by now
                    ctypes.memmove(buf, b'decoy-name', 11)
                    os.close(os.open('real-fifo', os.O_WRONLY))  # lets the open return
                t = threading.Thread(target=rewrite)
                t.start()
                out('fd', sc(SYS_openat, -100, buf, os.O_RDONLY, 0))
                t.join()
                """);
        Map<String, Captured> e = collect(live.capture(), ch.pid(), Map.of(
                "enter", type(SYSCALL_OPENAT_2_E, x -> x.str("name").equals("real-fifo")),
                // the interpreter's own opens before it name absolute paths
                "exit", type(SYSCALL_OPENAT_2_X, x -> x.num("fd") == ch.num("fd") && !x.str("name").startsWith("/"))));
        assertThat(e.get("exit").str("name")).as("the exit reads the rewritten buffer").isEqualTo("decoy-name");
        assertThat(e.get("enter").view().timestamp()).isLessThan(e.get("exit").view().timestamp());
    }

    @Test
    void noEnterEventForASyscallThatIsNotTraced(@TempDir Path dir) throws Exception {
        live.capture().trace(Set.of("open", "openat2", "creat", "connect"));
        try {
            Child ch = python(dir, """
                    out('untraced', sc(SYS_openat, -100, b'not-traced', os.O_CREAT | os.O_WRONLY, 0o600))
                    out('traced', sc(SYS_creat, b'traced', 0o600))
                    """);
            Map<String, Captured> seen = new java.util.HashMap<>();
            Captured.until(live.capture(), x -> {
                if (x.tid() == ch.pid()) {
                    seen.put(x.view().info().name() + x.type(), x);
                }
                // creat's exit: everything before it has come
                return x.tid() == ch.pid() && x.type() == SYSCALL_CREAT_X;
            }, 20_000);
            assertThat(seen).as("creat traced").containsKey("creat" + SYSCALL_CREAT_X);
            assertThat(seen.keySet()).as("openat not traced: neither its enter nor its exit")
                    .doesNotContain("openat" + SYSCALL_OPENAT_2_E, "openat" + SYSCALL_OPENAT_2_X);
        } finally {
            live.capture().trace(Set.of("open", "openat", "openat2", "creat", "connect"));
        }
    }
}
