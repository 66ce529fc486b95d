package dev.peregrine.fields;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class LocalZoneTest {
    @TempDir
    Path dir;

    private Path link(String target) throws IOException {
        Path l = dir.resolve("localtime-" + target.replace('/', '_'));
        Files.createSymbolicLink(l, Path.of(target));
        return l;
    }

    @Test
    void utcNamesAreUtcWithoutTheDatabase() throws IOException {
        Path paris = link("/usr/share/zoneinfo/Europe/Paris");
        assertThat(LocalZone.utcWithoutDatabase(null, "UTC", paris)).isEqualTo(ZoneOffset.UTC);
        assertThat(LocalZone.utcWithoutDatabase(null, ":Etc/UTC", paris)).isEqualTo(ZoneOffset.UTC);
        assertThat(LocalZone.utcWithoutDatabase("GMT", null, paris)).isEqualTo(ZoneOffset.UTC);
        assertThat(LocalZone.utcWithoutDatabase(null, null, link("/usr/share/zoneinfo/Etc/UTC")))
                .isEqualTo(ZoneOffset.UTC);
        assertThat(LocalZone.utcWithoutDatabase("", "", link("../usr/share/zoneinfo/UTC"))).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void anyOtherSettingLeavesTheChoiceToTheJdk() throws IOException {
        Path utc = link("/usr/share/zoneinfo/Etc/UTC");
        // the first setting the JDK reads decides, as in the JDK: user.timezone, then TZ, then the link
        assertThat(LocalZone.utcWithoutDatabase("Europe/Paris", "UTC", utc)).isNull();
        assertThat(LocalZone.utcWithoutDatabase(null, "America/New_York", utc)).isNull();
        assertThat(LocalZone.utcWithoutDatabase(null, "UTC0", utc)).isNull();
        assertThat(LocalZone.utcWithoutDatabase(null, null, link("/usr/share/zoneinfo/Europe/Paris"))).isNull();
        Path copied = dir.resolve("localtime-file");
        Files.write(copied, new byte[]{'T', 'Z', 'i', 'f'});
        assertThat(LocalZone.utcWithoutDatabase(null, null, copied)).isNull();
        assertThat(LocalZone.utcWithoutDatabase(null, null, dir.resolve("missing"))).isNull();
    }
}
