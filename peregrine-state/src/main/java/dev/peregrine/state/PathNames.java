package dev.peregrine.state;

import java.nio.charset.StandardCharsets;

/**
 * libsinsp's path joining and normalisation (utils.cpp concatenate_paths / copy_and_sanitize_path at e5c53d6),
 * reproduced byte for byte, quirks included: "..", "." and "//" are handled anywhere in the name, not only at
 * component starts, and non-printable bytes (all bytes >= 0x80) become '.'.
 */
public final class PathNames {
    static final int MAX_PATH = 4096;

    private PathNames() {
    }

    /**
     * Joins {@code name} onto {@code base} as libsinsp does. A null name stands for a missing (zero-length) event
     * string, which drops the base; an empty name keeps it.
     */
    public static String concatenate(String base, String name) {
        byte[] b = base.getBytes(StandardCharsets.UTF_8);
        byte[] n = name == null ? new byte[0] : name.getBytes(StandardCharsets.UTF_8);
        return concatenate(b, n, name == null ? 0 : n.length + 1);
    }

    /** @param len2 the event string's length including its NUL, 0 if the parameter was empty */
    static String concatenate(byte[] base, byte[] name, int len2) {
        if (base.length + len2 + 1 > MAX_PATH) {
            return "/PATH_TOO_LONG";
        }
        byte[] t = new byte[base.length + name.length + 2];
        int tc = 0;
        if (len2 != 0 && (name.length == 0 || name[0] != '/')) {
            System.arraycopy(base, 0, t, 0, base.length);
            tc = base.length;
        }
        tc = sanitize(t, tc, name);
        return new String(t, 0, tc, StandardCharsets.UTF_8);
    }

    private static int at(byte[] p, int i) {
        return i < p.length ? p[i] : 0;
    }

    private static boolean invalid(int c) {
        return c < 0x20 || c >= 0x7f; // c is a signed byte: every byte >= 0x80 is negative
    }

    private static int sanitize(byte[] t, int tc, byte[] p) {
        int pc = 0;
        while (true) {
            int c = at(p, pc);
            if (c == 0) {
                if (tc > 1 && t[tc - 1] == '/') {
                    tc--;
                }
                return tc;
            }
            if (invalid(c)) {
                t[tc++] = '.';
                pc++;
                continue;
            }
            int c1 = at(p, pc + 1), c2 = at(p, pc + 2);
            if (c == '.' && c1 == '.' && c2 == '/') {
                tc = rewind(t, tc);
                pc += 3;
            } else if (c == '.' && c1 == '.') {
                if (c2 == 0) {
                    tc = rewind(t, tc);
                    pc += 2;
                } else {
                    t[tc++] = '.';
                    t[tc++] = '.';
                    pc += 2;
                }
            } else if (c == '.' && c1 == '/') {
                pc += 2;
            } else if (c == '.') {
                if (c1 == 0) {
                    pc++;
                } else {
                    t[tc++] = '.';
                    pc++;
                }
            } else if (c == '/') {
                if (tc > 0 && t[tc - 1] == '/') {
                    pc++;
                } else {
                    t[tc++] = '/';
                    pc++;
                }
            } else {
                t[tc++] = (byte) c;
                pc++;
            }
        }
    }

    private static int rewind(byte[] t, int tc) {
        if (tc <= 1) {
            return tc;
        }
        tc--;
        while (tc >= 1 && t[tc - 1] != '/') {
            tc--;
        }
        return tc;
    }
}
