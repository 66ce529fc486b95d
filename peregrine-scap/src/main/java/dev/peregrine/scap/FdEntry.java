package dev.peregrine.scap;

/**
 * One file descriptor of a thread, from a capture's fd list.
 *
 * @param type       the libscap fd type (see {@link FdType})
 * @param name       the path for files and most types, the socket path for unix sockets, else ""
 * @param sip        IPv4 source (or server) address, host byte order as stored; IPv6 uses {@code sip6}
 * @param unixSource for unix sockets, the kernel's source and destination pointers
 */
public record FdEntry(long tid, long fd, long ino, int type, String name, int openFlags, int dev,
                      int sip, int dip, byte[] sip6, byte[] dip6, int sport, int dport, int l4proto,
                      long unixSource, long unixDest) {
}
