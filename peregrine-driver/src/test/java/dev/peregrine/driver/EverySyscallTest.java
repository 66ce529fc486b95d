package dev.peregrine.driver;

import dev.peregrine.scap.EventInfo;
import dev.peregrine.scap.EventTable;
import dev.peregrine.scap.EventTable.NativeSyscall;
import dev.peregrine.scap.EventView;
import dev.peregrine.testkit.SyscallExerciser;
import dev.peregrine.testkit.SyscallExerciser.Call;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static dev.peregrine.scap.EventIds.GENERIC_X;
import static dev.peregrine.scap.EventIds.PROCEXIT_1_E;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every x86_64 syscall of the event table, made on this machine by the syscall exerciser (a C program, see
 * SyscallExerciser) with all of them traced: each call's exit event has the syscall's own event type with the
 * parameters the exerciser passed to the kernel (or saw it return), or is a generic event naming the syscall.
 * Matched in order, by the exerciser's thread. Same requirements and skipping rules as {@link LiveCaptureTest}.
 */
class EverySyscallTest {
    /** Syscalls that cannot be made and come back: they end the process, or kill a caller outside a uprobe. */
    private static final Set<String> CANNOT_RETURN = Set.of("exit", "exit_group", "rt_sigreturn", "uretprobe",
            "uprobe");
    private static final int ATTEMPTS = 3;

    @RegisterExtension
    static final LiveCaptureResource live = new LiveCaptureResource(Syscalls.SUPPORTED.keySet(), 64 << 20);

    @TempDir
    Path dir;

    private static final EventTable TABLE = EventTable.get();

    @Test
    @Timeout(300)
    void everySyscallComesWithWhatWasPassedToTheKernel() throws Exception {
        List<Integer> generic = TABLE.nativeSyscalls().stream().filter(s -> s.exitEvent() <= 1)
                .map(NativeSyscall::number).toList();
        List<String> problems = List.of();
        SyscallExerciser.Run run = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Path work = Files.createDirectory(dir.resolve("run" + attempt)).toRealPath();
            long dropsBefore = live.capture().drops();
            Collected c = collect(work, generic);
            run = c.run;
            problems = check(run.calls(), c.events);
            long drops = live.capture().drops() - dropsBefore;
            if (problems.isEmpty() || drops == 0) {
                break; // a failure without drops is the driver's: no retry
            }
        }
        assertThat(problems).as("exit events that differ from what the exerciser did (%d calls)",
                run.calls().size()).isEmpty();
        assertCovered(run.calls());
    }

    private record Collected(SyscallExerciser.Run run, List<Captured> events) {
    }

    /** Runs the exerciser while a reader keeps its thread's events (the whole machine is traced). */
    private static Collected collect(Path work, List<Integer> generic) throws Exception {
        AtomicLong pid = new AtomicLong(-1);
        AtomicBoolean exited = new AtomicBoolean();
        List<Captured> events = new ArrayList<>();
        Thread reader = Thread.ofPlatform().name("every-syscall-reader").start(() -> {
            EventView v = new EventView();
            long deadline = Long.MAX_VALUE;
            while (System.nanoTime() < deadline) {
                if (exited.get() && deadline == Long.MAX_VALUE) {
                    deadline = System.nanoTime() + 5_000_000_000L; // the rest of its events, at most 5 s more
                }
                if (!live.capture().next(v, 20_000_000) || v.tid() != pid.get()) {
                    continue;
                }
                Captured e = Captured.of(v);
                events.add(e);
                if (e.type() == PROCEXIT_1_E) {
                    return;
                }
            }
        });
        SyscallExerciser.Run run;
        try {
            run = SyscallExerciser.run(work, generic, pid::set);
        } finally {
            exited.set(true);
        }
        reader.join();
        return new Collected(run, events);
    }

    /** Each call of the exerciser against the next event of its syscall, in order. */
    private static List<String> check(List<Call> calls, List<Captured> events) {
        Map<Integer, NativeSyscall> byNumber = new HashMap<>();
        TABLE.nativeSyscalls().forEach(s -> byNumber.put(s.number(), s));
        List<String> problems = new ArrayList<>();
        int pos = 0;
        for (int n = 0; n < calls.size(); n++) {
            Call call = calls.get(n);
            if (call.skip() != null) {
                continue;
            }
            NativeSyscall sc = byNumber.get(call.nr());
            boolean own = sc.exitEvent() > 1;
            int found = -1;
            for (int k = pos; k < events.size() && found < 0; k++) {
                EventView v = events.get(k).view();
                if (own ? v.type() == sc.exitEvent()
                        : v.type() == GENERIC_X && v.nparams() == 2 && v.paramAsLong(1) == call.nr()) {
                    found = k;
                }
            }
            String where = "call " + (n + 1) + " (" + sc.name() + ", res " + call.res() + ")";
            if (found < 0) {
                problems.add(where + ": no " + (own ? TABLE.info(sc.exitEvent()).code() : "generic") + " event");
                continue;
            }
            pos = found + 1;
            EventView v = events.get(found).view();
            if (!own) {
                if (v.paramAsLong(0) != sc.ppmSc()) {
                    problems.add(where + ": generic event's ID " + v.paramAsLong(0) + ", expected " + sc.ppmSc()
                            + " (" + sc.ppmScName() + ")");
                }
                continue;
            }
            List<String> diffs = new ArrayList<>();
            EventInfo info = v.info();
            if (info.nparams() > 0 && !call.params().containsKey(info.params()[0].name())) {
                long mask = info.params()[0].type().width >= 8 ? -1L : (1L << (info.params()[0].type().width * 8)) - 1;
                if ((v.paramAsLong(0) & mask) != (call.res() & mask)) {
                    diffs.add(info.params()[0].name() + ": expected " + call.res() + ", got " + v.paramAsLong(0));
                }
            }
            diffs.addAll(ExpectedParams.differences(v, call.params()));
            if (!diffs.isEmpty()) {
                problems.add(where + ": " + String.join("; ", diffs));
            }
        }
        return problems;
    }

    /**
     * Every x86_64 syscall was made (or is one that cannot return), and every syscall with an event of its own was
     * made at least once with each of its event's parameters stated.
     */
    private static void assertCovered(List<Call> calls) {
        Set<Integer> made = new HashSet<>();
        Set<Integer> stated = new HashSet<>();
        List<String> skipped = new ArrayList<>();
        for (Call c : calls) {
            NativeSyscall sc = TABLE.nativeSyscalls().stream().filter(s -> s.number() == c.nr()).findFirst()
                    .orElseThrow(() -> new AssertionError("the exerciser made syscall " + c.nr()
                            + ", which the event table does not have"));
            if (c.skip() != null) {
                if (!CANNOT_RETURN.contains(sc.name())) {
                    skipped.add(sc.name() + ": " + c.skip());
                }
                made.add(c.nr());
                continue;
            }
            made.add(c.nr());
            if (sc.exitEvent() > 1) {
                EventInfo info = TABLE.info(sc.exitEvent());
                Set<String> names = new HashSet<>();
                for (int i = 1; i < info.nparams(); i++) {
                    names.add(info.params()[i].name());
                }
                if (c.params().keySet().containsAll(names)) {
                    stated.add(c.nr());
                }
            }
        }
        assertThat(skipped).as("syscalls the exerciser could not make here").isEmpty();
        List<String> notMade = new ArrayList<>();
        List<String> notStated = new ArrayList<>();
        for (NativeSyscall s : TABLE.nativeSyscalls()) {
            if (!made.contains(s.number())) {
                notMade.add(s.name());
            } else if (s.exitEvent() > 1 && !stated.contains(s.number())) {
                notStated.add(s.name());
            }
        }
        assertThat(notMade).as("x86_64 syscalls the exerciser did not make").isEmpty();
        assertThat(notStated).as("syscalls with events of their own never made with all their parameters stated")
                .isEmpty();
    }
}
