package dev.peregrine.plugins;

/** {@code major.minor.patch} versions and the compatibility rule of semantic versioning that Falco applies. */
final class SemVer {
    private SemVer() {
    }

    /** {major, minor, patch}, or null when the text is not such a version. */
    static int[] parse(String text) {
        String[] p = text.strip().split("\\.");
        if (p.length != 3) {
            return null;
        }
        int[] v = new int[3];
        try {
            for (int i = 0; i < 3; i++) {
                v[i] = Integer.parseInt(p[i]);
                if (v[i] < 0) {
                    return null;
                }
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return v;
    }

    /** Whether {@code have} satisfies {@code required}: same major version, not older. */
    static boolean compatible(int[] have, int[] required) {
        if (have[0] != required[0]) {
            return false;
        }
        for (int i = 1; i < 3; i++) {
            if (have[i] != required[i]) {
                return have[i] > required[i];
            }
        }
        return true;
    }
}
