package dev.peregrine.config;

/**
 * Whether text is a numeric IPv4 or IPv6 address, as Falco checks webserver.listen_address: blanks around it are
 * allowed, IPv4 parts have no leading zeros, IPv6 may compress zeros with "::", end in an IPv4 address and carry
 * a "%zone".
 */
final class IpAddress {
    private IpAddress() {
    }

    static boolean isValid(String text) {
        String t = text.strip();
        return isIpv4(t) || isIpv6(t);
    }

    static boolean isIpv4(String t) {
        String[] parts = t.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')
                    || (p.length() > 1 && p.charAt(0) == '0') || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    static boolean isIpv6(String t) {
        int zone = t.indexOf('%');
        if (zone >= 0) {
            if (zone == t.length() - 1) {
                return false;
            }
            t = t.substring(0, zone);
        }
        int groupsWanted = 8;
        int lastColon = t.lastIndexOf(':');
        if (lastColon >= 0 && t.indexOf('.', lastColon) >= 0) {
            if (!isIpv4(t.substring(lastColon + 1))) {
                return false;
            }
            // Keep the ':' so the part before reads as groups followed by an empty tail.
            t = t.substring(0, lastColon + 1) + "0";
            groupsWanted = 7;
        }
        int gap = t.indexOf("::");
        if (gap >= 0) {
            if (t.indexOf("::", gap + 1) >= 0) {
                return false;
            }
            int head = countGroups(t.substring(0, gap));
            int tail = countGroups(t.substring(gap + 2));
            return head >= 0 && tail >= 0 && head + tail < groupsWanted;
        }
        return countGroups(t) == groupsWanted;
    }

    /** The number of 1-4 digit hex groups separated by single colons; 0 for ""; -1 when malformed. */
    private static int countGroups(String s) {
        if (s.isEmpty()) {
            return 0;
        }
        String[] groups = s.split(":", -1);
        for (String g : groups) {
            if (g.isEmpty() || g.length() > 4 || !g.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 128)) {
                return -1;
            }
        }
        return groups.length;
    }
}
