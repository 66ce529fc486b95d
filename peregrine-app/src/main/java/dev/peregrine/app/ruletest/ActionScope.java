package dev.peregrine.app.ruletest;

import dev.peregrine.state.SystemState;
import dev.peregrine.state.ThreadInfo;

/**
 * Which threads belong to a test's action, so that what the rest of the machine does meanwhile is not counted:
 * the action's process and its descendants, and the processes of the container it started.
 */
final class ActionScope {
    /** Everything (a capture). */
    static final ActionScope ALL = new ActionScope(-1, null);
    /** Deep enough for podman → runc → init → shell → command chains. */
    private static final int MAX_DEPTH = 64;

    private final long rootPid;
    private volatile String containerPrefix;

    private ActionScope(long rootPid, String containerId) {
        this.rootPid = rootPid;
        this.containerPrefix = containerId;
    }

    static ActionScope processTree(long rootPid) {
        return new ActionScope(rootPid, null);
    }

    /** The container's processes count too, once its id is known (podman writes it when it creates it). */
    void container(String id) {
        containerPrefix = id.length() > 12 ? id.substring(0, 12) : id;
    }

    boolean contains(SystemState state, ThreadInfo t) {
        if (this == ALL) {
            return true;
        }
        if (t == null) {
            return false;
        }
        String prefix = containerPrefix;
        if (prefix != null && !t.containerId().isEmpty() && t.containerId().startsWith(prefix)) {
            return true;
        }
        ThreadInfo at = t;
        for (int depth = 0; at != null && depth < MAX_DEPTH; depth++) {
            if (at.pid() == rootPid) {
                return true;
            }
            at = state.parent(at);
        }
        return false;
    }
}
