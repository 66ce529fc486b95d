package dev.peregrine.filter.eval;

import java.nio.charset.StandardCharsets;

/**
 * A literal of a condition, parsed once into the type of the field it is compared with.
 *
 * @param number     the value of numeric and boolean literals, or the IPv4 address (first octet in the low byte)
 * @param bytes      the text of string literals; the 16 address bytes of IPv6 literals
 * @param prefixBits for networks, the prefix length; else -1
 */
public record Constant(String text, long number, byte[] bytes, int prefixBits, boolean ipv6) {

    /** Parses {@code text} as a value of {@code kind}; throws IllegalArgumentException saying why it cannot. */
    public static Constant parse(String text, ValueKind kind) {
        return switch (kind) {
            case SIGNED -> new Constant(text, parseSigned(text), null, -1, false);
            case UNSIGNED -> new Constant(text, parseUnsigned(text), null, -1, false);
            case BOOL -> new Constant(text, parseBool(text), null, -1, false);
            case DOUBLE -> {
                try {
                    yield new Constant(text, Double.doubleToLongBits(Double.parseDouble(text)), null, -1, false);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + text + "' is not a number");
                }
            }
            case IP -> address(text, text, -1);
            case NET -> network(text);
            case TEXT, BYTES, DYNAMIC -> new Constant(text, 0, text.getBytes(StandardCharsets.UTF_8), -1, false);
        };
    }

    static long parseSigned(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' is not a valid number");
        }
    }

    static long parseUnsigned(String s) {
        try {
            return s.startsWith("-") ? Long.parseLong(s) : Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' is not a valid number");
        }
    }

    static long parseBool(String s) {
        return switch (s) {
            case "true" -> 1;
            case "false" -> 0;
            default -> throw new IllegalArgumentException("'" + s + "' is not a boolean (true or false)");
        };
    }

    private static Constant network(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            Constant a = address(text, text, -1);
            return new Constant(text, a.number, a.bytes, a.ipv6 ? 128 : 32, a.ipv6);
        }
        int bits;
        try {
            bits = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid network (bad prefix length)");
        }
        Constant a = address(text.substring(0, slash), text, bits);
        if (bits < 0 || bits > (a.ipv6 ? 128 : 32)) {
            throw new IllegalArgumentException("'" + text + "' is not a valid network (prefix length out of range)");
        }
        return new Constant(text, a.number, a.bytes, bits, a.ipv6);
    }

    private static Constant address(String addr, String text, int bits) {
        byte[] b = IpText.parse(addr);
        if (b == null) {
            throw new IllegalArgumentException("'" + text + "' is not a valid IP " + (bits >= 0 ? "network" : "address"));
        }
        if (b.length == 4) {
            int v = (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16 | (b[3] & 0xFF) << 24;
            return new Constant(text, v & 0xFFFFFFFFL, b, bits, false);
        }
        return new Constant(text, 0, b, bits, true);
    }
}
