package dev.peregrine.outputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileChannelTest {

    @TempDir
    Path dir;

    @Test
    void withoutKeepAliveAppendsAndRecreatesAMovedFile() throws Exception {
        Path file = dir.resolve("falco_events.txt");
        Files.writeString(file, "earlier line\n");
        FileChannel channel = new FileChannel(file, false, false);

        channel.write(Alerts.numbered(1));
        channel.write(Alerts.numbered(2));
        assertThat(Files.readAllLines(file)).containsExactly("earlier line", Alerts.numbered(1).line(),
                Alerts.numbered(2).line());

        Path rotated = dir.resolve("falco_events.txt.1");
        Files.move(file, rotated);
        channel.write(Alerts.numbered(3)); // opened by name per alert: no reopen needed
        channel.close();

        assertThat(Files.readAllLines(file)).containsExactly(Alerts.numbered(3).line());
        assertThat(Files.readAllLines(rotated)).hasSize(3);
    }

    @Test
    void keepAliveWritesToTheOpenFileUntilReopen() throws Exception {
        Path file = dir.resolve("events.log");
        FileChannel channel = new FileChannel(file, true, false);

        channel.write(Alerts.numbered(1));
        assertThat(Files.readAllLines(file)).containsExactly(Alerts.numbered(1).line()); // unbuffered: there already

        Path rotated = dir.resolve("events.log.1");
        Files.move(file, rotated);
        channel.write(Alerts.numbered(2)); // still the open, moved file
        assertThat(file).doesNotExist();

        channel.reopen();
        channel.write(Alerts.numbered(3));
        channel.close();

        assertThat(Files.readAllLines(rotated)).isEqualTo(Alerts.lines(1, 3));
        assertThat(Files.readAllLines(file)).isEqualTo(Alerts.lines(3, 4));
    }

    @Test
    void keepAliveBufferedHoldsLinesUntilFlush() throws Exception {
        Path file = dir.resolve("events.log");
        FileChannel channel = new FileChannel(file, true, true);

        channel.write(Alerts.numbered(1));
        channel.write(Alerts.numbered(2));
        assertThat(file).isEmptyFile();
        channel.flush();
        assertThat(Files.readAllLines(file)).isEqualTo(Alerts.lines(1, 3));
        channel.write(Alerts.numbered(3));
        channel.close();
        assertThat(Files.readAllLines(file)).isEqualTo(Alerts.lines(1, 4));
    }

    @Test
    void missingDirectoryFailsAtConstructionNamingFileAndCause() {
        Path file = dir.resolve("no-such-dir").resolve("events.log");

        assertThatThrownBy(() -> new FileChannel(file, false, false))
                .isInstanceOf(OutputException.class)
                .hasMessage("cannot open output file " + file + ": no such file or directory");
    }

    @Test
    void directoryOrPathThroughAFileFailsAtConstruction() throws Exception {
        assertThatThrownBy(() -> new FileChannel(dir, true, false))
                .isInstanceOf(OutputException.class)
                .hasMessageStartingWith("cannot open output file " + dir + ": ")
                .hasMessageContaining("directory")
                .hasMessageNotContaining("\n");

        Path plain = Files.writeString(dir.resolve("plain"), "x");
        Path below = plain.resolve("events.log");
        assertThatThrownBy(() -> new FileChannel(below, false, false))
                .isInstanceOf(OutputException.class)
                .hasMessageStartingWith("cannot open output file " + below + ": ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void unwritableFileFailsAtConstruction() throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")), "root may write anywhere");
        Path file = Files.writeString(dir.resolve("readonly.log"), "");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));

        assertThatThrownBy(() -> new FileChannel(file, true, false))
                .isInstanceOf(OutputException.class)
                .hasMessage("cannot open output file " + file + ": permission denied");
    }

    @Test
    void writeFailsClearlyWhenTheDirectoryDisappears() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Path file = sub.resolve("events.log");
        FileChannel channel = new FileChannel(file, false, false);
        Files.delete(file);
        Files.delete(sub);

        assertThatThrownBy(() -> channel.write(Alerts.numbered(1)))
                .isInstanceOf(OutputException.class)
                .hasMessage("cannot open output file " + file + ": no such file or directory");
    }
}
