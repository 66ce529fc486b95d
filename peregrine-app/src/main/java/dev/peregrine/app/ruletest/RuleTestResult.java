package dev.peregrine.app.ruletest;

import java.util.List;

/**
 * How a rule test went: the problems found (none when it passed) and, to help read a failure, the action's own
 * output.
 */
record RuleTestResult(RuleTest test, List<String> problems, String actionOutput) {
    boolean passed() {
        return problems.isEmpty();
    }
}
