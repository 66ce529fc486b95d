package dev.peregrine.app.falco;

import dev.peregrine.rules.LoadMessage;
import dev.peregrine.rules.LoadReport;
import dev.peregrine.rules.LoadResult;
import dev.peregrine.rules.RulesLoader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** -V: each file is loaded after the ones before it, and reported on its own, as Falco does. */
final class ValidateRulesFiles implements Step {
    @Override
    public int run(AppState s) throws Fatal {
        List<String> files = s.opts.validate;
        if (files.isEmpty()) {
            return CONTINUE;
        }
        s.log.info("Validating rules file(s):\n" + String.join("\n", files.stream().map(f -> "   " + f).toList()));
        Map<String, String> contents = LoadReport.readContents(files);
        List<LoadReport> reports = new ArrayList<>();
        boolean ok = true;
        StringBuilder summary = new StringBuilder();
        Set<LoadMessage> reported = new HashSet<>();
        for (int i = 0; i < files.size(); i++) {
            RulesLoader loader = new RulesLoader(s.sourceFields());
            for (int j = 0; j <= i; j++) {
                loader.add(Path.of(files.get(j)));
            }
            LoadResult r = loader.load();
            String name = files.get(i);
            // a file's report holds what loading it added to the files before it (an append can break an
            // item defined in an earlier file)
            List<LoadMessage> mine = r.messages().stream().filter(m -> !reported.contains(m)).toList();
            reported.addAll(mine);
            LoadReport report = new LoadReport(name, mine, contents);
            reports.add(report);
            ok &= report.successful();
            if (!summary.isEmpty()) {
                summary.append('\n');
            }
            if (!report.successful() || !report.hasWarnings()) {
                summary.append(report.text(true));
            } else {
                summary.append(name).append(": Ok, with warnings");
                s.log.warning(report.text(true));
            }
        }
        s.out.println(s.config.json().enabled() ? LoadReport.json(reports) : summary);
        s.out.flush();
        if (!ok) {
            throw new Fatal(summary.toString());
        }
        return 0;
    }
}
