package dev.peregrine.fields;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Set;

/**
 * The local time zone for event times. {@link ZoneId#systemDefault()} loads the time-zone database, which costs a
 * replay's start tens of milliseconds even when the machine runs in UTC, as servers and containers mostly do; so
 * when the place the JDK takes the zone from (user.timezone, else TZ, else the /etc/localtime link) names UTC, UTC
 * is used without it, and otherwise the JDK decides.
 */
final class LocalZone {
    private static final Set<String> UTC_NAMES = Set.of("UTC", "UCT", "GMT", "GMT0", "GMT+0", "GMT-0", "Greenwich",
            "Universal", "Zulu");

    private LocalZone() {
    }

    static ZoneId get() {
        ZoneId utc = utcWithoutDatabase(System.getProperty("user.timezone"), System.getenv("TZ"),
                Path.of("/etc/localtime"));
        return utc != null ? utc : ZoneId.systemDefault();
    }

    /** UTC when the setting the JDK reads names UTC; null when it names anything else. */
    static ZoneId utcWithoutDatabase(String userTimezone, String tz, Path etcLocaltime) {
        if (userTimezone != null && !userTimezone.isEmpty()) {
            return utcName(userTimezone);
        }
        if (tz != null && !tz.isEmpty()) {
            return utcName(tz.startsWith(":") ? tz.substring(1) : tz);
        }
        try {
            if (!Files.isSymbolicLink(etcLocaltime)) {
                return null; // a copied zone file: the JDK compares it with the database's
            }
            String target = Files.readSymbolicLink(etcLocaltime).toString();
            int at = target.indexOf("zoneinfo/");
            return at < 0 ? null : utcName(target.substring(at + "zoneinfo/".length()));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static ZoneId utcName(String id) {
        String name = id.startsWith("Etc/") ? id.substring(4) : id;
        return UTC_NAMES.contains(name) ? ZoneOffset.UTC : null;
    }
}
