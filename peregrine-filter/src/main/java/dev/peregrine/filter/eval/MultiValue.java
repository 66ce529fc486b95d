package dev.peregrine.filter.eval;

import dev.peregrine.fields.EventContext;
import dev.peregrine.fields.Extractor;
import dev.peregrine.fields.FieldValue;
import dev.peregrine.fields.ListExtractor;
import dev.peregrine.fields.TextBuffer;
import dev.peregrine.fields.TextList;

import java.util.Arrays;
import java.util.List;

/**
 * The multi-argument transformers of libsinsp HEAD (sinsp_filtercheck_multivalue_transformer.cpp) as an extractor:
 * <ul>
 * <li>{@code join(sep, list)}: the list's items joined with the separator (one string);</li>
 * <li>{@code concat(a, b, ...)}: the strings one after the other (one string);</li>
 * <li>{@code getopt(argv, optstring)}: argv scanned as POSIX getopt(3) does, giving the list of options and their
 * values ("?" for an unknown option, "" for a missing value); with {@code [c]}, only the last value of option c
 * (its name if it takes no value), and no value at all if c is absent.</li>
 * </ul>
 * As in libsinsp, an argument that has no value makes the whole expression have none, a direct (not
 * parenthesised) argument contributes its first value only, and join/concat append each value only up to a NUL
 * byte (the separator in full). Built once per evaluator; reuses its buffers for every event.
 */
final class MultiValue implements ListExtractor {

    enum Kind { JOIN, CONCAT, GETOPT }

    /** How one argument is read. */
    sealed interface Arg permits Literal, Field, ItemList {
    }

    /** A quoted string or number: always the one value {@code bytes}. */
    record Literal(byte[] bytes) implements Arg {
    }

    /**
     * A field or a nested transformer. {@code mode}: TEXT takes the (transformed) text, or every item of a list
     * value; PRINT takes the printed value of a non-string field (libsinsp's rawnum_check); SPLIT takes the items of
     * a list field that Peregrine prints as "(a,b)" (fd.types).
     */
    record Field(BoundField field, Mode mode) implements Arg {
    }

    enum Mode { TEXT, PRINT, SPLIT }

    /** A parenthesised list: the values of its items, in order (list values flattened). */
    record ItemList(List<Arg> items) implements Arg {
    }

    /**
     * @param selector for getopt(...)[c], the option byte c; else -1
     */
    record Spec(Kind kind, List<Arg> args, int selector) {
        boolean list() {
            return kind == Kind.GETOPT && selector < 0;
        }
    }

    private final Spec spec;
    private final Eval[] args;
    private final TextList a = new TextList();
    private final TextList b = new TextList();
    private final TextList result = new TextList();
    // getopt
    private final boolean[] validOpts = new boolean[256];
    private final boolean[] optsWithArgs = new boolean[256];
    private final boolean constantOptstring;
    private final TextBuffer selected = new TextBuffer(64);

    MultiValue(Spec spec) {
        this.spec = spec;
        this.args = new Eval[spec.args().size()];
        for (int i = 0; i < args.length; i++) {
            args[i] = Eval.of(spec.args().get(i));
        }
        constantOptstring = spec.kind() == Kind.GETOPT && spec.args().get(1) instanceof Literal;
        if (constantOptstring) {
            byte[] s = ((Literal) spec.args().get(1)).bytes();
            a.clear();
            a.add(s);
            parseOptstring(a, 0);
        }
    }

    @Override
    public boolean print(EventContext ctx, TextBuffer out) {
        if (!compute(ctx, result)) {
            return false;
        }
        if (!spec.list()) {
            appendItem(out, result, 0, false);
            return true;
        }
        out.appendByte('(');
        for (int i = 0; i < result.size(); i++) {
            if (i > 0) {
                out.appendByte(',');
            }
            appendItem(out, result, i, false);
        }
        out.appendByte(')');
        return true;
    }

    @Override
    public boolean extract(EventContext ctx, FieldValue out) {
        out.reset();
        if (!compute(ctx, result)) {
            return false;
        }
        appendItem(out.text, result, 0, false);
        return true;
    }

    @Override
    public boolean extractItems(EventContext ctx, TextList out) {
        return compute(ctx, out);
    }

    private static void appendItem(TextBuffer out, TextList items, int i, boolean untilNul) {
        for (int j = items.start(i), e = items.end(i); j < e; j++) {
            byte c = items.buffer().byteAt(j);
            if (untilNul && c == 0) {
                return;
            }
            out.appendByte(c);
        }
    }

    /** Computes the values into {@code out} (cleared first): one string, or getopt's list. */
    private boolean compute(EventContext ctx, TextList out) {
        out.clear();
        return switch (spec.kind()) {
            case JOIN -> join(ctx, out);
            case CONCAT -> concat(ctx, out);
            case GETOPT -> getopt(ctx, out);
        };
    }

    private boolean join(EventContext ctx, TextList out) {
        a.clear();
        if (!args[0].eval(ctx, a, false) || a.size() == 0) {
            return false;
        }
        b.clear();
        if (!args[1].eval(ctx, b, true)) {
            return false;
        }
        for (int i = 0, n = b.size(); i < n; i++) {
            appendItem(out.buffer(), b, i, true);
            if (i != n - 1) {
                appendItem(out.buffer(), a, 0, false);
            }
        }
        out.close();
        return true;
    }

    private boolean concat(EventContext ctx, TextList out) {
        for (Eval e : args) {
            a.clear();
            if (!e.eval(ctx, a, false) || a.size() == 0) {
                return false;
            }
            appendItem(out.buffer(), a, 0, true);
        }
        out.close();
        return true;
    }

    private void parseOptstring(TextList s, int item) {
        Arrays.fill(validOpts, false);
        Arrays.fill(optsWithArgs, false);
        int n = s.length(item);
        int i = n > 0 && s.byteAt(item, 0) == ':' ? 1 : 0;
        for (; i < n; i++) {
            int opt = s.byteAt(item, i) & 0xFF;
            if (opt == ':') {
                continue;
            }
            validOpts[opt] = true;
            if (i + 1 < n && s.byteAt(item, i + 1) == ':') {
                optsWithArgs[opt] = true;
                i++;
            }
        }
    }

    private boolean getopt(EventContext ctx, TextList out) {
        if (!constantOptstring) {
            a.clear();
            if (!args[1].eval(ctx, a, false) || a.size() == 0) {
                return false;
            }
            parseOptstring(a, 0);
        }
        TextList argv = b;
        argv.clear();
        if (!args[0].eval(ctx, argv, true)) {
            return false;
        }
        int selector = spec.selector();
        boolean hasSelector = selector >= 0;
        boolean haveSelected = false;
        for (int argIdx = 0; argIdx < argv.size(); argIdx++) {
            int len = argv.length(argIdx);
            int arg = argIdx;
            if (len == 2 && argv.byteAt(arg, 0) == '-' && argv.byteAt(arg, 1) == '-') {
                break; // end of options
            }
            if (len > 2 && argv.byteAt(arg, 0) == '-' && argv.byteAt(arg, 1) == '-') {
                continue; // long options are skipped
            }
            if (len == 0 || argv.byteAt(arg, 0) != '-' || len == 1) {
                break; // first non-option
            }
            for (int i = 1; i < len; i++) {
                int opt = argv.byteAt(arg, i) & 0xFF;
                if (opt == ':' || !validOpts[opt]) {
                    if (!hasSelector) {
                        out.buffer().appendByte('?');
                        out.close();
                    }
                    continue;
                }
                boolean match = !hasSelector || opt == selector;
                boolean requiresArg = optsWithArgs[opt];
                if (!requiresArg) {
                    if (match) {
                        if (hasSelector) {
                            selected.reset();
                            selected.appendByte(opt);
                            haveSelected = true;
                        } else {
                            out.buffer().appendByte(opt);
                            out.close();
                        }
                    }
                    continue;
                }
                // the value: the rest of this token, else the next token
                int valueItem;
                int valueFrom;
                if (i + 1 < len) {
                    valueItem = arg;
                    valueFrom = i + 1;
                } else if (argIdx + 1 < argv.size()) {
                    argIdx++;
                    valueItem = argIdx;
                    valueFrom = 0;
                } else {
                    valueItem = -1;
                    valueFrom = 0;
                }
                if (match) {
                    if (hasSelector) {
                        selected.reset();
                        if (valueItem >= 0) {
                            appendRange(selected, argv, valueItem, valueFrom);
                        }
                        haveSelected = true;
                    } else if (valueItem < 0) {
                        out.close(); // a missing value is an empty string
                    } else {
                        out.buffer().appendByte(opt);
                        out.close();
                        appendRange(out.buffer(), argv, valueItem, valueFrom);
                        out.close();
                    }
                }
                break;
            }
        }
        if (hasSelector) {
            if (!haveSelected) {
                return false;
            }
            out.add(selected);
        }
        return true;
    }

    private static void appendRange(TextBuffer out, TextList items, int item, int from) {
        for (int j = items.start(item) + from, e = items.end(item); j < e; j++) {
            out.appendByte(items.buffer().byteAt(j));
        }
    }

    /** The run-time form of an {@link Arg}. */
    private abstract static class Eval {
        /**
         * Appends the argument's values to {@code out}; {@code all}: every value (else the first is enough).
         *
         * @return false when it has no value
         */
        abstract boolean eval(EventContext ctx, TextList out, boolean all);

        static Eval of(Arg arg) {
            return switch (arg) {
                case Literal l -> new Eval() {
                    @Override
                    boolean eval(EventContext ctx, TextList out, boolean all) {
                        out.add(l.bytes());
                        return true;
                    }
                };
                case ItemList l -> new ListEval(l);
                case Field f -> switch (f.mode()) {
                    case TEXT -> new TextEval(f.field());
                    case PRINT -> new PrintEval(f.field());
                    case SPLIT -> new SplitEval(f.field());
                };
            };
        }
    }

    private static final class ListEval extends Eval {
        private final Eval[] items;

        ListEval(ItemList l) {
            items = new Eval[l.items().size()];
            for (int i = 0; i < items.length; i++) {
                items[i] = Eval.of(l.items().get(i));
            }
        }

        @Override
        boolean eval(EventContext ctx, TextList out, boolean all) {
            for (Eval e : items) {
                if (!e.eval(ctx, out, true)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** A field argument read through a {@link FieldReader}: no value when the field has none. */
    private abstract static class FieldEval extends Eval {
        final FieldReader r;

        FieldEval(BoundField f) {
            r = new FieldReader(f);
        }

        @Override
        final boolean eval(EventContext ctx, TextList out, boolean all) {
            if (!r.load(ctx)) {
                return false;
            }
            addLoaded(out);
            return true;
        }

        /** Appends the values of the field {@link #r} has loaded. */
        abstract void addLoaded(TextList out);
    }

    private static final class TextEval extends FieldEval {
        TextEval(BoundField f) {
            super(f);
        }

        @Override
        void addLoaded(TextList out) {
            if (!r.list) {
                out.add(r.text());
                return;
            }
            for (int i = 0, n = r.count(); i < n; i++) {
                r.select(i);
                out.add(r.text());
            }
        }
    }

    private static final class PrintEval extends Eval {
        private final Extractor e;
        private final TextBuffer tmp = new TextBuffer(32);

        PrintEval(BoundField f) {
            e = f.newExtractor();
        }

        @Override
        boolean eval(EventContext ctx, TextList out, boolean all) {
            tmp.reset();
            if (!e.print(ctx, tmp)) {
                return false;
            }
            out.add(tmp);
            return true;
        }
    }

    /** fd.types: printed "(file,ipv4)", its items are the comma-separated names. */
    private static final class SplitEval extends FieldEval {
        SplitEval(BoundField f) {
            super(f);
        }

        @Override
        void addLoaded(TextList out) {
            TextBuffer t = r.text();
            int from = 0;
            int to = t.length();
            if (to >= 2 && t.byteAt(0) == '(' && t.byteAt(to - 1) == ')') {
                from = 1;
                to--;
            }
            if (from == to) {
                return;
            }
            int start = from;
            for (int i = from; i <= to; i++) {
                if (i == to || t.byteAt(i) == ',') {
                    out.add(t, start, i);
                    start = i + 1;
                }
            }
        }
    }
}
