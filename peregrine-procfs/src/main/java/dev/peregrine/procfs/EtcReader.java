package dev.peregrine.procfs;

import dev.peregrine.scap.GroupEntry;
import dev.peregrine.scap.UserEntry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Users and groups from passwd and group files (libscap's getpwent/getgrent list, without other NSS sources). */
final class EtcReader {
    private EtcReader() {
    }

    /** name:passwd:uid:gid:gecos:home:shell */
    static List<UserEntry> users(Path passwd) {
        List<UserEntry> out = new ArrayList<>();
        for (String[] f : lines(passwd, 7)) {
            try {
                out.add(new UserEntry((int) Long.parseLong(f[2]), (int) Long.parseLong(f[3]), f[0], f[5], f[6]));
            } catch (NumberFormatException e) {
                // skip a malformed entry
            }
        }
        return out;
    }

    /** name:passwd:gid:members */
    static List<GroupEntry> groups(Path group) {
        List<GroupEntry> out = new ArrayList<>();
        for (String[] f : lines(group, 3)) {
            try {
                out.add(new GroupEntry((int) Long.parseLong(f[2]), f[0]));
            } catch (NumberFormatException e) {
                // skip
            }
        }
        return out;
    }

    private static List<String[]> lines(Path file, int minFields) {
        List<String[]> out = new ArrayList<>();
        String text = ProcFiles.text(file);
        if (text == null) {
            return out;
        }
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#") || line.startsWith("+") || line.startsWith("-")) {
                continue;
            }
            String[] f = line.split(":", -1);
            if (f.length >= minFields) {
                out.add(f);
            }
        }
        return out;
    }
}
