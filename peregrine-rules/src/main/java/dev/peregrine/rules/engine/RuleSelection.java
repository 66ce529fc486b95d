package dev.peregrine.rules.engine;

import dev.peregrine.rules.CompiledRule;

import java.util.ArrayList;
import java.util.List;

/**
 * Which rules run: each rule starts from its own {@code enabled} key, then selection steps are applied in order,
 * as Falco applies the config's {@code rules:} entries and its -D/-T/-t options.
 */
public final class RuleSelection {
    /** What a step matches rules by. */
    public enum By { NAME_WILDCARD, NAME_SUBSTRING, TAG, ALL }

    /** One step: enable or disable the rules matching {@code pattern}. */
    public record Step(boolean enable, By by, String pattern) {
        boolean matches(CompiledRule r) {
            return switch (by) {
                case ALL -> true;
                case NAME_SUBSTRING -> r.name().contains(pattern);
                case NAME_WILDCARD -> Wildcard.matches(pattern, r.name());
                case TAG -> r.tags().contains(pattern);
            };
        }
    }

    private final List<Step> steps;

    public RuleSelection(List<Step> steps) {
        this.steps = List.copyOf(steps);
    }

    public static RuleSelection none() {
        return new RuleSelection(List.of());
    }

    /**
     * Falco's deprecated options, applied as it applied them: -D disables rules whose names contain a substring,
     * -T disables rules with a tag, -t disables everything and enables rules with one of the tags.
     *
     * @throws IllegalArgumentException when -t is combined with -D or -T (Falco refuses that)
     */
    public static List<Step> fromOptions(List<String> disabledSubstrings, List<String> disabledTags,
                                         List<String> enabledTags) {
        if (!enabledTags.isEmpty() && (!disabledSubstrings.isEmpty() || !disabledTags.isEmpty())) {
            throw new IllegalArgumentException("You can not specify both disabled (-D/-T) and enabled (-t) rules");
        }
        List<Step> steps = new ArrayList<>();
        for (String s : disabledSubstrings) {
            steps.add(new Step(false, By.NAME_SUBSTRING, s));
        }
        for (String t : disabledTags) {
            steps.add(new Step(false, By.TAG, t));
        }
        if (!enabledTags.isEmpty()) {
            steps.add(new Step(false, By.ALL, ""));
            for (String t : enabledTags) {
                steps.add(new Step(true, By.TAG, t));
            }
        }
        return steps;
    }

    public List<Step> steps() {
        return steps;
    }

    public boolean enabled(CompiledRule rule) {
        boolean on = rule.enabled();
        for (Step s : steps) {
            if (s.matches(rule)) {
                on = s.enable();
            }
        }
        return on;
    }
}
