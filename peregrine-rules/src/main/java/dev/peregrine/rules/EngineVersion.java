package dev.peregrine.rules;

/** The rules engine version Peregrine implements, and comparison of {@code required_engine_version} values. */
public final class EngineVersion {
    /** The highest engine version the shared Falco rules files require. */
    public static final String CURRENT = "0.57.0";

    private EngineVersion() {
    }

    /**
     * A version as {major, minor, patch}: "0.31.0", or an old-style integer N standing for 0.N.0; null if
     * neither.
     */
    static int[] parse(String text) {
        String t = text.trim();
        if (t.matches("\\d+")) {
            return new int[] {0, Integer.parseInt(t), 0};
        }
        if (t.matches("\\d+\\.\\d+\\.\\d+")) {
            String[] p = t.split("\\.");
            return new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2])};
        }
        return null;
    }

    static int compare(int[] a, int[] b) {
        for (int i = 0; i < 3; i++) {
            if (a[i] != b[i]) {
                return Integer.compare(a[i], b[i]);
            }
        }
        return 0;
    }
}
