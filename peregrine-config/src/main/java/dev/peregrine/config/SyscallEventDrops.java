package dev.peregrine.config;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * syscall_event_drops: the actions on dropped events (a token bucket of {@code rate} per second and
 * {@code maxBurst} limits them) once the drop ratio passes {@code threshold}; {@code simulateDrops} is for tests.
 */
public record SyscallEventDrops(Set<DropAction> actions, double threshold, double rate, long maxBurst,
                                boolean simulateDrops) {

    public SyscallEventDrops {
        // Enum order, unmodifiable.
        actions = Collections.unmodifiableSet(
                actions.isEmpty() ? EnumSet.noneOf(DropAction.class) : EnumSet.copyOf(actions));
    }

    static SyscallEventDrops from(ConfigTree tree) {
        Set<DropAction> actions = EnumSet.noneOf(DropAction.class);
        for (String action : tree.stringList("syscall_event_drops.actions")) {
            switch (action) {
                case "ignore" -> actions.add(DropAction.IGNORE);
                case "log", "alert" -> {
                    // Only in this order: "ignore" after "log" is accepted, as in Falco.
                    if (actions.contains(DropAction.IGNORE)) {
                        throw ConfigException.reading(tree.name(), "syscall event drop action \"" + action
                                + "\" does not make sense with the \"ignore\" action");
                    }
                    actions.add(action.equals("log") ? DropAction.LOG : DropAction.ALERT);
                }
                case "exit" -> actions.add(DropAction.EXIT);
                default -> throw ConfigException.reading(tree.name(),
                        "available actions for syscall event drops are \"ignore\", \"log\", \"alert\", and \"exit\"");
            }
        }
        if (actions.isEmpty()) {
            actions.add(DropAction.IGNORE);
        }
        double threshold = tree.dbl("syscall_event_drops.threshold", .1);
        if (threshold < 0 || threshold > 1) {
            throw ConfigException.reading(tree.name(),
                    "syscall event drops threshold must be a double in the range [0, 1]");
        }
        return new SyscallEventDrops(actions, threshold,
                tree.dbl("syscall_event_drops.rate", .03333),
                // Falco reads max_burst as a number and keeps its integer part.
                (long) tree.dbl("syscall_event_drops.max_burst", 1),
                tree.bool("syscall_event_drops.simulate_drops", false));
    }
}
