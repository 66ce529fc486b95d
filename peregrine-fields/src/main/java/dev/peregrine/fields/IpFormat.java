package dev.peregrine.fields;

/** IPv4 and IPv6 address text as libsinsp prints it (dotted quad, and glibc inet_ntop for IPv6). */
final class IpFormat {
    private IpFormat() {
    }

    /** An IPv4 address held as the capture stores it: network-order bytes read as a little-endian int. */
    static void appendIpv4(TextBuffer out, int ip) {
        out.append(ip & 0xFF).appendByte('.').append((ip >>> 8) & 0xFF).appendByte('.')
                .append((ip >>> 16) & 0xFF).appendByte('.').append((ip >>> 24) & 0xFF);
    }

    /** A 16-byte IPv6 address in glibc inet_ntop form ("::1", "::ffff:1.2.3.4", "fe80::1"); null prints "::". */
    static void appendIpv6(TextBuffer out, byte[] a) {
        if (a == null) {
            out.append("::");
            return;
        }
        int bestBase = -1;
        int bestLen = 0;
        int curBase = -1;
        int curLen = 0;
        for (int i = 0; i < 8; i++) {
            if (word(a, i) == 0) {
                if (curBase < 0) {
                    curBase = i;
                    curLen = 1;
                } else {
                    curLen++;
                }
            } else if (curBase >= 0) {
                if (curLen > bestLen) {
                    bestBase = curBase;
                    bestLen = curLen;
                }
                curBase = -1;
            }
        }
        if (curBase >= 0 && curLen > bestLen) {
            bestBase = curBase;
            bestLen = curLen;
        }
        if (bestLen < 2) {
            bestBase = -1;
        }
        for (int i = 0; i < 8; i++) {
            if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen) {
                if (i == bestBase) {
                    out.appendByte(':');
                }
                continue;
            }
            if (i != 0) {
                out.appendByte(':');
            }
            if (i == 6 && bestBase == 0 && (bestLen == 6 || bestLen == 5 && word(a, 5) == 0xFFFF)) {
                out.append(a[12] & 0xFF).appendByte('.').append(a[13] & 0xFF).appendByte('.')
                        .append(a[14] & 0xFF).appendByte('.').append(a[15] & 0xFF);
                return;
            }
            out.appendHex(word(a, i), false);
        }
        if (bestBase >= 0 && bestBase + bestLen == 8) {
            out.appendByte(':');
        }
    }

    private static int word(byte[] a, int i) {
        return (a[2 * i] & 0xFF) << 8 | a[2 * i + 1] & 0xFF;
    }

    /** True for an IPv6 address of the form ::ffff:a.b.c.d. */
    static boolean isV4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xFF && a[11] == (byte) 0xFF;
    }
}
