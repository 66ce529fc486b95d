package dev.peregrine.app.falco;

import dev.peregrine.app.FalcoLog;
import dev.peregrine.fields.FieldRegistry;
import dev.peregrine.rules.CompiledRule;
import dev.peregrine.rules.LoadMessage;
import dev.peregrine.rules.LoadReport;
import dev.peregrine.rules.LoadResult;
import dev.peregrine.rules.PluginRequirement;
import dev.peregrine.rules.RulesLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** Loads the rules files; the first file with an error ends the run with Falco's report of it. */
final class LoadRulesFiles implements Step {
    @Override
    public int run(AppState s) throws Fatal {
        if (!s.optionSelection.isEmpty() && !s.config.rules().isEmpty()) {
            throw new Fatal("Specifying -D, -t, -T command line options together with \"rules:\" configuration "
                    + "or -o \"rules...\" is not supported.");
        }
        s.rules = load(s.rulesFiles, s.sourceFields(), s.plugins.versions(), s.log);
        return CONTINUE;
    }

    /**
     * Loads {@code paths} in order, logging their warnings, then checks the plugins the files require against
     * those loaded (a failed requirement is reported first, as Falco does: it explains unknown fields).
     *
     * @param fields  each loaded event source's fields
     * @param plugins the loaded plugins' versions by name
     */
    static List<CompiledRule> load(List<String> paths, Map<String, Supplier<FieldRegistry>> fields,
                                   Map<String, String> plugins, FalcoLog log) throws Fatal {
        if (paths.isEmpty()) {
            throw new Fatal("You must specify at least one rules file/directory via -r or a rules_file entry in "
                    + "falco.yaml");
        }
        List<String> files = expand(paths);
        log.info("Loading rules from:\n" + String.join("\n", files.stream().map(f -> "   " + f).toList()));
        RulesLoader loader = new RulesLoader(fields);
        for (String f : files) {
            loader.add(Path.of(f));
        }
        LoadResult r = loader.load();
        String unmet = PluginRequirement.unmet(r.pluginRequirements(), plugins);
        Map<String, String> contents = LoadReport.readContents(files);
        for (String f : files) {
            List<LoadMessage> mine = r.messages().stream().filter(m -> f.equals(m.file())).toList();
            LoadReport report = new LoadReport(f, mine, contents);
            if (!report.successful()) {
                throw new Fatal(unmet != null ? unmet : report.text(true));
            }
            if (report.hasWarnings()) {
                log.warning(report.text(true));
            }
        }
        List<LoadMessage> orphan = r.messages().stream().filter(m -> m.file() == null && m.isError()).toList();
        if (!orphan.isEmpty()) {
            throw new Fatal(orphan.getFirst().toString());
        }
        if (unmet != null) {
            throw new Fatal(unmet);
        }
        return r.rules();
    }

    /** Rules paths as Falco reads them: a directory stands for its files, in name order. */
    static List<String> expand(List<String> paths) throws Fatal {
        List<String> files = new ArrayList<>();
        for (String p : paths) {
            Path path = Path.of(p);
            if (Files.isDirectory(path)) {
                try (Stream<Path> s = Files.list(path)) {
                    s.filter(Files::isRegularFile).map(Path::toString).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new Fatal("Could not read rules directory " + p + ": " + e.getMessage());
                }
            } else if (Files.exists(path)) {
                files.add(p);
            } else {
                throw new Fatal("Could not read rules file " + p + ": no such file or directory");
            }
        }
        return files;
    }
}
