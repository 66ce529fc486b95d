package dev.peregrine.procfs;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Mount id to device number from a mountinfo file (libscap scap_linux_get_device_by_mount_id). */
final class Mounts {
    private Mounts() {
    }

    static Map<Long, Integer> devices(Path mountinfo) {
        Map<Long, Integer> out = new HashMap<>();
        String text = ProcFiles.text(mountinfo);
        if (text == null) {
            return out;
        }
        for (String line : text.split("\n")) {
            String[] f = line.split(" ", 4);
            if (f.length < 3) {
                continue;
            }
            int colon = f[2].indexOf(':');
            try {
                out.put(Long.parseLong(f[0]), makedev(Long.parseLong(f[2].substring(0, colon)),
                        Long.parseLong(f[2].substring(colon + 1))));
            } catch (RuntimeException e) {
                // malformed line
            }
        }
        return out;
    }

    /** glibc's makedev, cut to the 32 bits libscap keeps. */
    static int makedev(long major, long minor) {
        return (int) (((major & 0xfff) << 8) | (minor & 0xff) | ((minor & 0xffffff00L) << 12));
    }
}
