package dev.peregrine.outputs;

import java.nio.file.Path;

/**
 * A PEM file that {@link Pem} could not use. The message is one line naming the setting the file came from and the
 * file ({@link #where()}) and the cause; {@link #reason()} is the cause alone, for messages that name the file their
 * own way, and {@link #problem()} tells the causes apart.
 */
public final class PemException extends Exception {

    /** What is wrong with the file. */
    public enum Problem {
        /** There is no such file. */
        MISSING,
        /** It is a directory, or otherwise not a regular file. */
        NOT_A_FILE,
        /** It exists but cannot be read (permissions, I/O). */
        UNREADABLE,
        /** A block that was needed is not valid base64. */
        NOT_BASE64,
        /** No certificate where certificates were expected. */
        NO_CERTIFICATE,
        /** A certificate block that is not an X.509 certificate. */
        BAD_CERTIFICATE,
        /** No private key where a key was expected. */
        NO_KEY,
        /** The private key is encrypted, which none of the settings supports. */
        ENCRYPTED_KEY,
        /** The private key block cannot be read as a key. */
        BAD_KEY,
        /** The private key does not belong to the certificate it was given with. */
        MISMATCHED_KEY
    }

    private final Problem problem;
    private final String where;
    private final String reason;

    /** @param what the setting the file came from, e.g. "client_key" */
    PemException(Problem problem, String what, Path file, String reason, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
        this.where = what + " " + file;
        this.reason = reason;
    }

    public Problem problem() {
        return problem;
    }

    /** The setting and the file, as messages name them: e.g. "client_key /etc/ssl/certs/client.key". */
    public String where() {
        return where;
    }

    /** The cause in a few words, without the file: e.g. "no such file", "the private key is encrypted; ...". */
    public String reason() {
        return reason;
    }
}
