package dev.peregrine.app.falco;

import dev.peregrine.fields.FieldDef;
import dev.peregrine.fields.FieldRegistry;
import dev.peregrine.plugins.Plugins;

import java.io.PrintStream;
import java.util.function.Supplier;

/** --list [SOURCE]: the fields a source's conditions and outputs can use (plugins' included), with -N names only. */
final class ListFields implements Step {
    @Override
    public int run(AppState s) throws Fatal {
        String source = s.opts.list;
        if (source == null) {
            return CONTINUE;
        }
        String name = source.isEmpty() ? Plugins.SYSCALL : source;
        Supplier<FieldRegistry> fields = s.sourceFields().get(name);
        if (fields == null) {
            throw new Fatal("Unknown event source: " + name + " (loaded sources: "
                    + String.join(", ", s.plugins.sources()) + ")");
        }
        print(s.out, fields.get(), s.opts.namesOnly);
        return 0;
    }

    static void print(PrintStream out, FieldRegistry registry, boolean namesOnly) {
        for (FieldDef f : registry.all()) {
            String name = f.name() + (f.arg() == FieldDef.Arg.REQUIRED ? "[ARG]" : "");
            if (namesOnly) {
                out.println(name);
            } else {
                out.printf("%-40s %-8s %s%n", name, f.type(), f.description());
            }
        }
        out.flush();
    }
}
