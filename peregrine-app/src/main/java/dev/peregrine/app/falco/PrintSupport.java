package dev.peregrine.app.falco;

/** --support: what a bug report needs, as JSON. */
final class PrintSupport implements Step {
    @Override
    public int run(AppState s) {
        if (!s.opts.support) {
            return CONTINUE;
        }
        SupportInfo.print(s.out, s.config, s.rulesFiles);
        return 0;
    }
}
