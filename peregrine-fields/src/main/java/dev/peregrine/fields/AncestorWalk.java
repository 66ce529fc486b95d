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

    /**
     * traverse_parent_state: visits the parents of {@code start} (not {@code start} itself) until the visitor
     * returns false, the chain ends, or a loop is detected (tortoise and hare).
     */
    static void traverseParents(SystemState state, ThreadInfo start, Visitor visitor) {
        ThreadInfo slow = StateAccess.parentThread(state, start);
        ThreadInfo fast = slow == null ? null : StateAccess.parentThread(state, slow);
        while (slow != null && slow.tid() != -1) {
            if (!visitor.visit(slow)) {
                return;
            }
            slow = StateAccess.parentThread(state, slow);
            for (int i = 0; i < 2; i++) {
                fast = fast == null ? null : StateAccess.parentThread(state, fast);
                if (slow != null && (slow == fast || slow.tid() == slow.ptid())) {
                    return;
                }
            }
        }
    }

    /** Called for each ancestor; return false to stop. */
    interface Visitor {
        boolean visit(ThreadInfo ancestor);
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
            for (int i = 0; i < 2; i++) {
                fast = fast == null ? null : StateAccess.parentThread(state, fast);
                if (slow != null && (slow == fast || slow.tid() == slow.ptid())) {
                    return res;
                }
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
            for (int i = 0; i < 2; i++) {
                fast = fast == null ? null : StateAccess.parentThread(state, fast);
                if (slow != null && (slow == fast || slow.tid() == slow.ptid())) {
                    return best;
                }
            }
        }
        return best;
    }

    private static boolean endsInSh(String comm) {
        int n = comm.length();
        return n >= 2 && comm.charAt(n - 2) == 's' && comm.charAt(n - 1) == 'h';
    }
}
