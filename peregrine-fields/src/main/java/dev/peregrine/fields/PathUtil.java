package dev.peregrine.fields;

import dev.peregrine.state.PathNames;

/** Path helpers for names rebuilt from event parameters (failed opens, fs.path.*). */
final class PathUtil {
    private PathUtil() {
    }

    /**
     * Joins {@code base} and {@code name} (an event string) as libsinsp does: the state module's
     * {@link PathNames#concatenate}, the one implementation of its normalisation.
     */
    static String concatenate(String base, String name) {
        return PathNames.concatenate(base, name);
    }

    /** The directory part as fd.directory shows it for a file name: up to the last '/', or "/" if none. */
    static String directoryOf(String name) {
        int pos = name.lastIndexOf('/');
        if (pos > 0) {
            return pos < name.length() - 1 ? name.substring(0, pos) : name;
        }
        return "/";
    }
}
