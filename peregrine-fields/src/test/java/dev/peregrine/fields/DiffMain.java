package dev.peregrine.fields;

import java.nio.file.Path;
import java.util.List;

/** Ad-hoc runner: DiffMain CAPTURE FORMAT prints the first differences with sysdig. */
final class DiffMain {
    private DiffMain() {
    }

    public static void main(String[] args) throws Exception {
        Path cap = Path.of(args[0]);
        List<String> d = Oracle.diff(Oracle.sysdig(cap, args[1], null), Oracle.peregrine(cap, args[1]),
                args.length > 2 ? Integer.parseInt(args[2]) : 10);
        System.out.println(d.isEmpty() ? "identical" : String.join("\n", d));
    }
}
