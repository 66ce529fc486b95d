package dev.peregrine.app.ruletest;

import dev.peregrine.app.falco.InterestingSyscalls;
import dev.peregrine.config.ContainerEngines;
import dev.peregrine.container.ContainerMetadataService;
import dev.peregrine.driver.BpfException;
import dev.peregrine.driver.LiveCapture;
import dev.peregrine.fields.FieldRegistry;
import dev.peregrine.inspector.CaptureSource;
import dev.peregrine.inspector.EventSource;
import dev.peregrine.inspector.Inspector;
import dev.peregrine.inspector.LiveSource;
import dev.peregrine.rules.CompiledRule;
import dev.peregrine.rules.Priority;
import dev.peregrine.rules.engine.RuleSelection;
import dev.peregrine.rules.engine.Ruleset;
import dev.peregrine.scap.CaptureFormatException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Runs rule tests: every rule runs (rule_matching all, no priority floor), on a capture's events or on the live
 * machine's while the action runs. One live capture serves all the live tests of a run, so the state carries on
 * from one test to the next as it would in a long-running Peregrine.
 */
final class RuleTestRunner implements AutoCloseable {
    /** After the action ends, events stamped up to this much later still count (they may sit in a ring). */
    private static final long GRACE_NS = 300_000_000L;
    private static final Duration ACTION_TIMEOUT = Duration.ofSeconds(60);

    private final List<CompiledRule> rules;
    private final Ruleset ruleset;
    private final AlertCounts counts;
    private final Path work;
    private final boolean containers;
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private Inspector live;
    private ContainerMetadataService metadata;
    private ContainerRoot containerRoot;

    /** @param containers whether some test runs its action in a container (podman's API is then served) */
    RuleTestRunner(List<CompiledRule> rules, FieldRegistry registry, boolean containers) throws IOException {
        this.rules = rules;
        this.ruleset = Ruleset.build(rules, RuleSelection.none(), Priority.DEBUG, false);
        this.counts = new AlertCounts(ruleset.loaded(), registry);
        this.work = Files.createTempDirectory("peregrine-test");
        this.containers = containers;
    }

    RuleTestResult run(RuleTest test) {
        List<String> problems = new ArrayList<>();
        String output = "";
        try {
            output = switch (test.action()) {
                case RuleTest.Replay r -> replay(r.capture());
                case RuleTest.Run r -> live(List.of("sh", "-c", r.command()), null);
                case RuleTest.InContainer c -> inContainer(c);
            };
        } catch (ActionFailed e) {
            problems.add(e.getMessage());
            return new RuleTestResult(test, problems, output);
        }
        check(test, problems);
        return new RuleTestResult(test, problems, output);
    }

    private void check(RuleTest test, List<String> problems) {
        for (Map.Entry<String, RuleTest.Times> e : test.expected().entrySet()) {
            String rule = e.getKey();
            if (rules.stream().noneMatch(r -> r.name().equals(rule))) {
                problems.add("no loaded rule is named '" + rule + "'");
                continue;
            }
            long n = counts.count(rule);
            if (!e.getValue().accepts(n)) {
                problems.add("'" + rule + "' should fire " + e.getValue() + ", it fired " + n
                        + (n > 0 ? ", first: " + counts.firstAlert(rule) : ""));
            }
        }
        List<String> mustBeSilent = test.onlyExpected()
                ? counts.fired().stream().filter(r -> !test.expected().containsKey(r)).toList() : test.silent();
        for (String rule : mustBeSilent) {
            long n = counts.count(rule);
            if (n > 0) {
                problems.add("'" + rule + "' should stay silent, it fired " + n + ": " + counts.firstAlert(rule));
            }
        }
    }

    private String replay(Path capture) throws ActionFailed {
        counts.reset(ActionScope.ALL);
        try (Inspector inspector = new Inspector(CaptureSource.open(capture))) {
            while (inspector.next() == EventSource.EVENT) {
                if (inspector.forRules()) {
                    ruleset.evaluate(inspector.context(), counts);
                }
            }
        } catch (IOException | CaptureFormatException e) {
            throw new ActionFailed("cannot replay " + capture + ": " + e.getMessage());
        }
        return "";
    }

    /**
     * Runs {@code command} under the live capture and counts what it (and, when {@code cidFile} is given, the
     * container podman writes the id of there) makes the rules match.
     */
    private String live(List<String> command, Path cidFile) throws ActionFailed {
        Inspector in = liveInspector();
        Path log = work.resolve("action.log");
        try {
            catchUp(in);
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
            ActionScope scope = ActionScope.processTree(p.pid());
            counts.reset(scope);
            long deadline = System.nanoTime() + ACTION_TIMEOUT.toNanos();
            long endedAt = 0;
            boolean cidKnown = cidFile == null;
            while (true) {
                if (!cidKnown && Files.exists(cidFile) && Files.size(cidFile) > 0) {
                    scope.container(Files.readString(cidFile).strip());
                    cidKnown = true;
                }
                if (endedAt == 0 && !p.isAlive()) {
                    endedAt = wallNanos();
                }
                int got = in.next();
                if (got == EventSource.EVENT) {
                    if (in.forRules()) {
                        ruleset.evaluate(in.context(), counts);
                    }
                    if (endedAt != 0 && in.event().timestamp() > endedAt + GRACE_NS) {
                        break;
                    }
                } else if (endedAt != 0 && wallNanos() > endedAt + GRACE_NS) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    throw new ActionFailed("the action did not end within " + ACTION_TIMEOUT.toSeconds() + " s");
                }
            }
            p.waitFor(5, TimeUnit.SECONDS);
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException | CaptureFormatException e) {
            throw new ActionFailed("live capture failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ActionFailed("interrupted");
        }
    }

    private String inContainer(RuleTest.InContainer c) throws ActionFailed {
        liveInspector();
        if (containerRoot == null) {
            throw new ActionFailed("the runner was not told of container tests");
        }
        Path cidFile = work.resolve("cid-" + System.nanoTime());
        return live(containerRoot.command(c, cidFile), cidFile);
    }

    /** Processes what the rings hold, without counting, so the action starts on an up-to-date state. */
    private static void catchUp(Inspector in) throws IOException, CaptureFormatException {
        long now = wallNanos();
        while (in.next() == EventSource.EVENT && in.event().timestamp() < now) {
            // state only
        }
    }

    /**
     * The live capture all live tests share, opened at the first one, with the containers' metadata fetched as
     * Peregrine fetches it: from the default sockets, and from podman's API served for the container tests.
     */
    private Inspector liveInspector() throws ActionFailed {
        if (live == null) {
            String why = LiveCapture.unavailableReason();
            if (why != null) {
                throw new ActionFailed("cannot capture live events: " + why);
            }
            if (containers && containerRoot == null) {
                containerRoot = ContainerRoot.make(work);
            }
            try {
                live = new Inspector(LiveSource.open(InterestingSyscalls.of(ruleset, false, List.of(), false),
                        Duration.ofMillis(20)));
            } catch (BpfException e) {
                throw new ActionFailed("cannot capture live events: " + e.getMessage());
            }
            metadata = ContainerMetadataService.start(engines(), live::inject, warnings::add);
            live.state().onNewContainer(metadata::lookup);
            try {
                // the containers' metadata comes as podman creates them, before their first process runs
                metadata.awaitFollowing(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ActionFailed("interrupted");
            }
        }
        return live;
    }

    private ContainerEngines engines() {
        ContainerEngines defaults = ContainerEngines.defaults();
        if (containerRoot == null) {
            return defaults;
        }
        List<String> podman = new ArrayList<>(List.of(containerRoot.apiSocket().toString()));
        podman.addAll(defaults.podman().sockets());
        return new ContainerEngines(defaults.docker(), new ContainerEngines.Engine(true, podman), defaults.cri());
    }

    /** What kept containers' metadata away, once each (a runtime absent or down), for the test report. */
    List<String> warnings() {
        return List.copyOf(warnings);
    }

    private static long wallNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public void close() throws IOException {
        if (metadata != null) {
            metadata.close();
        }
        if (live != null) {
            live.close();
        }
        if (containerRoot != null) {
            containerRoot.close();
        }
        try (var files = Files.walk(work)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The action could not be carried out; the test fails with this message. */
    public static final class ActionFailed extends Exception {
        ActionFailed(String message) {
            super(message, null, false, false);
        }
    }
}
