package dev.peregrine.plugins;

import dev.peregrine.config.PluginConfig;
import dev.peregrine.plugin.Plugin;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Where a configured plugin's code comes from. A {@code library_path} that names a jar is loaded in a class loader
 * of its own and searched with {@link ServiceLoader}; any other (Falco's native libraries, {@code libk8saudit.so})
 * names a plugin Peregrine provides in Java, found by the library's name ({@code libNAME.so}) or else by the
 * entry's name. Relative paths are relative to Falco's plugins directory, as in Falco.
 */
final class PluginLibraries {
    /** Falco's FALCO_ENGINE_PLUGINS_DIR. */
    static final Path PLUGINS_DIR = Path.of("/usr/share/falco/plugins");

    /** The code of one plugin: how to make instances, and where it came from (for the log). */
    record Library(ServiceLoader.Provider<Plugin> provider, String origin) {
    }

    private PluginLibraries() {
    }

    static Library find(PluginConfig c) throws PluginSetupException {
        String path = c.libraryPath();
        if (path.endsWith(".jar")) {
            return jar(c, resolve(path));
        }
        List<String> names = List.of(nativeName(path), c.name());
        try {
            for (String name : names) {
                for (ServiceLoader.Provider<Plugin> p : builtIn()) {
                    if (name.equals(p.get().info().name())) {
                        return new Library(p, "Peregrine's built-in plugin (in place of " + path + ")");
                    }
                }
            }
        } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
            throw new PluginSetupException("cannot load Peregrine's built-in plugins: " + e.getMessage()
                    + (e.getCause() == null ? "" : " (" + e.getCause() + ")"));
        }
        throw new PluginSetupException("cannot load plugin '" + c.name() + "' from " + path + " ("
                + c.origin().where() + "): Peregrine runs plugins written in Java (a jar with a "
                + "META-INF/services/" + Plugin.class.getName() + " entry) and has no built-in plugin named '"
                + nativeName(path) + "'");
    }

    /** Peregrine's own plugins: those on its class path. */
    static List<ServiceLoader.Provider<Plugin>> builtIn() {
        return ServiceLoader.load(Plugin.class, PluginLibraries.class.getClassLoader()).stream().toList();
    }

    private static Path resolve(String path) {
        Path p = Path.of(path);
        return p.isAbsolute() ? p : PLUGINS_DIR.resolve(p).normalize();
    }

    /** libk8saudit.so -> k8saudit, as Falco's plugin libraries are named. */
    static String nativeName(String path) {
        String file = Path.of(path).getFileName() == null ? path : Path.of(path).getFileName().toString();
        if (file.startsWith("lib")) {
            file = file.substring(3);
        }
        int dot = file.indexOf('.');
        return dot < 0 ? file : file.substring(0, dot);
    }

    private static Library jar(PluginConfig c, Path jar) throws PluginSetupException {
        if (!Files.isRegularFile(jar)) {
            throw new PluginSetupException("cannot load plugin '" + c.name() + "' (" + c.origin().where()
                    + "): library_path " + jar + ": no such file");
        }
        URLClassLoader loader;
        try {
            loader = new URLClassLoader("plugin-" + c.name(), new URL[] {jar.toUri().toURL()},
                    PluginLibraries.class.getClassLoader());
        } catch (MalformedURLException e) {
            throw new PluginSetupException("cannot load plugin '" + c.name() + "': bad path " + jar);
        }
        List<ServiceLoader.Provider<Plugin>> found;
        try {
            // the jar's own providers only: its parent (Peregrine) has the built-in ones
            found = ServiceLoader.load(Plugin.class, loader).stream()
                    .filter(p -> p.type().getClassLoader() == loader).toList();
        } catch (ServiceConfigurationError | LinkageError e) {
            close(loader);
            throw new PluginSetupException("cannot load plugin '" + c.name() + "' from " + jar + ": "
                    + e.getMessage());
        }
        if (found.isEmpty()) {
            close(loader);
            throw new PluginSetupException("cannot load plugin '" + c.name() + "' from " + jar + ": the jar has no "
                    + "META-INF/services/" + Plugin.class.getName() + " entry");
        }
        if (found.size() > 1) {
            List<ServiceLoader.Provider<Plugin>> named;
            try {
                named = found.stream().filter(p -> p.get().info().name().equals(c.name())).toList();
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                close(loader);
                throw new PluginSetupException("cannot load plugin '" + c.name() + "' from " + jar + ": " + e);
            }
            if (named.size() != 1) {
                close(loader);
                throw new PluginSetupException("cannot load plugin '" + c.name() + "' from " + jar + ": the jar has "
                        + found.size() + " plugins and " + (named.isEmpty() ? "none" : "several") + " named '"
                        + c.name() + "'");
            }
            found = named;
        }
        return new Library(found.getFirst(), "file " + jar);
    }

    private static void close(URLClassLoader loader) {
        try {
            loader.close();
        } catch (IOException e) {
            // nothing was loaded from it
        }
    }
}
