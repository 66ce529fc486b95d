package dev.peregrine.web;

/** The web server could not start: the message is one line saying what and why, fit for the user. */
public final class WebServerException extends RuntimeException {
    public WebServerException(String message) {
        super(message);
    }

    public WebServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
