package dev.peregrine.app.falco;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.peregrine.app.Version;
import dev.peregrine.config.FalcoConfig;
import dev.peregrine.rules.EngineVersion;

import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** --support: what a bug report needs (versions, system, command line, configuration and rules files) as JSON. */
final class SupportInfo {
    private SupportInfo() {
    }

    static void print(PrintStream out, FalcoConfig config, List<String> rulesFiles) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w).useDefaultPrettyPrinter()) {
            g.writeStartObject();
            g.writeStringField("version", Version.VERSION);
            g.writeObjectFieldStart("engine_info");
            g.writeStringField("engine_version", EngineVersion.CURRENT);
            g.writeEndObject();
            g.writeObjectFieldStart("system_info");
            g.writeStringField("sysname", System.getProperty("os.name"));
            g.writeStringField("nodename", Hostnames.of(System.getenv()));
            g.writeStringField("release", System.getProperty("os.version"));
            g.writeStringField("machine", System.getProperty("os.arch"));
            g.writeStringField("java", System.getProperty("java.version"));
            g.writeEndObject();
            g.writeStringField("config_file", config.configFile());
            g.writeStringField("config", config.configFile() == null ? "" : read(config.configFile()));
            g.writeArrayFieldStart("rules_files");
            List<String> files;
            try {
                files = LoadRulesFiles.expand(rulesFiles);
            } catch (Fatal e) {
                files = rulesFiles;
            }
            for (String f : files) {
                g.writeStartObject();
                g.writeStringField("name", f);
                g.writeStringField("content", read(f));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println(w);
        out.flush();
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
