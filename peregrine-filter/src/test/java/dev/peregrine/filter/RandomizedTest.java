package dev.peregrine.filter;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Seeded random inputs. Random text glued from the language's pieces: parse either succeeds (and then survives
 * print/parse) or throws FilterSyntaxException with a position inside the text, never anything else. Random
 * trees: printing and parsing gives the same tree back.
 */
class RandomizedTest {
    private static final String[] PIECES = {"a", "b.c", "proc.name", "evt.arg[0]", "x.y[\"k\"]", "macro", "not ",
            "not", "and", "or", " and ", " or ", "(", ")", "((", "))", " ", "\t", "\n", "\r\n", "\b", "=", "==",
            "!=", "<", "<=", ">", ">=", " contains ", " in ", "in", " exists", "exists", " glob ", " pmatch ",
            " intersects ", " == oneof ", " anyof ", "allof", ",", ", ", "'", "\"", "'x y'", "\"a\\\"b\"", "\\",
            "\\x41", "\\xff", "\\q", "val(", "tolower(", "b64(", "join(", "getopt(", "len(", "[", "]", "[x]",
            "[\"\"]", "1", "-2.5e+3", "0x1F", "0x", "*.log", "/tmp/", "é", "😀", "\0", "#", ";"};

    @Test
    void randomTextOnlyEverThrowsSyntaxErrors() {
        Random random = new Random(20260722);
        int parsed = 0;
        for (int i = 0; i < 200_000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = 1 + random.nextInt(12);
            for (int k = 0; k < n; k++) {
                sb.append(PIECES[random.nextInt(PIECES.length)]);
            }
            String text = sb.toString();
            try {
                FilterParser.parse(text);
                parsed++;
                assertThat(RoundTrip.check(text)).as(text).isNull();
            } catch (FilterSyntaxException e) {
                assertThat(e.pos().offset()).as(text).isBetween(0, text.length());
                assertThat(e.getMessage()).as(text).contains("^");
            } catch (RuntimeException | StackOverflowError e) {
                fail("parse(\"" + text + "\") threw " + e, e);
            }
        }
        System.out.println("random text: " + parsed + " of 200000 inputs parsed, all round-tripped");
        assertThat(parsed).isGreaterThan(1000);
    }

    @Test
    void randomTreesRoundTrip() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            Expr e = new TreeGenerator(random).expr(4);
            String text = FilterPrinter.print(e);
            Expr back;
            try {
                back = FilterParser.parse(text);
            } catch (FilterSyntaxException ex) {
                throw new AssertionError("printed tree does not parse: " + e + "\n" + ex.getMessage(), ex);
            }
            assertThat(back).as("%s\nprinted as: %s", e, text).isEqualTo(e);
        }
    }

    /** Random trees of the shapes the parser produces, with awkward names and texts. */
    private record TreeGenerator(Random r) {
        private static final String[] NAMES = {"a", "m1", "not", "and", "or", "oneof", "val", "b64", "exists",
                "in", "notx", "andy", "or_z", "spawned_process"};
        private static final String[] FIELDS = {"proc.name", "fd.name", "evt.arg.fd", "a1_.b_2", "k8s.ns.name"};
        private static final String[] TEXT_CHARS = {"a", "Z", "0", " ", "\"", "'", "\\", "(", ")", ",", "=", "[",
                "]", "\t", "\n", "\r", "\b", "\f", "\0", "\u0001", "é", "€", "😀", "\udcff", "x", "/", "*", "not",
                "and", "or", "oneof "};
        private static final String[] BARE_CHARS = {"a", "Z", "0", ".", "/", "*", "[", "]", "!", "$", "\\", "é",
                "\b", "-", "+", ":", "oneof", "and", "oneof\b"};
        private static final String[] NUMBERS = {"0", "12", "-3", "+4.5", "1.", "6e+7", "-8.9E-10", "0x1f", "0XAB"};

        Expr expr(int depth) {
            int kind = depth <= 0 ? 3 + r.nextInt(2) : r.nextInt(5);
            return switch (kind) {
                case 0 -> new Or(children(depth), Pos.UNKNOWN);
                case 1 -> new And(children(depth), Pos.UNKNOWN);
                case 2 -> new Not(expr(depth - 1), Pos.UNKNOWN);
                case 3 -> new Identifier(pick(NAMES), Pos.UNKNOWN);
                default -> check();
            };
        }

        private List<Expr> children(int depth) {
            List<Expr> out = new ArrayList<>();
            int n = 2 + r.nextInt(3);
            for (int i = 0; i < n; i++) {
                out.add(expr(depth - 1));
            }
            return out;
        }

        private Check check() {
            FieldExpr lhs = fieldExpr(2);
            int kind = r.nextInt(6);
            return switch (kind) {
                case 0 -> new Check(lhs, "exists");
                case 1 -> new Check(lhs, pick(Operators.NUMERIC.toArray(String[]::new)),
                        r.nextInt(4) == 0 ? fieldOperand() : Value.bare(pick(NUMBERS)));
                case 2 -> new Check(lhs, pick(Operators.LIST.toArray(String[]::new)), switch (r.nextInt(3)) {
                    case 0 -> valueList();
                    case 1 -> fieldOperand();
                    default -> Value.bare(pick(NAMES));
                });
                case 3 -> new Check(lhs, pick(Operators.STRING.toArray(String[]::new)),
                        pick(Operators.MODIFIERS.toArray(String[]::new)),
                        r.nextBoolean() ? valueList() : Value.bare("list_" + pick(NAMES)), Pos.UNKNOWN);
                case 4 -> new Check(lhs, pick(Operators.STRING.toArray(String[]::new)), fieldOperand());
                default -> new Check(lhs, pick(Operators.STRING.toArray(String[]::new)), operatorValue());
            };
        }

        /** A string value right after an operator: not one that reads as "oneof names" (see Words). */
        private Value operatorValue() {
            Value v;
            do {
                v = stringValue();
            } while (!v.quoted() && Words.readsAsModifier(v.text()));
            return v;
        }

        private FieldOperand fieldOperand() {
            return new FieldOperand(fieldExpr(2), Pos.UNKNOWN);
        }

        private ValueList valueList() {
            List<Value> values = new ArrayList<>();
            int n = r.nextInt(4);
            for (int i = 0; i < n; i++) {
                values.add(stringValue());
            }
            return new ValueList(values);
        }

        private Value stringValue() {
            return r.nextBoolean() ? Value.quoted(text(TEXT_CHARS)) : Value.bare(bareText());
        }

        private String bareText() {
            String s;
            do {
                s = text(BARE_CHARS);
            } while (s.isEmpty() || s.charAt(0) == '\b');
            return s;
        }

        private FieldExpr fieldExpr(int depth) {
            if (depth <= 0 || r.nextInt(3) > 0) {
                List<String> transformers = new ArrayList<>();
                int n = r.nextInt(3);
                for (int i = 0; i < n; i++) {
                    transformers.add(pick(Operators.TRANSFORMERS.toArray(String[]::new)));
                }
                String arg = r.nextInt(3) == 0 ? text(TEXT_CHARS) : null;
                return new FieldRef(pick(FIELDS), arg, transformers, Pos.UNKNOWN);
            }
            List<TransformerArg> args = new ArrayList<>();
            int n = 1 + r.nextInt(3);
            for (int i = 0; i < n; i++) {
                args.add(transformerArg(depth - 1, true));
            }
            String arg = r.nextInt(3) == 0 ? text(TEXT_CHARS) : null;
            if (arg == null && args.size() == 1 && args.get(0) instanceof FieldRef) {
                // the parser folds this shape into the field; keep the tree canonical
                args.add(Value.quoted("x"));
            }
            return new TransformerCall(pick(Operators.TRANSFORMERS.toArray(String[]::new)), args, arg, Pos.UNKNOWN);
        }

        private TransformerArg transformerArg(int depth, boolean listAllowed) {
            int kind = r.nextInt(listAllowed ? 4 : 3);
            return switch (kind) {
                case 0 -> fieldExpr(depth);
                case 1 -> Value.quoted(text(TEXT_CHARS));
                case 2 -> Value.bare(pick(NUMBERS));
                default -> {
                    List<TransformerArg> items = new ArrayList<>();
                    int n = r.nextInt(3);
                    for (int i = 0; i < n; i++) {
                        items.add(transformerArg(depth, false));
                    }
                    yield new ArgList(items);
                }
            };
        }

        /** Random text; never two escaped bytes in a row, which could decode together as one UTF-8 character. */
        private String text(String[] chars) {
            StringBuilder sb = new StringBuilder();
            int n = r.nextInt(6);
            for (int i = 0; i < n; i++) {
                String c = pick(chars);
                if (c.equals("\udcff") && !sb.isEmpty() && sb.charAt(sb.length() - 1) == '\udcff') {
                    continue;
                }
                sb.append(c);
            }
            return sb.toString();
        }

        private String pick(String[] options) {
            return options[r.nextInt(options.length)];
        }
    }
}
