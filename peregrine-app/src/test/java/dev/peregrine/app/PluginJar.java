package dev.peregrine.app;

import dev.peregrine.plugin.Plugin;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plugin built apart from Peregrine, as a third party builds one: its sources (test resources, in a package of
 * their own) compiled against the plugin API jar alone, and put in a jar with its ServiceLoader entry.
 */
public final class PluginJar {
    private PluginJar() {
    }

    /** Builds the plugin whose sources are under test resource folder {@code plugins/NAME}, into {@code dir}. */
    public static Path build(String name, String serviceClass, Path dir) throws IOException, URISyntaxException {
        Path sources = Path.of(PluginJar.class.getResource("/plugins/" + name).toURI());
        Path classes = Files.createDirectories(dir.resolve(name + "-classes"));
        List<String> files;
        try (Stream<Path> s = Files.walk(sources)) {
            files = s.filter(p -> p.toString().endsWith(".java")).map(Path::toString).toList();
        }
        // the API's jar (or its classes folder in the build): the one thing a plugin is compiled against
        Path api = Path.of(Plugin.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        String[] args = Stream.concat(Stream.of("-classpath", api.toString(), "-d", classes.toString(), "--release",
                "25"), files.stream()).toArray(String[]::new);
        int status = javac.run(null, diagnostics, diagnostics, args);
        assertThat(status).as("javac: %s", diagnostics.toString(StandardCharsets.UTF_8)).isZero();
        Path jar = dir.resolve(name + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> s = Files.walk(classes)) {
            for (Path c : s.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(c).toString().replace('\\', '/')));
                Files.copy(c, out);
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/services/" + Plugin.class.getName()));
            write(out, serviceClass + "\n");
            out.closeEntry();
        }
        return jar;
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }
}
