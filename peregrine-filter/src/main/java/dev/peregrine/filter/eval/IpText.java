package dev.peregrine.filter.eval;

/** Parses IPv4 dotted quads and IPv6 text (with "::" and an embedded IPv4 tail) into address bytes. */
final class IpText {
    private IpText() {
    }

    /** 4 or 16 address bytes, or null if the text is not an address. */
    static byte[] parse(String s) {
        return s.indexOf(':') >= 0 ? ipv6(s) : ipv4(s, 0, s.length());
    }

    static byte[] ipv4(CharSequence s, int from, int to) {
        byte[] out = new byte[4];
        int part = 0, value = -1;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '.') {
                if (value < 0 || part == 3) {
                    return null;
                }
                out[part++] = (byte) value;
                value = -1;
            } else if (c >= '0' && c <= '9') {
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (value > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        if (value < 0 || part != 3) {
            return null;
        }
        out[3] = (byte) value;
        return out;
    }

    static byte[] ipv6(String s) {
        int dbl = s.indexOf("::");
        if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) {
            return null;
        }
        int[] head = new int[8], tail = new int[8];
        int nh, nt;
        byte[] v4 = null;
        String left = dbl >= 0 ? s.substring(0, dbl) : s;
        String right = dbl >= 0 ? s.substring(dbl + 2) : "";
        // an IPv4 tail ("::ffff:1.2.3.4") takes the last two groups
        String last = dbl >= 0 ? right : left;
        int lastColon = last.lastIndexOf(':');
        String lastPart = last.substring(lastColon + 1);
        if (lastPart.indexOf('.') >= 0) {
            v4 = ipv4(lastPart, 0, lastPart.length());
            if (v4 == null) {
                return null;
            }
            last = lastColon >= 0 ? last.substring(0, lastColon) : "";
            if (dbl >= 0) {
                right = last;
            } else {
                left = last;
            }
        }
        nh = groups(left, head);
        nt = groups(right, tail);
        if (nh < 0 || nt < 0) {
            return null;
        }
        int total = nh + nt + (v4 != null ? 2 : 0);
        if (dbl < 0 ? total != 8 : total > 7) {
            return null;
        }
        byte[] out = new byte[16];
        for (int i = 0; i < nh; i++) {
            out[2 * i] = (byte) (head[i] >> 8);
            out[2 * i + 1] = (byte) head[i];
        }
        int end = v4 != null ? 12 : 16;
        for (int i = 0; i < nt; i++) {
            int pos = end - 2 * (nt - i);
            out[pos] = (byte) (tail[i] >> 8);
            out[pos + 1] = (byte) tail[i];
        }
        if (v4 != null) {
            System.arraycopy(v4, 0, out, 12, 4);
        }
        return out;
    }

    private static int groups(String s, int[] out) {
        if (s.isEmpty()) {
            return 0;
        }
        String[] parts = s.split(":", -1);
        if (parts.length > 8) {
            return -1;
        }
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 4) {
                return -1;
            }
            try {
                out[i] = Integer.parseInt(p, 16);
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return parts.length;
    }
}
