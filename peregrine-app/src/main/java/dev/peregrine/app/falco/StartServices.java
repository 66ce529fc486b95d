package dev.peregrine.app.falco;

/**
 * The web server (health, versions, metrics) and the gRPC outputs server; not on a dry run. As in Falco, the web
 * server serves live sources only: a capture's replay opens no port, so that several replays can run at once.
 */
final class StartServices implements Step {
    @Override
    public int run(AppState s) throws Fatal {
        if (s.opts.dryRun) {
            return CONTINUE;
        }
        s.services = Services.start(s.config, s.log, s.live());
        s.closeAtExit(s.services);
        return CONTINUE;
    }
}
