package dev.peregrine.fields;

import dev.peregrine.scap.EventFlags;
import dev.peregrine.scap.EventInfo;
import dev.peregrine.state.FdInfo;
import dev.peregrine.state.ThreadInfo;

/**
 * A field value about the event's fd. The wrapper applies libsinsp's availability rule: only events that create,
 * use or destroy an fd, and only with a thread. {@code fd} is the event's fd, or the thread's entry for the last
 * fd number, or null.
 */
@FunctionalInterface
interface FdPrinter {
    int FD_EVENT = EventFlags.CREATES_FD | EventFlags.USES_FD | EventFlags.DESTROYS_FD;

    boolean print(EventContext ctx, ThreadInfo t, FdInfo fd, TextBuffer out);

    /** Per event type: true if it creates, uses or destroys an fd (the legacy flags the state follows). */
    boolean[] FD_EVENTS = FdEventTypes.compute();

    final class FdEventTypes {
        private FdEventTypes() {
        }

        static boolean[] compute() {
            dev.peregrine.scap.EventTable table = dev.peregrine.scap.EventTable.get();
            boolean[] set = new boolean[table.size()];
            for (int i = 0; i < set.length; i++) {
                EventInfo e = table.info(i);
                set[i] = e != null && (e.legacyFlags() & FD_EVENT) != 0;
            }
            return set;
        }
    }

    static Extractor of(FdPrinter p) {
        return (ctx, out) -> {
            int type = ctx.event().type();
            if (type < 0 || type >= FD_EVENTS.length || !FD_EVENTS[type]) {
                return false;
            }
            ThreadInfo t = ctx.thread();
            if (t == null) {
                return false;
            }
            return p.print(ctx, t, currentFd(ctx, t), out);
        };
    }

    static FdInfo currentFd(EventContext ctx, ThreadInfo t) {
        FdInfo fd = ctx.fd();
        if (fd == null) {
            long num = ctx.state().currentFdNum();
            if (num != -1) {
                fd = ctx.state().fd(t, num);
            }
        }
        return fd;
    }
}
