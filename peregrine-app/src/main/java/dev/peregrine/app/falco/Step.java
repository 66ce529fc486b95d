package dev.peregrine.app.falco;

/**
 * One of Falco's steps (its userspace/falco/app/actions): each reads and adds to the run's {@link AppState}, then
 * either lets the next step run or ends the run with an exit status.
 */
interface Step {
    /** What {@link #run} returns to let the next step run. */
    int CONTINUE = -1;

    /** @return {@link #CONTINUE}, or the run's exit status */
    int run(AppState s) throws Fatal;
}
