package dev.peregrine.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loads a configuration the way Falco does: the main file, then {@code -o config_files...} options, then the
 * included {@code config_files} merged in, then every other {@code -o KEY=VALUE} in order. Environment references
 * ({@code ${NAME}}) in file values are expanded; -o values are taken as typed.
 */
public final class ConfigLoader {
    /** Falco's name for the configuration when no file is given. */
    public static final String NO_FILE_NAME = "default";

    private ConfigLoader() {
    }

    /** Loads {@code file} with the process's working directory and environment. */
    public static ConfigTree load(Path file, List<String> overrides) {
        return load(file, overrides, Path.of("").toAbsolutePath(), System.getenv());
    }

    /**
     * Loads {@code file}; relative paths (the file itself and config_files entries) are resolved against
     * {@code workingDir} and {@code ${NAME}} references are read from {@code env}.
     */
    public static ConfigTree load(Path file, List<String> overrides, Path workingDir, Map<String, String> env) {
        String name = file.toString();
        List<OverrideOption> options = overrides.stream().map(OverrideOption::parse).toList();
        Path path = workingDir.resolve(file);
        if (!Files.exists(path)) {
            throw new ConfigException("Could not find configuration file at " + name);
        }
        if (Files.isDirectory(path)) {
            throw new ConfigException("Cannot read config file (" + name + "): it is a directory");
        }
        ConfigNode.Mapping root = YamlComposer.file(ConfigFiles.read(name, path), name, env);
        ConfigTree tree = new ConfigTree(root, name, List.of(name));
        // Only once: re-applying "config_files[]=x" after the merge would append x a second time.
        options.stream().filter(OverrideOption::setsConfigFiles).forEach(o -> o.applyTo(tree));
        List<String> files = new ArrayList<>(tree.files());
        files.addAll(ConfigIncludes.merge(root, name, workingDir, env));
        options.stream().filter(o -> !o.setsConfigFiles()).forEach(o -> o.applyTo(tree));
        return new ConfigTree(root, name, files);
    }

    /** No configuration file: every setting has its default. */
    public static ConfigTree empty() {
        return withoutFile(List.of());
    }

    /**
     * No configuration file, only -o options (Falco's behaviour without a file: config_files is not processed).
     */
    public static ConfigTree withoutFile(List<String> overrides) {
        List<OverrideOption> options = overrides.stream().map(OverrideOption::parse).toList();
        ConfigTree tree = new ConfigTree(new ConfigNode.Mapping(new Origin.FileLine(NO_FILE_NAME, 1)), NO_FILE_NAME,
                List.of());
        options.forEach(o -> o.applyTo(tree));
        return tree;
    }
}
