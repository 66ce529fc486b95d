package dev.peregrine.app;

import dev.peregrine.scap.CaptureReader;
import dev.peregrine.scap.EventTable;
import dev.peregrine.scap.GroupEntry;
import dev.peregrine.scap.UserEntry;
import dev.peregrine.testkit.SharedData;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Event types newer than sysdig 0.29.3 (it skips them, so it cannot be the oracle). libs' sample.scap has 95 of
 * them: one useradded / groupadded event per entry of the capture's own user list, so each printed line can be
 * checked against that list.
 */
class UserAndGroupEventsTest {
    @Test
    void userAndGroupEventsOfSampleScapShowTheCapturesUserList() throws Exception {
        Path capture = SharedData.upstream("libs-traces/sample.scap");
        Set<String> expectedUsers = new HashSet<>();
        Set<String> expectedGroups = new HashSet<>();
        try (CaptureReader r = CaptureReader.open(capture)) {
            for (UserEntry u : r.metadata().users()) {
                expectedUsers.add("useradded uid=" + u.uid() + " gid=" + u.gid() + " name=" + u.name() + " home="
                        + u.homedir() + " shell=" + u.shell() + " container_id= ");
            }
            for (GroupEntry g : r.metadata().groups()) {
                expectedGroups.add("groupadded gid=" + g.gid() + " name=" + g.name() + " container_id= ");
            }
        }
        List<String> lines = PrintedEvents.lines(capture, "%evt.type %evt.info", EventTable.get());
        Set<String> users = new HashSet<>();
        Set<String> groups = new HashSet<>();
        for (String line : lines) {
            if (line.startsWith("useradded ")) {
                users.add(line);
            } else if (line.startsWith("groupadded ")) {
                groups.add(line);
            }
        }
        assertThat(users).hasSize(34).isEqualTo(expectedUsers);
        assertThat(groups).hasSize(61).isEqualTo(expectedGroups);
    }
}
