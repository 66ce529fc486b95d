package dev.peregrine.state;

import dev.peregrine.scap.FdType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** FdTypes' table: its rows in FdType's order, and the letters and names libsinsp shows. */
class FdTypesTest {
    @Test
    void theRowsFollowFdTypesOrder() throws Exception {
        List<String> rows = FdTypes.TABLE.lines().toList();
        for (int type = 0; type < rows.size(); type++) {
            String constant = rows.get(type).split(" +")[0];
            assertThat(FdType.class.getField(constant).getInt(null)).as(constant).isEqualTo(type);
        }
        assertThat(rows).hasSize(FdType.PIDFD + 1);
    }

    @Test
    void lettersAndNames() {
        assertThat(FdTypes.typeChar(FdType.FILE)).isEqualTo('f');
        assertThat(FdTypes.typeChar(FdType.FILE_V2)).isEqualTo('f');
        assertThat(FdTypes.typeName(FdType.FILE_V2)).isEqualTo("file");
        assertThat(FdTypes.typeChar(FdType.IPV6_SERVSOCK)).isEqualTo('6');
        assertThat(FdTypes.typeName(FdType.IPV4_SERVSOCK)).isEqualTo("ipv4");
        assertThat(FdTypes.typeChar(FdType.USERFAULTFD)).isEqualTo('u');
        assertThat(FdTypes.typeName(FdType.IOURING)).isEqualTo("io_uring");
        assertThat(FdTypes.typeChar(FdType.PIDFD)).isEqualTo('P');
        assertThat(FdTypes.typeName(FdType.PIDFD)).isEqualTo("pidfd");
        // unknown, unsupported, uninitialised and out of range
        for (int type : new int[]{FdType.UNKNOWN, FdType.UNSUPPORTED, FdType.UNINITIALIZED, FdType.PIDFD + 1}) {
            assertThat(FdTypes.typeChar(type)).isEqualTo('o');
            assertThat(FdTypes.typeName(type)).isEqualTo("<NA>");
        }
    }
}
