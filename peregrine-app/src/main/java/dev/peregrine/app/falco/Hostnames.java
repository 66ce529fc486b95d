package dev.peregrine.app.falco;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The host name alerts carry: FALCO_HOSTNAME when set (as Falco), else the kernel's host name. */
final class Hostnames {
    private Hostnames() {
    }

    static String of(Map<String, String> env) {
        String h = env.get("FALCO_HOSTNAME");
        if (h != null && !h.isEmpty()) {
            return h;
        }
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException | RuntimeException e) {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException e2) {
                return "localhost";
            }
        }
    }
}
