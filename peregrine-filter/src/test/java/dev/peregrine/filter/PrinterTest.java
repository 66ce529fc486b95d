package dev.peregrine.filter;

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

class PrinterTest {
    private static String print(Expr e) {
        return FilterPrinter.print(e);
    }

    /** Prints {@code e}, checks the text parses back to {@code e}, returns the text. */
    private static String roundTrip(Expr e) {
        String text = print(e);
        assertThat(parse(text)).as(text).isEqualTo(e);
        return text;
    }

    @Test
    void usesOnlyTheParenthesesPrecedenceNeeds() {
        assertThat(roundTrip(or(and(id("a"), id("b")), id("c")))).isEqualTo("a and b or c");
        assertThat(roundTrip(and(or(id("a"), id("b")), id("c")))).isEqualTo("(a or b) and c");
        assertThat(roundTrip(and(id("a"), and(id("b"), id("c"))))).isEqualTo("a and (b and c)");
        assertThat(roundTrip(or(id("a"), or(id("b"), id("c"))))).isEqualTo("a or (b or c)");
        assertThat(roundTrip(not(and(id("a"), id("b"))))).isEqualTo("not (a and b)");
        assertThat(roundTrip(and(not(id("a")), not(exists("b.c"))))).isEqualTo("not a and not b.c exists");
        assertThat(roundTrip(not(not(id("a"))))).isEqualTo("not (not a)");
    }

    @Test
    void checks() {
        assertThat(roundTrip(check("proc.name", "=", "cat"))).isEqualTo("proc.name = cat");
        assertThat(roundTrip(check(field("proc.name"), "in", list(bare("a"), quoted("b c"))))).isEqualTo(
                "proc.name in (a, \"b c\")");
        assertThat(roundTrip(check(field("fd.name"), "pmatch", list()))).isEqualTo("fd.name pmatch ()");
        assertThat(roundTrip(check("evt.type", "in", "my_list"))).isEqualTo("evt.type in my_list");
        assertThat(roundTrip(check(field("proc.name"), "==", "oneof", list(bare("a"))))).isEqualTo(
                "proc.name == oneof (a)");
        assertThat(roundTrip(check(field("proc.name"), "!=", "allof", bare("names")))).isEqualTo(
                "proc.name != allof names");
        assertThat(roundTrip(check("proc.pid", ">=", "0x10"))).isEqualTo("proc.pid >= 0x10");
        assertThat(roundTrip(exists(field("proc.env", "HOME")))).isEqualTo("proc.env[HOME] exists");
    }

    @Test
    void fieldsOnTheRight() {
        assertThat(roundTrip(check(field("proc.name"), "=", val(field("proc.pname"))))).isEqualTo(
                "proc.name = val(proc.pname)");
        assertThat(roundTrip(check(field("proc.name"), "=", val(transformed("proc.pname", "tolower"))))).isEqualTo(
                "proc.name = tolower(proc.pname)");
        assertThat(roundTrip(check(field("proc.name"), "in", val(field("proc.aname", "2"))))).isEqualTo(
                "proc.name in val(proc.aname[2])");
    }

    @Test
    void transformers() {
        assertThat(roundTrip(exists(transformed("proc.name", "toupper", "b64")))).isEqualTo(
                "toupper(b64(proc.name)) exists");
        assertThat(roundTrip(check(call("getopt", "t", field("proc.args"), quoted("nt:")), "=", bare("v"))))
                .isEqualTo("getopt(proc.args, \"nt:\")[t] = v");
        assertThat(roundTrip(check(call("join", null, quoted("-"), args(field("a.b"), bare("1"), quoted(""))), "=",
                bare("v")))).isEqualTo("join(\"-\", (a.b, 1, \"\")) = v");
        assertThat(roundTrip(check(call("len", null, call("join", null, quoted(","), args())), ">", bare("2"))))
                .isEqualTo("len(join(\",\", ())) > 2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "two words", "quote \" inside", "apostrophe ' inside", "back\\slash",
            "trailing backslash\\", "\\", "\\\\", "tab\tnew\nline\rcr\bbs\fff", "nul\0byte", "\u0001\u007f",
            "é € 😀", "\udcff lone escaped byte", "\ud800 lone high surrogate", "(a, b) = c", "not and or",
            "\\\"", "\\x41"})
    void quotedValuesSurvive(String text) {
        assertThat(roundTrip(check(field("a.b"), "=", quoted(text)))).startsWith("a.b = \"");
        roundTrip(check(field("a.b"), "in", list(quoted(text), bare("x"))));
        roundTrip(exists(field("a.b", text)));
        roundTrip(check(call("concat", null, field("a.b"), quoted(text)), "=", bare("v")));
    }

    @Test
    void fieldArgumentsAreQuotedOnlyWhenNeeded() {
        assertThat(print(exists(field("a.b", "x(y)=z,")))).isEqualTo("a.b[x(y)=z,] exists");
        assertThat(print(exists(field("a.b", "")))).isEqualTo("a.b[\"\"] exists");
        assertThat(print(exists(field("a.b", "a b")))).isEqualTo("a.b[\"a b\"] exists");
        assertThat(print(exists(field("a.b", "a]b")))).isEqualTo("a.b[\"a]b\"] exists");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not", "and", "or"})
    void macrosNamedLikeKeywordsAreParenthesised(String name) {
        assertThat(roundTrip(and(id(name), not(id(name))))).isEqualTo("(" + name + ") and not (" + name + ")");
    }

    @Test
    void modifierWordsAsPlainValues() {
        roundTrip(and(check("proc.name", "==", "oneof"), id("x")));
        roundTrip(or(check("proc.name", "contains", "anyof"), check("proc.name", "=", "allof")));
        roundTrip(not(check("proc.name", "==", "oneof")));
    }

    @Test
    void treesNoConditionCanExpressAreRefused() {
        assertThatThrownBy(() -> print(check("a.b", "=", "two words"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> print(check("a.b", "=", ""))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> print(check("a.b", "=", "\bx"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> print(check(field("a.b"), ">", quoted("1"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> print(check("a.b", ">", "abc"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> print(check(field("a.b"), "in", quoted("list"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> print(check(field("a.b"), "==", "oneof", bare("and_list"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> print(check("a.b", "=", "oneof\bnames")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(roundTrip(check("a.b", "=", "oneof\b"))).isEqualTo("a.b = oneof\b");
        assertThatThrownBy(() -> print(id("two words"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> print(exists("nodot"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> print(check(call("b64", null, bare("word")), "=", bare("v"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nodesRefuseWhatTheLanguageHasNot() {
        assertThatThrownBy(() -> new And(List.of(id("a")), Pos.UNKNOWN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Check(field("a.b"), "~=", bare("x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Check(field("a.b"), "exists", bare("x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Check(field("a.b"), "=")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Check(field("a.b"), "in", "oneof", list(), Pos.UNKNOWN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FieldRef("a.b", null, List.of("frobnicate"), Pos.UNKNOWN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ArgList(List.of(args()))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void positionsDoNotTakePartInEquality() {
        Expr a = parse("proc.name=cat and evt.type in (open,close)");
        Expr b = parse("\n  proc.name = cat\n  and evt.type in ( open , close )  ");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.pos().sameAs(b.pos())).isFalse();
    }

    @Test
    void printsLikeLibsinspForItsExamples() {
        assertThat(print(parse("evt.name exists and evt.type in (a, b) or proc.name=cat")))
                .isEqualTo("evt.name exists and evt.type in (a, b) or proc.name = cat");
        assertThat(print(parse("proc.name contains oneof (cat, nginx)")))
                .isEqualTo("proc.name contains oneof (cat, nginx)");
        assertThat(print(parse("evt.arg[\"key with space\"] = value"))).isEqualTo("evt.arg[\"key with space\"] = value");
    }
}
