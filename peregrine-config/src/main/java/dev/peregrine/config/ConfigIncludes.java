package dev.peregrine.config;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code config_files} directive of the main configuration: each entry is a path, or a map with {@code path}
 * and {@code strategy}. A file is merged; a directory has its regular files merged in name order (not recursing);
 * a missing path is skipped. Relative paths are relative to the working directory, not to the including file,
 * as in Falco. Included files cannot include further, and the main file cannot include itself.
 */
final class ConfigIncludes {
    static final String KEY = "config_files";

    private ConfigIncludes() {
    }

    private record Include(String path, MergeStrategy strategy) {
    }

    /** Merges every included file into {@code root}; returns the file names read, in order. */
    static List<String> merge(ConfigNode.Mapping root, String mainName, Path workingDir, Map<String, String> env) {
        ConfigTree main = new ConfigTree(root, mainName, List.of());
        Path mainPath = workingDir.resolve(mainName).toAbsolutePath().normalize();
        List<String> merged = new ArrayList<>();
        for (Include include : includes(main)) {
            if (include.path().isEmpty()) {
                continue; // names nothing (Falco finds no such file); not the working directory
            }
            Path path = workingDir.resolve(include.path());
            if (path.toAbsolutePath().normalize().equals(mainPath)) {
                throw new ConfigException("Config error: '" + KEY
                        + "' directive tried to recursively include main config file: " + mainName + ".");
            }
            if (Files.isRegularFile(path)) {
                mergeFile(root, include.path(), path, include.strategy(), env);
                merged.add(include.path());
            } else if (Files.isDirectory(path)) {
                for (String file : regularFilesIn(include.path(), path)) {
                    mergeFile(root, file, workingDir.resolve(file), include.strategy(), env);
                    merged.add(file);
                }
            }
        }
        return merged;
    }

    private static List<Include> includes(ConfigTree main) {
        ConfigNode node = main.node(KEY).orElse(null);
        if (node == null || node.isNull()) {
            return List.of();
        }
        List<ConfigNode> entries = node instanceof ConfigNode.Sequence q ? q.items() : List.of(node);
        List<Include> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String key = node instanceof ConfigNode.Sequence ? KEY + "[" + i + "]" : KEY;
            ConfigNode entry = entries.get(i);
            if (entry instanceof ConfigNode.Scalar s && !s.nullValue()) {
                out.add(new Include(s.text(), MergeStrategy.APPEND));
            } else if (entry instanceof ConfigNode.Mapping m && m.get("path") instanceof ConfigNode.Scalar p
                    && !p.nullValue()) {
                ConfigNode strategy = m.get("strategy");
                out.add(new Include(p.text(), strategy instanceof ConfigNode.Scalar s && !s.nullValue()
                        ? MergeStrategy.parse(s.text()) : MergeStrategy.APPEND));
            } else {
                throw ConfigException.at(entry.origin(), key,
                        "expected a path or a mapping with 'path' (and 'strategy'), got " + entry.describe());
            }
        }
        return out;
    }

    /** The directory's regular files (symbolic links followed), sorted by path as Falco does. */
    private static List<String> regularFilesIn(String dirName, Path dir) {
        List<String> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (Files.isRegularFile(entry)) {
                    files.add(Path.of(dirName).resolve(entry.getFileName()).toString());
                }
            }
        } catch (IOException e) {
            throw new ConfigException("Cannot read config directory (" + dirName + "): " + ConfigFiles.reason(e));
        }
        files.sort(null);
        return files;
    }

    private static void mergeFile(ConfigNode.Mapping root, String name, Path path, MergeStrategy strategy,
                                  Map<String, String> env) {
        ConfigNode.Mapping included = YamlComposer.file(ConfigFiles.read(name, path), name, env);
        for (Map.Entry<String, ConfigNode> e : included.entries().entrySet()) {
            String key = e.getKey();
            ConfigNode value = e.getValue();
            if (key.equals(KEY)) {
                throw new ConfigException("Config error: '" + KEY + "' directive in included config file " + name
                        + ".");
            }
            ConfigNode existing = root.get(key);
            switch (strategy) {
                case APPEND -> {
                    if (value instanceof ConfigNode.Sequence items) {
                        appendItems(root, key, existing, items);
                    } else {
                        root.put(key, value);
                    }
                }
                case OVERRIDE -> root.put(key, value);
                case ADD_ONLY -> {
                    if (existing == null) {
                        root.put(key, value);
                    }
                }
            }
        }
    }

    private static void appendItems(ConfigNode.Mapping root, String key, ConfigNode existing,
                                    ConfigNode.Sequence items) {
        if (existing == null || existing.isNull()) {
            root.put(key, items);
        } else if (existing instanceof ConfigNode.Sequence seq) {
            items.items().forEach(seq::add);
        } else {
            throw ConfigException.at(items.origin(), key, "cannot append a sequence to " + existing.describe()
                    + " (set at " + existing.origin().where() + ")");
        }
    }
}
