package dev.peregrine.app.falco;

/** The web server (health, versions, metrics) and the gRPC outputs server; not on a dry run. */
final class StartServices implements Step {
    @Override
    public int run(AppState s) throws Fatal {
        if (s.opts.dryRun) {
            return CONTINUE;
        }
        s.services = Services.start(s.config, s.log);
        s.closeAtExit(s.services);
        return CONTINUE;
    }
}
