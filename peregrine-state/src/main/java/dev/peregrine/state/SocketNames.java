package dev.peregrine.state;

/** Renders addresses and socket tuples the way libsinsp names socket fds (IPv4 dotted quads, inet_ntop IPv6). */
public final class SocketNames {
    private SocketNames() {
    }

    /** An IPv4 address stored as read little-endian from the event (first octet in the low byte). */
    // Built with a StringBuilder, not '+': a replay runs on the quick compiler, which inlines the whole of a string
    // concatenation's method-handle tree at each '+', making every method with one large and slow to compile.
    public static String ipv4(int addr) {
        return appendIpv4(new StringBuilder(15), addr).toString();
    }

    public static String ipv4Tuple(int sip, int sport, int dip, int dport) {
        StringBuilder b = new StringBuilder(47);
        appendIpv4(b, sip).append(':').append(sport).append("->");
        return appendIpv4(b, dip).append(':').append(dport).toString();
    }

    private static StringBuilder appendIpv4(StringBuilder b, int addr) {
        return b.append(addr & 0xFF).append('.').append((addr >>> 8) & 0xFF).append('.').append((addr >>> 16) & 0xFF)
                .append('.').append((addr >>> 24) & 0xFF);
    }

    /** True for ::ffff:a.b.c.d and for the all-zero address (libsinsp is_ipv4_mapped_ipv6). */
    public static boolean isIpv4Mapped(byte[] a, int off) {
        boolean zero = true;
        for (int i = 0; i < 16; i++) {
            if (a[off + i] != 0) {
                zero = false;
                break;
            }
        }
        if (zero) {
            return true;
        }
        for (int i = 0; i < 10; i++) {
            if (a[off + i] != 0) {
                return false;
            }
        }
        return (a[off + 10] & 0xFF) == 0xFF && (a[off + 11] & 0xFF) == 0xFF;
    }

    /** glibc inet_ntop(AF_INET6): longest zero run compressed, embedded IPv4 for mapped/compatible addresses. */
    public static String ipv6(byte[] a) {
        int[] w = new int[8];
        for (int i = 0; i < 8; i++) {
            w[i] = ((a[2 * i] & 0xFF) << 8) | (a[2 * i + 1] & 0xFF);
        }
        int bestBase = -1, bestLen = 0, curBase = -1, curLen = 0;
        for (int i = 0; i < 8; i++) {
            if (w[i] == 0) {
                if (curBase == -1) {
                    curBase = i;
                    curLen = 1;
                } else {
                    curLen++;
                }
            } else if (curBase != -1) {
                if (bestBase == -1 || curLen > bestLen) {
                    bestBase = curBase;
                    bestLen = curLen;
                }
                curBase = -1;
            }
        }
        if (curBase != -1 && (bestBase == -1 || curLen > bestLen)) {
            bestBase = curBase;
            bestLen = curLen;
        }
        if (bestBase != -1 && bestLen < 2) {
            bestBase = -1;
        }
        StringBuilder sb = new StringBuilder(40);
        for (int i = 0; i < 8; i++) {
            if (bestBase != -1 && i >= bestBase && i < bestBase + bestLen) {
                if (i == bestBase) {
                    sb.append(':');
                }
                continue;
            }
            if (i != 0) {
                sb.append(':');
            }
            if (i == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && w[5] == 0xffff))) {
                sb.append(a[12] & 0xFF).append('.').append(a[13] & 0xFF).append('.').append(a[14] & 0xFF)
                        .append('.').append(a[15] & 0xFF);
                break;
            }
            sb.append(Integer.toHexString(w[i]));
        }
        if (bestBase != -1 && bestBase + bestLen == 8) {
            sb.append(':');
        }
        return sb.toString();
    }
}
