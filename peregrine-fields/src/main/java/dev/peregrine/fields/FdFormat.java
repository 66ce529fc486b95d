package dev.peregrine.fields;

import dev.peregrine.state.FdInfo;

/** Small helpers for showing fds as libsinsp does. */
final class FdFormat {
    private static final int L4_TCP = 2, L4_UDP = 3, L4_ICMP = 4, L4_RAW = 5;

    private FdFormat() {
    }

    /** libsinsp's get_l4proto: a connected socket whose role is still unknown has no protocol yet. */
    static int l4proto(FdInfo f) {
        boolean connectedKind = f.type() == dev.peregrine.scap.FdType.IPV4_SOCK
                || f.type() == dev.peregrine.scap.FdType.IPV6_SOCK;
        if (connectedKind && f.l4proto() != L4_RAW && !f.roleKnown()) {
            return 0;
        }
        return f.l4proto();
    }

    /** The protocol letter after the type letter of an IP socket ("&lt;4t&gt;"), or 0. */
    static char protoChar(FdInfo f) {
        if (!f.isIpv4Socket() && !f.isIpv6Socket()) {
            return 0;
        }
        return switch (l4proto(f)) {
            case L4_TCP -> 't';
            case L4_UDP -> 'u';
            case L4_ICMP -> 'i';
            case L4_RAW -> 'r';
            default -> 0;
        };
    }
}
