package dev.peregrine.fields;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldHelpersTest {
    private static String ipv6(int... words) {
        byte[] a = new byte[16];
        for (int i = 0; i < 8; i++) {
            a[2 * i] = (byte) (words[i] >> 8);
            a[2 * i + 1] = (byte) words[i];
        }
        TextBuffer b = new TextBuffer();
        IpFormat.appendIpv6(b, a);
        return b.toString();
    }

    @Test
    void ipv4IsPrintedFromNetworkOrderBytes() {
        TextBuffer b = new TextBuffer();
        IpFormat.appendIpv4(b, 0x0100007F);
        assertThat(b.toString()).isEqualTo("127.0.0.1");
    }

    @Test
    void ipv6FollowsInetNtop() {
        assertThat(ipv6(0, 0, 0, 0, 0, 0, 0, 1)).isEqualTo("::1");
        assertThat(ipv6(0, 0, 0, 0, 0, 0, 0, 0)).isEqualTo("::");
        assertThat(ipv6(0xfe80, 0, 0, 0, 0, 0, 0, 1)).isEqualTo("fe80::1");
        assertThat(ipv6(0, 0, 0, 0, 0, 0xffff, 0x0a00, 0x020f)).isEqualTo("::ffff:10.0.2.15");
        assertThat(ipv6(0x2001, 0xdb8, 0, 1, 0, 0, 0, 1)).isEqualTo("2001:db8:0:1::1");
        assertThat(ipv6(1, 0, 2, 0, 3, 0, 4, 0)).isEqualTo("1:0:2:0:3:0:4:0");
    }

    @Test
    void hexAndOctalShareOneUnsignedDigitLoop() {
        assertThat(new TextBuffer().appendHex(0, false).toString()).isEqualTo("0");
        assertThat(new TextBuffer().appendHex(0xBEEF, false).toString()).isEqualTo("beef");
        assertThat(new TextBuffer().appendHex(-1L, true).toString()).isEqualTo("FFFFFFFFFFFFFFFF");
        assertThat(new TextBuffer().appendOctal(0).toString()).isEqualTo("0");
        assertThat(new TextBuffer().appendOctal(0644).toString()).isEqualTo("644");
        assertThat(new TextBuffer().appendOctal(-1L).toString()).isEqualTo("1777777777777777777777");
    }

    @Test
    void directoryOfFollowsFdDirectory() {
        assertThat(PathUtil.directoryOf("/etc/ld.so.cache")).isEqualTo("/etc");
        assertThat(PathUtil.directoryOf("/etc")).isEqualTo("/");
        assertThat(PathUtil.directoryOf("")).isEqualTo("/");
        assertThat(PathUtil.directoryOf("/home/ubuntu/.curlrc")).isEqualTo("/home/ubuntu");
    }

    @Test
    void ancestorIndexIsParsedAtLoadTime() {
        FieldRegistry r = FieldRegistry.standard();
        assertThat(r.parse("proc.aname[2]", 0).argument()).isEqualTo("2");
        assertThat(r.parse("proc.aname[2]", 0).extractor()).isNotNull();
        assertThatThrownBy(() -> r.parse("proc.aname[x]", 0).extractor())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("proc.aname");
        assertThat(r.parse("thread.cgroup.cpuacct", 0).argument()).isEqualTo("cpuacct");
        assertThatThrownBy(() -> r.parse("fd.ip", 0).extractor()).hasMessageContaining("filter only");
    }

    @Test
    void everyClassIsRegistered() {
        FieldRegistry r = FieldRegistry.standard();
        for (String f : new String[] {"proc.name", "thread.tid", "user.name", "group.gid", "fd.name", "fs.path.name",
                "fdlist.names", "container.id", "container.mount.source", "proc.is_container_healthcheck"}) {
            assertThat(r.get(f)).as(f).isNotNull();
        }
    }

    @Test
    void mountGlob() {
        assertThat(ContainerFields.Glob.matches("/var/lib/*", "/var/lib/kubelet")).isTrue();
        assertThat(ContainerFields.Glob.matches("/etc/host?", "/etc/hosts")).isTrue();
        assertThat(ContainerFields.Glob.matches("/etc", "/etc/hosts")).isFalse();
    }
}
