package dev.peregrine.scap;

/**
 * One event type of the libscap event table.
 *
 * @param id         the PPME_* number
 * @param code       libs' name for that number (PPME_SYSCALL_OPEN_X), which {@link EventIds} names its constants by
 * @param name       the shared name of all versions of the syscall ("open"), what evt.type shows
 * @param enter      true for enter events ('>'), false for exit events ('<')
 * @param categories {@link EventCategory} bits
 * @param flags      {@link EventFlags} bits
 * @param legacyFlags the flags as libs e5c53d6 (sysdig 0.29.3, the Falco 0.3x era) had them; state tracking
 *                    follows that era's libsinsp, and a few types gained or lost fd flags since
 */
public record EventInfo(int id, String code, String name, boolean enter, int categories, int flags, int legacyFlags,
                        ParamInfo[] params) {

    public int nparams() {
        return params.length;
    }

    public boolean hasCategory(int category) {
        return (categories & category) != 0;
    }

    public boolean hasFlag(int flag) {
        return (flags & flag) != 0;
    }

    public boolean hasLegacyFlag(int flag) {
        return (legacyFlags & flag) != 0;
    }

    /** Index of the parameter with this name, or -1. */
    public int paramIndex(String paramName) {
        for (int i = 0; i < params.length; i++) {
            if (params[i].name().equals(paramName)) {
                return i;
            }
        }
        return -1;
    }

    public char direction() {
        return enter ? '>' : '<';
    }
}
