package dev.peregrine.app.falco;

/** -L and -l RULE: describe the loaded rules and exit. */
final class DescribeRules implements Step {
    @Override
    public int run(AppState s) throws Fatal {
        if (!s.opts.describeAll && s.opts.describeRule == null) {
            return CONTINUE;
        }
        if (!RuleDescriptions.print(s.rules, s.opts.describeRule, s.config.json().enabled(), s.out)) {
            throw new Fatal("Rule '" + s.opts.describeRule + "' not found");
        }
        return 0;
    }
}
