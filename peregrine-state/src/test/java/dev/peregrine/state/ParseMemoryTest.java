package dev.peregrine.state;

import dev.peregrine.scap.synthetic.ShellMachine;
import dev.peregrine.scap.synthetic.SyntheticCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static dev.peregrine.scap.synthetic.ShellMachine.INIT;
import static dev.peregrine.scap.synthetic.ShellMachine.SHELL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * parse_brk_munmap_mmap_exit and parse_context_switch (libsinsp e5c53d6): the memory sizes the driver reports
 * with memory calls and context switches, and the page fault counts of switches.
 */
class ParseMemoryTest {
    @TempDir
    Path dir;

    private static List<Long> memory(ThreadInfo t) {
        return List.of(t.vmsizeKb(), t.vmrssKb(), t.vmswapKb());
    }

    @ParameterizedTest
    @ValueSource(strings = {"brk", "mmap", "mmap2", "munmap"})
    void memoryCallsReportTheThreadsMemory(String syscall) throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        c.exit(SHELL, syscall).set("res", 0L).set("vm_size", 9000).set("vm_rss", 7000).set("vm_swap", 5);
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.next();
            assertThat(memory(r.thread(SHELL))).containsExactly(9000L, 7000L, 5L);
            assertThat(memory(r.thread(INIT))).containsExactly(0L, 0L, 0L);
        }
    }

    @Test
    void contextSwitchesReportPageFaultsAndTheProcesssMemory() throws Exception {
        long thread = 101;
        SyntheticCapture c = ShellMachine.capture().thread(thread, t -> {
            t.pid = SHELL;
            t.ptid = INIT;
            t.flags = Clone.CLONE_THREAD | Clone.CLONE_FILES;
        });
        c.enter(thread, "switch").set("next", INIT).set("pgft_maj", 3L).set("pgft_min", 300L).set("vm_size", 100)
                .set("vm_rss", 80).set("vm_swap", 1);
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.next();
            assertThat(r.thread(thread).pfMajor()).isEqualTo(3);
            assertThat(r.thread(thread).pfMinor()).isEqualTo(300);
            // memory is the process's: set on its main thread
            assertThat(memory(r.thread(SHELL))).containsExactly(100L, 80L, 1L);
            assertThat(r.thread(SHELL).pfMajor()).isZero();
        }
    }
}
