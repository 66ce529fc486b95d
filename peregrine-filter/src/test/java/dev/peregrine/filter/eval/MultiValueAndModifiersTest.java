package dev.peregrine.filter.eval;

import dev.peregrine.fields.FieldRegistry;
import dev.peregrine.testkit.SharedData;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * join, concat, getopt and the oneof/anyof/allof modifiers (libsinsp HEAD, newer than sysdig 0.29.3): each checked
 * against an equivalent expression sysdig supports, or against the expectations of libsinsp's own tests
 * (filter_transformer.ut.cpp, filterchecks/cmp_operator_modifiers.cpp) on expressions of literals, which hold on
 * every event or on none. FilterReplay also checks compiled == interpreter on every event.
 */
class MultiValueAndModifiersTest {
    private static Path cat() {
        return SharedData.upstream("falco-legacy-tests/trace_files/cat_write.scap");
    }

    private static List<String> run(String expr) throws Exception {
        return FilterReplay.matching(cat(), expr);
    }

    private static void sameEvents(String newer, String equivalent) throws Exception {
        List<String> expected = run(equivalent);
        assertThat(expected).as("the equivalent expression selects something").isNotEmpty();
        assertThat(run(newer)).as(newer + " vs " + equivalent).isEqualTo(expected);
    }

    private static void holds(String expr, boolean expected) throws Exception {
        List<String> all = run("evt.num > 0");
        assertThat(run(expr)).as(expr).isEqualTo(expected ? all : List.of());
    }

    @Test
    void concat() throws Exception {
        sameEvents("concat(proc.name, \"-\", proc.pname) = \"cat-bash\"", "proc.name=cat and proc.pname=bash");
        sameEvents("concat(proc.name, proc.name) = catcat", "proc.name=cat");
        sameEvents("concat(\"/x\", fd.name) startswith /x/etc", "fd.name startswith /etc");
        holds("concat(\"aaa\", \"bbb\", \"ccc\") = aaabbbccc", true);
        holds("concat(\"aaa\", \"bbb\") = \"aaa-bbb\"", false);
        holds("concat(\"aaa\", concat(\"b\", \"c\")) = aaabc", true);
    }

    @Test
    void join() throws Exception {
        sameEvents("join(\",\", (proc.name, proc.pname)) = \"cat,bash\"", "proc.name=cat and proc.pname=bash");
        sameEvents("join(proc.name, (\"a\", \"b\", \"c\")) = acatbcatc", "proc.name=cat");
        // numeric fields in a list are printed
        sameEvents("join(\":\", (proc.name, proc.pid)) = \"cat:20072\"", "proc.name=cat and proc.pid=20072");
        // fd.types is a list field (printed "(file,ipv4)"); its items are joined
        sameEvents("join(\"+\", fd.types) = file", "fd.types = \"(file)\"");
        sameEvents("join(\"+\", (fd.types, proc.name)) = \"file+cat\"", "fd.types = \"(file)\" and proc.name=cat");
        holds("join(\"-\", (\"aaa\", \"bbb\")) = aaa-bbb", true);
        holds("join(\"->\", (\"aaa\")) = aaa", true);
        holds("join(\",\", ()) = \"\"", true);
        holds("join(\"-\", (\"a\", join(\"+\", (\"b\", \"c\")))) = a-b+c", true);
    }

    @Test
    void transformersOverResults() throws Exception {
        sameEvents("toupper(join(\"-\", (proc.name, \"x\"))) = CAT-X", "proc.name=cat");
        sameEvents("tolower(concat(\"A\", proc.name)) = acat", "proc.name=cat");
        sameEvents("len(concat(proc.name, \"ab\")) = 5", "len(proc.name) = 3");
        holds("b64(concat(\"YWFh\", \"YmJi\")) = aaabbb", true);
        holds("len(join(\"-\", (\"aaa\", \"bbb\"))) = 7", true);
    }

    @Test
    void getoptOnLiterals() throws Exception {
        // expectations from libsinsp's multivalue_transformer_getopt test
        holds("getopt((\"-nt\", \"hello\"), \"nt:\") intersects (\"n\", \"t\", \"hello\")", true);
        holds("getopt((\"-thello\"), \"t:\") intersects (\"hello\")", true);
        holds("getopt((\"-n\", \"--\", \"-t\"), \"nt:\") intersects (\"t\")", false);
        holds("getopt((\"-x\", \"-n\"), \"n\") intersects (\"?\")", true);
        holds("getopt((\"-x\", \"-n\"), \"n\") in (\"?\", \"n\")", true);
        holds("getopt((\"-x\", \"-n\"), \"n\") in (\"n\")", false);
        holds("getopt((\"arg1\", \"-n\", \"arg2\"), \"n\") intersects (\"n\")", false);
        holds("getopt((\"-t\"), \"t:\") intersects (\"\")", true);
        holds("getopt((\"-t\"), \"t:\") intersects (\"t\")", false);
        holds("getopt((\"--exec\", \"-n\"), \"n\") intersects (\"n\")", true);
        holds("getopt((\"-lpe\", \"/bin/sh\"), \"lpe:\") intersects (\"/bin/sh\")", true);
        holds("getopt((\"-@\", \"-+\"), \"@+\") in (\"@\", \"+\")", true);
        holds("getopt((\"-n\", \"-t\", \"hello\"), \"nt:\")[t] = hello", true);
        holds("getopt((\"-n\", \"-t\", \"hello\"), \"nt:\")[n] = n", true);
        holds("getopt((\"-t\", \"v1\", \"-t\", \"v2\"), \"t:\")[t] = v2", true);
        holds("getopt((\"-t:\"), \":t:\")[t] = :", true);
        holds("getopt((\"-t\", \"v1\", \"-t\"), \"t:\")[t] = \"\"", true);
        holds("getopt((\"-n\"), \"nt:\")[t] exists", false);
        holds("getopt((), \"n\") in (\"x\")", true); // an empty list is in any set
        holds("getopt((), \"n\") intersects (\"x\")", false);
        holds("len(getopt((\"-ab\"), \"ab\")[a]) = 1", true);
        holds("toupper(getopt((\"-a\", \"-b\"), \"ab\")) intersects (\"B\")", true);
        holds("toupper(getopt((\"-a\", \"-b\"), \"ab\")) intersects (\"b\")", false);
    }

    @Test
    void getoptOnFields() throws Exception {
        sameEvents("getopt((\"-p\", proc.name), \"p:\")[p] = cat", "proc.name=cat");
        // cat /dev/null: its only argument is not an option, so getopt finds none
        sameEvents("getopt((proc.args[0], \"-n\"), \"n\") in ()", "proc.name exists and proc.args exists");
        sameEvents("getopt((\"-f\", proc.args[0]), \"f:\") intersects (/dev/null)", "proc.args = /dev/null");
        // the optstring may come from a field: "cat" makes -c and -t valid, -a too
        sameEvents("getopt((\"-x\", \"-t\"), proc.name) in (\"?\", \"t\")", "proc.name=cat");
    }

    @Test
    void modifiers() throws Exception {
        sameEvents("proc.name = anyof (cat, sh)", "proc.name in (cat, sh)");
        sameEvents("proc.name == oneof (cat, sh)", "proc.name in (cat, sh)");
        holds("proc.name = oneof (cat, cat)", false);
        sameEvents("proc.name = anyof (cat, cat)", "proc.name = cat");
        sameEvents("proc.name = allof (cat, cat)", "proc.name = cat");
        holds("proc.name = allof (cat, sh)", false);
        sameEvents("proc.name != allof (curl, sh)", "proc.name != curl and proc.name != sh");
        sameEvents("proc.name != oneof (cat, cat, sh)", "proc.name = cat");
        sameEvents("proc.name contains allof (c, t)", "proc.name contains c and proc.name contains t");
        sameEvents("fd.name contains oneof (/etc, lib, so)", "fd.name contains /etc and not fd.name contains lib"
                + " and not fd.name contains so or fd.name contains lib and not fd.name contains /etc"
                + " and not fd.name contains so or fd.name contains so and not fd.name contains lib"
                + " and not fd.name contains /etc");
        sameEvents("fd.name startswith anyof (/etc, /lib)", "fd.name startswith /etc or fd.name startswith /lib");
        sameEvents("proc.name glob allof ('c*', '*t')", "proc.name = cat");
        holds("proc.name regex oneof ('c.*', '.*t')", false); // cat matches both
        sameEvents("fd.name regex oneof ('/etc/.*', '.*[.]so.*')", "fd.name regex '/etc/.*' and not fd.name regex '.*[.]so.*'"
                + " or fd.name regex '.*[.]so.*' and not fd.name regex '/etc/.*'");
        sameEvents("evt.type = anyof (open, close)", "evt.type in (open, close)");
        sameEvents("evt.type != allof (open, close)", "not evt.type in (open, close)");
        sameEvents("toupper(proc.name) = oneof (CAT, BASH)", "proc.name = cat");
        sameEvents("concat(proc.name, \"!\") = anyof (\"cat!\", x)", "proc.name = cat");
        holds("proc.name = anyof ()", false);
        holds("proc.name != allof ()", false);
    }

    @Test
    void loadErrors() {
        FieldRegistry r = FieldRegistry.standard();
        expectError(r, "join(\"-\") = foo", "join() requires exactly 2 arguments");
        expectError(r, "join(\"-\", \"a\", \"b\") = foo", "join() requires exactly 2 arguments");
        expectError(r, "join((\"a\", \"b\"), (\"a\", \"b\")) = foo", "separator) must be a single value");
        expectError(r, "join(\"a\", \"b\") = foo", "join() second argument must be a list");
        expectError(r, "join(\"a\", proc.name) = foo", "join() second argument must be a list");
        expectError(r, "join(fd.types, (\"a\")) = foo", "separator) must be a single value");
        expectError(r, "concat(\"aaa\") = foo", "concat() requires at least 2 arguments");
        expectError(r, "concat(proc.name) = foo", "needs several arguments");
        expectError(r, "concat(fd.types, \"a\") = foo", "concat() arguments must be strings");
        expectError(r, "concat((\"a\", \"b\"), \"a\") = foo", "concat() arguments must be strings");
        expectError(r, "concat(proc.pid, \"a\") = foo", "concat() arguments must be strings");
        expectError(r, "getopt((\"a\")) intersects (n)", "getopt() requires exactly 2 arguments");
        expectError(r, "getopt(\"not_a_list\", \"n\") intersects (n)", "getopt() first argument must be a list");
        expectError(r, "getopt(proc.args, \"n\") intersects (n)", "getopt() first argument must be a list");
        expectError(r, "getopt((\"-n\"), (\"n\")) intersects (n)", "getopt() second argument (optstring)");
        expectError(r, "getopt((\"-n\"), \"n\")[\"\"] = n", "single option character");
        expectError(r, "getopt((\"-n\"), \"n\")[nt] = n", "single option character");
        expectError(r, "getopt((\"-n\"), \"n\") = n", "'=' operator not supported list filters");
        expectError(r, "join(\"-\", (\"a\"))[x] = n", "transformer 'join' does not support field arguments");
        expectError(r, "concat(proc.nmae, \"a\") = x", "unknown field 'proc.nmae'");
        expectError(r, "len(getopt((\"-n\"), \"n\")) = 1", "not supported yet");
        expectError(r, "proc.name = anyof (cat) and fd.types = oneof (file)", "not supported list filters");
        expectError(r, "fd.ip = anyof (1.2.3.4)", "not supported yet");
        expectError(r, "proc.aname = anyof (bash)", "not supported yet");
        expectError(r, "proc.pid = anyof (1, x)", "not a valid number");
    }

    private static void expectError(FieldRegistry r, String expr, String message) {
        assertThatThrownBy(() -> Filter.compile(expr, r)).as(expr).isInstanceOf(FilterCheckException.class)
                .hasMessageContaining(message);
    }
}
