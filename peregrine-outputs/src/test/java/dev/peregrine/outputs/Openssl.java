package dev.peregrine.outputs;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The openssl command, which makes the keys and certificates of the TLS tests at test time. */
final class Openssl {

    private final Path executable;

    private Openssl(Path executable) {
        this.executable = executable;
    }

    /** The openssl executable on PATH (or in /usr/bin), if any. */
    static Optional<Openssl> find() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.concat(Stream.of(path.split(File.pathSeparator)), Stream.of("/usr/bin", "/bin"))
                .filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, "openssl"))
                .filter(Files::isExecutable)
                .findFirst()
                .map(Openssl::new);
    }

    /** Runs openssl with its output in dir/openssl.log; an exit status other than 0 fails with that output. */
    void run(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(List.of(args));
        Path log = dir.resolve("openssl.log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("openssl did not finish: " + command);
        }
        if (p.exitValue() != 0) {
            throw new IOException("openssl failed (" + p.exitValue() + "): " + command + "\n" + Files.readString(log));
        }
    }
}
