package dev.peregrine.app.falco;

/**
 * The end of a run: every alert delivered (outputs closed), what the outputs dropped, then Falco's statistics of
 * the rules that fired.
 */
final class PrintStats implements Step {
    @Override
    public int run(AppState s) throws Fatal {
        Pipeline p = s.detection.current();
        p.outputs().close();
        if (p.rateLimited() > 0) {
            s.log.warning("Skipped " + p.rateLimited() + " alerts over the outputs rate limit (outputs.rate)");
        }
        long dropped = p.outputs().stats().dropped();
        if (dropped > 0) {
            s.log.warning("Dropped " + dropped + " alerts: the outputs queue was full (outputs_queue.capacity)");
        }
        s.out.print(p.stats().format());
        s.out.flush();
        if (!s.completed) {
            throw new Fatal("Drop manager internal error");
        }
        return 0;
    }
}
