package dev.peregrine.procfs;

import dev.peregrine.scap.InterfaceEntry;
import dev.peregrine.scap.MachineInfo;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The machine-info block (scap_os_get_machine_info) and the interface list (scap_create_iflist). */
final class MachineReader {
    private MachineReader() {
    }

    /** CPUs online, MemTotal, pid_max, hostname (SCAP_HOSTNAME overrides it, as in libscap), btime in ns. */
    static MachineInfo machine(Path procRoot) {
        long mem = 0, boot = 0;
        String meminfo = ProcFiles.text(procRoot.resolve("meminfo"));
        if (meminfo != null) {
            for (String line : meminfo.split("\n")) {
                if (line.startsWith("MemTotal:")) {
                    mem = parse(line.substring(9).trim().split("\\s+")[0]) * 1024;
                }
            }
        }
        String stat = ProcFiles.text(procRoot.resolve("stat"));
        if (stat != null) {
            for (String line : stat.split("\n")) {
                if (line.startsWith("btime ")) {
                    boot = parse(line.substring(6).trim()) * 1_000_000_000L;
                }
            }
        }
        String pidMax = ProcFiles.text(procRoot.resolve("sys/kernel/pid_max"));
        String host = System.getenv("SCAP_HOSTNAME");
        if (host == null) {
            host = ProcFiles.text(procRoot.resolve("sys/kernel/hostname"));
        }
        return new MachineInfo(Runtime.getRuntime().availableProcessors(), mem,
                pidMax == null ? 0 : parse(pidMax.trim()), host == null ? "" : host.trim(), boot, 0);
    }

    private static long parse(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Every address of every interface that is up; addresses in the capture's in-memory (network) byte order. */
    static List<InterfaceEntry> interfaces() {
        List<InterfaceEntry> out = new ArrayList<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!ni.isUp()) {
                    continue;
                }
                for (InterfaceAddress a : ni.getInterfaceAddresses()) {
                    if (a.getAddress() instanceof Inet4Address v4) {
                        int addr = le(v4.getAddress());
                        int mask = a.getNetworkPrefixLength() == 0 ? 0
                                : Integer.reverseBytes(-1 << (32 - a.getNetworkPrefixLength()));
                        int bcast = a.getBroadcast() == null ? 0 : le(a.getBroadcast().getAddress());
                        out.add(new InterfaceEntry(false, ni.getName(), addr, mask, bcast, null, null, null, 0));
                    } else if (a.getAddress() instanceof Inet6Address v6) {
                        out.add(new InterfaceEntry(true, ni.getName(), 0, 0, 0, v6.getAddress(), new byte[16],
                                new byte[16], 0));
                    }
                }
            }
        } catch (SocketException | RuntimeException e) {
            // no interface list rather than no scan
        }
        return out;
    }

    private static int le(byte[] a) {
        return (a[0] & 0xFF) | (a[1] & 0xFF) << 8 | (a[2] & 0xFF) << 16 | (a[3] & 0xFF) << 24;
    }
}
