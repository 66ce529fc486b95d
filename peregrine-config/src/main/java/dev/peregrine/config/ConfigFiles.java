package dev.peregrine.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reading configuration files, with one-line errors. */
final class ConfigFiles {
    private ConfigFiles() {
    }

    /** The file's text (UTF-8); {@code name} is how the file is named in errors. */
    static String read(String name, Path path) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(path)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException("Cannot read config file (" + name + "): not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException("Cannot read config file (" + name + "): " + reason(e));
        }
    }

    static String reason(IOException e) {
        return switch (e) {
            case NoSuchFileException n -> "no such file";
            case AccessDeniedException a -> "permission denied";
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
    }
}
