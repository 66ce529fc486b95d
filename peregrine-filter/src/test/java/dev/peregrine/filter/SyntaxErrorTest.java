package dev.peregrine.filter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Malformed conditions: libsinsp's message, the position where it stops, and the caret under it. */
class SyntaxErrorTest {
    private static final String VALUE_OR_TRANSFORMER = "expected a string value or a field with a valid transformer: "
            + "'val', 'tolower', 'toupper', 'b64', 'basename', 'len', 'join', 'concat', 'getopt'";
    private static final String NUMBER_OR_TRANSFORMER = "expected a number value or a field with a valid transformer: "
            + "'val', 'tolower', 'toupper', 'b64', 'basename', 'len', 'join', 'concat', 'getopt'";
    private static final String LIST_OR_TRANSFORMER = "expected a list, an identifier, or a field with a valid "
            + "transformer: 'val', 'tolower', 'toupper', 'b64', 'basename', 'len', 'join', 'concat', 'getopt'";
    private static final String OPERATOR = "expected a valid check operator: one of 'exists', '<=', '<', '>=', '>', "
            + "'==', '=', '!=', 'glob', 'iglob', 'contains', 'icontains', 'bcontains', 'startswith', 'bstartswith', "
            + "'endswith', 'regex', 'intersects', 'in', 'pmatch'";
    private static final String CHECK = "expected a '(' token, a field check, or an identifier";

    static Stream<Arguments> malformed() {
        return Stream.of(
                // input, libsinsp's reason, offset where parsing stopped
                Arguments.of("", "filter input string is empty", 0),
                Arguments.of("   ", CHECK, 3),
                Arguments.of("#a and b", CHECK, 0),
                Arguments.of("(a.b = 1", "expected a ')' token", 8),
                Arguments.of("((a) and b", "expected a ')' token", 10),
                Arguments.of("a.b = 1)", "unexpected token after '1', expecting 'or', 'and'", 7),
                Arguments.of("fd.name=/var/lo);g/httpd.log", "unexpected token after '/var/lo', expecting 'or', 'and'",
                        15),
                Arguments.of("proc.name", OPERATOR, 9),
                Arguments.of("proc.name ~= x", OPERATOR, 10),
                Arguments.of("proc.name containsx", OPERATOR, 10),
                Arguments.of("proc.name icontains", OPERATOR, 10),
                Arguments.of("proc.name =", VALUE_OR_TRANSFORMER, 11),
                Arguments.of("proc.name = 'abc", VALUE_OR_TRANSFORMER, 12),
                Arguments.of("proc.name === x", VALUE_OR_TRANSFORMER, 12),
                Arguments.of("proc.pid >", NUMBER_OR_TRANSFORMER, 10),
                Arguments.of("proc.pid > abc", NUMBER_OR_TRANSFORMER, 11),
                Arguments.of("proc.pid < 0xAAA.1", "unexpected token after '0xAAA', expecting 'or', 'and'", 16),
                Arguments.of("proc.name in", LIST_OR_TRANSFORMER, 12),
                Arguments.of("proc.name in (a, b", "expected a ')' token", 18),
                Arguments.of("proc.name in (a,, b)", "expected a string value", 16),
                Arguments.of("proc.name in (a,)", "expected a string value", 16),
                Arguments.of("proc.name in )", LIST_OR_TRANSFORMER, 13),
                Arguments.of("a and", "expected blank or '(' after 'and'", 5),
                Arguments.of("a and ", CHECK, 6),
                Arguments.of("a or b or", "expected blank or '(' after 'or'", 9),
                Arguments.of("and a", "unexpected token after 'and', expecting 'or', 'and'", 4),
                Arguments.of("a andb", "expected blank or '(' after 'and'", 5),
                Arguments.of("a not b", "unexpected token after 'a', expecting 'or', 'and'", 2),
                Arguments.of("not ", CHECK, 4),
                Arguments.of("proc.name exists something", "unexpected token after 'exists', expecting 'or', 'and'",
                        17),
                Arguments.of("a.b = b = 1", "unexpected token after 'b', expecting 'or', 'and'", 8),
                Arguments.of("proc.name[] = x", "expected a valid field argument: a quoted string or a bare string",
                        10),
                Arguments.of("proc.name[x = y", "expected a ']' token", 11),
                Arguments.of("b64 (proc.name) exists", "unexpected token after 'b64', expecting 'or', 'and'", 4),
                Arguments.of("tolower(proc.name = x", "expected a ')' token closing the transformer", 18),
                Arguments.of("proc.name = val(proc.pname", "expected a ')' token closing the transformer", 26),
                Arguments.of("proc.name = val(b64(proc.pname))", "expected a field within 'val' transformer", 16),
                Arguments.of("proc.name = val(proc.pname)[x]", "transformer 'val' does not support field arguments",
                        27),
                Arguments.of("join(\"-\", (fd.name,)) = x",
                        "expected transformer list argument: field, transformer, quoted string, or number", 19),
                Arguments.of("join(\"-\", (fd.name) = x", "expected a ')' token closing the transformer", 20),
                Arguments.of("proc.name = \"bad \\q\"", "unsupported string escape sequence: \\q", 20),
                Arguments.of("proc.name = 'a\\\"'", "invalid \\\" escape in '-quoted string", 17),
                Arguments.of("proc.name = \"\\x4\"", "truncated hex char escape sequence", 17),
                Arguments.of("proc.name = \"\\xzz\"", "invalid hex char escape sequence: zz", 18),
                Arguments.of("proc.name == oneof (cat, nginx", "expected a ')' token", 30),
                // five grammar rules per parenthesis: the 200th reaches Falco's limit of 1000
                Arguments.of("(".repeat(2000), "exceeded max depth limit of 1000", 200));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("malformed")
    void reasonAndPosition(String input, String reason, int offset) {
        FilterSyntaxException e = catchThrowableOfType(FilterSyntaxException.class, () -> FilterParser.parse(input));
        assertThat(e).as("parse(\"%s\") must fail", input).isNotNull();
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.pos().offset()).as("offset").isEqualTo(offset);
        assertThat(e.condition()).isEqualTo(input);
        assertThat(e.getStackTrace()).isEmpty();
        // the message ends with the line and a caret under the column
        String[] lines = e.getMessage().split("\n", -1);
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).startsWith(reason + " at line 1, column " + (offset + 1));
        assertThat(lines[2]).endsWith("^");
    }

    @Test
    void messageShowsTheLineWithACaret() {
        FilterSyntaxException e = fail("(a.b = 1");
        assertThat(e.getMessage()).isEqualTo("""
                expected a ')' token at line 1, column 9
                  (a.b = 1
                          ^""");
    }

    @Test
    void multilineConditionsShowTheOffendingLine() {
        FilterSyntaxException e = fail("spawned_process\n  and proc.name in (a, b=c)\n  and x");
        assertThat(e.pos().line()).isEqualTo(2);
        assertThat(e.getMessage()).isEqualTo("""
                expected a ')' token at line 2, column 25
                    and proc.name in (a, b=c)
                                          ^""");
    }

    @Test
    void tabsKeepTheCaretAligned() {
        FilterSyntaxException e = fail("\ta.b ?? x");
        assertThat(e.getMessage()).endsWith("\n  \ta.b ?? x\n  \t    ^");
    }

    @Test
    void longLinesAreShownAroundTheError() {
        String condition = "proc.name in (" + "a, ".repeat(200) + "b" + ") and x.y == ) " + "or c ".repeat(100);
        FilterSyntaxException e = fail(condition);
        String[] lines = e.getMessage().split("\n");
        assertThat(lines[1]).startsWith("  ...").endsWith("...").hasSizeLessThan(112);
        int caret = lines[2].indexOf('^');
        assertThat(lines[1].charAt(caret)).isEqualTo(')');
    }

    @Test
    void unterminatedStringsGetAHint() {
        FilterSyntaxException e = fail("proc.name = \"abc and x");
        assertThat(e.reason()).isEqualTo(VALUE_OR_TRANSFORMER);
        assertThat(e.hint()).isEqualTo("the quoted string starting here is not terminated");
        assertThat(e.getMessage()).contains("at line 1, column 13 (the quoted string starting here is not terminated)");
        assertThat(fail("proc.name = abc)").hint()).isNull();
    }

    @Test
    void errorsOnLaterLinesCountLinesAsLibsinspDoes() {
        FilterSyntaxException e = fail("a and\r\nb and\n(c");
        assertThat(e.pos().line()).isEqualTo(4);
        assertThat(e.pos().column()).isEqualTo(3);
        assertThat(e.getMessage()).endsWith("\n  (c\n    ^");
    }

    private static FilterSyntaxException fail(String condition) {
        FilterSyntaxException e = catchThrowableOfType(FilterSyntaxException.class,
                () -> FilterParser.parse(condition));
        assertThat(e).as("parse(\"%s\") must fail", condition).isNotNull();
        return e;
    }
}
