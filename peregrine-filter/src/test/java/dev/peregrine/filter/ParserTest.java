package dev.peregrine.filter;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static dev.peregrine.filter.Trees.and;
import static dev.peregrine.filter.Trees.args;
import static dev.peregrine.filter.Trees.bare;
import static dev.peregrine.filter.Trees.call;
import static dev.peregrine.filter.Trees.check;
import static dev.peregrine.filter.Trees.exists;
import static dev.peregrine.filter.Trees.field;
import static dev.peregrine.filter.Trees.id;
import static dev.peregrine.filter.Trees.list;
import static dev.peregrine.filter.Trees.not;
import static dev.peregrine.filter.Trees.or;
import static dev.peregrine.filter.Trees.parse;
import static dev.peregrine.filter.Trees.quoted;
import static dev.peregrine.filter.Trees.transformed;
import static dev.peregrine.filter.Trees.val;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParserTest {
    private static String reason(String condition) {
        return RoundTrip.parseError(condition);
    }

    @Nested
    class Precedence {
        @Test
        void orIsLoosestThenAndThenNot() {
            assertThat(parse("a or b and c")).isEqualTo(or(id("a"), and(id("b"), id("c"))));
            assertThat(parse("a and b or c")).isEqualTo(or(and(id("a"), id("b")), id("c")));
            assertThat(parse("not a and b")).isEqualTo(and(not(id("a")), id("b")));
            assertThat(parse("not a or b")).isEqualTo(or(not(id("a")), id("b")));
            assertThat(parse("a.a=1 or b.b=2 and c"))
                    .isEqualTo(or(check("a.a", "=", "1"), and(check("b.b", "=", "2"), id("c"))));
        }

        @Test
        void chainsAreFlatButParenthesesNest() {
            assertThat(parse("a and b and c")).isEqualTo(and(id("a"), id("b"), id("c")));
            assertThat(parse("a or b or c")).isEqualTo(or(id("a"), id("b"), id("c")));
            assertThat(parse("a and (b and c)")).isEqualTo(and(id("a"), and(id("b"), id("c"))));
            assertThat(parse("(a or b) and c")).isEqualTo(and(or(id("a"), id("b")), id("c")));
            assertThat(parse("not (a or b)")).isEqualTo(not(or(id("a"), id("b"))));
        }

        @Test
        void parenthesesLeaveNoNode() {
            assertThat(parse("((((a))))")).isEqualTo(id("a"));
            assertThat(parse("(a.b exists)")).isEqualTo(exists("a.b"));
        }

        @Test
        void runsOfNotFold() {
            assertThat(parse("not not a")).isEqualTo(id("a"));
            assertThat(parse("not not not a")).isEqualTo(not(id("a")));
            assertThat(parse("not (not a)")).isEqualTo(not(not(id("a"))));
            assertThat(parse("not(not(a))")).isEqualTo(not(not(id("a"))));
            assertThat(parse("not not not not not(not not(not not_macro))"))
                    .isEqualTo(not(not(id("not_macro"))));
        }

        @Test
        void keywordsNeedABlankOrAParenthesis() {
            assertThat(parse("(a)and(b)and(c)")).isEqualTo(and(id("a"), id("b"), id("c")));
            assertThat(parse("a or(b)")).isEqualTo(or(id("a"), id("b")));
            assertThat(parse("not(a)and(not(b))")).isEqualTo(and(not(id("a")), not(id("b"))));
            assertThat(parse("a\tand\nb\r\nor\bc")).isEqualTo(or(and(id("a"), id("b")), id("c")));
            assertThat(reason("a andb")).isEqualTo("expected blank or '(' after 'and'");
            assertThat(reason("a orb")).isEqualTo("expected blank or '(' after 'or'");
            assertThat(reason("aand b")).isEqualTo("unexpected token after 'aand', expecting 'or', 'and'");
        }

        @Test
        void namesStartingWithKeywordsAreNames() {
            assertThat(parse("notz and a")).isEqualTo(and(id("notz"), id("a")));
            assertThat(parse("macro and not not_macro")).isEqualTo(and(id("macro"), not(id("not_macro"))));
            assertThat(parse("macro and and_macro or or_macro"))
                    .isEqualTo(or(and(id("macro"), id("and_macro")), id("or_macro")));
            // a lone "not" at the end is a name, as in libsinsp
            assertThat(parse("a and not")).isEqualTo(and(id("a"), id("not")));
        }

        @Test
        void orFollowedByAParenthesisTakesOnlyThatGroup() {
            // libsinsp reads "or(" as or + one parenthesised operand, so an "and" after it is left over
            assertThat(reason("a or(b) and c")).isEqualTo("unexpected token after ')', expecting 'or', 'and'");
            assertThat(parse("a or (b) and c")).isEqualTo(or(id("a"), and(id("b"), id("c"))));
        }

        @Test
        void theDepthLimitFitsASmallThreadStack() throws InterruptedException {
            // close to the limit: five grammar rules per parenthesis, a few more for the check
            String deepest = "(".repeat(195) + "b64(".repeat(3) + "a.b" + ")".repeat(3) + " exists"
                    + ")".repeat(195);
            Object[] result = new Object[1];
            Thread t = new Thread(null, () -> {
                try {
                    result[0] = FilterParser.parse(deepest);
                    assertThat(result[0]).isEqualTo(exists(transformed("a.b", "b64", "b64", "b64")));
                    result[0] = FilterParser.parse("(".repeat(5000));
                } catch (Throwable e) {
                    result[0] = e;
                }
            }, "small-stack", 512 * 1024); // half the default thread stack of Linux x64
            t.start();
            t.join();
            assertThat(result[0]).isInstanceOf(FilterSyntaxException.class);
            assertThat(((FilterSyntaxException) result[0]).reason()).isEqualTo("exceeded max depth limit of 1000");
        }

        @Test
        void deepNestingIsLimited() {
            String nested = "(".repeat(150) + "a" + ")".repeat(150);
            assertThat(parse(nested)).isEqualTo(id("a"));
            assertThat(FilterParser.parse("((((((((((a))))))))))", 100)).isEqualTo(id("a"));
            assertThat(reason("(".repeat(100000))).isEqualTo("exceeded max depth limit of 1000");
            assertThatThrownBy(() -> FilterParser.parse(nested, 100)).isInstanceOf(FilterSyntaxException.class)
                    .hasMessageStartingWith("exceeded max depth limit of 100 at");
        }
    }

    @Nested
    class Operators {
        @ParameterizedTest
        @ValueSource(strings = {"=", "==", "!=", "glob", "iglob", "contains", "icontains", "bcontains",
                "startswith", "bstartswith", "endswith", "regex"})
        void stringOperators(String op) {
            assertThat(parse("proc.name " + op + " value")).isEqualTo(check("proc.name", op, "value"));
            assertThat(parse("proc.name " + op + " 'quoted value'"))
                    .isEqualTo(check(field("proc.name"), op, quoted("quoted value")));
        }

        @ParameterizedTest
        @ValueSource(strings = {"<", "<=", ">", ">="})
        void numericOperators(String op) {
            assertThat(parse("proc.pid " + op + " 1000")).isEqualTo(check("proc.pid", op, "1000"));
            assertThat(parse("proc.pid" + op + "-1.5e+3")).isEqualTo(check("proc.pid", op, "-1.5e+3"));
            assertThat(parse("proc.pid " + op + " 0XaB00")).isEqualTo(check("proc.pid", op, "0XaB00"));
            assertThat(reason("proc.pid " + op + " abc")).startsWith("expected a number value");
            assertThat(reason("proc.pid " + op + " 1e10")).startsWith("unexpected token after '1'");
        }

        @ParameterizedTest
        @ValueSource(strings = {"in", "intersects", "pmatch"})
        void listOperators(String op) {
            assertThat(parse("fd.name " + op + " (a, b)")).isEqualTo(check(field("fd.name"), op,
                    list(bare("a"), bare("b"))));
            assertThat(parse("fd.name " + op + "()")).isEqualTo(check(field("fd.name"), op, list()));
            assertThat(parse("fd.name " + op + " my_list")).isEqualTo(check("fd.name", op, "my_list"));
        }

        @Test
        void exists() {
            assertThat(parse("proc.name exists")).isEqualTo(Trees.exists("proc.name"));
            // libsinsp needs no blank after exists
            assertThat(parse("proc.name existsand macro")).isEqualTo(and(Trees.exists("proc.name"), id("macro")));
            assertThat(reason("proc.name ExIsTs")).startsWith("expected a valid check operator");
        }

        @Test
        void symbolsNeedNoBlanksWordsDo() {
            assertThat(parse("proc.name=cat")).isEqualTo(check("proc.name", "=", "cat"));
            assertThat(parse("proc.name!=cat")).isEqualTo(check("proc.name", "!=", "cat"));
            assertThat(parse("proc.name contains\tcat")).isEqualTo(check("proc.name", "contains", "cat"));
            assertThat(reason("proc.name containscat")).startsWith("expected a valid check operator: one of "
                    + "'exists', '<=', '<', '>=', '>', '==', '=', '!=', 'glob', 'iglob', 'contains', 'icontains', "
                    + "'bcontains', 'startswith', 'bstartswith', 'endswith', 'regex', 'intersects', 'in', "
                    + "'pmatch'");
            assertThat(reason("proc.name === x")).startsWith("expected a string value");
        }

        @Test
        void listOperatorsNeedNoBlankEither() {
            // libsinsp quirk: "inside" reads as "in side"
            assertThat(parse("proc.name inside")).isEqualTo(check("proc.name", "in", "side"));
        }

        @Test
        void everyOperatorIsKnown() {
            assertThat(dev.peregrine.filter.Operators.ALL).hasSize(20).contains("exists", "pmatch", "regex");
        }
    }

    @Nested
    class Values {
        @Test
        void bareWordsKeepEverythingButDelimiters() {
            assertThat(parse("test.str = 0a!@#456:/\\.;!$%^&*[]{}|"))
                    .isEqualTo(check("test.str", "=", "0a!@#456:/\\.;!$%^&*[]{}|"));
            assertThat(parse("fd.name=*.log")).isEqualTo(check("fd.name", "=", "*.log"));
            // a field on the right without val() is a plain string
            assertThat(parse("a.b = a.a")).isEqualTo(check("a.b", "=", "a.a"));
            assertThat(parse("a.b = not")).isEqualTo(check("a.b", "=", "not"));
            assertThat(parse("proc.args endswith \\\\")).isEqualTo(check("proc.args", "endswith", "\\\\"));
        }

        @Test
        void lists() {
            assertThat(parse("a.g in (1, 'a', b.c, \"d e\")")).isEqualTo(check(field("a.g"), "in",
                    list(bare("1"), quoted("a"), bare("b.c"), quoted("d e"))));
            assertThat(parse("a.g in ( x ,y )")).isEqualTo(check(field("a.g"), "in", list(bare("x"), bare("y"))));
            assertThat(parse("a.g in (0a!@#456:/\\.;!$%^&*[]{}|, value)")).isEqualTo(check(field("a.g"), "in",
                    list(bare("0a!@#456:/\\.;!$%^&*[]{}|"), bare("value"))));
            assertThat(reason("a.g in ( 1 ,, , b)")).isEqualTo("expected a string value");
            assertThat(reason("a.g in (b64(x.y))")).isEqualTo("expected a ')' token");
        }

        @Test
        void listValuesMayNameLists() {
            Check c = (Check) parse("evt.type in (open_syscalls, execve)");
            assertThat(((ValueList) c.value()).values()).containsExactly(bare("open_syscalls"), bare("execve"));
            assertThat(((ValueList) c.value()).values().get(0).quoted()).isFalse();
        }
    }

    @Nested
    class Quoting {
        @Test
        void singleAndDoubleQuotes() {
            assertThat(parse("a.b = 'x y'")).isEqualTo(check(field("a.b"), "=", quoted("x y")));
            assertThat(parse("a.b = \"x y\"")).isEqualTo(check(field("a.b"), "=", quoted("x y")));
            assertThat(parse("a.b = ''")).isEqualTo(check(field("a.b"), "=", quoted("")));
            assertThat(parse("a.b = \"mixed '\"")).isEqualTo(check(field("a.b"), "=", quoted("mixed '")));
            assertThat(parse("a.b = 'mixed \"'")).isEqualTo(check(field("a.b"), "=", quoted("mixed \"")));
            assertThat(parse("a.b = 'not (x)'")).isEqualTo(check(field("a.b"), "=", quoted("not (x)")));
        }

        @Test
        void escapes() {
            assertThat(text("\"\\b\\f\\n\\r\\t\"")).isEqualTo("\b\f\n\r\t");
            assertThat(text("\"a\\\\b\\/c\"")).isEqualTo("a\\b/c");
            assertThat(text("\"say \\\"hi\\\"\"")).isEqualTo("say \"hi\"");
            assertThat(text("'it\\'s'")).isEqualTo("it's");
            assertThat(text("\"\\x41\\x7e\"")).isEqualTo("A~");
            // libsinsp reads "\ " as a lone backslash (for an old Falco rule)
            assertThat(text("\"\\ \"")).isEqualTo("\\");
            assertThat(text("\"bad escape \\ \" ")).isEqualTo("bad escape \\");
        }

        @Test
        void hexEscapesAreUtf8Bytes() {
            assertThat(text("\"\\xc3\\xa9t\\xc3\\xa9\"")).isEqualTo("été");
            assertThat(text("'\\xe2\\x82\\xac'")).isEqualTo("€");
            // bytes that are not UTF-8 are kept, as U+DC00 + byte
            assertThat(text("\"\\xff\\xc3\"")).isEqualTo("\udcff\udcc3");
            assertThat(text("\"é€\"")).isEqualTo("é€");
        }

        @Test
        void aBackslashBeforeTheDelimiterNeverClosesTheString() {
            // the lexer skips a delimiter after a backslash even if that backslash was itself escaped
            assertThat(text("'multiple escape single quote \\' \\\\''"))
                    .isEqualTo("multiple escape single quote ' \\'");
            assertThat(text("\"a\\\\\" and b\"")).isEqualTo("a\\\" and b");
        }

        @Test
        void badEscapes() {
            assertThat(reason("a.b = \"\\q\"")).isEqualTo("unsupported string escape sequence: \\q");
            assertThat(reason("a.b = 'mixed \\\"'")).isEqualTo("invalid \\\" escape in '-quoted string");
            assertThat(reason("a.b = \"mixed \\'\"")).isEqualTo("invalid \\' escape in \"-quoted string");
            assertThat(reason("a.b = \"\\x4\"")).isEqualTo("truncated hex char escape sequence");
            assertThat(reason("a.b = \"\\xg0\"")).isEqualTo("invalid hex char escape sequence: g0");
            // libsinsp would silently read this as an empty list; it is an error here
            assertThat(reason("a.b in (\"\\q\")")).isEqualTo("unsupported string escape sequence: \\q");
        }

        @Test
        void unterminated() {
            assertThat(reason("a.b = 'abc")).startsWith("expected a string value");
            assertThat(reason("a.b = \"")).startsWith("expected a string value");
            assertThat(reason("a.b = \"a\\\"")).startsWith("expected a string value");
            assertThat(reason("a.b = \"broken\"\"")).startsWith("unexpected token after 'broken'");
        }

        private String text(String quotedString) {
            Check c = (Check) parse("a.b = " + quotedString);
            Value v = (Value) c.value();
            assertThat(v.quoted()).isTrue();
            return v.text();
        }
    }

    @Nested
    class FieldArguments {
        @Test
        void bareAndQuotedArguments() {
            assertThat(parse("proc.aname[2] = bash")).isEqualTo(check(field("proc.aname", "2"), "=", bare("bash")));
            assertThat(parse("proc.env[HOME] exists")).isEqualTo(exists(field("proc.env", "HOME")));
            assertThat(parse("proc.env[\"HOME\"] exists")).isEqualTo(exists(field("proc.env", "HOME")));
            assertThat(parse("proc.env['a b'] exists")).isEqualTo(exists(field("proc.env", "a b")));
            assertThat(parse("evt.arg[\"x \\\"y\\\"\"] exists")).isEqualTo(exists(field("evt.arg", "x \"y\"")));
            assertThat(parse("test.str[0a!@#456:/\\.;!$%^&*(){}|] exists"))
                    .isEqualTo(exists(field("test.str", "0a!@#456:/\\.;!$%^&*(){}|")));
            assertThat(parse("jevt.value[/user/username] = x"))
                    .isEqualTo(check(field("jevt.value", "/user/username"), "=", bare("x")));
        }

        @Test
        void emptyQuotedArgumentIsNotNoArgument() {
            FieldRef empty = ((Check) parse("test.str[\"\"] = v")).field() instanceof FieldRef f ? f : null;
            assertThat(empty).isNotNull();
            assertThat(empty.arg()).isEmpty();
            assertThat(parse("test.str[\"\"] = v")).isNotEqualTo(parse("test.str = v"));
        }

        @Test
        void fieldNames() {
            assertThat(parse("evt.arg.fd = 3")).isEqualTo(check("evt.arg.fd", "=", "3"));
            assertThat(parse("k8s.ns.name = x")).isEqualTo(check("k8s.ns.name", "=", "x"));
            assertThat(parse("ab_1.c2_ exists")).isEqualTo(exists("ab_1.c2_"));
            // a segment must start with a letter, so "a.1b" is the name "a" and a stray ".1b"
            assertThat(reason("a.1b exists")).isEqualTo("unexpected token after 'a', expecting 'or', 'and'");
        }

        @Test
        void badArguments() {
            assertThat(reason("test.str[] = v"))
                    .isEqualTo("expected a valid field argument: a quoted string or a bare string");
            assertThat(reason("test.str[ x ] = v"))
                    .isEqualTo("expected a valid field argument: a quoted string or a bare string");
            assertThat(reason("test.str[x = v")).isEqualTo("expected a ']' token");
            assertThat(reason("test.str[a[b] = v")).isEqualTo("expected a ']' token");
        }
    }

    @Nested
    class Transformers {
        @ParameterizedTest
        @ValueSource(strings = {"tolower", "toupper", "b64", "basename", "len", "join", "concat", "getopt"})
        void eachTransformerOnASingleFieldFoldsIntoIt(String t) {
            assertThat(parse(t + "(proc.name) exists")).isEqualTo(exists(transformed("proc.name", t)));
            assertThat(parse("x.y = " + t + "(proc.name)"))
                    .isEqualTo(check(field("x.y"), "=", val(transformed("proc.name", t))));
        }

        @Test
        void chainsAreOutermostFirst() {
            assertThat(parse("tolower(b64( proc.aname[2] )) = x")).isEqualTo(
                    check(new FieldRef("proc.aname", "2", List.of("tolower", "b64"), Pos.UNKNOWN), "=", bare("x")));
        }

        @Test
        void multiArgumentTransformers() {
            assertThat(parse("getopt(proc.args, \"nt:\")[t] = value")).isEqualTo(check(
                    call("getopt", "t", field("proc.args"), quoted("nt:")), "=", bare("value")));
            assertThat(parse("join(\"-\", (fd.name, tolower(fd.directory), \"x\", 1)) = /tmp")).isEqualTo(check(
                    call("join", null, quoted("-"), args(field("fd.name"), transformed("fd.directory", "tolower"),
                            quoted("x"), bare("1"))), "=", bare("/tmp")));
            assertThat(parse("concat(proc.name, \"-\", proc.pid) = x")).isEqualTo(check(
                    call("concat", null, field("proc.name"), quoted("-"), field("proc.pid")), "=", bare("x")));
            assertThat(parse("join(\"-\", ()) = x")).isEqualTo(check(call("join", null, quoted("-"), args()),
                    "=", bare("x")));
        }

        @Test
        void transformersOfTransformerCallsDoNotFold() {
            assertThat(parse("len(join(\"-\", (fd.name))) > 5")).isEqualTo(check(
                    call("len", null, call("join", null, quoted("-"), args(field("fd.name")))), ">", bare("5")));
            // a bracket argument after a single-field transformer keeps it a call (libsinsp rejects it later)
            assertThat(parse("tolower(proc.name)[x] exists"))
                    .isEqualTo(exists(call("tolower", "x", field("proc.name"))));
        }

        @Test
        void noBlankBeforeTheParenthesis() {
            assertThat(reason("b64 (test.field) exists"))
                    .isEqualTo("unexpected token after 'b64', expecting 'or', 'and'");
            assertThat(reason("some.field = b64 (test.field)")).startsWith("unexpected token after 'b64'");
            assertThat(reason("some_fake_transformer(test.field) exists")).startsWith("unexpected token after");
        }

        @Test
        void listsCannotHoldBareWordsOrNestedLists() {
            assertThat(reason("join(\"-\", (macro)) = x"))
                    .isEqualTo("expected transformer list argument: field, transformer, quoted string, or number");
            assertThat(reason("join(\"-\", ((fd.name))) = x"))
                    .isEqualTo("expected transformer list argument: field, transformer, quoted string, or number");
            assertThat(reason("join(\"-\", (fd.name,)) = x"))
                    .isEqualTo("expected transformer list argument: field, transformer, quoted string, or number");
        }
    }

    @Nested
    class Val {
        @Test
        void valMarksAFieldOnTheRight() {
            assertThat(parse("proc.name = val(proc.pname)")).isEqualTo(check(field("proc.name"), "=",
                    val(field("proc.pname"))));
            assertThat(parse("proc.pid > val( proc.ppid )")).isEqualTo(check(field("proc.pid"), ">",
                    val(field("proc.ppid"))));
            assertThat(parse("proc.name in val(proc.aname[2])")).isEqualTo(check(field("proc.name"), "in",
                    val(field("proc.aname", "2"))));
            assertThat(parse("tolower(proc.name) contains val(fd.name)")).isEqualTo(check(
                    transformed("proc.name", "tolower"), "contains", val(field("fd.name"))));
        }

        @Test
        void valTakesOnlyAPlainField() {
            assertThat(reason("a.b = val(val(c.d))")).isEqualTo("expected a field within 'val' transformer");
            assertThat(reason("a.b = val(tolower(c.d))")).isEqualTo("expected a field within 'val' transformer");
            assertThat(reason("a.b = b64(val(c.d))")).startsWith("expected field transformer argument");
            assertThat(reason("a.b = val(c.d [1])")).isEqualTo("expected a ')' token closing the transformer");
            assertThat(reason("a.b = val(c.d)[1]")).isEqualTo("transformer 'val' does not support field arguments");
            assertThat(reason("val(c.d) exists")).isEqualTo("unexpected token after 'val', expecting 'or', 'and'");
        }
    }

    @Nested
    class Modifiers {
        @Test
        void modifiersTakeAListOrAListName() {
            assertThat(parse("proc.name == oneof (cat, nginx)")).isEqualTo(check(field("proc.name"), "==",
                    "oneof", list(bare("cat"), bare("nginx"))));
            assertThat(parse("proc.name contains anyof (a)")).isEqualTo(check(field("proc.name"), "contains",
                    "anyof", list(bare("a"))));
            assertThat(parse("proc.name != allof my_list")).isEqualTo(check(field("proc.name"), "!=", "allof",
                    bare("my_list")));
            assertThat(parse("proc.name == oneof oneof")).isEqualTo(check(field("proc.name"), "==", "oneof",
                    bare("oneof")));
        }

        @Test
        void aModifierWordIsAValueWhenNoListFollows() {
            assertThat(parse("proc.name == oneof")).isEqualTo(check("proc.name", "==", "oneof"));
            assertThat(parse("(proc.name == anyof)")).isEqualTo(check("proc.name", "==", "anyof"));
            assertThat(parse("proc.name == anyof and fd.name exists"))
                    .isEqualTo(and(check("proc.name", "==", "anyof"), exists("fd.name")));
            assertThat(reason("proc.name == oneof(cat)")).startsWith("unexpected token after 'oneof'");
            assertThat(reason("proc.name ==oneof (cat)")).startsWith("unexpected token after 'oneof'");
            assertThat(reason("proc.num > oneof (1, 2)")).startsWith("expected a number value");
            assertThat(reason("proc.name in oneof (cat)")).startsWith("unexpected token after 'oneof'");
        }
    }

    @Nested
    class Identifiers {
        @Test
        void bareNamesAreMacroReferences() {
            assertThat(parse("spawned_process")).isEqualTo(id("spawned_process"));
            assertThat(parse("  a  ")).isEqualTo(id("a"));
            assertThat(parse("open_write and not proc.name in (x)")).isEqualTo(and(id("open_write"),
                    not(check(field("proc.name"), "in", list(bare("x"))))));
            assertThat(reason("macro > 12")).isEqualTo("unexpected token after 'macro', expecting 'or', 'and'");
            assertThat(reason("_macro")).startsWith("expected a '(' token, a field check, or an identifier");
        }
    }

    @Nested
    class Positions {
        @Test
        void checkFieldAndValue() {
            Check c = (Check) parse("proc.name = nginx");
            assertPos(c.pos(), 0, 1, 1);
            assertPos(c.field().pos(), 0, 1, 1);
            assertPos(c.value().pos(), 12, 1, 13);
            Check withArg = (Check) parse("proc.aname[3]=nginx");
            assertPos(withArg.value().pos(), 14, 1, 15);
            Check listCheck = (Check) parse("proc.name in ( nginx, apache)");
            assertPos(listCheck.value().pos(), 13, 1, 14);
            assertPos(((ValueList) listCheck.value()).values().get(1).pos(), 22, 1, 23);
        }

        @Test
        void notOrAnd() {
            Not n = (Not) parse("not proc.name=nginx");
            assertPos(n.pos(), 0, 1, 1);
            assertPos(n.child().pos(), 4, 1, 5);
            Or o = (Or) parse("(proc.name=nginx or proc.name=apache)");
            assertPos(o.pos(), 1, 1, 2);
            assertPos(o.children().get(1).pos(), 20, 1, 21);
        }

        @Test
        void multiline() {
            // libsinsp's position_complex_multiline test case
            String s = "\n(proc.aname[2]=nginx\n     and evt.type in (connect,accept))\n   or (not fd.name exists)\n"
                    + "   or (proc.name=apache\n       and evt.type=switch)";
            Or o = (Or) parse(s);
            assertPos(o.pos(), 0, 1, 1);
            And first = (And) o.children().get(0);
            assertPos(first.pos(), 2, 2, 2);
            Check inCheck = (Check) first.children().get(1);
            assertPos(inCheck.pos(), 31, 3, 10);
            assertPos(inCheck.value().pos(), 43, 3, 22);
            Not not = (Not) o.children().get(1);
            assertPos(not.pos(), 68, 4, 8);
            assertPos(not.child().pos(), 72, 4, 12);
            Check last = (Check) ((And) o.children().get(2)).children().get(1);
            assertPos(last.pos(), 123, 6, 12);
            assertPos(last.value().pos(), 132, 6, 21);
        }

        @Test
        void transformers() {
            // libsinsp's position_complex_transformers test case
            Or o = (Or) parse("b64(evt.name) exists and tolower(toupper(evt.type)) in val(some.field) or "
                    + "proc.name=b64(tolower(some.field))");
            And a = (And) o.children().get(0);
            Check unary = (Check) a.children().get(0);
            assertPos(unary.pos(), 0, 1, 1);
            assertPos(unary.field().pos(), 4, 1, 5);
            Check in = (Check) a.children().get(1);
            assertPos(in.pos(), 25, 1, 26);
            assertPos(in.field().pos(), 41, 1, 42);
            assertPos(in.value().pos(), 55, 1, 56);
            assertPos(((FieldOperand) in.value()).field().pos(), 59, 1, 60);
            Check eq = (Check) o.children().get(1);
            assertPos(eq.pos(), 74, 1, 75);
            assertPos(eq.value().pos(), 84, 1, 85);
            assertPos(((FieldOperand) eq.value()).field().pos(), 96, 1, 97);
        }

        @Test
        void crlfCountsTwoLinesAsInLibsinsp() {
            Or o = (Or) parse("a\r\nor b");
            assertPos(o.children().get(1).pos(), 6, 3, 4);
        }

        private void assertPos(Pos p, int offset, int line, int column) {
            assertThat(p.sameAs(new Pos(offset, line, column))).as("%s (offset %d) is offset %d, line %d, column %d",
                    p, p.offset(), offset, line, column).isTrue();
        }
    }

    @Nested
    class FieldOnly {
        @Test
        void parseField() {
            assertThat(FilterParser.parseField(" proc.aname[2] ")).isEqualTo(field("proc.aname", "2"));
            assertThat(FilterParser.parseField("tolower(proc.name)")).isEqualTo(transformed("proc.name", "tolower"));
            assertThatThrownBy(() -> FilterParser.parseField("proc.name x"))
                    .isInstanceOf(FilterSyntaxException.class);
            assertThatThrownBy(() -> FilterParser.parseField("macro"))
                    .isInstanceOf(FilterSyntaxException.class);
        }
    }
}
