package dev.peregrine.scap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peregrine.scap.EventTable.NativeSyscall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The x86_64 records of the event table: libs' syscall table, checked against the kernel's own numbering. */
class NativeSyscallTableTest {
    private static final EventTable TABLE = EventTable.get();
    private static final Path KERNEL_NUMBERS = Path.of("/usr/include/x86_64-linux-gnu/asm/unistd_64.h");

    /** Syscalls whose events libs names otherwise (the 64-bit variant's events carry the plain name). */
    private static final Map<String, String> EVENT_NAMES = Map.of("pread64", "pread", "pwrite64", "pwrite",
            "prlimit64", "prlimit");

    @Test
    void numbersAreTheKernelHeadersOnes() throws Exception {
        // linux-libc-dev's header (installed with libbpf-dev): an oracle independent of libs
        Assumptions.assumeTrue(Files.isReadable(KERNEL_NUMBERS), KERNEL_NUMBERS + " is not installed");
        Map<String, Integer> kernel = new HashMap<>();
        Matcher m = Pattern.compile("#define __NR_(\\w+) (\\d+)").matcher(Files.readString(KERNEL_NUMBERS));
        while (m.find()) {
            kernel.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        List<String> differ = new ArrayList<>();
        int compared = 0;
        for (NativeSyscall s : TABLE.nativeSyscalls()) {
            Integer nr = kernel.get(s.name());
            if (nr != null) {
                compared++;
                if (nr != s.number()) {
                    differ.add(s.name() + ": " + s.number() + " in the table, " + nr + " in the kernel's header");
                }
            }
        }
        assertThat(differ).isEmpty();
        assertThat(compared).isGreaterThan(300);
    }

    @Test
    void eachSyscallMakesItsOwnEventsOrTheGenericPair() {
        assertThat(TABLE.nativeSyscalls()).isNotEmpty();
        int previous = -1;
        for (NativeSyscall s : TABLE.nativeSyscalls()) {
            assertThat(s.number()).as("numbers ascend").isGreaterThan(previous);
            previous = s.number();
            assertThat(TABLE.nativeSyscall(s.name())).isSameAs(s);
            if (!s.flags().contains("UF_USED")) {
                assertThat(s.enterEvent()).as(s.name()).isEqualTo(EventIds.GENERIC_E);
                assertThat(s.exitEvent()).as(s.name()).isEqualTo(EventIds.GENERIC_X);
                continue;
            }
            EventInfo exit = TABLE.info(s.exitEvent());
            EventInfo enter = TABLE.info(s.enterEvent());
            assertThat(exit.enter()).as(s.name()).isFalse();
            assertThat(exit.name()).as(s.name()).isEqualTo(EVENT_NAMES.getOrDefault(s.name(), s.name()));
            assertThat(enter.enter()).as(s.name()).isTrue();
            // close_range and keyctl have an exit event only: their enter slot is libs' unnamed NA
            assertThat(enter.name()).as(s.name()).isIn(exit.name(), "NA");
        }
    }

    @Test
    void knownSyscallsMapToTheirCurrentEvents() {
        NativeSyscall openat = TABLE.nativeSyscall("openat");
        assertThat(openat.enterEvent()).isEqualTo(EventIds.SYSCALL_OPENAT_2_E);
        assertThat(openat.exitEvent()).isEqualTo(EventIds.SYSCALL_OPENAT_2_X);
        assertThat(openat.flags()).containsExactlyInAnyOrder("UF_USED", "UF_NEVER_DROP");
        assertThat(openat.ppmScName()).isEqualTo("PPM_SC_OPENAT");
        NativeSyscall creat = TABLE.nativeSyscall("creat");
        assertThat(creat.exitEvent()).isEqualTo(EventIds.SYSCALL_CREAT_X);
        NativeSyscall rtSigreturn = TABLE.nativeSyscall("rt_sigreturn");
        assertThat(rtSigreturn.flags()).containsExactly("UF_NONE");
        assertThat(rtSigreturn.ppmScName()).isEqualTo("PPM_SC_RT_SIGRETURN");
        assertThat(TABLE.nativeSyscall("no_such_syscall")).isNull();
    }
}
