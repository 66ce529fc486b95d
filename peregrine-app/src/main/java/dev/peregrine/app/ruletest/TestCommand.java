package dev.peregrine.app.ruletest;

import dev.peregrine.app.falco.FalcoApp;
import dev.peregrine.fields.FieldRegistry;
import dev.peregrine.rules.CompiledRule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code peregrine test FILE...}: runs rule tests written as data (see {@link RuleTestFile}) and prints a line per
 * test; the status is 0 when every test passed.
 */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = "Run rule tests written as YAML: actions performed under live capture (as root) or captures "
                + "replayed, the rules that must fire (and how many times) and those that must stay silent.")
public final class TestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "-r", paramLabel = "PATH", description = "Rules file or directory (instead of the test file's "
            + "rules_files or the default configuration's); may be repeated.")
    List<String> rulesFiles = new ArrayList<>();

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Rule test files (YAML).")
    List<Path> files;

    private final Map<String, String> env;

    public TestCommand() {
        this(System.getenv());
    }

    TestCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int passed = 0;
        int failed = 0;
        for (Path file : files) {
            RuleTestFile suite;
            try {
                suite = RuleTestFile.read(file);
            } catch (RuleTestFile.Invalid e) {
                err.println("Error: " + e.getMessage());
                return 1;
            }
            List<CompiledRule> rules = rules(suite, err);
            if (rules == null) {
                return 1;
            }
            boolean containers = suite.tests().stream().anyMatch(t -> t.action() instanceof RuleTest.InContainer);
            try (RuleTestRunner runner = new RuleTestRunner(rules, FieldRegistry.standard(), containers)) {
                for (RuleTest test : suite.tests()) {
                    RuleTestResult r = runner.run(test);
                    out.println((r.passed() ? "PASS  " : "FAIL  ") + test.name() + "  (" + test.where() + ")");
                    for (String problem : r.problems()) {
                        out.println("      " + problem);
                    }
                    if (!r.passed() && !r.actionOutput().isBlank()) {
                        out.println("      the action printed: " + r.actionOutput().strip().replace("\n", "\n      "));
                    }
                    if (!r.passed()) {
                        runner.warnings().forEach(w -> out.println("      while it ran: " + w));
                    }
                    out.flush();
                    if (r.passed()) {
                        passed++;
                    } else {
                        failed++;
                    }
                }
            } catch (IOException e) {
                err.println("Error: " + e.getMessage());
                return 1;
            }
        }
        out.println((passed + failed) + " tests, " + passed + " passed, " + failed + " failed");
        out.flush();
        return failed == 0 ? 0 : 1;
    }

    /** -r, else the file's rules_files, else the default configuration's; null after reporting an error. */
    private List<CompiledRule> rules(RuleTestFile suite, PrintWriter err) {
        List<String> paths = rulesFiles;
        if (paths.isEmpty()) {
            paths = suite.rulesFiles().stream().map(Path::toString).toList();
        }
        if (paths.isEmpty()) {
            try {
                paths = FalcoApp.defaultRulesFiles(env);
            } catch (IllegalArgumentException e) {
                err.println("Error: " + e.getMessage());
                return null;
            }
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        List<CompiledRule> rules = FalcoApp.loadRules(paths, new PrintStream(buffer, true, StandardCharsets.UTF_8));
        err.print(buffer.toString(StandardCharsets.UTF_8));
        err.flush();
        return rules;
    }
}
