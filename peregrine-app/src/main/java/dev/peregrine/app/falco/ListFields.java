package dev.peregrine.app.falco;

import dev.peregrine.fields.FieldDef;
import dev.peregrine.fields.FieldRegistry;

import java.io.PrintStream;

/** --list [SOURCE]: the fields conditions and outputs can use, with -N their names only. */
final class ListFields implements Step {
    @Override
    public int run(AppState s) throws Fatal {
        String source = s.opts.list;
        if (source == null) {
            return CONTINUE;
        }
        if (!source.isEmpty() && !source.equals("syscall")) {
            throw new Fatal("Unknown event source: " + source + " (the only source is syscall)");
        }
        print(s.out, s.opts.namesOnly);
        return 0;
    }

    static void print(PrintStream out, boolean namesOnly) {
        for (FieldDef f : FieldRegistry.standard().all()) {
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
