package dev.peregrine.scap;

/** A network interface from a capture's interface list; IPv4 addresses fill the int fields, IPv6 the arrays. */
public record InterfaceEntry(boolean ipv6, String name, int addr, int netmask, int bcast, byte[] addr6,
                             byte[] netmask6, byte[] bcast6, long linkspeed) {
}
