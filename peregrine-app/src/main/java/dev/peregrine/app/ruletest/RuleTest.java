package dev.peregrine.app.ruletest;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One rule test: an action (a shell command on the host, one in a throwaway container, or a capture to replay), the
 * rules expected to fire with how many times, and the rules that must stay silent.
 *
 * @param where     the test's file and line, for messages
 * @param expected  rule name → how many times it must fire
 * @param silent    rules that must not fire; empty with {@code onlyExpected}: no rule but the expected ones may fire
 */
record RuleTest(String name, String where, Action action, Map<String, Times> expected, List<String> silent,
                boolean onlyExpected) {

    /** What the test does while Peregrine watches. */
    sealed interface Action permits Run, InContainer, Replay {
    }

    /** {@code run: COMMAND}: {@code sh -c COMMAND} on the host; only its process tree counts. */
    record Run(String command) implements Action {
    }

    /**
     * {@code container: {run: COMMAND, privileged: BOOL, interactive: BOOL}}: the command in a new podman container of a
     * busybox root; only the container's processes count. {@code interactive} gives it a terminal.
     */
    record InContainer(String command, boolean privileged, boolean interactive) implements Action {
    }

    /** {@code capture: FILE}: every event of a capture (relative to the test file). */
    record Replay(Path capture) implements Action {
    }

    /** How many times a rule must fire: exactly {@code n}, or at least {@code n}. */
    record Times(long n, boolean atLeast) {
        boolean accepts(long count) {
            return atLeast ? count >= n : count == n;
        }

        @Override
        public String toString() {
            return (atLeast ? "at least " : "") + n + (n == 1 && !atLeast ? " time" : " times");
        }
    }
}
