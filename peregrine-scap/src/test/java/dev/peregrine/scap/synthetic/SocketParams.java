package dev.peregrine.scap.synthetic;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Socket addresses and tuples as libscap's PT_SOCKADDR and PT_SOCKTUPLE parameters carry them: a PPM_AF_* family
 * byte, then addresses in network byte order and ports in host (little-endian) order; unix ends are the kernel's
 * socket pointers, then the NUL-terminated path.
 */
public final class SocketParams {
    /** PPM_AF_* family codes. */
    public static final int AF_UNIX = 1, AF_INET = 2, AF_INET6 = 10;

    private SocketParams() {
    }

    /** An IPv4 address as fd lists and the state hold it: read little-endian from network order (first octet low). */
    public static int ipv4Address(String dotted) {
        byte[] a = ipv4Bytes(dotted);
        return (a[0] & 0xFF) | (a[1] & 0xFF) << 8 | (a[2] & 0xFF) << 16 | (a[3] & 0xFF) << 24;
    }

    /** An IPv6 literal's 16 bytes (an IPv4-mapped literal such as ::ffff:10.0.0.1 keeps its mapped form). */
    public static byte[] ipv6Address(String literal) {
        InetAddress a = InetAddress.ofLiteral(literal);
        if (a instanceof Inet6Address) {
            return a.getAddress();
        }
        // ofLiteral turns ::ffff:a.b.c.d into an IPv4 address: map it back
        byte[] v4 = a.getAddress();
        byte[] out = new byte[16];
        out[10] = (byte) 0xFF;
        out[11] = (byte) 0xFF;
        System.arraycopy(v4, 0, out, 12, 4);
        return out;
    }

    /** PT_SOCKADDR of an IPv4 address and port. */
    public static byte[] ipv4(String ip, int port) {
        return buffer(7).put((byte) AF_INET).put(ipv4Bytes(ip)).putShort((short) port).array();
    }

    /** PT_SOCKADDR of an IPv6 address and port. */
    public static byte[] ipv6(String ip, int port) {
        return buffer(19).put((byte) AF_INET6).put(ipv6Address(ip)).putShort((short) port).array();
    }

    /** PT_SOCKADDR of a unix socket path. */
    public static byte[] unix(String path) {
        byte[] p = path.getBytes(StandardCharsets.UTF_8);
        return buffer(2 + p.length).put((byte) AF_UNIX).put(p).put((byte) 0).array();
    }

    /** PT_SOCKTUPLE of an IPv4 connection: source address and port, then destination. */
    public static byte[] ipv4Tuple(String sip, int sport, String dip, int dport) {
        return buffer(13).put((byte) AF_INET).put(ipv4Bytes(sip)).putShort((short) sport).put(ipv4Bytes(dip))
                .putShort((short) dport).array();
    }

    /** PT_SOCKTUPLE of an IPv6 connection. */
    public static byte[] ipv6Tuple(String sip, int sport, String dip, int dport) {
        return buffer(37).put((byte) AF_INET6).put(ipv6Address(sip)).putShort((short) sport).put(ipv6Address(dip))
                .putShort((short) dport).array();
    }

    /** PT_SOCKTUPLE of a unix connection: the kernel's pointers to both ends, then the path. */
    public static byte[] unixTuple(long source, long dest, String path) {
        byte[] p = path.getBytes(StandardCharsets.UTF_8);
        return buffer(18 + p.length).put((byte) AF_UNIX).putLong(source).putLong(dest).put(p).put((byte) 0).array();
    }

    private static ByteBuffer buffer(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] ipv4Bytes(String dotted) {
        String[] parts = dotted.split("\\.");
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + dotted);
        }
        byte[] a = new byte[4];
        for (int i = 0; i < 4; i++) {
            int v = Integer.parseInt(parts[i]);
            if (v < 0 || v > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + dotted);
            }
            a[i] = (byte) v;
        }
        return a;
    }
}
