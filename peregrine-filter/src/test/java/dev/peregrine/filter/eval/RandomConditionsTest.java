package dev.peregrine.filter.eval;

import dev.peregrine.testkit.SharedData;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * The compiled form against the reference interpreter on random conditions over real events: atoms chosen so
 * the optimiser's rewrites (or-chains of = and contains merged into sets and automata, in-lists, pmatch, negation)
 * and missing values all occur. {@link FilterReplay} checks both agree on every event. Reproduce a failure with
 * -Dperegrine.seed=N.
 */
class RandomConditionsTest {
    private static final List<String> ATOMS = List.of(
            "proc.name=cat", "proc.name=curl", "proc.name=bash", "proc.name!=cat", "proc.name in (cat, sh)",
            "proc.name contains a", "proc.name contains ur", "proc.name startswith c", "proc.name glob 'c*'",
            "proc.name regex '[a-c].*'", "proc.pname=bash", "proc.pname exists", "proc.aname=bash",
            "evt.type=open", "evt.type=close", "evt.type in (read, write)", "evt.type=mmap", "evt.dir=<",
            "fd.name contains /etc", "fd.name contains lib", "fd.name contains .so", "fd.name startswith /lib",
            "fd.name pmatch (/etc, /usr)", "fd.name exists", "fd.num=3", "fd.num>2", "fd.num<=1", "fd.type=file",
            "fd.typechar=f", "fd.sip=127.0.0.1", "fd.net=127.0.0.0/8", "fd.sport in (80, 53)", "fd.l4proto=tcp",
            "evt.num>200", "evt.num<160", "evt.num in (131, 141, 1000)", "evt.res=SUCCESS", "evt.failed=true",
            "evt.rawres>=0", "evt.cpu=0", "thread.tid>1", "user.uid=0", "evt.buffer contains ELF",
            "tolower(proc.name)=cat", "len(fd.name)>10", "proc.cmdline contains dev",
            "concat(proc.name, \"-\", proc.pname) = cat-bash", "join(\",\", (fd.types, proc.name)) contains file",
            "toupper(concat(fd.typechar, proc.name)) = FCAT", "getopt((\"-f\", proc.args[0]), \"f:\")[f] = /dev/null",
            "getopt((fd.name, \"-n\"), \"n\") intersects (n, \"?\")", "proc.name = anyof (cat, sh)",
            "fd.name contains oneof (/etc, lib, so)", "fd.name startswith allof (/, /l)", "evt.type != allof (read, write)",
            "fd.num = oneof (1, 3, 3)");

    @Test
    void compiledAgreesWithInterpreter() throws Exception {
        long seed = Long.getLong("peregrine.seed", System.nanoTime());
        System.out.println("RandomConditionsTest seed " + seed + " (rerun with -Dperegrine.seed=" + seed + ")");
        Random rnd = new Random(seed);
        List<Path> captures = List.of(SharedData.upstream("falco-legacy-tests/trace_files/cat_write.scap"),
                SharedData.upstream("falco-legacy-tests/trace_files/connect_localhost.scap"),
                SharedData.upstream("libs-traces/curl_google.scap"));
        for (int i = 0; i < 150; i++) {
            String condition = random(rnd, 3);
            for (Path capture : captures) {
                FilterReplay.matching(capture, condition);
            }
        }
    }

    private static String random(Random rnd, int depth) {
        int pick = depth == 0 ? 0 : rnd.nextInt(6);
        return switch (pick) {
            case 0, 1 -> ATOMS.get(rnd.nextInt(ATOMS.size()));
            case 2 -> "not " + paren(random(rnd, depth - 1));
            case 3 -> chain(rnd, depth, " and ");
            default -> chain(rnd, depth, " or ");
        };
    }

    private static String chain(Random rnd, int depth, String op) {
        int n = 2 + rnd.nextInt(3);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                b.append(op);
            }
            b.append(paren(random(rnd, depth - 1)));
        }
        return b.toString();
    }

    private static String paren(String s) {
        return "(" + s + ")";
    }
}
