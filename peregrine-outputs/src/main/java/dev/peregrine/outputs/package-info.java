/**
 * Falco's alert channels. The rules thread hands each formatted {@link dev.peregrine.outputs.Alert} to
 * {@link dev.peregrine.outputs.Outputs}, which queues it (never blocking the caller) for one worker thread that
 * writes it to every {@link dev.peregrine.outputs.AlertChannel}: {@link dev.peregrine.outputs.StdoutChannel},
 * {@link dev.peregrine.outputs.FileChannel} and {@link dev.peregrine.outputs.ProgramChannel} mirror falco.yaml's
 * stdout_output, file_output and program_output. Channels are called from that one thread only, so they need no
 * locking of their own. {@link dev.peregrine.outputs.TokenBucket} is libsinsp's rate limiter.
 * {@link dev.peregrine.outputs.Pem} reads the PEM files of every TLS setting (these channels', the gRPC and web
 * servers') and {@link dev.peregrine.outputs.TlsMaterial} makes trust and key managers of them.
 */
package dev.peregrine.outputs;
