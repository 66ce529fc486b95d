package dev.peregrine.config;

/** Where a configuration value came from, for error messages. */
public sealed interface Origin permits Origin.FileLine, Origin.Option {

    /** "file:line" or "-o KEY=VALUE". */
    String where();

    /** A line of a YAML file (1-based), the file named as it was given. */
    record FileLine(String file, int line) implements Origin {
        @Override
        public String where() {
            return file + ":" + line;
        }
    }

    /** A {@code -o KEY=VALUE} command-line option, kept as typed. */
    record Option(String option) implements Origin {
        @Override
        public String where() {
            return "-o " + option;
        }
    }
}
