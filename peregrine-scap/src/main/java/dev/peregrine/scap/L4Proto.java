package dev.peregrine.scap;

/** Layer-4 protocol codes (libscap scap_l4_proto), as stored in fd lists and in socket state. */
public final class L4Proto {
    public static final int UNKNOWN = 0, NA = 1, TCP = 2, UDP = 3, ICMP = 4, RAW = 5;

    private L4Proto() {
    }

    /** "tcp", "udp", "icmp", "raw", or null for the others. */
    public static String name(int proto) {
        return switch (proto) {
            case TCP -> "tcp";
            case UDP -> "udp";
            case ICMP -> "icmp";
            case RAW -> "raw";
            default -> null;
        };
    }
}
