package dev.peregrine.driver;

import dev.peregrine.scap.EventView;

/**
 * The driver's ring buffers, one per group of CPUs (Falco's cpus_for_each_buffer), read as one stream: each call
 * hands out the oldest of the rings' first records (libscap merges its buffers the same way). With one ring it is
 * that ring. A record stays in its ring, in place, until the next call.
 */
final class RingSet implements AutoCloseable {
    private final Libbpf bpf;
    private final RingBuffer[] rings;
    private final int[] ringFds;
    private final EventView[] heads;
    private final boolean[] loaded;

    RingSet(Libbpf bpf, RingBuffer[] rings, int[] ringFds) {
        this.bpf = bpf;
        this.rings = rings;
        this.ringFds = ringFds;
        this.heads = new EventView[rings.length];
        this.loaded = new boolean[rings.length];
        for (int i = 0; i < rings.length; i++) {
            heads[i] = new EventView();
        }
    }

    int size() {
        return rings.length;
    }

    boolean next(EventView view) {
        if (rings.length == 1) {
            return rings[0].next(view);
        }
        int best = -1;
        long bestTs = 0;
        for (int i = 0; i < rings.length; i++) {
            if (!loaded[i]) {
                loaded[i] = rings[i].next(heads[i]); // gives back the record handed out from this ring before
            }
            if (loaded[i]) {
                long ts = heads[i].timestamp();
                if (best < 0 || Long.compareUnsigned(ts, bestTs) < 0) {
                    best = i;
                    bestTs = ts;
                }
            }
        }
        if (best < 0) {
            return false;
        }
        EventView h = heads[best];
        view.wrap(h.segment(), h.base(), EventView.HEADER_V2, false, h.cpu(), -1);
        loaded[best] = false;
        return true;
    }

    @Override
    public void close() {
        for (RingBuffer r : rings) {
            r.close();
        }
        for (int fd : ringFds) {
            bpf.closeFd(fd);
        }
    }
}
