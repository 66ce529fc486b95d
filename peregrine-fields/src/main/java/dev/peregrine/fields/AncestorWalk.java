package dev.peregrine.fields;

import dev.peregrine.state.SystemState;
import dev.peregrine.state.ThreadInfo;

/** Walks a process's ancestry as libsinsp does: from the main thread, following each entry's ptid. */
final class AncestorWalk {
    private AncestorWalk() {
    }

    /** The ancestor at {@code depth} (0 = the process's main thread), or null if a link is missing. */
    static ThreadInfo ancestor(SystemState state, ThreadInfo t, int depth) {
        ThreadInfo cur = StateAccess.mainThread(state, t);
        for (int i = 0; i < depth && cur != null; i++) {
            cur = StateAccess.parentThread(state, cur);
        }
        return cur;
    }

    /** proc.loginshellid: the pid of the outermost of mt and its ancestors whose comm ends in "sh", or -1. */
    static long loginShellId(SystemState state, ThreadInfo mt) {
        long res = endsInSh(mt.comm()) ? mt.pid() : -1;
        ThreadInfo slow = StateAccess.parentThread(state, mt);
        ThreadInfo fast = slow == null ? null : StateAccess.parentThread(state, slow);
        while (slow != null && slow.tid() != -1) {
            if (endsInSh(slow.comm())) {
                res = slow.pid();
            }
            slow = StateAccess.parentThread(state, slow);
            fast = hare(state, slow, fast);
            if (fast == slow) {
                return res;
            }
        }
        return res;
    }

    /** proc.sname fallback: the highest of mt and its ancestors that keeps mt's session id. */
    static ThreadInfo sessionLeaderBySid(SystemState state, ThreadInfo mt) {
        ThreadInfo best = mt;
        long sid = mt.sid();
        ThreadInfo slow = StateAccess.parentThread(state, mt);
        ThreadInfo fast = slow == null ? null : StateAccess.parentThread(state, slow);
        while (slow != null && slow.tid() != -1) {
            if (slow.sid() != sid) {
                return best;
            }
            best = slow;
            slow = StateAccess.parentThread(state, slow);
            fast = hare(state, slow, fast);
            if (fast == slow) {
                return best;
            }
        }
        return best;
    }

    /**
     * The tortoise-and-hare loop check of libsinsp's traverse_parent_state, once the tortoise has moved to
     * {@code slow}: the hare {@code fast} moved two parents on, or {@code slow} itself when the chain loops (the hare
     * meets the tortoise, or the tortoise is its own parent). Either way the walk stops when the two are the same,
     * which includes both being null at the end of the chain.
     */
    private static ThreadInfo hare(SystemState state, ThreadInfo slow, ThreadInfo fast) {
        for (int i = 0; i < 2; i++) {
            fast = fast == null ? null : StateAccess.parentThread(state, fast);
            if (slow != null && (slow == fast || slow.tid() == slow.ptid())) {
                return slow;
            }
        }
        return fast;
    }

    private static boolean endsInSh(String comm) {
        int n = comm.length();
        return n >= 2 && comm.charAt(n - 2) == 's' && comm.charAt(n - 1) == 'h';
    }
}
