package dev.peregrine.fields;

import dev.peregrine.state.ContainerInfo;
import dev.peregrine.state.FdInfo;
import dev.peregrine.state.FdTable;
import dev.peregrine.state.SystemState;
import dev.peregrine.state.ThreadInfo;

/**
 * The few state look-ups the field extractors need beyond plain getters, in one place so that they can switch to
 * the state module's own methods as it grows. Where the state module does not expose something yet, a fallback
 * is computed here (see the comments).
 */
final class StateAccess {
    private StateAccess() {
    }

    /** libsinsp get_main_thread(): the thread itself if it is main, else the entry of its pid (or null). */
    static ThreadInfo mainThread(SystemState state, ThreadInfo t) {
        return state.mainThread(t);
    }

    /** libsinsp get_parent_thread(): the entry of the thread's own ptid, without hopping to a main thread. */
    static ThreadInfo parentThread(SystemState state, ThreadInfo t) {
        return state.parent(t);
    }

    /** m_nchilds: the number of live CLONE_THREAD entries of a main thread (0 for other threads). */
    static long nchilds(SystemState state, ThreadInfo t) {
        return t.nchilds();
    }

    /** FLAGS_SOCKET_CONNECTED. */
    static boolean isConnected(FdInfo fd) {
        return fd.connected();
    }

    /** ifinfo is_ipv4addr_in_local_machine, container addresses included. */
    static boolean isLocalIpv4(SystemState state, int ip, ThreadInfo t) {
        return state.isLocalIpv4(ip, t);
    }

    /** A dotted quad as FdInfo stores addresses (first octet in the low byte); 0 if absent or malformed. */
    static int parseIpv4(String s) {
        if (s == null || s.isEmpty()) {
            return 0;
        }
        int v = 0;
        int shift = 0;
        int part = 0;
        for (int i = 0; i <= s.length(); i++) {
            char ch = i < s.length() ? s.charAt(i) : '.';
            if (ch == '.') {
                v |= (part & 0xFF) << shift;
                shift += 8;
                part = 0;
            } else if (ch >= '0' && ch <= '9') {
                part = part * 10 + (ch - '0');
            } else {
                return 0;
            }
        }
        return v;
    }

    /** ifinfo is_ipv6addr_in_local_machine: always false inside a container. */
    static boolean isLocalIpv6(SystemState state, byte[] ip, ThreadInfo t) {
        return t.containerId().isEmpty() && state.isLocalIpv6(ip == null ? ZERO_IPV6 : ip);
    }

    /** An unset IPv6 end: libsinsp keeps zeros, which match "::1"'s first 8 bytes. */
    private static final byte[] ZERO_IPV6 = new byte[16];

    /** The fd entry as libsinsp get_fd finds it (the main thread's table for CLONE_FILES threads). */
    static FdInfo fd(SystemState state, ThreadInfo t, long fd) {
        return state.fd(t, fd);
    }

    /** The number of open fds of the process (libsinsp get_fd_opencount, on the main thread). */
    static int openFdCount(SystemState state, ThreadInfo mt) {
        FdTable table = state.fdTable(mt);
        return table == null ? 0 : table.size();
    }

    /** scap_l4_proto values, as FdInfo.l4proto() holds them (mirrors the state module's FdEvents.L4_*). */
    static final class L4 {
        static final int UNKNOWN = 0, NA = 1, TCP = 2, UDP = 3, ICMP = 4, RAW = 5;

        private L4() {
        }
    }
}
