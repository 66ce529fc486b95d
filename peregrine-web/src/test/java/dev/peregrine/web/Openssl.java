package dev.peregrine.web;

import dev.peregrine.testkit.SharedData;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test certificates made by the openssl command; without it the test is skipped (failed on CI). */
final class Openssl {
    private Openssl() {
    }

    static void run(Path dir, String... args) {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            String why = "the openssl command is needed to make test certificates: " + e.getMessage();
            if (SharedData.ci()) {
                Assertions.fail(why);
            }
            Assumptions.abort(why);
            return;
        }
        try {
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed:\n" + out);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A self-signed certificate for 127.0.0.1 and localhost; returns {certificate, key} files. */
    static Path[] selfSigned(Path dir, String name, String keyOption) {
        Path cert = dir.resolve(name + "-cert.pem");
        Path key = dir.resolve(name + "-key.pem");
        run(dir, "req", "-x509", "-newkey", keyOption, "-nodes", "-keyout", key.toString(), "-out",
                cert.toString(), "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost");
        return new Path[]{cert, key};
    }

    /** Falco's ssl_certificate layout: the certificate then the key, in one file. */
    static Path combined(Path dir, String name, Path cert, Path key) throws IOException {
        Path pem = dir.resolve(name + ".pem");
        Files.writeString(pem, Files.readString(cert) + Files.readString(key));
        return pem;
    }
}
