/**
 * Falco's alert channels. The rules thread hands each formatted {@link dev.peregrine.outputs.Alert} to
 * {@link dev.peregrine.outputs.Outputs}, which queues it (never blocking the caller) for one worker thread that
 * writes it to every {@link dev.peregrine.outputs.AlertChannel}: {@link dev.peregrine.outputs.StdoutChannel},
 * {@link dev.peregrine.outputs.FileChannel} and {@link dev.peregrine.outputs.ProgramChannel} mirror falco.yaml's
 * stdout_output, file_output and program_output. Channels are called from that one thread only, so they need no
 * locking of their own. {@link dev.peregrine.outputs.TokenBucket} is libsinsp's rate limiter.
 */
package dev.peregrine.outputs;
