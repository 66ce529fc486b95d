package dev.peregrine.filter.eval;

import com.google.re2j.Pattern;

import dev.peregrine.fields.TextBuffer;

/**
 * libsinsp's flt_compare: one loaded field value against one literal, by the field's kind. Shared by both
 * evaluators for the comparisons the compiler does not specialise.
 */
final class Comparisons {
    private Comparisons() {
    }

    static boolean compare(FieldReader r, Op op, Constant c, RegexCache regexes) {
        return switch (r.kind) {
            case SIGNED, BOOL -> numbers(op, Long.compare(r.number(), c.number()));
            case UNSIGNED -> numbers(op, Long.compareUnsigned(r.number(), c.number()));
            case DOUBLE -> numbers(op, Double.compare(Double.longBitsToDouble(r.number()),
                    Double.longBitsToDouble(c.number())));
            case TEXT, BYTES -> text(r.text(), op, c, regexes);
            case DYNAMIC -> isNumber(c.text()) && isNumber(r.text())
                    ? numbers(op, Long.compare(r.number(), Long.parseLong(c.text())))
                    : text(r.text(), op, c, regexes);
            case IP, NET -> ip(r, op, c);
        };
    }

    static boolean numbers(Op op, int cmp) {
        return switch (op) {
            case EQ, IN, INTERSECTS -> cmp == 0;
            case NE -> cmp != 0;
            case LT -> cmp < 0;
            case LE -> cmp <= 0;
            case GT -> cmp > 0;
            case GE -> cmp >= 0;
            default -> false;
        };
    }

    static boolean text(TextBuffer t, Op op, Constant c, RegexCache regexes) {
        byte[] b = c.bytes();
        return switch (op) {
            case EQ, IN, INTERSECTS -> Bytes.equals(t, b);
            case NE -> !Bytes.equals(t, b);
            case LT -> Bytes.compare(t, b) < 0;
            case LE -> Bytes.compare(t, b) <= 0;
            case GT -> Bytes.compare(t, b) > 0;
            case GE -> Bytes.compare(t, b) >= 0;
            case CONTAINS, BCONTAINS -> Bytes.contains(t, b, false);
            case ICONTAINS -> Bytes.contains(t, b, true);
            case STARTSWITH, BSTARTSWITH -> Bytes.startsWith(t, b);
            case ENDSWITH -> Bytes.endsWith(t, b);
            case GLOB -> Glob.matches(b, t, false);
            case IGLOB -> Glob.matches(b, t, true);
            case REGEX -> regexes.get(c.text()).matcher(new FieldReader.Latin1(t)).matches();
            case PMATCH -> underPath(t, b);
            case EXISTS -> true;
        };
    }

    /** libsinsp pmatch: the path is the prefix itself or lies below it. */
    static boolean underPath(TextBuffer t, byte[] prefix) {
        int n = prefix.length;
        while (n > 1 && prefix[n - 1] == '/') {
            n--;
        }
        if (t.length() < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (t.byteAt(i) != prefix[i]) {
                return false;
            }
        }
        return t.length() == n || t.byteAt(n) == '/' || (n == 1 && prefix[0] == '/');
    }

    private static boolean ip(FieldReader r, Op op, Constant c) {
        boolean match;
        if (r.isIpv6 != c.ipv6()) {
            match = false;
        } else if (c.prefixBits() >= 0) {
            match = r.isIpv6 ? prefixMatch(r.ip6, c.bytes(), c.prefixBits())
                    : prefixMatch4(r.ipv4, (int) c.number(), c.prefixBits());
        } else {
            match = r.isIpv6 ? java.util.Arrays.equals(r.ip6, c.bytes()) : r.ipv4 == (int) c.number();
        }
        return switch (op) {
            case EQ, IN, INTERSECTS -> match;
            case NE -> !match;
            default -> false;
        };
    }

    /** IPv4 addresses are stored first octet in the low byte, so the network prefix is the low bits, reversed. */
    static boolean prefixMatch4(int addr, int net, int bits) {
        for (int i = 0; i < bits; i++) {
            int byteIndex = i / 8, bit = 7 - i % 8;
            if (((addr >>> (8 * byteIndex + bit)) & 1) != ((net >>> (8 * byteIndex + bit)) & 1)) {
                return false;
            }
        }
        return true;
    }

    static boolean prefixMatch(byte[] a, byte[] net, int bits) {
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >>> (i % 8);
            if ((a[i / 8] & mask) != (net[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isNumber(CharSequence s) {
        int n = s.length();
        if (n == 0) {
            return false;
        }
        for (int i = s.charAt(0) == '-' ? 1 : 0; i < n; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return n > (s.charAt(0) == '-' ? 1 : 0);
    }

    private static boolean isNumber(TextBuffer t) {
        return isNumber(new FieldReader.Latin1(t));
    }

    /** Compiled regular expressions by source text (RE2 syntax, linear-time matching). */
    static final class RegexCache {
        private final java.util.Map<String, Pattern> patterns = new java.util.HashMap<>();

        Pattern get(String source) {
            return patterns.computeIfAbsent(source, Pattern::compile);
        }
    }
}
