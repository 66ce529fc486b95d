package dev.peregrine.driver;

import dev.peregrine.scap.EventTable;
import dev.peregrine.scap.EventView;
import dev.peregrine.scap.FlagTable;
import dev.peregrine.scap.ParamInfo;
import dev.peregrine.scap.ParamType;

import java.io.ByteArrayOutputStream;
import java.net.Inet6Address;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Compares an event's decoded parameters with the syscall exerciser's notation of what they must be (see
 * syscall_exerciser.c): numbers at the parameter's width, flag names of its table, strings, escaped or hex bytes,
 * socket addresses and tuples, fd lists, dynamic parameters; "?" is not checked, "-" is an empty parameter.
 */
final class ExpectedParams {
    private ExpectedParams() {
    }

    /** The differences, one line each ("name: expected X, got Y"); empty when every parameter is as expected. */
    static List<String> differences(EventView ev, Map<String, String> expected) {
        List<String> out = new ArrayList<>();
        ParamInfo[] params = ev.info().params();
        for (Map.Entry<String, String> e : expected.entrySet()) {
            int i = ev.info().paramIndex(e.getKey());
            if (i < 0) {
                out.add(e.getKey() + ": no such parameter in " + ev.info().code());
                continue;
            }
            String want = e.getValue();
            if (want.equals("?")) {
                continue;
            }
            String got = i < ev.nparams() ? mismatch(ev, i, params[i], want) : "absent";
            if (got != null) {
                out.add(e.getKey() + ": expected " + want + ", got " + got);
            }
        }
        return out;
    }

    /** Null when parameter {@code i} is {@code want}, else what it is. */
    private static String mismatch(EventView ev, int i, ParamInfo p, String want) {
        int len = ev.paramLength(i);
        if (want.equals("-")) {
            return len == 0 ? null : len + " bytes";
        }
        ParamType t = p.type();
        byte[] bytes = ev.paramBytes(i);
        if (t.isString()) {
            String got = ev.paramString(i);
            return want.equals(got) ? null : "\"" + got + "\"";
        }
        if (t.width > 0) {
            return number(p, want, len == 0 ? 0 : ev.paramAsLong(i), t.width);
        }
        return switch (t) {
            case PT_BYTEBUF -> Arrays.equals(bytes(want), bytes) ? null : escape(bytes);
            case PT_SOCKADDR -> want.equals(sockaddr(bytes)) ? null : sockaddr(bytes);
            case PT_SOCKTUPLE -> want.equals(tuple(bytes)) ? null : tuple(bytes);
            case PT_FDLIST -> fdlist(want, bytes);
            case PT_DYN -> dynamic(p, want, bytes);
            default -> "a " + t + " (not comparable)";
        };
    }

    private static String number(ParamInfo p, String want, long got, int width) {
        long mask = width >= 8 ? -1L : (1L << (width * 8)) - 1;
        long w = p.flags() != null ? flags(p.flags(), want) : parse(want);
        return (w & mask) == (got & mask) ? null : got + (p.flags() != null ? " (" + names(p.flags(), got) + ")" : "");
    }

    /** A C-style integer (0x hex, 0 octal, negative), or an unsigned 64-bit decimal. */
    static long parse(String s) {
        try {
            return Long.decode(s);
        } catch (NumberFormatException e) {
            return Long.parseUnsignedLong(s);
        }
    }

    /** Flag names joined by '|' (numbers allowed) to their value in the table. */
    static long flags(FlagTable table, String want) {
        long v = 0;
        for (String token : want.split("\\|")) {
            int k = table.nameList().indexOf(token);
            v |= k >= 0 ? table.values()[k] : parse(token);
        }
        return v;
    }

    private static String names(FlagTable table, long v) {
        String exact = table.nameOf(v);
        if (exact != null) {
            return exact;
        }
        List<String> set = new ArrayList<>();
        for (int k = 0; k < table.size(); k++) {
            long f = table.values()[k];
            if (f != 0 && (v & f) == f && Long.bitCount(f) == 1) {
                set.add(table.names()[k]);
            }
        }
        return String.join("|", set);
    }

    /** Escaped text (\0, \t, \\) or hex:... to bytes. */
    static byte[] bytes(String want) {
        if (want.startsWith("hex:")) {
            return HexFormat.of().parseHex(want.substring(4));
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int k = 0; k < want.length(); k++) {
            char c = want.charAt(k);
            if (c == '\\' && k + 1 < want.length()) {
                char n = want.charAt(++k);
                b.write(n == '0' ? 0 : n == 't' ? '\t' : n);
            } else {
                b.write(c);
            }
        }
        return b.toByteArray();
    }

    private static String escape(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            if (x == 0) {
                s.append("\\0");
            } else if (x >= 32 && x < 127) {
                s.append((char) x);
            } else {
                s.append(String.format("\\x%02x", x & 0xff));
            }
        }
        return s.toString();
    }

    /** libscap's sockaddr: family byte, then IPv4 address and port, IPv6 address and port, or a unix path. */
    static String sockaddr(byte[] b) {
        if (b.length == 0) {
            return "-";
        }
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        return switch (b[0]) {
            case 2 -> ipv4(b, 1) + ":" + (buf.getShort(5) & 0xffff);
            case 10 -> "[" + ipv6(b, 1) + "]:" + (buf.getShort(17) & 0xffff);
            case 1 -> "unix:" + cString(b, 1);
            default -> "family " + b[0];
        };
    }

    /** libscap's socket tuple: family byte, then source and destination (address, port), or unix pointers and path. */
    static String tuple(byte[] b) {
        if (b.length == 0) {
            return "-";
        }
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        return switch (b[0]) {
            case 2 -> ipv4(b, 1) + ":" + (buf.getShort(5) & 0xffff) + "->" + ipv4(b, 7) + ":"
                    + (buf.getShort(11) & 0xffff);
            case 10 -> "[" + ipv6(b, 1) + "]:" + (buf.getShort(17) & 0xffff) + "->[" + ipv6(b, 19) + "]:"
                    + (buf.getShort(35) & 0xffff);
            case 1 -> "unix:" + cString(b, 17);
            default -> "family " + b[0];
        };
    }

    private static String ipv4(byte[] b, int off) {
        return (b[off] & 0xff) + "." + (b[off + 1] & 0xff) + "." + (b[off + 2] & 0xff) + "." + (b[off + 3] & 0xff);
    }

    private static String ipv6(byte[] b, int off) {
        try {
            // Inet6Address keeps an IPv4-mapped address as IPv6 (InetAddress would make it IPv4): the bytes as sent
            return Inet6Address.getByAddress(null, Arrays.copyOfRange(b, off, off + 16), -1).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String cString(byte[] b, int off) {
        int end = off;
        while (end < b.length && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.ISO_8859_1);
    }

    /** A PT_FDLIST: u16 count, then each fd (s64) and its poll events (s16). Expected as FD:EVENTS,... */
    private static String fdlist(String want, byte[] b) {
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int n = b.length >= 2 ? buf.getShort(0) & 0xffff : -1;
        FlagTable poll = EventTable.get().flagTable("poll_flags");
        List<String> got = new ArrayList<>();
        for (int k = 0; k < n && 2 + k * 10 + 10 <= b.length; k++) {
            got.add(buf.getLong(2 + k * 10) + ":" + (buf.getShort(10 + k * 10) & 0xffff));
        }
        String[] items = want.isEmpty() ? new String[0] : want.split(",");
        boolean same = items.length == got.size();
        for (int k = 0; same && k < items.length; k++) {
            String[] fe = items[k].split(":", 2);
            same = (fe[0] + ":" + flags(poll, fe[1])).equals(got.get(k));
        }
        return same ? null : String.join(",", got);
    }

    /** A PT_DYN: its index byte, then a value of that index's type. Expected as INDEX:VALUE. */
    private static String dynamic(ParamInfo p, String want, byte[] b) {
        if (b.length == 0) {
            return "-";
        }
        int idx = b[0] & 0xff;
        String[] iv = want.split(":", 2);
        String got = idx + ":" + dynamicValue(p, idx, b);
        if (Integer.parseInt(iv[0]) != idx || p.dynamic() == null || idx >= p.dynamic().length) {
            return got;
        }
        ParamType t = p.dynamic()[idx].type();
        byte[] v = Arrays.copyOfRange(b, 1, b.length);
        boolean same;
        if (t.isString()) {
            same = iv[1].equals(cString(b, 1));
        } else if (t.width > 0) {
            long mask = t.width >= 8 ? -1L : (1L << (t.width * 8)) - 1;
            same = v.length == t.width && (parse(iv[1]) & mask) == (littleEndian(v) & mask);
        } else {
            same = Arrays.equals(bytes(iv[1]), v);
        }
        return same ? null : got;
    }

    private static String dynamicValue(ParamInfo p, int idx, byte[] b) {
        if (p.dynamic() == null || idx >= p.dynamic().length) {
            return escape(Arrays.copyOfRange(b, 1, b.length));
        }
        ParamType t = p.dynamic()[idx].type();
        if (t.isString()) {
            return cString(b, 1);
        }
        return t.width > 0 && b.length == 1 + t.width ? Long.toString(littleEndian(Arrays.copyOfRange(b, 1, b.length)))
                : escape(Arrays.copyOfRange(b, 1, b.length));
    }

    private static long littleEndian(byte[] v) {
        long x = 0;
        for (int k = v.length - 1; k >= 0; k--) {
            x = (x << 8) | (v[k] & 0xff);
        }
        return v.length < 8 && v.length > 0 && (v[v.length - 1] & 0x80) != 0 ? x | (-1L << (v.length * 8)) : x;
    }
}
