package dev.peregrine.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** libsinsp concatenate_paths quirks at e5c53d6. */
class PathNamesTest {
    @Test
    void joinsRelativeNamesAndDropsBaseForAbsoluteOnes() {
        assertThat(PathNames.concatenate("/home/u/", "a.txt")).isEqualTo("/home/u/a.txt");
        assertThat(PathNames.concatenate("/home/u/", "/etc//passwd")).isEqualTo("/etc/passwd");
        assertThat(PathNames.concatenate("/home/u/", "")).isEqualTo("/home/u");
        assertThat(PathNames.concatenate("/home/u/", null)).isEqualTo("");
    }

    @Test
    void normalisesDotsAnywhereInTheName() {
        assertThat(PathNames.concatenate("/a/b/", "../c")).isEqualTo("/a/c");
        assertThat(PathNames.concatenate("/a/b/", "./c/.")).isEqualTo("/a/b/c");
        assertThat(PathNames.concatenate("/", "a./b")).isEqualTo("/ab");
        assertThat(PathNames.concatenate("/", "file.")).isEqualTo("/file");
        assertThat(PathNames.concatenate("/", "x\u00e9")).isEqualTo("/x..");
    }

    @Test
    void ipv6RenderingFollowsInetNtop() {
        byte[] loop = new byte[16];
        loop[15] = 1;
        assertThat(SocketNames.ipv6(loop)).isEqualTo("::1");
        assertThat(SocketNames.ipv6(new byte[16])).isEqualTo("::");
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 0, 0, 1};
        assertThat(SocketNames.ipv6(mapped)).isEqualTo("::ffff:10.0.0.1");
    }

    @Test
    void joinsAndNormalisesEventPaths() {
        assertThat(PathNames.concatenate("/home/user/", "file.txt")).isEqualTo("/home/user/file.txt");
        assertThat(PathNames.concatenate("/home/user/", "/etc/passwd")).isEqualTo("/etc/passwd");
        assertThat(PathNames.concatenate("/home/user/", "../x")).isEqualTo("/home/x");
        assertThat(PathNames.concatenate("/home/user/", "./a//b/")).isEqualTo("/home/user/a/b");
        assertThat(PathNames.concatenate("/", "..")).isEqualTo("/");
        assertThat(PathNames.concatenate("/d/", "a./b")).isEqualTo("/d/ab");
        assertThat(PathNames.concatenate("/d/", "")).isEqualTo("/d");
    }
}
