package dev.peregrine.container;

/**
 * An image reference split as Falco's container plugin splits it: {@code [registry[:port]/]path[:tag][@digest]}.
 * The tag is after the last ':' that follows the last '/', so a registry's port is never taken for one.
 */
record ImageReference(String repository, String tag, String digest) {
    static ImageReference parse(String reference) {
        String ref = reference == null ? "" : reference;
        String digest = "";
        int at = ref.indexOf('@');
        if (at >= 0) {
            digest = ref.substring(at + 1);
            ref = ref.substring(0, at);
        }
        int colon = ref.lastIndexOf(':');
        if (colon > ref.lastIndexOf('/')) {
            return new ImageReference(ref.substring(0, colon), ref.substring(colon + 1), digest);
        }
        return new ImageReference(ref, "", digest);
    }
}
