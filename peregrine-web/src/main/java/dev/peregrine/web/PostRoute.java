package dev.peregrine.web;

/** Handles POST requests to one path (an event source's webhook, such as the Kubernetes audit endpoint). */
@FunctionalInterface
public interface PostRoute {
    /**
     * @param where       the request for messages ({@code POST /k8s-audit from 10.0.0.5:41234})
     * @param contentType the Content-Type header, or empty
     */
    Reply post(String where, String contentType, byte[] body);

    /** The status and text body to answer with. */
    record Reply(int status, String body) {
    }
}
