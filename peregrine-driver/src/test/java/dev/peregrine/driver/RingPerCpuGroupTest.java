package dev.peregrine.driver;

import dev.peregrine.testkit.SharedData;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.peregrine.scap.EventIds.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One ring buffer per CPU (cpus_for_each_buffer = 1): commands pinned to each CPU (taskset) have their events
 * arrive from their CPU's ring, and the reader hands out the rings' events as one stream in timestamp order, each
 * process's events in the order it made them.
 */
class RingPerCpuGroupTest {

    @Test
    void eventsOfEveryCpusRingComeMergedInTimestampOrder() throws Exception {
        String why = LiveCapture.unavailableReason();
        if (why != null) {
            SharedData.missing("live eBPF capture unavailable: " + why);
        }
        int cpus = Runtime.getRuntime().availableProcessors();
        try (LiveCapture c = LiveCapture.open(1 << 20, Set.of("openat", "execve"), 1)) {
            assertThat(c.rings()).isGreaterThanOrEqualTo(cpus);
            List<Long> pids = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (int cpu = 0; cpu < cpus; cpu++) {
                    Process p = new ProcessBuilder("taskset", "-c", Integer.toString(cpu), "cat", "/etc/hostname")
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    assertThat(p.waitFor()).isZero();
                    pids.add(p.pid());
                }
            }
            long last = pids.getLast();
            List<Captured> seen = Captured.until(c, e -> e.tid() == last && e.type() == SYSCALL_OPENAT_2_X
                    && "/etc/hostname".equals(e.str("name")), 20_000);
            // in timestamp order across the rings
            for (int i = 1; i < seen.size(); i++) {
                assertThat(Long.compareUnsigned(seen.get(i - 1).view().timestamp(), seen.get(i).view().timestamp()))
                        .as("event %d after event %d", i, i - 1).isLessThanOrEqualTo(0);
            }
            // every pinned cat: its exec, then its open of the file, from the CPU it was pinned to
            for (int i = 0; i < pids.size(); i++) {
                long pid = pids.get(i);
                int cpu = i % cpus;
                List<Captured> mine = seen.stream().filter(e -> e.tid() == pid).toList();
                int exec = indexOf(mine, e -> e.type() == SYSCALL_EXECVE_19_X && e.num("res") == 0
                        && "cat".equals(e.str("comm")));
                int open = indexOf(mine, e -> e.type() == SYSCALL_OPENAT_2_X && "/etc/hostname".equals(e.str("name")));
                assertThat(exec).as("cat %d's execve", pid).isNotNegative();
                assertThat(open).as("cat %d's open after its execve", pid).isGreaterThan(exec);
                assertThat(mine.get(open).cpu()).as("cat %d pinned to CPU %d", pid, cpu).isEqualTo(cpu);
            }
            assertThat(seen.stream().map(Captured::cpu).distinct().count()).isEqualTo(cpus);
        }
    }

    private static int indexOf(List<Captured> events, java.util.function.Predicate<Captured> p) {
        for (int i = 0; i < events.size(); i++) {
            if (p.test(events.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
